// PollScheduler with a real TaskStore and PredictionClient against replimon-sim. What the scheduler
// sent, and when, is read back from the simulator's request log.
#include "PollScheduler.h"
#include "TaskStore.h"
#include "TestBackend.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

using namespace std::chrono_literals;

namespace {

// Most requests that overlapped in time at the server, from arrival (t_ms) and answer (done_ms).
int maxConcurrency(const QJsonArray &log)
{
    QList<std::pair<qint64, int>> events;
    for (const QJsonValue &value : log) {
        const QJsonObject entry = value.toObject();
        events.append({entry.value(QStringLiteral("t_ms")).toInteger(), +1});
        events.append({entry.value(QStringLiteral("done_ms")).toInteger(), -1});
    }
    // At equal times an answer ends before the next request starts.
    std::sort(events.begin(), events.end());
    int current = 0;
    int most = 0;
    for (const auto &event : events) {
        current += event.second;
        most = std::max(most, current);
    }
    return most;
}

int requestsFor(const QJsonArray &log, const QString &id)
{
    int count = 0;
    for (const QJsonValue &value : log)
        count += value.toObject().value(QStringLiteral("path")).toString().endsWith(u'/' + id) ? 1 : 0;
    return count;
}

// Runs @p sql on the database file through a connection of the test's own, as another process would.
bool execBehindTheStore(const QString &path, const QString &sql)
{
    const QString name = QStringLiteral("behind-the-store");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(sql);
            if (!ok)
                qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

// Every change to a task row fails, as it would on a full disk or a file that became read-only.
const QString refuseWrites = QStringLiteral(
    "CREATE TRIGGER refuse_writes BEFORE UPDATE ON tasks BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
const QString acceptWrites = QStringLiteral("DROP TRIGGER refuse_writes");

} // namespace

class tst_PollScheduler final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void manyPredictionsReachTheirTerminalStates();
    void rateLimitPausesAllPolling();
    void unauthorizedStopsPollingAndAsksForKey();
    void newKeyAbortsAndResendsRequestsInFlight();
    void refreshFetchesTerminalTaskOnce();
    void unknownStatusIsPolledSlowly();
    void serverErrorsBackOff();
    void pauseAndResume();
    void withoutKeyNothingIsSentUntilResume();
    void errorAfterPendingSuccessIsNotWipedOut();
    void unwrittenAnswerIsRetriedBeforeFinishing();
    void unwrittenErrorIsRetried();

private:
    TestBackend m_backend;
    SimProcess &m_sim = m_backend.sim();
    const QString m_provider = ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom);
};

void tst_PollScheduler::initTestCase()
{
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

void tst_PollScheduler::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    // Backoff without jitter, so gaps can be checked.
    RetryPolicy::Parameters parameters;
    parameters.base = 100ms;
    parameters.cap = 2000ms;
    parameters.jitter = 0.0;
    m_backend.scheduler().setRetryPolicy(RetryPolicy(parameters));
}

void tst_PollScheduler::cleanup()
{
    m_backend.close();
}

