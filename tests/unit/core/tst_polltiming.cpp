// RunTimeEstimator learning from the store's history, and PollTiming's polls around the expected end.
#include "PollTiming.h"
#include "Prediction.h"
#include "RunTimeEstimator.h"
#include "TaskStore.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace std::chrono_literals;

namespace {

const QString Schnell = QStringLiteral("black-forest-labs/flux-schnell");
const QString Pro = QStringLiteral("black-forest-labs/flux-1.1-pro");

Task finished(const QString &id, const QString &model, PredictionStatus status, qint64 runMs, int minutesAgo)
{
    Task task;
    task.key = {QStringLiteral("replicate"), id};
    task.setRawJson(QByteArrayLiteral("{}"));
    task.status = status;
    task.model = model;
    task.completedAt = QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo);
    task.startedAt = task.completedAt.addMSecs(-runMs);
    return task;
}

const QDateTime Now = QDateTime::currentDateTimeUtc();

Prediction prediction(const QJsonObject &fields)
{
    QJsonObject object{{QStringLiteral("id"), QStringLiteral("p1")}};
    for (auto it = fields.begin(); it != fields.end(); ++it)
        object.insert(it.key(), it.value());
    return Prediction::fromJsonObject(object).value();
}

// A prediction of @p model running for @p forMs at Now.
Prediction running(qint64 forMs, const QString &model)
{
    return prediction({{QStringLiteral("status"), QStringLiteral("processing")},
                       {QStringLiteral("model"), model},
                       {QStringLiteral("started_at"), Now.addMSecs(-forMs).toString(Qt::ISODateWithMs)}});
}

Prediction starting(const QString &model)
{
    return prediction({{QStringLiteral("status"), QStringLiteral("starting")}, {QStringLiteral("model"), model}});
}

Prediction finishedPrediction(const QString &model, qint64 runMs)
{
    const QDateTime started = Now.addSecs(-60);
    return prediction({{QStringLiteral("status"), QStringLiteral("succeeded")},
                       {QStringLiteral("model"), model},
                       {QStringLiteral("started_at"), started.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("completed_at"), started.addMSecs(runMs).toString(Qt::ISODateWithMs)}});
}

} // namespace

class tst_PollTiming final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void learnsFromTheStoresHistory();
    void keepsTheNewestRuns();
    void pollsAroundTheExpectedEnd();
    void withoutAnEstimateEveryInterval();
    void tightRunsArePolledWideOnesStreamed();
    void firstRunsOfAModelTeachTheOthers();
};

void tst_PollTiming::learnsFromTheStoresHistory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    TaskStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("tasks.sqlite"))).ok());
    QList<Task> tasks;
    const qint64 proRuns[] = {9000, 10000, 10400, 11000, 30000};
    int n = 0;
    for (const qint64 run : proRuns) {
        ++n;
        tasks << finished(QStringLiteral("pro%1").arg(n), Pro, PredictionStatus::Succeeded, run, n);
    }
    tasks << finished(QStringLiteral("s1"), Schnell, PredictionStatus::Succeeded, 1500, 1);
    // Neither a failure nor a cancel says when the next success ends.
    tasks << finished(QStringLiteral("s2"), Schnell, PredictionStatus::Failed, 200, 2);
    tasks << finished(QStringLiteral("s3"), Schnell, PredictionStatus::Canceled, 300, 3);
    QVERIFY(store.addRestored(tasks).ok());

    RunTimeEstimator estimator;
    estimator.learnFrom(store);
    const auto pro = estimator.estimate(Pro);
    QVERIFY(pro);
    QCOMPARE(pro->samples, 5);
    QCOMPARE(pro->medianMs, 10400); // the one slow run does not move it
    // Five runs say little about the spread: 40 % of their range, the slow one included.
    QCOMPARE(pro->spreadMs, 8400);
    // One success of schnell is not enough to go by, nor two that may have ended close by chance.
    QVERIFY(!estimator.estimate(Schnell));
    estimator.learn(Schnell, 1700);
    QVERIFY(!estimator.estimate(Schnell));
    estimator.learn(Schnell, 1600);
    QCOMPARE(estimator.estimate(Schnell)->samples, 3);
}

void tst_PollTiming::keepsTheNewestRuns()
{
    RunTimeEstimator estimator;
    estimator.setWindow(3);
    for (const qint64 run : {1000, 1000, 1000, 5000, 5000, 5000})
        estimator.learn(Pro, run);
    QCOMPARE(estimator.estimate(Pro)->medianMs, 5000);
    // Many runs: the quartiles, at least 5 % of the median (they are closer than that here).
    estimator.setWindow(50);
    for (int i = 0; i < 20; ++i)
        estimator.learn(Schnell, 1490 + i % 3 * 10);
    QCOMPARE(estimator.estimate(Schnell)->spreadMs, 100);
    // Half of them twice as long: half the distance between the quartiles.
    for (int i = 0; i < 20; ++i)
        estimator.learn(Schnell, 3000);
    QCOMPARE(estimator.estimate(Schnell)->spreadMs, 750);
}

void tst_PollTiming::pollsAroundTheExpectedEnd()
{
    PollTiming timing;
    timing.setDenseInterval(500ms);
    for (int i = 0; i < 5; ++i)
        timing.runTimes().learn(Pro, 10000); // median 10 s, spread 500 ms
    const auto at = [&](qint64 ms) { return timing.nextDelay(running(ms, Pro), Now, 2000ms); };
    // Just started: nothing until the end draws near, then one poll where most runs have ended.
    const auto first = at(0);
    QCOMPARE_GE(first, 9500ms);
    QCOMPARE_LE(first, 11000ms);
    // Asked again later: the same moment, to the planner's step.
    QCOMPARE_LE(qAbs((at(4000) + 4000ms - first).count()), 150);
    // Not ended at that poll: the next one soon, within the spread.
    QCOMPARE_LE(at(first.count()), 1000ms);
    QCOMPARE_GE(at(first.count()), 100ms);
    // Later than almost every run: the usual interval again.
    QCOMPARE(at(13000), 2000ms);
    QCOMPARE(at(60000), 2000ms);
    // A clock behind the server's: as if just started.
    QCOMPARE_LE(qAbs((at(-3000) - first).count()), 150);
}

