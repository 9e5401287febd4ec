// RunTimeEstimator learning from the store's history, and PollTiming's polls around the expected end.
#include "PollTiming.h"
#include "RunTimeEstimator.h"
#include "TaskStore.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

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

} // namespace

class tst_PollTiming final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void learnsFromTheStoresHistory();
    void keepsTheNewestRuns();
    void pollsAroundTheExpectedEnd();
    void withoutAnEstimateEveryInterval();
    void streamsWaitForTheEndOnlyWhenFew();
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
    QCOMPARE(pro->spreadMs, 520);   // 5 % of the median: the quartiles are closer than that
    // One success of schnell is not enough to go by.
    QVERIFY(!estimator.estimate(Schnell));
    estimator.learn(Schnell, 1700);
    QCOMPARE(estimator.estimate(Schnell)->samples, 2);
}

void tst_PollTiming::keepsTheNewestRuns()
{
    RunTimeEstimator estimator;
    estimator.setWindow(3);
    for (const qint64 run : {1000, 1000, 1000, 5000, 5000, 5000})
        estimator.learn(Pro, run);
    QCOMPARE(estimator.estimate(Pro)->medianMs, 5000);
}

void tst_PollTiming::pollsAroundTheExpectedEnd()
{
    PollTiming timing;
    timing.setDenseInterval(500ms);
    for (int i = 0; i < 5; ++i)
        timing.runTimes().learn(Pro, 10000); // median 10 s, spread 500 ms
    const QDateTime started = QDateTime::currentDateTimeUtc();
    const auto at = [&](qint64 ms) { return timing.nextDelay(Pro, started, started.addMSecs(ms), 2000ms); };
    // Just started: nothing until 1.5 spreads before the median.
    QCOMPARE(at(0), 9250ms);
    QCOMPARE(at(4000), 5250ms);
    // Near the end: every dense interval, until two spreads past the median.
    QCOMPARE(at(8800), 500ms);
    QCOMPARE(at(10900), 500ms);
    // Later than almost every run: the usual interval again.
    QCOMPARE(at(11000), 2000ms);
    QCOMPARE(at(60000), 2000ms);
    // A clock behind the server's: as if just started.
    QCOMPARE(at(-3000), 9250ms);
}

void tst_PollTiming::withoutAnEstimateEveryInterval()
{
    PollTiming timing;
    const QDateTime started = QDateTime::currentDateTimeUtc();
    QCOMPARE(timing.nextDelay(Pro, started, started.addSecs(5), 2000ms), 2000ms);
    timing.runTimes().learn(Pro, 10000);
    timing.runTimes().learn(Pro, 10000);
    // Not started yet (still starting): every interval.
    QCOMPARE(timing.nextDelay(Pro, QDateTime(), started, 2000ms), 2000ms);
    // The dense interval is never longer than the usual one.
    timing.setDenseInterval(5000ms);
    QCOMPARE(timing.nextDelay(Pro, started, started.addMSecs(9500), 1000ms), 1000ms);
}

void tst_PollTiming::streamsWaitForTheEndOnlyWhenFew()
{
    PollTiming timing;
    for (int i = 0; i < 3; ++i)
        timing.runTimes().learn(Pro, 10000);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto running = [&](qint64 forMs, const QString &model) {
        return Prediction::fromJsonObject(
                   QJsonObject{{QStringLiteral("id"), QStringLiteral("p1")},
                               {QStringLiteral("status"), QStringLiteral("processing")},
                               {QStringLiteral("model"), model},
                               {QStringLiteral("started_at"), now.addMSecs(-forMs).toString(Qt::ISODateWithMs)}})
            .value();
    };
    QVERIFY(timing.isEarly(running(1000, Pro), now));
    QVERIFY(!timing.isEarly(running(9000, Pro), now));
    QVERIFY(!timing.isEarly(running(1000, Schnell), now)); // no estimate: nothing is known to be early
    // Early, with most streams free: opened at once. With half of them taken: at the poll near the end.
    QVERIFY(timing.opensStreamNow(running(1000, Pro), now, 29, 60));
    QVERIFY(!timing.opensStreamNow(running(1000, Pro), now, 30, 60));
    QVERIFY(timing.opensStreamNow(running(9000, Pro), now, 30, 60));
}

QTEST_GUILESS_MAIN(tst_PollTiming)
#include "tst_polltiming.moc"