void tst_PollScheduler::manyPredictionsReachTheirTerminalStates()
{
    const auto spec = [](const char *outcome, int count) {
        return QJsonObject{{QStringLiteral("count"), count},
                           {QStringLiteral("queue_ms"), 100},
                           {QStringLiteral("run_ms"), QJsonArray{200, 1500}},
                           {QStringLiteral("outcome"), QLatin1String(outcome)}};
    };
    const QStringList succeeded = m_sim.createPredictions(spec("succeeded", 150));
    const QStringList failed = m_sim.createPredictions(spec("failed", 30));
    const QStringList canceled = m_sim.createPredictions(spec("canceled", 20));
    QCOMPARE(succeeded.size() + failed.size() + canceled.size(), 200);
    QCOMPARE(m_backend.track(succeeded + failed + canceled).size(), 200);

    // Answers take a while, so that requests overlap at the server and the cap is visible in the log.
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{QStringLiteral("kind"), QStringLiteral("latency")}, {QStringLiteral("ms"), 30}}}));
    QSignalSpy finished(&m_backend.scheduler(), &PollScheduler::taskFinished);
    m_backend.scheduler().setMaxInFlight(4);
    m_backend.scheduler().start();
    QTRY_VERIFY_WITH_TIMEOUT(m_backend.allTerminal(), 90000);

    for (const QString &id : succeeded)
        QCOMPARE(m_backend.store().task({m_provider, id})->status, PredictionStatus::Succeeded);
    for (const QString &id : failed)
        QCOMPARE(m_backend.store().task({m_provider, id})->status, PredictionStatus::Failed);
    for (const QString &id : canceled)
        QCOMPARE(m_backend.store().task({m_provider, id})->status, PredictionStatus::Canceled);
    // Each transition reported once.
    QTRY_COMPARE(finished.count(), 200);

    const QJsonArray log = m_sim.requestLog();
    QCOMPARE_LE(maxConcurrency(log), 4);
    QCOMPARE_GE(maxConcurrency(log), 3); // the slots were used
    qInfo("200 predictions: %d requests, at most %d at once", int(log.size()), maxConcurrency(log));

    // Terminal tasks are never asked about again.
    QVERIFY(m_sim.clearLog());
    QTest::qWait(1000);
    QCOMPARE(m_sim.requestLog().size(), 0);
    QCOMPARE(m_backend.scheduler().state(), PollScheduler::State::Idle);
}

void tst_PollScheduler::rateLimitPausesAllPolling()
{
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("count"), 3}, {QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 60000}});
    m_backend.track(ids);
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 429},
                                         {QStringLiteral("retry_after"), QStringLiteral("2")},
                                         {QStringLiteral("count"), 1}}}));
    QSignalSpy states(&m_backend.scheduler(), &PollScheduler::stateChanged);
    // One request at a time makes "after the 429" exact: nothing else was already on its way.
    m_backend.scheduler().setMaxInFlight(1);
    m_backend.scheduler().start();
    const auto wasRateLimited = [&states] {
        return std::any_of(states.cbegin(), states.cend(), [](const QList<QVariant> &arguments) {
            return arguments.first().value<PollScheduler::State>() == PollScheduler::State::RateLimited;
        });
    };
    QTRY_VERIFY(wasRateLimited());
    QVERIFY(m_backend.scheduler().resumeAt().isValid());
    QTest::qWait(3500);

    const QJsonArray log = m_sim.requestLog();
    qint64 limitedAt = -1;
    int after = 0;
    for (const QJsonValue &value : log) {
        const QJsonObject entry = value.toObject();
        const qint64 t = entry.value(QStringLiteral("t_ms")).toInteger();
        if (entry.value(QStringLiteral("status")).toInt() == 429) {
            limitedAt = t;
            continue;
        }
        if (limitedAt >= 0) {
            QCOMPARE_GE(t - limitedAt, 2000);
            ++after;
        }
    }
    QVERIFY(limitedAt >= 0);
    QCOMPARE_GT(after, 0); // and polling did resume
    QCOMPARE(m_backend.scheduler().state(), PollScheduler::State::Polling);
}

void tst_PollScheduler::unauthorizedStopsPollingAndAsksForKey()
{
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("count"), 3}, {QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 500}});
    m_backend.track(ids);
    m_backend.client().setApiKey(QStringLiteral("not-the-key"));
    QSignalSpy keyRequired(&m_backend.scheduler(), &PollScheduler::apiKeyRequired);
    m_backend.scheduler().start();
    QTRY_COMPARE(keyRequired.count(), 1);
    QCOMPARE(keyRequired.first().first().value<ApiError>().message,
             QStringLiteral("You did not pass a valid authentication token"));
    QCOMPARE(m_backend.scheduler().state(), PollScheduler::State::NeedsApiKey);
    QTest::qWait(800);
    // The three first requests, then silence.
    QCOMPARE(m_sim.requestLog().size(), 3);
    QCOMPARE(keyRequired.count(), 1);
    // The row shows why.
    QCOMPARE(m_backend.store().task({m_provider, ids.first()})->lastErrorKind, ApiError::Kind::Unauthorized);

    // A good key and resume(): polling goes on to the end, and the error is gone.
    m_backend.client().setApiKey(m_sim.token());
    m_backend.scheduler().resume();
    QTRY_VERIFY_WITH_TIMEOUT(m_backend.allTerminal(), 10000);
    QCOMPARE(m_backend.store().task({m_provider, ids.first()})->lastError, QString());
}

