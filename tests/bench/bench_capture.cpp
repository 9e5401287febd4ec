// The capture endpoint (src/capture) as the application runs it, alone in this process, for run.sh step 6 to
// measure from outside: wrk drives it and the sim directly, in alternating rounds, and the resident memory of
// this process is read from /proc while a large answer passes. Keeping the load client out of this process
// keeps its CPU and event loop out of the figures.
// Usage: bench_capture --root http://127.0.0.1:PORT/v1 (the upstream API root every call is forwarded to)
// Prints "listening on PORT" and serves until stdin closes (or a signal ends it).
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <unistd.h>

#include <cstdio>

#include "CaptureService.h"

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("root"), QStringLiteral("The upstream API root."), QStringLiteral("url")});
    parser.process(app);

    CaptureService service;
    CaptureConfig config;
    config.port = 0;
    // The endpoint's /v1/X goes to ROOT/X.
    config.upstreamRoot = QUrl(parser.value(QStringLiteral("root")));
    const auto started = service.start(config);
    if (!started) {
        std::fprintf(stderr, "bench_capture: %s\n", qPrintable(started.error()));
        return 1;
    }
    std::fprintf(stdout, "listening on %u\n", unsigned(started.value()));
    std::fflush(stdout);

    // Whoever started this process ends it by closing its stdin.
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&input] {
        char buffer[256];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
            input.setEnabled(false);
            QCoreApplication::quit();
        }
    });
    return app.exec();
}
