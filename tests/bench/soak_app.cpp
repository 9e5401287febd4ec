// Soak: the real application (Application, offscreen) running for a long time against replimon-sim with
// faults injected, its capture endpoint on. A client in this process creates flux-schnell predictions
// through the endpoint at a steady rate, so each task goes from creation through polling to saved outputs;
// the oldest finished tasks are removed to keep the store at about --tasks, and the selection walks through
// the succeeded rows so the detail pane keeps loading previews. Every --sample-s seconds the resident
// memory and the open descriptors are sampled.
//
//   REPLIMON_API_KEY=… soak_app --settings INI --db FILE [--capture-port PORT (default: a free one)]
//                     [--minutes 20] [--warmup-minutes 5] [--tasks 1000] [--creates-per-s 4] [--sample-s 10]
//                     [--image-memory-mb 16]
//
// The decoded previews are kept in a memory cache bounded at 128 MB by default (ImageCache::Limits); at the
// soak's pace (four previews a second of about 30 KB each) that bound would be reached only after an hour,
// so its filling would read as growth. The soak bounds it at --image-memory-mb, reached during the warm-up,
// so that what grows after it is what nothing bounds.
//
// Prints one JSON object on stdout: the samples, the figures at the end of warm-up and at the end, and
// whether memory grew by at most 10 MB and the open files did not grow at all after warm-up.
#include "PreviewWalker.h"
#include "ProcessStats.h"

#include "Application.h"
#include "ImageCache.h"
#include "MainWindow.h"
#include "PredictionStatus.h"
#include "Settings.h"
#include "TaskFilterModel.h"
#include "TaskStore.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTableView>
#include <QTcpServer>
#include <QTimer>

#include <cstdio>

namespace {

constexpr double maxRssGrowthMb = 10.0;

/// Creates predictions through the capture endpoint as a user's script would, and counts the answers.
class SoakClient final : public QObject
{
public:
    SoakClient(quint16 port, QString key)
        : m_url(QStringLiteral("http://127.0.0.1:%1/v1/models/black-forest-labs/flux-schnell/predictions").arg(port))
        , m_key(std::move(key))
    {
        m_nam.setAutoDeleteReplies(true);
        m_nam.setTransferTimeout(30000);
    }

    void create()
    {
        QNetworkRequest request(m_url);
        request.setRawHeader("Authorization", "Bearer " + m_key.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("replimon-soak/1"));
        const QJsonObject input{{QStringLiteral("prompt"), QStringLiteral("soak %1").arg(++m_sent)},
                                {QStringLiteral("num_outputs"), 1},
                                {QStringLiteral("output_format"), QStringLiteral("webp")}};
        QNetworkReply *reply = m_nam.post(
            request, QJsonDocument(QJsonObject{{QStringLiteral("input"), input}}).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            ++(status == 201 || status == 200 ? m_created : m_refused);
        });
    }

    int sent() const { return m_sent; }
    int created() const { return m_created; }
    /// Answered with an error: the injected 429s and 500s pass through the endpoint unchanged.
    int refused() const { return m_refused; }

private:
    QNetworkAccessManager m_nam;
    QUrl m_url;
    QString m_key;
    int m_sent = 0;
    int m_created = 0;
    int m_refused = 0;
};

/// Removes the oldest finished tasks beyond @p keep. Returns how many.
int trimStore(TaskStore &store, int keep)
{
    QList<TaskKey> oldest;
    const int excess = store.count() - keep;
    for (const Task &task : store.tasks()) {
        if (oldest.size() >= excess)
            break;
        if (PredictionStatuses::isTerminal(task.status))
            oldest.append(task.key);
    }
    if (oldest.isEmpty())
        return 0;
    const auto removed = store.remove(oldest);
    return removed ? int(removed.value().size()) : 0;
}