void tst_PollScheduler::newKeyAbortsAndResendsRequestsInFlight()
{
    // Settings → OK with a new key: what is on the wire with the old key is dropped and asked again at once,
    // not left to hang until its transfer timeout (30 s) or answered under the old key.
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("count"), 2}, {QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    m_backend.track(ids);
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{QStringLiteral("kind"), QStringLiteral("stall")}, {QStringLiteral("count"), 2}}}));
    m_backend.client().setApiKey(QStringLiteral("the-old-key"));
    m_backend.scheduler().start();
    QTRY_COMPARE(m_sim.requestLog().size(), 2); // both polls sent, and neither answered
    QTest::qWait(200);
    QVERIFY(!m_backend.allTerminal());

    QElapsedTimer clock;
    clock.start();
    m_backend.client().setApiKey(m_sim.token());
    QTRY_VERIFY_WITH_TIMEOUT(m_backend.allTerminal(), 5000);
    QCOMPARE_LT(clock.elapsed(), 3000);
    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 4); // the two stalled ones, then one each with the new key
    for (qsizetype i = 2; i < log.size(); ++i)
        QCOMPARE(log.at(i).toObject().value(QLatin1String("status")).toInt(), 200);
    // Being interrupted is not the task's error.
    for (const QString &id : ids)
        QCOMPARE(m_backend.store().task({m_provider, id})->lastError, QString());
}

void tst_PollScheduler::refreshFetchesTerminalTaskOnce()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    const QList<TaskKey> keys = m_backend.track(ids);
    m_backend.scheduler().start();
    QTRY_VERIFY(m_backend.allTerminal());
    QTest::qWait(500);
    QVERIFY(m_sim.clearLog());
    m_backend.scheduler().refresh(keys);
    QTRY_COMPARE(m_sim.requestLog().size(), 1);
    QTest::qWait(600);
    QCOMPARE(m_sim.requestLog().size(), 1);
}

void tst_PollScheduler::unknownStatusIsPolledSlowly()
{
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("queue_ms"), 0},
         {QStringLiteral("run_ms"), 0},
         {QStringLiteral("outcome"), QStringLiteral("paused_by_provider")}});
    m_backend.track(ids);
    m_backend.scheduler().setSlowInterval(1000ms);
    m_backend.scheduler().start();
    QTRY_COMPARE(m_backend.store().task({m_provider, ids.first()})->statusText, QStringLiteral("paused_by_provider"));
    QTest::qWait(2500);
    // At the normal 200 ms interval this would be over a dozen.
    const int requests = requestsFor(m_sim.requestLog(), ids.first());
    QCOMPARE_GE(requests, 2);
    QCOMPARE_LE(requests, 4);
    QCOMPARE(m_backend.store().task({m_provider, ids.first()})->status, PredictionStatus::Unknown);
}

void tst_PollScheduler::serverErrorsBackOff()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    m_backend.track(ids);
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 500},
                                         {QStringLiteral("count"), 4}}}));
    m_backend.scheduler().start();
    QTRY_VERIFY_WITH_TIMEOUT(m_backend.allTerminal(), 10000);
    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 5);
    // 100, 200, 400, 800 ms between the attempts (base 100 ms, factor 2, no jitter).
    for (int i = 1; i < log.size(); ++i) {
        const qint64 gap = log.at(i).toObject().value(QStringLiteral("t_ms")).toInteger()
            - log.at(i - 1).toObject().value(QStringLiteral("t_ms")).toInteger();
        QCOMPARE_GE(gap, 100LL << (i - 1));
    }
}

