// PollScheduler polling around the expected end (PollTiming) and following stream URLs, against
// replimon-sim: what it sent, and when, read back from the simulator's request log.
#include "PollScheduler.h"
#include "PredictionStreams.h"
#include "SimLog.h"
#include "TaskStore.h"
#include "TestBackend.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

class tst_SmartPolling final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void learnedRunTimeMeansFewerRequests();
    void streamedTaskIsFetchedOnceAtTheEnd();
    void refusedStreamFallsBackToPolling();
    void silentStreamStillEndsInAPoll();
    void tightRunIsPolledNotStreamed();

private:
    /// Runs one prediction of @p spec to its end under the scheduler; its GETs in the sim's log, and the ms
    /// from its completion to the end of the first GET that saw it (the moment the store could know).
    QList<QJsonObject> watchOne(const QJsonObject &spec, qint64 *detectionMs, QJsonArray *log = nullptr);

    TestBackend m_backend;
    SimProcess &m_sim = m_backend.sim();
};

void tst_SmartPolling::initTestCase()
{
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

void tst_SmartPolling::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
}

void tst_SmartPolling::cleanup()
{
    m_backend.close();
}

QList<QJsonObject> tst_SmartPolling::watchOne(const QJsonObject &spec, qint64 *detectionMs, QJsonArray *logOut)
{
    const QStringList ids = m_sim.createPredictions(spec);
    if (ids.size() != 1 || m_backend.track(ids).size() != 1)
        return {};
    const QString id = ids.first();
    const TaskKey taskKey{m_backend.provider(), id};
    m_backend.scheduler().start();
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 60000) {
        const Task *task = m_backend.store().task(taskKey);
        if (task && task->status == PredictionStatus::Succeeded)
            break;
        QTest::qWait(20);
    }
    const Task *task = m_backend.store().task(taskKey);
    if (!task || task->status != PredictionStatus::Succeeded)
        return {};
    const qint64 completedMs = task->completedAt.toMSecsSinceEpoch();
    const QJsonArray log = m_sim.requestLog();
    if (logOut)
        *logOut = log;
    const QList<QJsonObject> gets = SimLog::predictionGets(log, id);
    *detectionMs = -1;
    for (const QJsonObject &get : gets) {
        if (get.value(u"t_ms"_s).toInteger() >= completedMs) {
            *detectionMs = get.value(u"done_ms"_s).toInteger() - completedMs;
            break;
        }
    }
    return gets;
}

void tst_SmartPolling::learnedRunTimeMeansFewerRequests()
{
    const QString model = u"black-forest-labs/flux-1.1-pro"_s;
    const QJsonObject spec{{u"queue_ms"_s, 0}, {u"run_ms"_s, 5000}, {u"model"_s, model}};
    PollScheduler &scheduler = m_backend.scheduler();
    scheduler.setInterval(1000ms);
    scheduler.timing().setDenseInterval(200ms);

    qint64 plainDetection = -1;
    const int plain = int(watchOne(spec, &plainDetection).size());
    QVERIFY(plain > 0);

    // The same model has run for 5 s before: the scheduler waits, then asks often near the end.
    for (int i = 0; i < 3; ++i)
        scheduler.timing().runTimes().learn(model, 5000);
    QVERIFY(m_sim.clearLog());
    qint64 timedDetection = -1;
    const int timed = int(watchOne(spec, &timedDetection).size());
    QVERIFY(timed > 0);
    qInfo("5 s run, 1 s interval: %d requests (end seen %lld ms after it) without an estimate, %d (%lld ms) "
          "with one",
          plain, plainDetection, timed, timedDetection);
    // Every interval over 5 s is 6 requests or so; the estimate needs the first, one at 4.6 s and a few more.
    QCOMPARE_GE(plain, 5);
    QCOMPARE_LT(timed, plain);
    QVERIFY(timedDetection >= 0);
    QCOMPARE_LT(timedDetection, 1500); // dense polls at 200 ms; generous for a loaded machine
}

