// replimon-sim: a local Replicate-compatible predictions server (see docs/simulator.md).
#include "Scenarios.h"
#include "SimConfig.h"
#include "SimServer.h"
#include "SimTime.h"
#include "UnixSignalWatcher.h"

#include <cstdio>

#include <QCommandLineParser>
#include <QFile>
#include <QGuiApplication>
#include <QRandomGenerator>

#include <sys/resource.h>

namespace {

// Many concurrent clients mean many sockets: use whatever the hard limit allows.
void raiseFileLimit()
{
    struct rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

int fail(const QString &message)
{
    std::fprintf(stderr, "replimon-sim: %s\n", qPrintable(message));
    return 2;
}

bool readNumber(const QCommandLineParser &parser, const QString &name, qint64 minimum, qint64 maximum, qint64 *out,
                QString *error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qint64 value = parser.value(name).toLongLong(&ok);
    if (!ok || value < minimum || value > maximum) {
        *error = QStringLiteral("--%1 must be a number from %2 to %3").arg(name).arg(minimum).arg(maximum);
        return false;
    }
    *out = value;
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    // Text on the generated images needs fonts, hence a QGuiApplication, but never a display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("replimon-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(REPLIMON_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A local Replicate-compatible predictions server."));
    parser.addHelpOption();
    parser.addVersionOption();
    const auto option = [&](const char *name, const char *description, const char *valueName = nullptr,
                            const char *defaultValue = nullptr) {
        QCommandLineOption o{QString::fromLatin1(name), QString::fromLatin1(description)};
        if (valueName)
            o.setValueName(QLatin1String(valueName));
        if (defaultValue)
            o.setDefaultValue(QLatin1String(defaultValue));
        parser.addOption(o);
    };
    option("port", "API port on 127.0.0.1 (0: any free port).", "port", "0");
    option("second-port", "Port of the second host, 127.0.0.2 (0: any free port).", "port", "0");
    option("token", "Bearer token the API routes require.", "token", "sim-token");
    option("no-auth", "Accept any token, or none.");
    option("seed", "Create N predictions at start, in mixed states and output shapes.", "N");
    option("random-seed", "Seed for ids, fault draws and durations.", "S");
    option("queue-ms", "Default time a prediction stays 'starting'.", "ms", "1000");
    option("run-ms", "Default time a prediction stays 'processing'.", "ms", "4000");
    option("run-dist", "Run times of created predictions: uniform (--run-ms) or realistic (per model).",
           "uniform|realistic", "uniform");
    option("retention-ms", "Time after completion until outputs are removed.", "ms", "3600000");
    option("page-size", "Predictions per page of the list.", "n", "100");
    option("image-size", "Long side of generated images, in pixels.", "px", "512");
    option("urls", "Where urls.get/cancel/stream point: replicate or self.", "replicate|self", "replicate");
    option("log", "Append every finished request to FILE as JSON lines.", "FILE");
    option("faults", "Initial fault rules: {\"rules\": [...]} inline, or @FILE.", "JSON|@FILE");
    option("scenario", "Create a named set of predictions at start (demo).", "name");
    parser.process(app);

    SimConfig config;
    QString error;
    qint64 number = 0;
    if (!readNumber(parser, QStringLiteral("port"), 0, 65535, &number, &error))
        return fail(error);
    config.port = quint16(number);
    number = 0;
    if (!readNumber(parser, QStringLiteral("second-port"), 0, 65535, &number, &error))
        return fail(error);
    config.secondPort = quint16(number);
    config.token = parser.value(QStringLiteral("token"));
    config.noAuth = parser.isSet(QStringLiteral("no-auth"));
    qint64 seedCount = 0;
    if (!readNumber(parser, QStringLiteral("seed"), 0, 1000000, &seedCount, &error)
        || !readNumber(parser, QStringLiteral("queue-ms"), 0, qint64(1) << 40, &config.queueMs, &error)
        || !readNumber(parser, QStringLiteral("run-ms"), 0, qint64(1) << 40, &config.runMs, &error)
        || !readNumber(parser, QStringLiteral("retention-ms"), 0, qint64(1) << 40, &config.retentionMs, &error))
        return fail(error);
    config.seedCount = int(seedCount);
    qint64 pageSize = config.pageSize;
    qint64 imageSize = config.imageSize;
    if (!readNumber(parser, QStringLiteral("page-size"), 1, 10000, &pageSize, &error)
        || !readNumber(parser, QStringLiteral("image-size"), 16, 4096, &imageSize, &error))
        return fail(error);
    config.pageSize = int(pageSize);
    config.imageSize = int(imageSize);
    if (parser.isSet(QStringLiteral("random-seed"))) {
        bool ok = false;
        config.randomSeed = parser.value(QStringLiteral("random-seed")).toULongLong(&ok);
        if (!ok)
            return fail(QStringLiteral("--random-seed must be a non-negative integer"));
    } else {
        config.randomSeed = QRandomGenerator::global()->generate64();
    }
    const QString runDist = parser.value(QStringLiteral("run-dist"));
    if (runDist != QLatin1String("uniform") && runDist != QLatin1String("realistic"))
        return fail(QStringLiteral("--run-dist must be uniform or realistic"));
    config.realisticRuns = runDist == QLatin1String("realistic");
    const QString urls = parser.value(QStringLiteral("urls"));
    if (urls != QLatin1String("replicate") && urls != QLatin1String("self"))
        return fail(QStringLiteral("--urls must be replicate or self"));
    config.selfUrls = urls == QLatin1String("self");
    config.logFile = parser.value(QStringLiteral("log"));
    config.scenario = parser.value(QStringLiteral("scenario"));
    if (!config.scenario.isEmpty() && !Scenarios::isKnown(config.scenario))
        return fail(QStringLiteral("unknown scenario '%1' (known: demo)").arg(config.scenario));
    if (parser.isSet(QStringLiteral("faults"))) {
        const QString faults = parser.value(QStringLiteral("faults"));
        if (faults.startsWith(QLatin1Char('@'))) {
            QFile file(faults.mid(1));
            if (!file.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
            config.faultsJson = file.readAll();
        } else {
            config.faultsJson = faults.toUtf8();
        }
    }

    raiseFileLimit();
    SimServer server(config);
    if (!config.faultsJson.isEmpty() && !server.faults().setFromJson(config.faultsJson, &error))
        return fail(QStringLiteral("--faults: ") + error);
    if (!config.logFile.isEmpty() && !server.log().openFile(config.logFile, &error))
        return fail(QStringLiteral("--log %1: %2").arg(config.logFile, error));
    if (!server.start(&error))
        return fail(error);
    const qint64 now = SimTime::nowNs();
    if (!config.scenario.isEmpty())
        Scenarios::populate(server.store(), config.scenario, now);
    if (config.seedCount > 0)
        Scenarios::seed(server.store(), config.seedCount, config.randomSeed, now);

    UnixSignalWatcher terminationWatcher;
    QObject::connect(&terminationWatcher, &UnixSignalWatcher::terminationRequested, &app, &QCoreApplication::quit);

    std::printf("listening on http://127.0.0.1:%u\n", unsigned(server.port()));
    std::printf("second host on http://127.0.0.2:%u\n", unsigned(server.secondPort()));
    std::fflush(stdout);
    return app.exec();
}
