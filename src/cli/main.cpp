// replimon-cli: the composition root. Reads the environment, creates the network stack and the api/
// objects, and hands them to CliApp.
#include "ApiKey.h"
#include "CliApp.h"
#include "CommandLine.h"
#include "ExitCode.h"
#include "HistoryCommand.h"
#include "FileDownloader.h"
#include "PredictionClient.h"
#include "RetryPolicy.h"

#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cstdio>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace {

bool isTerminal(FILE *stream)
{
#ifdef Q_OS_UNIX
    return ::isatty(::fileno(stream)) == 1;
#else
    Q_UNUSED(stream)
    return false;
#endif
}

int terminalColumns()
{
#ifdef Q_OS_UNIX
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0)
        return size.ws_col;
#endif
    return 0;
}

// How many prediction streams `wait` may hold open: each is a connection, and every six share a thread with
// its own descriptors. The soft limit on open files (often 1024) is raised to the hard one first, as the
// streams of a large batch need more than the default.
int maxStreams()
{
    constexpr int fallback = 256;
    constexpr int most = 1024;
#ifdef Q_OS_UNIX
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) != 0)
        return fallback;
    if (files.rlim_cur < files.rlim_max) {
        rlimit raised = files;
        raised.rlim_cur = files.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            files = raised;
    }
    // Kept for everything else: the API's connections, downloads, the event loop.
    constexpr rlim_t reserve = 128;
    if (files.rlim_cur == RLIM_INFINITY)
        return most;
    if (files.rlim_cur <= reserve * 2)
        return 16;
    return int(std::min<rlim_t>(most, (files.rlim_cur - reserve) * 3 / 4));
#else
    return fallback;
#endif
}

QString readStandardInput()
{
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(input.readAll());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(CommandLine::programName());
    QCoreApplication::setOrganizationName(QStringLiteral("Replimon"));
    QCoreApplication::setApplicationVersion(QStringLiteral(REPLIMON_VERSION));

    QFile out;
    QFile err;
    out.open(stdout, QIODevice::WriteOnly);
    err.open(stderr, QIODevice::WriteOnly);

    CliEnvironment environment;
    environment.apiKey = ApiKeys::fromEnvironment(&environment.apiKeySource);
    environment.baseUrl = qEnvironmentVariable("REPLIMON_BASE_URL");
    environment.provider = qEnvironmentVariable("REPLIMON_PROVIDER");

    CommandLine commandLine;
    const auto parsed = commandLine.parse(QCoreApplication::arguments(), environment, readStandardInput);
    if (!parsed) {
        err.write((CommandLine::programName() + QStringLiteral(": ") + parsed.error() + u'\n'
                   + QCoreApplication::translate("main", "Run \"%1 --help\" for the commands and options.")
                         .arg(CommandLine::programName())
                   + u'\n')
                      .toUtf8());
        return int(ExitCode::Usage);
    }
    const CliOptions &options = parsed.value();
    if (options.command == CliOptions::Command::Help) {
        out.write(commandLine.helpText().toUtf8());
        return int(ExitCode::Ok);
    }
    if (options.command == CliOptions::Command::Version) {
        out.write((CommandLine::versionText() + u'\n').toUtf8());
        return int(ExitCode::Ok);
    }

    if (options.command == CliOptions::Command::History)
        return int(HistoryCommand::run(options, out, err));

    QNetworkAccessManager nam;
    PredictionClient client(nam);
    client.setEndpoint(options.endpoint);
    client.setApiKey(options.apiKey);
    FileDownloader downloader(nam);
    downloader.setEndpoint(options.endpoint);
    downloader.setApiKey(options.apiKey);

    RetryParameters retry;
    retry.maxAttempts = options.retries + 1; // the first try and the retries
    const RetryPolicy policy(retry);

    CliApp::Console console;
    console.out = &out;
    console.err = &err;
    console.errIsTerminal = isTerminal(stderr);
    console.columns = terminalColumns;

    CliApp cli(options, client, downloader, policy, console);
    if (options.command == CliOptions::Command::Wait || options.wait)
        cli.setMaxStreams(maxStreams());
    QObject::connect(&cli, &CliApp::finished, &app, [](int code) { QCoreApplication::exit(code); });
    QTimer::singleShot(0, &cli, &CliApp::start);
    return QCoreApplication::exec();
}