void tst_SmartPolling::streamedTaskIsFetchedOnceAtTheEnd()
{
    PredictionStreams streams;
    m_backend.scheduler().setStreams(&streams);
    QJsonArray log;
    qint64 detection = -1;
    const QList<QJsonObject> gets = watchOne({{u"queue_ms"_s, 0}, {u"run_ms"_s, 1500}}, &detection, &log);
    // The first answer (running), then the one after the stream's done: nothing in between.
    QCOMPARE(gets.size(), 2);
    const QList<QJsonObject> stream = SimLog::streamRequests(log);
    QCOMPARE(stream.size(), 1);
    QCOMPARE(stream.first().value(u"authorization"_s).toBool(), false);
    QCOMPARE_GE(gets.last().value(u"t_ms"_s).toInteger(), stream.first().value(u"done_ms"_s).toInteger());
    QVERIFY(detection >= 0);
    QCOMPARE_LT(detection, 1500);
    QCOMPARE(streams.openCount(), 0);
    m_backend.scheduler().setStreams(nullptr);
}

void tst_SmartPolling::refusedStreamFallsBackToPolling()
{
    QVERIFY(m_sim.setFaults({QJsonObject{{u"kind"_s, u"status"_s}, {u"status"_s, 401}, {u"target"_s, u"stream"_s}}}));
    PredictionStreams streams;
    m_backend.scheduler().setStreams(&streams);
    QJsonArray log;
    qint64 detection = -1;
    const QList<QJsonObject> gets = watchOne({{u"queue_ms"_s, 0}, {u"run_ms"_s, 1500}}, &detection, &log);
    // Polled every 200 ms after the refusal: more than the two of a followed stream.
    QCOMPARE_GT(gets.size(), 3);
    const QList<QJsonObject> stream = SimLog::streamRequests(log);
    QCOMPARE(stream.size(), 1); // tried once, not again
    QCOMPARE(stream.first().value(u"status"_s).toInt(), 401);
    QCOMPARE(stream.first().value(u"authorization"_s).toBool(), false);
    QVERIFY(detection >= 0);
    m_backend.scheduler().setStreams(nullptr);
}

void tst_SmartPolling::silentStreamStillEndsInAPoll()
{
    // The stream's connection stays open but says nothing: a backstop poll still finds the end.
    QVERIFY(m_sim.setFaults({QJsonObject{{u"kind"_s, u"stall"_s}, {u"target"_s, u"stream"_s}}}));
    PredictionStreams streams;
    m_backend.scheduler().setStreams(&streams);
    qint64 detection = -1;
    const QList<QJsonObject> gets = watchOne({{u"queue_ms"_s, 0}, {u"run_ms"_s, 1500}}, &detection);
    QVERIFY(m_sim.clearFaults());
    m_backend.scheduler().setStreams(nullptr);
    QCOMPARE_GE(gets.size(), 2);
    QVERIFY(detection >= 0);
    // Found by the backstop poll (15 intervals of 200 ms), not when the stream's 60 s idle limit gives it up.
    QCOMPARE_LT(detection, 30000);
}

void tst_SmartPolling::tightRunIsPolledNotStreamed()
{
    // Streams are offered, but a model known to run 1.5 s, give or take a tenth, is cheaper asked once near
    // its end than streamed (a stream and the fetch after it).
    const QString model = u"black-forest-labs/flux-schnell"_s;
    PollScheduler &scheduler = m_backend.scheduler();
    scheduler.setInterval(2000ms);
    for (const qint64 run : {1400, 1450, 1500, 1500, 1550, 1600})
        scheduler.timing().runTimes().learn(model, run);
    PredictionStreams streams;
    scheduler.setStreams(&streams);
    QJsonArray log;
    qint64 detection = -1;
    const QList<QJsonObject> gets = watchOne({{u"queue_ms"_s, 0}, {u"run_ms"_s, 1500}, {u"model"_s, model}}, &detection,
                                             &log);
    scheduler.setStreams(nullptr);
    QVERIFY(!gets.isEmpty());
    QCOMPARE(SimLog::streamRequests(log).size(), 0);
    // The first answer, then one near the end (two if that one came a little early).
    QCOMPARE_LE(gets.size(), 3);
    QVERIFY(detection >= 0);
    QCOMPARE_LT(detection, 1500); // generous for a loaded machine
}

QTEST_GUILESS_MAIN(tst_SmartPolling)
#include "tst_smartpolling.moc"
