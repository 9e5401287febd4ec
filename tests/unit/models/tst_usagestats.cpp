// The Usage view's numbers: the local day a task counts on (across a day boundary that UTC does not
// share), spend per model per currency, images, successes against failures, median run times, tasks
// without a price counted apart (never as 0), a filtered subset, and a computation given up for a newer one.
#include "PriceTable.h"
#include "Task.h"
#include "UsageStats.h"

#include <QElapsedTimer>
#include <QTest>
#include <QTimeZone>

namespace {

const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");
const QString dev = QStringLiteral("black-forest-labs/flux-dev");
const QString mystery = QStringLiteral("someone/mystery-model");
const QTimeZone shanghai(QByteArrayLiteral("Asia/Shanghai"));
const QDate today(2026, 12, 3);

QDateTime utc(const char *text)
{
    return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODate).toUTC();
}

Task task(const QString &model, PredictionStatus status, const char *created, int images = 1)
{
    static int next = 0;
    Task task;
    task.key = {QStringLiteral("replicate"), QStringLiteral("p%1").arg(++next)};
    task.model = model;
    task.status = status;
    task.createdAt = utc(created);
    if (status == PredictionStatus::Succeeded)
        task.imageCount = images;
    return task;
}

Task timed(const QString &model, PredictionStatus status, double startToEnd, std::optional<double> predictTime = {})
{
    Task made = task(model, status, "2026-12-03T02:00:00Z");
    if (startToEnd > 0) {
        made.startedAt = made.createdAt;
        made.completedAt = made.createdAt.addMSecs(qint64(startToEnd * 1000));
    }
    made.predictTime = predictTime;
    return made;
}

int dayIndex(const UsageSummary &summary, const QDate &date)
{
    for (int i = 0; i < summary.days.size(); ++i) {
        if (summary.days.at(i).date == date)
            return i;
    }
    return -1;
}

} // namespace

class tst_UsageStats final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void daysAreLocal();
    void spendPerModelAndCurrency();
    void unknownAndPendingApart();
    void successesAgainstFailures();
    void medianRunTime();
    void modelsAndLegendNames();
    void shortModelName_data();
    void shortModelName();
    void onlyTheGivenRows();
    void givesUpWhenSuperseded();
    void hundredThousandTasks();
};

void tst_UsageStats::initTestCase()
{
    QVERIFY(shanghai.isValid());
}

void tst_UsageStats::daysAreLocal()
{
    // Shanghai is UTC+8: 15:59 UTC is 23:59 of the same day there, 16:01 UTC is 00:01 of the next.
    const QList<Task> tasks{
        task(schnell, PredictionStatus::Succeeded, "2026-12-02T15:59:00Z"),
        task(schnell, PredictionStatus::Succeeded, "2026-12-02T16:01:00Z", 2),
        task(schnell, PredictionStatus::Succeeded, "2026-11-03T16:00:00Z", 3), // 4 Nov 00:00: the first day
        task(schnell, PredictionStatus::Succeeded, "2026-11-03T15:59:59Z", 4), // 3 Nov: before the span
        task(schnell, PredictionStatus::Succeeded, "2026-12-03T16:00:00Z", 5), // 4 Dec: after today
    };
    const UsageSummary summary = UsageStats::aggregate(tasks, PriceTable::defaults(), today, shanghai);
    QCOMPARE(summary.days.size(), 30);
    QCOMPARE(summary.days.first().date, QDate(2026, 11, 4));
    QCOMPARE(summary.days.last().date, today);
    QCOMPARE(summary.taskCount, 3);
    QCOMPARE(summary.days.at(dayIndex(summary, QDate(2026, 12, 2))).images.value(schnell), 1);
    QCOMPARE(summary.days.last().images.value(schnell), 2);
    QCOMPARE(summary.days.first().images.value(schnell), 3);
    QCOMPARE(UsageStats::dayOf(tasks.at(1), shanghai), today);
    QCOMPARE(UsageStats::dayOf(tasks.at(1), QTimeZone::utc()), QDate(2026, 12, 2));

    // The same tasks counted in UTC move across the boundary.
    const UsageSummary inUtc = UsageStats::aggregate(tasks, PriceTable::defaults(), QDate(2026, 12, 2),
                                                     QTimeZone::utc());
    QCOMPARE(inUtc.days.last().images.value(schnell), 3);
}

