// The fault suite: PollScheduler, PredictionClient and TaskStore against replimon-sim while it fails a
// large share of the requests (server errors, stalls, dropped connections, unreadable and wrong-schema
// bodies) and throws a burst of 429s. The same workload runs once without faults as the yardstick for the
// number of requests. Everything the scheduler sent, and when, is read back from the simulator's log.
#include "PollScheduler.h"
#include "TaskStore.h"
#include "TestBackend.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace std::chrono_literals;

namespace {

constexpr int predictionCount = 500;
constexpr qint64 stormRetryAfterMs = 1000;
// A request the client had already handed to the kernel when the 429 reached it arrives slightly after
// the 429 left the server; anything later than this was sent inside the window.
constexpr qint64 wireSlackMs = 100;

struct Outcomes
{
    QHash<QString, PredictionStatus> expected;
    QStringList ids;
};

// The request mix the issue asks for, as first-match rules: each rule's rate is conditional on the ones
// before it not having applied, so the shares below are of all requests.
QJsonArray faultMix()
{
    struct Share
    {
        QJsonObject rule;
        double share;
    };
    const QList<Share> shares{
        {{{QStringLiteral("kind"), QStringLiteral("status")}, {QStringLiteral("status"), 500}}, 0.15},
        // Some 503s say when to come back: that task alone waits.
        {{{QStringLiteral("kind"), QStringLiteral("status")},
          {QStringLiteral("status"), 503},
          {QStringLiteral("retry_after"), QStringLiteral("1")}},
         0.15},
        {{{QStringLiteral("kind"), QStringLiteral("stall")}}, 0.05},
        {{{QStringLiteral("kind"), QStringLiteral("stall")}, {QStringLiteral("phase"), QStringLiteral("body")}}, 0.05},
        {{{QStringLiteral("kind"), QStringLiteral("drop")}}, 0.05},
        {{{QStringLiteral("kind"), QStringLiteral("malformed")}}, 0.05},
        {{{QStringLiteral("kind"), QStringLiteral("wrong_schema")}}, 0.05},
    };
    QJsonArray rules;
    double remaining = 1.0;
    for (const Share &share : shares) {
        QJsonObject rule = share.rule;
        rule.insert(QStringLiteral("rate"), share.share / remaining);
        remaining -= share.share;
        rules.append(rule);
    }
    return rules;
}

QJsonArray stormThenMix()
{
    QJsonArray rules{
        QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                    {QStringLiteral("status"), 429},
                    {QStringLiteral("retry_after"), QString::number(stormRetryAfterMs / 1000)},
                    {QStringLiteral("count"), 12}},
        // Only the body says how long: the scheduler must read it there.
        QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                    {QStringLiteral("status"), 429},
                    {QStringLiteral("body_retry_after"), stormRetryAfterMs / 1000},
                    {QStringLiteral("count"), 6}},
    };
    for (const QJsonValue &rule : faultMix())
        rules.append(rule);
    return rules;
}

bool isPredictionRequest(const QJsonObject &entry)
{
    return entry.value(QStringLiteral("path")).toString().contains(QStringLiteral("/predictions/"));
}

QString idOf(const QJsonObject &entry)
{
    return entry.value(QStringLiteral("path")).toString().section(u'/', -1);
}

} // namespace

class tst_FaultSuite final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void faultFreeBaseline();
    void everyPredictionEndsRightUnderFaults();

private:
    static TestBackend::Options options();
    Outcomes createWorkload();

    TestBackend m_backend{options()};
    SimProcess &m_sim = m_backend.sim();
    qsizetype m_baselineRequests = 0;
    const QString m_provider = ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom);
};

TestBackend::Options tst_FaultSuite::options()
{
    TestBackend::Options options;
    options.simArguments = QStringList{QStringLiteral("--random-seed"), QStringLiteral("8")};
    options.interval = 500ms;
    options.flushInterval = 50ms;
    options.maxInFlight = 6;
    return options;
}

