// Refresh throughput: fetch each of the given predictions once, the way the app does, and report how long
// it took. Two paths: the bare PredictionClient with every request queued at once (the network access
// manager decides the connections), and the app's own path (TaskStore + PollScheduler, which fetches every
// task not fetched yet when it starts, with the app's default of 4 requests in flight).
//
//   REPLIMON_API_KEY=… bench_refresh --api-root URL --ids FILE [--path client|scheduler]
//
// Prints one JSON line: {"path", "requests", "ok", "failed", "wall_s", "cpu_s", "req_per_s"}; the timing runs
// from the first request to the last answer (process start-up is left out, as it is for the other clients).
#include "ProcessStats.h"

#include "PollScheduler.h"
#include "PredictionClient.h"
#include "TaskStore.h"
#include "TestBackend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>

#include <cstdio>

namespace {

QStringList readIds(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList ids;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QByteArray id = line.trimmed();
        if (!id.isEmpty())
            ids.append(QString::fromLatin1(id));
    }
    return ids;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption rootOption(QStringLiteral("api-root"), QStringLiteral("API root"), QStringLiteral("url"));
    const QCommandLineOption idsOption(QStringLiteral("ids"), QStringLiteral("file of ids"), QStringLiteral("file"));
    const QCommandLineOption pathOption(QStringLiteral("path"), QStringLiteral("client or scheduler"),
                                        QStringLiteral("path"), QStringLiteral("client"));
    parser.addOptions({rootOption, idsOption, pathOption});
    parser.process(app);

    const QStringList ids = readIds(parser.value(idsOption));
    const QString path = parser.value(pathOption);
    if (!parser.isSet(rootOption) || ids.isEmpty() || (path != u"client" && path != u"scheduler")) {
        std::fprintf(stderr, "bench_refresh: need --api-root, a non-empty --ids file and --path client|scheduler\n");
        return 2;
    }

    TestBackend::Options options;
    options.root = QUrl(parser.value(rootOption));
    options.apiKey = ProcessStats::apiKeyFromEnvironment();
    // The application's own timings, not the tests' short ones.
    options.interval.reset();
    options.flushInterval.reset();
    TestBackend backend(options);
    if (!backend.open()) {
        std::fprintf(stderr, "bench_refresh: %s\n", qPrintable(backend.errorString()));
        return 2;
    }
    PredictionClient &client = backend.client();

    int ok = 0;
    int failed = 0;
    QElapsedTimer timer;
    double cpuAtStart = 0;
    double wall = 0;

    TaskStore &store = backend.store();
    PollScheduler &scheduler = backend.scheduler();
    const QString provider = backend.provider();

    auto finishWhenDone = [&] {
        if (ok + failed == ids.size()) {
            wall = timer.nsecsElapsed() / 1e9;
            app.quit();
        }
    };

    if (path == u"client") {
        QObject::connect(&client, &PredictionClient::predictionReceived, &app, [&] {
            ++ok;
            finishWhenDone();
        });
        QObject::connect(&client, &PredictionClient::requestFailed, &app, [&] {
            ++failed;
            finishWhenDone();
        });
        cpuAtStart = ProcessStats::cpuSeconds();
        timer.start();
        for (const QString &id : ids)
            client.fetch(id);
    } else {
        if (!store.add(provider, ids)) {
            std::fprintf(stderr, "bench_refresh: cannot add the ids\n");
            return 1;
        }
        // Counted as the scheduler sees them, so the timing includes its batching into the store.
        QObject::connect(&client, &PredictionClient::predictionReceived, &app, [&] { ++ok; });
        QObject::connect(&client, &PredictionClient::requestFailed, &app, [&] { ++failed; });
        QObject::connect(&store, &TaskStore::tasksChanged, &app, finishWhenDone);
        QObject::connect(&client, &PredictionClient::requestFailed, &app, finishWhenDone);
        // A refused key stops the scheduler (and the requests it had in flight): nothing more will come.
        QObject::connect(&scheduler, &PollScheduler::apiKeyRequired, &app, [&](const ApiError &error) {
            std::fprintf(stderr, "bench_refresh: the key was refused: %s\n", qPrintable(error.message));
            wall = timer.nsecsElapsed() / 1e9;
            failed = std::max(failed, 1);
            app.quit();
        });
        cpuAtStart = ProcessStats::cpuSeconds();
        timer.start();
        // What the app does at start: every task not fetched yet is due at once.
        scheduler.start();
    }
    app.exec();

    const double cpu = ProcessStats::cpuSeconds() - cpuAtStart;
    ProcessStats::printResult({
        {QStringLiteral("path"), path},
        {QStringLiteral("requests"), ids.size()},
        {QStringLiteral("ok"), ok},
        {QStringLiteral("failed"), failed},
        {QStringLiteral("wall_s"), wall},
        {QStringLiteral("cpu_s"), cpu},
        {QStringLiteral("req_per_s"), wall > 0 ? ids.size() / wall : 0.0},
    });
    return failed == 0 ? 0 : 1;
}