void tst_UsageStats::spendPerModelAndCurrency()
{
    QList<PriceRule> rules = PriceTable::defaults().rules();
    rules.append({QStringLiteral("quickrouter"), schnell, PriceUnit::PerImage, {0.02, QStringLiteral("CNY")}});
    Task relayed = task(schnell, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z", 4);
    relayed.key.provider = QStringLiteral("quickrouter");
    const QList<Task> tasks{
        task(schnell, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z", 4),
        task(schnell, PredictionStatus::Succeeded, "2026-12-03T02:00:00Z", 1),
        task(dev, PredictionStatus::Succeeded, "2026-12-03T03:00:00Z", 2),
        task(dev, PredictionStatus::Succeeded, "2026-12-01T03:00:00Z", 1),
        task(schnell, PredictionStatus::Failed, "2026-12-03T03:00:00Z"), // known: nothing charged
        relayed,
    };
    const UsageSummary summary = UsageStats::aggregate(tasks, PriceTable(rules), today, shanghai);
    QCOMPARE(summary.currencies, (QStringList{QStringLiteral("CNY"), QStringLiteral("USD")}));
    const int last = summary.days.size() - 1;
    QCOMPARE(summary.spendOn(last, QStringLiteral("USD"), schnell), 5 * 0.003);
    QCOMPARE(summary.spendOn(last, QStringLiteral("USD"), dev), 2 * 0.025);
    QCOMPARE(summary.spendOn(last - 2, QStringLiteral("USD"), dev), 0.025);
    QCOMPARE(summary.spendOn(last, QStringLiteral("CNY"), schnell), 4 * 0.02);
    QCOMPARE(summary.spendOn(last, QStringLiteral("CNY"), dev), 0.0);
    QCOMPARE(summary.totalSpend(QStringLiteral("USD")), 5 * 0.003 + 3 * 0.025);
    QCOMPARE(summary.days.last().images.value(schnell), 9);
    QCOMPARE(summary.days.last().images.value(dev), 2);
    QCOMPARE(summary.unknownCost, 0);
}

void tst_UsageStats::unknownAndPendingApart()
{
    const QList<Task> tasks{
        task(mystery, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z", 3),
        task(mystery, PredictionStatus::Succeeded, "2026-12-02T01:00:00Z", 1),
        task(schnell, PredictionStatus::Processing, "2026-12-03T01:00:00Z"),
        task(schnell, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z", 1),
    };
    const UsageSummary summary = UsageStats::aggregate(tasks, PriceTable::defaults(), today, shanghai);
    QCOMPARE(summary.unknownCost, 2);
    QCOMPARE(summary.days.last().unknownCost, 1);
    QCOMPARE(summary.pendingCost, 1);
    QCOMPARE(summary.days.last().pendingCost, 1);
    // Unknown is not zero: the model has no spend at all, while its images still count.
    QVERIFY(!summary.days.last().spend.value(QStringLiteral("USD")).contains(mystery));
    QCOMPARE(summary.totalSpend(QStringLiteral("USD")), 0.003);
    QCOMPARE(summary.days.last().images.value(mystery), 3);
    QVERIFY(summary.models.contains(mystery));
}

void tst_UsageStats::successesAgainstFailures()
{
    const QList<Task> tasks{
        task(schnell, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z"),
        task(dev, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z"),
        task(schnell, PredictionStatus::Failed, "2026-12-03T01:00:00Z"),
        task(schnell, PredictionStatus::Canceled, "2026-12-03T01:00:00Z"),
        task(schnell, PredictionStatus::Aborted, "2026-12-03T01:00:00Z"),
        task(schnell, PredictionStatus::Processing, "2026-12-03T01:00:00Z"),
        task(schnell, PredictionStatus::Starting, "2026-12-03T01:00:00Z"),
        task(schnell, PredictionStatus::Failed, "2026-12-01T01:00:00Z"),
    };
    const UsageSummary summary = UsageStats::aggregate(tasks, PriceTable::defaults(), today, shanghai);
    QCOMPARE(summary.days.last().succeeded, 2);
    QCOMPARE(summary.days.last().failed, 3);
    QCOMPARE(summary.days.at(summary.days.size() - 3).failed, 1);
    QCOMPARE(summary.taskCount, 8);
}

void tst_UsageStats::medianRunTime()
{
    const QList<Task> tasks{
        timed(schnell, PredictionStatus::Succeeded, 2),
        timed(schnell, PredictionStatus::Succeeded, 10),
        timed(schnell, PredictionStatus::Succeeded, 4),
        timed(schnell, PredictionStatus::Failed, 60), // a failure's time is not a run's
        timed(dev, PredictionStatus::Succeeded, 3),
        timed(dev, PredictionStatus::Succeeded, 0, 6.0), // no start and end: predict_time
        timed(dev, PredictionStatus::Succeeded, 0),      // neither: not counted
        timed(mystery, PredictionStatus::Failed, 8),
    };
    const UsageSummary summary = UsageStats::aggregate(tasks, PriceTable::defaults(), today, shanghai);
    QCOMPARE(summary.runTimes.size(), 2);
    QCOMPARE(summary.runTimes.at(0).model, dev); // slowest first
    QCOMPARE(summary.runTimes.at(0).medianSeconds, 4.5);
    QCOMPARE(summary.runTimes.at(0).runs, 2);
    QCOMPARE(summary.runTimes.at(1).model, schnell);
    QCOMPARE(summary.runTimes.at(1).medianSeconds, 4.0);
    QCOMPARE(summary.runTimes.at(1).runs, 3);
}

void tst_UsageStats::modelsAndLegendNames()
{
    const QString otherFlux = QStringLiteral("someone-else/flux-schnell");
    const QList<Task> tasks{
        task(dev, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z", 1),
        task(schnell, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z", 4),
        task(otherFlux + QStringLiteral(":0123abcd"), PredictionStatus::Failed, "2026-12-03T01:00:00Z"),
    };
    const UsageSummary summary = UsageStats::aggregate(tasks, PriceTable::defaults(), today, shanghai);
    QCOMPARE(summary.models, (QStringList{schnell, dev, otherFlux}));
    QCOMPARE(UsageStats::legendNames(summary.models), (QStringList{schnell, QStringLiteral("flux-dev"), otherFlux}));
}

void tst_UsageStats::shortModelName_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("name");
    QTest::newRow("owner/name") << schnell << QStringLiteral("flux-schnell");
    QTest::newRow("version") << QStringLiteral("a/sdxl:39ed52f2") << QStringLiteral("sdxl");
    QTest::newRow("bare") << QStringLiteral("flux") << QStringLiteral("flux");
    QTest::newRow("empty") << QString() << QString();
}

void tst_UsageStats::shortModelName()
{
    QFETCH(QString, model);
    QFETCH(QString, name);
    QCOMPARE(UsageStats::shortModelName(model), name);
}

void tst_UsageStats::onlyTheGivenRows()
{
    const QList<Task> tasks{
        task(schnell, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z", 1),
        task(dev, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z", 1),
        task(schnell, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z", 2),
    };
    const UsageSummary summary = UsageStats::aggregate(tasks, QList<int>{0, 2}, PriceTable::defaults(), today,
                                                       shanghai);
    QCOMPARE(summary.taskCount, 2);
    QCOMPARE(summary.models, QStringList{schnell});
    QCOMPARE(summary.days.last().images.value(schnell), 3);
}

void tst_UsageStats::givesUpWhenSuperseded()
{
    const QList<Task> tasks{task(schnell, PredictionStatus::Succeeded, "2026-12-03T01:00:00Z")};
    const std::atomic<bool> cancel{true};
    const UsageSummary summary = UsageStats::aggregate(tasks, QList<int>{0}, PriceTable::defaults(), today, shanghai,
                                                       30, &cancel);
    QVERIFY(summary.superseded);
    QCOMPARE(summary.taskCount, 0);
}

void tst_UsageStats::hundredThousandTasks()
{
    // Not timed as an assertion: the time is logged, for the README's figures.
    const QStringList models{schnell, dev, QStringLiteral("black-forest-labs/flux-1.1-pro"), mystery};
    QList<Task> tasks;
    tasks.reserve(100000);
    const QDateTime start = utc("2026-11-01T00:00:00Z");
    for (int i = 0; i < 100000; ++i) {
        Task made;
        made.key = {QStringLiteral("replicate"), QStringLiteral("t%1").arg(i)};
        made.model = models.at(i % models.size());
        made.status = i % 10 == 0 ? PredictionStatus::Failed : PredictionStatus::Succeeded;
        made.createdAt = start.addSecs(qint64(i) * 30); // a month and a bit
        made.startedAt = made.createdAt;
        made.completedAt = made.createdAt.addMSecs(1000 + (i % 7) * 500);
        made.imageCount = 1 + i % 4;
        tasks.append(made);
    }
    QElapsedTimer timer;
    timer.start();
    const UsageSummary summary = UsageStats::aggregate(tasks, PriceTable::defaults(), today, QTimeZone::utc());
    const qint64 elapsed = timer.elapsed();
    qInfo("aggregating 100 000 tasks: %lld ms (%d in the last 30 days)", elapsed, summary.taskCount);
    // Counted again the slow way, one time zone conversion per task.
    int inSpan = 0;
    int unpriced = 0;
    for (const Task &made : std::as_const(tasks)) {
        const QDate day = UsageStats::dayOf(made, QTimeZone::utc());
        if (day > today.addDays(-30) && day <= today) {
            ++inSpan;
            unpriced += made.model == mystery ? 1 : 0;
        }
    }
    QCOMPARE(summary.taskCount, inSpan);
    QVERIFY(inSpan > 80000);
    QCOMPARE(summary.unknownCost, unpriced);
    QCOMPARE(summary.runTimes.size(), 4);
}

QTEST_GUILESS_MAIN(tst_UsageStats)
#include "tst_usagestats.moc"