void tst_FaultSuite::initTestCase()
{
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

Outcomes tst_FaultSuite::createWorkload()
{
    // Long enough runs that a prediction is polled several times, short enough for a quick suite.
    const auto spec = [](const char *outcome, int count) {
        return QJsonObject{{QStringLiteral("count"), count},
                           {QStringLiteral("queue_ms"), 300},
                           {QStringLiteral("run_ms"), QJsonArray{1500, 3000}},
                           {QStringLiteral("outcome"), QLatin1String(outcome)}};
    };
    const QList<std::pair<const char *, PredictionStatus>> outcomes{
        {"succeeded", PredictionStatus::Succeeded},
        {"failed", PredictionStatus::Failed},
        {"canceled", PredictionStatus::Canceled},
        {"aborted", PredictionStatus::Aborted},
    };
    const QList<int> counts{400, 50, 25, 25};
    Outcomes result;
    for (int i = 0; i < outcomes.size(); ++i) {
        const QStringList ids = m_sim.createPredictions(spec(outcomes.at(i).first, counts.at(i)));
        for (const QString &id : ids)
            result.expected.insert(id, outcomes.at(i).second);
        result.ids += ids;
    }
    return result;
}

void tst_FaultSuite::faultFreeBaseline()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    const Outcomes workload = createWorkload();
    QCOMPARE(workload.ids.size(), predictionCount);

    TaskStore &store = m_backend.store();
    m_backend.client().setTransferTimeout(400ms);
    PollScheduler &scheduler = m_backend.scheduler();
    QVERIFY(store.add(m_provider, workload.ids));

    QElapsedTimer elapsed;
    elapsed.start();
    scheduler.start();
    QTRY_VERIFY_WITH_TIMEOUT(m_backend.allTerminal(), 60000);
    for (const Task &task : store.tasks())
        QCOMPARE(task.status, workload.expected.value(task.key.id));

    m_baselineRequests = m_sim.requestLog().size();
    qInfo("fault-free: %d predictions, %lld requests, %lld ms", predictionCount, qlonglong(m_baselineRequests),
          qlonglong(elapsed.elapsed()));
    QCOMPARE_GE(m_baselineRequests, qsizetype(predictionCount));
}