void tst_PollScheduler::pauseAndResume()
{
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("count"), 2}, {QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 60000}});
    m_backend.track(ids);
    m_backend.scheduler().start();
    QTRY_VERIFY(m_sim.requestLog().size() >= 2);
    m_backend.scheduler().pause();
    QCOMPARE(m_backend.scheduler().state(), PollScheduler::State::Paused);
    QTest::qWait(300); // an answer already on its way may still land
    QVERIFY(m_sim.clearLog());
    QTest::qWait(700);
    QCOMPARE(m_sim.requestLog().size(), 0);
    m_backend.scheduler().resume();
    QTRY_VERIFY(m_sim.requestLog().size() >= 2);
}

void tst_PollScheduler::withoutKeyNothingIsSentUntilResume()
{
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("count"), 2}, {QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    m_backend.track(ids);
    m_backend.client().setApiKey(QString());
    QSignalSpy keyRequired(&m_backend.scheduler(), &PollScheduler::apiKeyRequired);
    QSignalSpy stateChanged(&m_backend.scheduler(), &PollScheduler::stateChanged);
    m_backend.scheduler().waitForApiKey();
    m_backend.scheduler().start();
    m_backend.scheduler().refreshAll();
    m_backend.track(m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}}));
    // Requests are handed to the client synchronously: none was.
    QCOMPARE(m_backend.scheduler().inFlight(), 0);
    QCOMPARE(m_backend.scheduler().state(), PollScheduler::State::NeedsApiKey);
    QCOMPARE(stateChanged.count(), 1);
    QCOMPARE(keyRequired.count(), 0); // no server was asked
    QTest::qWait(600);                // three poll intervals
    QCOMPARE(m_sim.requestLog().size(), 0);

    // The key arrives (Settings): every task is polled at once, to the end.
    m_backend.client().setApiKey(m_sim.token());
    m_backend.scheduler().resume();
    QCOMPARE(m_backend.scheduler().inFlight(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(m_backend.allTerminal(), 10000);
}

void tst_PollScheduler::errorAfterPendingSuccessIsNotWipedOut()
{
    // A successful answer waits for the write timer before it reaches the store. A forced refresh of the
    // same task that fails inside that gap is the newer outcome: writing the older success afterwards
    // must not clear its error.
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    const QList<TaskKey> keys = m_backend.track(ids);
    QCOMPARE(keys.size(), 1);
    const TaskKey key = keys.first();
    // The write timer never fires by itself here: the gap stays open as long as the test needs.
    m_backend.scheduler().setFlushInterval(1h);
    QSignalSpy received(&m_backend.client(), &PredictionClient::predictionReceived);
    QSignalSpy failed(&m_backend.client(), &PredictionClient::requestFailed);
    m_backend.scheduler().start();
    QVERIFY(received.wait());
    QCOMPARE(m_backend.store().task(key)->status, PredictionStatus::Unknown); // answered, not written yet

    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 500},
                                         {QStringLiteral("count"), 1}}}));
    m_backend.scheduler().refresh(keys);
    QVERIFY(failed.wait());
    QCOMPARE(failed.first().at(2).value<ApiError>().kind, ApiError::Kind::Server);
    // The success goes to the store's writing thread first; the error is written once it is there.
    QTRY_COMPARE(m_backend.store().task(key)->lastErrorKind, ApiError::Kind::Server);
    QCOMPARE(m_backend.store().task(key)->status, PredictionStatus::Succeeded);

    // Whatever is still waiting is written now (the destructor flushes); the new one is not started yet.
    m_backend.replaceScheduler();
    QCOMPARE(m_backend.store().task(key)->lastErrorKind, ApiError::Kind::Server);
    QVERIFY(!m_backend.store().task(key)->lastError.isEmpty());
    // The success is not lost either: the row has the prediction's data.
    QCOMPARE(m_backend.store().task(key)->status, PredictionStatus::Succeeded);

    // The next success, and only that, clears the error.
    m_backend.scheduler().setFlushInterval(0ms);
    m_backend.scheduler().start();
    m_backend.scheduler().refresh(keys);
    QTRY_VERIFY(!m_backend.store().task(key)->lastErrorKind.has_value());
    QCOMPARE(m_backend.store().task(key)->lastError, QString());
    QCOMPARE(m_sim.requestLog().size(), 3);
}

