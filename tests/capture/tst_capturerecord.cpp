// Recording what the capture endpoint reports (CaptureRecorder over the TaskStore) against replimon-sim:
// a caller's predictions become captured tasks with its User-Agent; while the caller polls through the
// endpoint the PollScheduler sends no request of its own for them (counted in the sim's request log), and
// takes over when the caller stops; a store that cannot write is reported while the caller still gets its
// answer; and the official npm client's 20 predictions all end up in the store.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

#include "CaptureRecorder.h"
#include "CaptureService.h"
#include "CaptureTestSupport.h"
#include "ReplicateNpm.h"
#include "PredictionClient.h"
#include "TaskStore.h"
#include "TestBackend.h"

class tst_CaptureRecord final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void callerPollsReplaceOurs();
    void pollingResumesWhenTheCallerStops();
    void failedWriteIsReportedAndTheCallerServed();
    void officialClientPredictionsAreTracked();

private:
    /// The caller's request through the endpoint; the prediction it answered with (null on failure).
    QJsonObject call(const QByteArray &method, const QString &path, const QByteArray &body = {});
    QString create(const QString &prompt);
    /// The sequence numbers of the requests for @p id's prediction the simulator got: ours or the caller's.
    QList<qint64> requestsFor(const QString &id, bool ours);
    /// The engine on port 0 with the simulator upstream, and the recorder over @p store.
    void startCapture(TaskStore &store);

    static TestBackend::Options options();

    TestBackend m_backend{options()};
    std::unique_ptr<CaptureService> m_service;
    std::unique_ptr<CaptureRecorder> m_recorder;
};

namespace {

const QByteArray callerAgent = QByteArrayLiteral("replimon-test-caller/1.0");
// The caller polls twice as often as the scheduler would.
constexpr int callerPollMs = 500;
constexpr int ourIntervalMs = 1000;

} // namespace

TestBackend::Options tst_CaptureRecord::options()
{
    TestBackend::Options options;
    options.simArguments = {QStringLiteral("--queue-ms"), QStringLiteral("300"), QStringLiteral("--run-ms"),
                            QStringLiteral("3000")};
    options.interval = std::chrono::milliseconds(ourIntervalMs);
    return options;
}

void tst_CaptureRecord::initTestCase()
{
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

void tst_CaptureRecord::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
}

void tst_CaptureRecord::cleanup()
{
    m_recorder.reset();
    m_service.reset();
    m_backend.close();
}

void tst_CaptureRecord::startCapture(TaskStore &store)
{
    m_service = std::make_unique<CaptureService>();
    CaptureConfig config;
    config.port = 0;
    config.upstreamRoot = m_backend.sim().apiRoot();
    QVERIFY(m_service->start(config).ok());
    m_recorder = std::make_unique<CaptureRecorder>(*m_service, store, m_backend.provider());
}

QJsonObject tst_CaptureRecord::call(const QByteArray &method, const QString &path, const QByteArray &body)
{
    QNetworkRequest request(QUrl(CaptureService::baseUrls(m_service->port()).first().toString() + path));
    request.setRawHeader("Authorization", "Bearer " + m_backend.sim().token().toUtf8());
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("User-Agent", callerAgent);
    std::unique_ptr<QNetworkReply> reply(m_backend.nam().sendCustomRequest(request, method, body));
    if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, 10000))
        return {};
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 200 || status >= 300)
        return {};
    return QJsonDocument::fromJson(reply->readAll()).object();
}

QString tst_CaptureRecord::create(const QString &prompt)
{
    const QJsonObject input{{QStringLiteral("input"), QJsonObject{{QStringLiteral("prompt"), prompt}}}};
    return call("POST", QStringLiteral("/models/black-forest-labs/flux-schnell/predictions"),
                QJsonDocument(input).toJson(QJsonDocument::Compact))
        .value(QLatin1String("id"))
        .toString();
}

QList<qint64> tst_CaptureRecord::requestsFor(const QString &id, bool ours)
{
    const QString replimon = QString::fromLatin1(PredictionClient::userAgent());
    QList<qint64> seqs;
    for (const QJsonValue &value : m_backend.sim().requestLog()) {
        const QJsonObject entry = value.toObject();
        if (!entry.value(QLatin1String("path")).toString().contains(id))
            continue;
        const QString agent = entry.value(QLatin1String("user_agent")).toString();
        if (ours ? agent == replimon : agent == QString::fromLatin1(callerAgent))
            seqs.append(entry.value(QLatin1String("seq")).toInteger());
    }
    return seqs;
}