QJsonObject sampleNow(double seconds, const TaskStore &store, const SoakClient &client, qint64 saved)
{
    const ProcessStats::OpenFiles open = ProcessStats::openFiles();
    return {{QStringLiteral("t_s"), qRound(seconds)},
            {QStringLiteral("rss_mb"), double(ProcessStats::residentKb()) / 1024.0},
            {QStringLiteral("fd_files"), open.files},
            {QStringLiteral("fd_sockets"), open.sockets},
            {QStringLiteral("fd_other"), open.other},
            {QStringLiteral("tasks"), store.count()},
            {QStringLiteral("created"), client.created()},
            {QStringLiteral("outputs_saved"), saved},
            {QStringLiteral("cpu_s"), ProcessStats::cpuSeconds()}};
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("replimon"));
    QApplication::setApplicationName(QStringLiteral("replimon"));

    QCommandLineParser parser;
    const auto option = [&](const char *name, const char *value, const char *fallback = nullptr) {
        QCommandLineOption result(QString::fromLatin1(name), QString::fromLatin1(name), QString::fromLatin1(value));
        if (fallback)
            result.setDefaultValue(QString::fromLatin1(fallback));
        parser.addOption(result);
        return result;
    };
    const auto settingsOption = option("settings", "file");
    const auto dbOption = option("db", "file");
    const auto portOption = option("capture-port", "port");
    const auto minutesOption = option("minutes", "minutes", "20");
    const auto warmupOption = option("warmup-minutes", "minutes", "5");
    const auto tasksOption = option("tasks", "count", "1000");
    const auto rateOption = option("creates-per-s", "count", "4");
    const auto sampleOption = option("sample-s", "seconds", "10");
    const auto imageMemoryOption = option("image-memory-mb", "MB", "16");
    parser.process(app);
    quint16 port = quint16(parser.value(portOption).toUInt());
    if (port == 0) {
        // The kernel's pick of a free port, released just before the endpoint binds it.
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, 0))
            port = probe.serverPort();
    }
    const double warmupS = parser.value(warmupOption).toDouble() * 60;
    const double endS = warmupS + parser.value(minutesOption).toDouble() * 60;
    const int keep = parser.value(tasksOption).toInt();
    if (!parser.isSet(settingsOption) || !parser.isSet(dbOption) || port == 0 || endS <= warmupS || keep <= 0) {
        std::fprintf(stderr, "soak_app: need --settings, --db and positive durations\n");
        return 2;
    }

    Application::Options options;
    options.settingsPath = parser.value(settingsOption);
    options.databasePath = parser.value(dbOption);
    options.capturePort = port;
    Translations translations;
    translations.install(Settings(options.settingsPath).language());
    Application application(options, translations);
    if (!application.start())
        return 1;

    ImageCache::Limits limits = application.images().limits();
    limits.memoryBytes = parser.value(imageMemoryOption).toLongLong() * 1024 * 1024;
    application.images().setLimits(limits);

    TaskStore &store = application.store();
    auto *table = application.window().findChild<QTableView *>(QStringLiteral("tableView"));
    if (!table)
        return 1;
    PreviewWalker walker(*table, application.window().filterModel(), 250);
    SoakClient client(port, ProcessStats::apiKeyFromEnvironment());

    // Outputs saved: counted as they are recorded, since trimmed tasks take their paths with them.
    qint64 saved = 0;
    QHash<TaskKey, int> savedPerTask;
    int trimmed = 0;
    // The context of the connections that use the counters above: gone before they are.
    QObject counting;
    QObject::connect(&store, &TaskStore::tasksChanged, &counting, [&](const QList<TaskKey> &keys) {
        for (const TaskKey &key : keys) {
            const Task *task = store.task(key);
            if (!task)
                continue;
            const int now = int(task->localFiles.size());
            int &before = savedPerTask[key];
            saved += qMax(0, now - before);
            before = now;
        }
    });
    QObject::connect(&store, &TaskStore::tasksRemoved, &counting, [&](const QList<TaskKey> &keys) {
        for (const TaskKey &key : keys)
            savedPerTask.remove(key);
    });

    QTimer creator;
    creator.setInterval(qMax(1, qRound(1000 / parser.value(rateOption).toDouble())));
    QObject::connect(&creator, &QTimer::timeout, &client, &SoakClient::create);
    QTimer trimmer;
    trimmer.setInterval(5000);
    QObject::connect(&trimmer, &QTimer::timeout, &app, [&] { trimmed += trimStore(store, keep); });

    QElapsedTimer clock;
    QJsonArray samples;
    QJsonObject atWarmup;
    QTimer sampler;
    sampler.setInterval(parser.value(sampleOption).toInt() * 1000);
    QObject::connect(&sampler, &QTimer::timeout, &app, [&] {
        const double seconds = double(clock.elapsed()) / 1000.0;
        const QJsonObject sample = sampleNow(seconds, store, client, saved);
        samples.append(sample);
        if (atWarmup.isEmpty() && seconds >= warmupS)
            atWarmup = sample;
        if (seconds >= endS)
            QCoreApplication::quit();
    });

    // Starts once the endpoint listens (the key is read and the endpoint opened after start()).
    QTimer waiter;
    waiter.setInterval(100);
    QObject::connect(&waiter, &QTimer::timeout, &app, [&] {
        if (!application.captureState().listening)
            return;
        waiter.stop();
        clock.start();
        creator.start();
        trimmer.start();
        walker.start();
        sampler.start();
    });
    waiter.start();
    QTimer::singleShot(qRound((endS + 120) * 1000), &app, &QCoreApplication::quit);
    app.exec();

    if (atWarmup.isEmpty() || samples.isEmpty()) {
        std::fprintf(stderr, "soak_app: ended before the warm-up was over (capture: %s)\n",
                     qPrintable(application.captureState().description()));
        return 1;
    }
    const QJsonObject atEnd = samples.last().toObject();
    double rssMaxAfter = 0;
    int filesMaxAfter = 0;
    for (const QJsonValue &value : std::as_const(samples)) {
        const QJsonObject sample = value.toObject();
        if (sample.value(QStringLiteral("t_s")).toDouble() < atWarmup.value(QStringLiteral("t_s")).toDouble())
            continue;
        rssMaxAfter = qMax(rssMaxAfter, sample.value(QStringLiteral("rss_mb")).toDouble());
        filesMaxAfter = qMax(filesMaxAfter, sample.value(QStringLiteral("fd_files")).toInt());
    }
    const double growth = atEnd.value(QStringLiteral("rss_mb")).toDouble()
        - atWarmup.value(QStringLiteral("rss_mb")).toDouble();
    const int filesAtWarmup = atWarmup.value(QStringLiteral("fd_files")).toInt();
    const bool pass = growth <= maxRssGrowthMb && filesMaxAfter <= filesAtWarmup;
    const QJsonObject result{
        {QStringLiteral("minutes"), (endS - warmupS) / 60},
        {QStringLiteral("warmup_minutes"), warmupS / 60},
        {QStringLiteral("tasks_kept"), keep},
        {QStringLiteral("image_memory_cache_mb"), double(limits.memoryBytes) / (1024 * 1024)},
        {QStringLiteral("creates_sent"), client.sent()},
        {QStringLiteral("creates_ok"), client.created()},
        {QStringLiteral("creates_refused"), client.refused()},
        {QStringLiteral("tasks_trimmed"), trimmed},
        {QStringLiteral("outputs_saved"), saved},
        {QStringLiteral("previews_selected"), walker.selected()},
        {QStringLiteral("rss_warmup_mb"), atWarmup.value(QStringLiteral("rss_mb"))},
        {QStringLiteral("rss_end_mb"), atEnd.value(QStringLiteral("rss_mb"))},
        {QStringLiteral("rss_max_after_warmup_mb"), rssMaxAfter},
        {QStringLiteral("rss_growth_mb"), growth},
        {QStringLiteral("fd_files_warmup"), filesAtWarmup},
        {QStringLiteral("fd_files_end"), atEnd.value(QStringLiteral("fd_files"))},
        {QStringLiteral("fd_files_max_after_warmup"), filesMaxAfter},
        {QStringLiteral("fd_sockets_end"), atEnd.value(QStringLiteral("fd_sockets"))},
        {QStringLiteral("pass"), pass},
        {QStringLiteral("samples"), samples},
    };
    ProcessStats::printResult(result);
    return pass ? 0 : 3;
}