void tst_PollScheduler::unwrittenAnswerIsRetriedBeforeFinishing()
{
    // The answer that ends the task cannot be written. The task is not announced as finished (the store,
    // and the table, still show it running), the answer is kept rather than asked for again, and it is
    // written, then announced once, when the file takes writes again.
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    const QList<TaskKey> keys = m_backend.track(ids);
    QCOMPARE(keys.size(), 1);
    const TaskKey key = keys.first();
    QVERIFY(execBehindTheStore(m_backend.filePath(QStringLiteral("tasks.sqlite")), refuseWrites));

    QSignalSpy finished(&m_backend.scheduler(), &PollScheduler::taskFinished);
    QSignalSpy writeFailed(&m_backend.store(), &TaskStore::writeFailed);
    m_backend.scheduler().start();
    QTRY_VERIFY(writeFailed.count() >= 3); // the write and its retries (100 ms, 200 ms, …)
    QCOMPARE(finished.count(), 0);
    QCOMPARE(m_backend.store().task(key)->status, PredictionStatus::Unknown);
    QCOMPARE(m_backend.scheduler().pendingWriteCount(), 1);
    QCOMPARE(m_sim.requestLog().size(), 1);

    QVERIFY(execBehindTheStore(m_backend.filePath(QStringLiteral("tasks.sqlite")), acceptWrites));
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).value<TaskKey>(), key);
    QCOMPARE(finished.first().at(1).value<PredictionStatus>(), PredictionStatus::Succeeded);
    QCOMPARE(m_backend.store().task(key)->status, PredictionStatus::Succeeded);
    QCOMPARE(m_backend.scheduler().pendingWriteCount(), 0);
    const int failures = int(writeFailed.count());
    QTest::qWait(500);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(writeFailed.count(), failures); // nothing left to retry
    QCOMPARE(m_sim.requestLog().size(), 1);
}

void tst_PollScheduler::unwrittenErrorIsRetried()
{
    // A 404 is asked about only once (the task is unknown to the provider), so an error the store could
    // not write would be lost for good: it is kept and written when the file takes writes again.
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 60000}});
    const QList<TaskKey> keys = m_backend.track(ids);
    QCOMPARE(keys.size(), 1);
    const TaskKey key = keys.first();
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 404},
                                         {QStringLiteral("count"), 1}}}));
    QVERIFY(execBehindTheStore(m_backend.filePath(QStringLiteral("tasks.sqlite")), refuseWrites));

    QSignalSpy failed(&m_backend.client(), &PredictionClient::requestFailed);
    QSignalSpy writeFailed(&m_backend.store(), &TaskStore::writeFailed);
    m_backend.scheduler().start();
    QVERIFY(failed.wait());
    QCOMPARE(failed.first().at(2).value<ApiError>().kind, ApiError::Kind::NotFound);
    QTRY_VERIFY(writeFailed.count() >= 2);
    QVERIFY(!m_backend.store().task(key)->lastErrorKind);
    QCOMPARE(m_backend.scheduler().pendingWriteCount(), 1);

    QVERIFY(execBehindTheStore(m_backend.filePath(QStringLiteral("tasks.sqlite")), acceptWrites));
    QTRY_COMPARE(m_backend.store().task(key)->lastErrorKind, ApiError::Kind::NotFound);
    QVERIFY(!m_backend.store().task(key)->lastError.isEmpty());
    QCOMPARE(m_backend.scheduler().pendingWriteCount(), 0);
    QCOMPARE(m_sim.requestLog().size(), 1);
}

QTEST_GUILESS_MAIN(tst_PollScheduler)
#include "tst_pollscheduler.moc"