void tst_PollTiming::withoutAnEstimateEveryInterval()
{
    PollTiming timing;
    QCOMPARE(timing.nextDelay(running(5000, Pro), Now, 2000ms), 2000ms);
    for (int i = 0; i < 3; ++i)
        timing.runTimes().learn(Pro, 10000);
    // Not started yet (still starting): every interval.
    QCOMPARE(timing.nextDelay(starting(Pro), Now, 2000ms), 2000ms);
    // The dense interval is never longer than the usual one.
    timing.setDenseInterval(5000ms);
    QCOMPARE_LE(timing.nextDelay(running(9900, Pro), Now, 1000ms), 1000ms);
}

void tst_PollTiming::tightRunsArePolledWideOnesStreamed()
{
    PollTiming timing;
    // FLUX schnell: 1.5 s, give or take a tenth. A run of 5 to 20 s: anything in between.
    for (const qint64 run : {1400, 1450, 1500, 1500, 1550, 1600})
        timing.runTimes().learn(Schnell, run);
    for (const qint64 run : {5000, 8000, 11000, 14000, 17000, 20000})
        timing.runTimes().learn(Pro, run);
    PollTiming::StreamRoom room;
    room.canOpen = true;
    room.canWait = true;
    const PollTiming::Step tight = timing.next(running(100, Schnell), Now, 2000ms, room);
    QCOMPARE(tight.action, PollTiming::Step::Action::Poll);
    QCOMPARE_GE(tight.delay, 1300ms);
    QCOMPARE_LE(tight.delay, 1700ms);
    // One poll or a little more, landing within a dense interval of the end.
    const auto plan = PollTiming::planPolls(*timing.runTimes().estimate(Schnell), 100, 500ms);
    QCOMPARE_LT(plan.expectedPolls, 1.5);
    QCOMPARE_LT(plan.expectedDelayMs, 500.0);
    // Asked only for a plan cheaper than a stream (two requests): the tight run has one, the wide one none.
    const auto under = PollTiming::planPolls(*timing.runTimes().estimate(Schnell), 100, 500ms, 2.0);
    QCOMPARE(under.firstDelay, plan.firstDelay);
    QCOMPARE(under.expectedPolls, plan.expectedPolls);
    QVERIFY(std::isinf(PollTiming::planPolls(*timing.runTimes().estimate(Pro), 100, 500ms, 2.0).expectedPolls));
    QVERIFY(PollTiming::planPolls(*timing.runTimes().estimate(Pro), 100, 500ms).expectedPolls > 2.0);
    // A wide run: streamed, whether the caller can wait or not.
    const PollTiming::Step wide = timing.next(running(100, Pro), Now, 2000ms, room);
    QCOMPARE(wide.action, PollTiming::Step::Action::Stream);
    room.canWait = false;
    QCOMPARE(timing.next(running(100, Pro), Now, 2000ms, room).action, PollTiming::Step::Action::Stream);
    // Without a stream to open, polled all the same.
    room.canOpen = false;
    QCOMPARE(timing.next(running(100, Pro), Now, 2000ms, room).action, PollTiming::Step::Action::Poll);
    // Past every run seen: nothing known, so streamed if it can be.
    room.canOpen = true;
    QCOMPARE(timing.next(running(2500, Schnell), Now, 2000ms, room).action, PollTiming::Step::Action::Stream);
}

void tst_PollTiming::firstRunsOfAModelTeachTheOthers()
{
    PollTiming timing;
    PollTiming::StreamRoom room;
    room.canOpen = true;
    room.canWait = true;
    using Action = PollTiming::Step::Action;
    // The first ones of a model never seen finishing are streamed.
    for (int open = 0; open < PollTiming::scoutStreams(); ++open) {
        room.openedForModel = open;
        QCOMPARE(timing.next(running(200, Schnell), Now, 2000ms, room).action, Action::Stream);
    }
    // The others wait for their ends, up to learnWait() into their run.
    room.openedForModel = PollTiming::scoutStreams();
    const PollTiming::Step wait = timing.next(running(200, Schnell), Now, 2000ms, room);
    QCOMPARE(wait.action, Action::Wait);
    QCOMPARE(wait.delay, PollTiming::learnWait() - 200ms);
    QCOMPARE(timing.next(running(PollTiming::learnWait().count(), Schnell), Now, 2000ms, room).action, Action::Stream);
    // Learned: a tight model's waiting ones are polled near their end.
    for (const qint64 run : {1450, 1500, 1550})
        QVERIFY(timing.learn(finishedPrediction(Schnell, run)));
    QVERIFY(!timing.learn(finishedPrediction(Schnell, 0)));
    QCOMPARE(timing.next(running(1000, Schnell), Now, 2000ms, room).action, Action::Poll);
    // A caller that cannot wait without a request streams them; one without streams polls every interval.
    room.canWait = false;
    QCOMPARE(timing.next(running(200, Pro), Now, 2000ms, room).action, Action::Stream);
    room.canOpen = false;
    QCOMPARE(timing.next(running(200, Pro), Now, 2000ms, room).delay, 2000ms);
}

QTEST_GUILESS_MAIN(tst_PollTiming)
#include "tst_polltiming.moc"