void tst_FaultSuite::everyPredictionEndsRightUnderFaults()
{
    QVERIFY2(m_baselineRequests > 0, "the fault-free run gives the yardstick");
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    const Outcomes workload = createWorkload();
    QCOMPARE(workload.ids.size(), predictionCount);

    TaskStore &store = m_backend.store();
    PredictionClient &client = m_backend.client();
    // Stalls end only by our own timeout: keep it short.
    client.setTransferTimeout(400ms);
    PollScheduler &scheduler = m_backend.scheduler();
    RetryPolicy::Parameters retry;
    retry.base = 250ms;
    retry.cap = 4000ms;
    scheduler.setRetryPolicy(RetryPolicy(retry));
    QVERIFY(store.add(m_provider, workload.ids));

    // Each failure must show on its row from the moment it is reported until the next answer that
    // succeeded is stored. These connections come after the scheduler's, so they see its effect.
    QHash<QString, bool> errorOutstanding;
    QHash<QString, int> errorsByKind;
    QStringList violations;
    int failures = 0;
    connect(&client, &PredictionClient::requestFailed, this,
            [&](PredictionClient::RequestId, const QString &id, const ApiError &error) {
                if (error.kind == ApiError::Kind::Canceled)
                    return;
                ++failures;
                ++errorsByKind[ApiError::kindName(error.kind)];
                const Task *task = store.task({m_provider, id});
                if (!task || task->lastErrorKind != error.kind || task->lastError != error.message)
                    violations.append(QStringLiteral("%1: error not on its row").arg(id));
                else
                    errorOutstanding.insert(id, true);
            });
    connect(&client, &PredictionClient::predictionReceived, this,
            [&](PredictionClient::RequestId, const Prediction &prediction) {
                errorOutstanding.insert(prediction.id(), false);
            });
    connect(&store, &TaskStore::tasksChanged, this, [&](const QList<TaskKey> &keys) {
        for (const TaskKey &key : keys) {
            const Task *task = store.task(key);
            if (errorOutstanding.value(key.id) && task && task->lastError.isEmpty())
                violations.append(QStringLiteral("%1: error cleared before a success").arg(key.id));
        }
    });

    QVERIFY(m_sim.setFaults(faultMix()));
    QSignalSpy finished(&scheduler, &PollScheduler::taskFinished);
    QElapsedTimer elapsed;
    elapsed.start();
    scheduler.start();
    // The storm comes once polling is in full swing.
    QTimer::singleShot(1500, this, [this] { QVERIFY(m_sim.setFaults(stormThenMix())); });
    QTRY_VERIFY_WITH_TIMEOUT(m_backend.allTerminal(), 100000);
    const qint64 runMs = elapsed.elapsed();
    QTRY_COMPARE(finished.count(), predictionCount);

    QVERIFY(m_sim.clearFaults());
    const QJsonArray log = m_sim.requestLog();
    QHash<QString, int> faultsSeen;
    qsizetype requests = 0;
    QList<qint64> stormEnds; // when each 429 left the server
    for (const QJsonValue &value : log) {
        const QJsonObject entry = value.toObject();
        if (!isPredictionRequest(entry))
            continue;
        ++requests;
        const QString fault = entry.value(QStringLiteral("fault")).toString();
        if (!fault.isEmpty())
            ++faultsSeen[fault + u' ' + QString::number(entry.value(QStringLiteral("status")).toInt())];
        if (entry.value(QStringLiteral("status")).toInt() == 429)
            stormEnds.append(entry.value(QStringLiteral("done_ms")).toInteger());
    }
    qInfo("under faults: %lld requests (fault-free %lld, ratio %.2f), %d failures reported, %lld ms",
          qlonglong(requests), qlonglong(m_baselineRequests), double(requests) / double(m_baselineRequests), failures,
          qlonglong(runMs));
    for (auto it = faultsSeen.cbegin(); it != faultsSeen.cend(); ++it)
        qInfo("  fault %s: %d", qPrintable(it.key()), it.value());
    for (auto it = errorsByKind.cbegin(); it != errorsByKind.cend(); ++it)
        qInfo("  error %s: %d", qPrintable(it.key()), it.value());

    // The faults did happen, in every kind asked for.
    QCOMPARE(stormEnds.size(), 18);
    for (const char *kind :
         {"status 500", "status 503", "stall 0", "stall 200", "drop 200", "malformed 200", "wrong_schema 200"}) {
        QVERIFY2(faultsSeen.value(QLatin1String(kind)) > 0, kind);
    }
    QVERIFY2(violations.isEmpty(), qPrintable(violations.mid(0, 5).join(u'\n')));
    QCOMPARE_LE(requests, 2 * m_baselineRequests);

    // No request while a 429's Retry-After ran (all of the storm's say one second).
    for (const qint64 end : std::as_const(stormEnds)) {
        for (const QJsonValue &value : log) {
            const qint64 t = value.toObject().value(QStringLiteral("t_ms")).toInteger();
            QVERIFY2(t < end + wireSlackMs || t >= end + stormRetryAfterMs,
                     qPrintable(QStringLiteral("request %1 ms after a 429").arg(t - end)));
        }
    }
    // A 503's Retry-After holds back that prediction alone.
    QHash<QString, qint64> holdUntil;
    for (const QJsonValue &value : log) {
        const QJsonObject entry = value.toObject();
        if (!isPredictionRequest(entry))
            continue;
        const QString id = idOf(entry);
        const qint64 t = entry.value(QStringLiteral("t_ms")).toInteger();
        QVERIFY2(t >= holdUntil.value(id),
                 qPrintable(QStringLiteral("%1 asked again %2 ms early").arg(id).arg(holdUntil.value(id) - t)));
        if (entry.value(QStringLiteral("status")).toInt() == 503)
            holdUntil.insert(id, entry.value(QStringLiteral("done_ms")).toInteger() + 1000);
    }

    // Durable and intact: close everything, reopen the file, compare with what the server says now.
    m_backend.close();
    QVERIFY2(m_backend.reopen(), qPrintable(m_backend.errorString()));
    const TaskStore &reopened = m_backend.store();
    QVERIFY(reopened.movedAsidePath().isEmpty());
    QCOMPARE(reopened.count(), predictionCount);

    // A client without the short timeout (the scheduler over it is not started).
    PredictionClient &checker = m_backend.client();
    QHash<QString, QByteArray> truth;
    connect(&checker, &PredictionClient::predictionReceived, this,
            [&truth](PredictionClient::RequestId, const Prediction &prediction) {
                truth.insert(prediction.id(), prediction.rawJson());
            });
    for (const QString &id : workload.ids)
        checker.fetch(id);
    QTRY_COMPARE_WITH_TIMEOUT(truth.size(), predictionCount, 30000);

    for (const QString &id : workload.ids) {
        const Task *task = reopened.task({m_provider, id});
        QVERIFY2(task, qPrintable(id));
        QCOMPARE(task->status, workload.expected.value(id));
        QCOMPARE(task->rawJson(), truth.value(id));
        QVERIFY2(task->lastError.isEmpty(), qPrintable(task->lastError));
        QVERIFY(!task->lastErrorKind);
    }
}

QTEST_GUILESS_MAIN(tst_FaultSuite)
#include "tst_faultsuite.moc"