void tst_CaptureRecord::callerPollsReplaceOurs()
{
    startCapture(m_backend.store());
    QSignalSpy finished(&m_backend.scheduler(), &PollScheduler::taskFinished);
    m_backend.scheduler().start();
    const QString id = create(QStringLiteral("a caller that polls"));
    QVERIFY(!id.isEmpty());
    const TaskKey key{m_backend.provider(), id};
    QTRY_VERIFY(m_backend.store().task(key));

    // The caller polls until the end, as the official clients do.
    int polls = 0;
    QString status;
    while (status != QLatin1String("succeeded") && polls < 30) {
        QTest::qWait(callerPollMs);
        status = call("GET", QStringLiteral("/predictions/") + id).value(QLatin1String("status")).toString();
        ++polls;
    }
    QCOMPARE(status, QStringLiteral("succeeded"));
    QVERIFY2(polls >= 4, "the caller should have polled while the prediction ran");
    // Some time for a poll of ours to go out, if one were due.
    QTest::qWait(ourIntervalMs + 200);

    const Task *task = m_backend.store().task(key);
    QVERIFY(task);
    QCOMPARE(task->status, PredictionStatus::Succeeded);
    QVERIFY(task->captured);
    QCOMPARE(task->callerUserAgent, QString::fromLatin1(callerAgent));
    QCOMPARE(requestsFor(id, false).size(), polls); // the create's path has no id
    QCOMPARE(requestsFor(id, true), QList<qint64>());
    // The caller's answer ended it: announced once, as one of ours would have been (outputs are saved then).
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).value<TaskKey>(), key);
    QCOMPARE(finished.at(0).at(1).value<PredictionStatus>(), PredictionStatus::Succeeded);
}

void tst_CaptureRecord::pollingResumesWhenTheCallerStops()
{
    m_backend.scheduler().start();
    startCapture(m_backend.store());
    QSignalSpy finished(&m_backend.scheduler(), &PollScheduler::taskFinished);
    const QString id = create(QStringLiteral("a caller that goes away"));
    QVERIFY(!id.isEmpty());
    for (int i = 0; i < 2; ++i) {
        QTest::qWait(callerPollMs);
        QCOMPARE(call("GET", QStringLiteral("/predictions/") + id).value(QLatin1String("id")).toString(), id);
    }
    // The caller's process ended: nothing more comes through the endpoint.
    const TaskKey key{m_backend.provider(), id};
    QTRY_COMPARE_WITH_TIMEOUT(m_backend.store().task(key)->status, PredictionStatus::Succeeded, 15000);
    QCOMPARE(finished.count(), 1);
    QVERIFY(m_backend.store().task(key)->captured);

    const QList<qint64> caller = requestsFor(id, false);
    const QList<qint64> ours = requestsFor(id, true);
    QCOMPARE(caller.size(), 2);
    QVERIFY(!ours.isEmpty());
    QVERIFY2(ours.constFirst() > caller.constLast(), "no poll of ours while the caller was polling");
}

void tst_CaptureRecord::failedWriteIsReportedAndTheCallerServed()
{
    TaskStore closed; // never opened: every write fails
    startCapture(closed);
    QSignalSpy failed(m_recorder.get(), &CaptureRecorder::recordingFailed);
    const QString id = create(QStringLiteral("recorded nowhere"));
    QVERIFY2(!id.isEmpty(), "the caller gets the upstream's answer whatever the store does");
    QTRY_COMPARE(failed.count(), 1);
    QVERIFY(!failed.at(0).at(0).toString().isEmpty());
    const auto error = failed.at(0).at(1).value<std::optional<StoreError>>();
    QVERIFY(error);
    QCOMPARE(error->kind, StoreError::Kind::NotOpen);
    m_recorder.reset();
}

void tst_CaptureRecord::officialClientPredictionsAreTracked()
{
    const QString prefix = replicateNpmPrefix();
    if (const QString missing = prepareReplicateNpm(prefix); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    startCapture(m_backend.store());
    m_backend.scheduler().start();

    const int count = 20;
    QProcess script;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REPLICATE_API_TOKEN"), m_backend.sim().token());
    script.setProcessEnvironment(environment);
    script.start(QStandardPaths::findExecutable(QStringLiteral("node")),
                 {QStringLiteral(REPLIMON_CAPTURE_NPM_SCRIPT), prefix + QStringLiteral("/node_modules"),
                  CaptureService::baseUrls(m_service->port()).first().toString(), QString::number(count)});
    QVERIFY(QTest::qWaitFor([&script] { return script.state() == QProcess::NotRunning; }, 90000));
    QVERIFY2(script.exitCode() == 0, script.readAllStandardError().constData());
    const QStringList lines =
        QString::fromUtf8(script.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), count);

    // Every prediction the client made is a captured task with its User-Agent and its final status.
    for (const QString &line : lines) {
        const TaskKey key{m_backend.provider(), line.section(QLatin1Char(' '), 0, 0)};
        QTRY_VERIFY(m_backend.store().task(key));
        const Task *task = m_backend.store().task(key);
        QVERIFY(task->captured);
        QVERIFY2(task->callerUserAgent.startsWith(QLatin1String("replicate-javascript/")),
                 qPrintable(task->callerUserAgent));
        QCOMPARE(task->statusText, line.section(QLatin1Char(' '), 1));
        QCOMPARE(task->status, PredictionStatus::Succeeded);
    }
    QCOMPARE(m_backend.store().count(), count);
}

QTEST_GUILESS_MAIN(tst_CaptureRecord)
#include "tst_capturerecord.moc"
