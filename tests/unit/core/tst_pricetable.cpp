// What a task costs: each price unit, the endings that are charged and those that are not, models nobody
// priced ("unknown", never 0), totals over currencies, and the table as the settings file keeps it.
#include "CostText.h"
#include "PriceTable.h"
#include "Task.h"

#include <QLocale>
#include <QCoreApplication>
#include <QTest>
#include <QTranslator>

namespace {

Task task(const QString &provider, const QString &model, PredictionStatus status)
{
    Task task;
    task.key = {provider, QStringLiteral("p1")};
    task.model = model;
    task.status = status;
    return task;
}

const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");
const QLocale english(QLocale::English, QLocale::UnitedStates);

} // namespace

class tst_PriceTable final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void perImage();
    void perSecondAndPerRun();
    void unknownModelIsNeverZero();
    void relayRowsAreTheirOwn();
    void totals();
    void money_data();
    void money();
    void jsonRoundTrip();
    void badJsonSaysWhichRow();
};

void tst_PriceTable::perImage()
{
    const PriceTable prices = PriceTable::defaults();
    Task four = task(QStringLiteral("replicate"), schnell, PredictionStatus::Succeeded);
    four.imageCount = 4;
    TaskCost cost = prices.costOf(four);
    QCOMPARE(cost.kind, TaskCost::Kind::Known);
    QCOMPARE(cost.money.currency, QStringLiteral("USD"));
    QCOMPARE(qRound(cost.money.amount * 1000), 12);

    // Without metrics, the outputs count; a version suffix does not hide the model.
    Task two = task(QStringLiteral("replicate"), schnell + QStringLiteral(":5599ed30"), PredictionStatus::Succeeded);
    two.outputUrlTexts = {QStringLiteral("https://x/a.png"), QStringLiteral("https://x/b.png")};
    QCOMPARE(qRound(prices.costOf(two).money.amount * 1000), 6);

    // A failed run made no image: nothing to pay, and that is known.
    const TaskCost failed = prices.costOf(task(QStringLiteral("replicate"), schnell, PredictionStatus::Failed));
    QCOMPARE(failed.kind, TaskCost::Kind::Known);
    QCOMPARE(failed.money.amount, 0.0);
    // Still running: not a cost yet.
    QCOMPARE(prices.costOf(task(QStringLiteral("replicate"), schnell, PredictionStatus::Processing)).kind,
             TaskCost::Kind::Pending);
    // A success whose outputs are gone and were never counted cannot be priced.
    QCOMPARE(prices.costOf(task(QStringLiteral("replicate"), schnell, PredictionStatus::Succeeded)).kind,
             TaskCost::Kind::Unknown);
}

void tst_PriceTable::perSecondAndPerRun()
{
    const PriceTable prices({
        {QStringLiteral("replicate"), QStringLiteral("me/timed"), PriceUnit::PerSecond, {0.0014, QStringLiteral("USD")}},
        {QStringLiteral("replicate"), QStringLiteral("me/flat"), PriceUnit::PerRun, {0.5, QStringLiteral("USD")}},
    });
    Task timed = task(QStringLiteral("replicate"), QStringLiteral("me/timed"), PredictionStatus::Canceled);
    timed.predictTime = 10.0;
    // Time is charged whatever the ending.
    QCOMPARE(qRound(prices.costOf(timed).money.amount * 10000), 140);
    Task flat = task(QStringLiteral("replicate"), QStringLiteral("me/flat"), PredictionStatus::Succeeded);
    QCOMPARE(prices.costOf(flat).money.amount, 0.5);
    flat.status = PredictionStatus::Failed;
    QCOMPARE(prices.costOf(flat).money.amount, 0.0);
}

void tst_PriceTable::unknownModelIsNeverZero()
{
    QTranslator plurals;
    QVERIFY(plurals.load(QStringLiteral(":/i18n/replimon_en.qm")));
    QCoreApplication::installTranslator(&plurals);
    Task other = task(QStringLiteral("replicate"), QStringLiteral("someone/sdxl"), PredictionStatus::Succeeded);
    other.imageCount = 1;
    const TaskCost cost = PriceTable::defaults().costOf(other);
    QCOMPARE(cost.kind, TaskCost::Kind::Unknown);
    CostTotal total;
    total.add(cost);
    QCOMPARE(CostText::total(total, 1, false, english), QStringLiteral("Cost: unknown (1 task)"));
}

void tst_PriceTable::relayRowsAreTheirOwn()
{
    Task relayed = task(QStringLiteral("quickrouter"), schnell, PredictionStatus::Succeeded);
    relayed.imageCount = 1;
    // Replicate's price says nothing of what a relay charges.
    QCOMPARE(PriceTable::defaults().costOf(relayed).kind, TaskCost::Kind::Unknown);
    QList<PriceRule> rules = PriceTable::defaults().rules();
    rules.append({QStringLiteral("quickrouter"), schnell, PriceUnit::PerImage, {0.02, QStringLiteral("CNY")}});
    const TaskCost cost = PriceTable(rules).costOf(relayed);
    QCOMPARE(cost.money, (Money{0.02, QStringLiteral("CNY")}));
    // The demo's simulator is priced as Replicate.
    Task demo = task(QStringLiteral("demo"), schnell, PredictionStatus::Succeeded);
    demo.imageCount = 1;
    QCOMPARE(PriceTable::defaults().costOf(demo).money, (Money{0.003, QStringLiteral("USD")}));
}

void tst_PriceTable::totals()
{
    // The English catalogue's plural forms, as the app speaks: "1 task", "6 tasks".
    QTranslator plurals;
    QVERIFY(plurals.load(QStringLiteral(":/i18n/replimon_en.qm")));
    QCoreApplication::installTranslator(&plurals);
    CostTotal total;
    total.add({TaskCost::Kind::Known, {0.003, QStringLiteral("USD")}});
    total.add({TaskCost::Kind::Known, {1.2, QStringLiteral("USD")}});
    QCOMPARE(total.moneyText(english), QStringLiteral("$1.203"));
    total.add({TaskCost::Kind::Known, {4.5, QStringLiteral("CNY")}});
    total.add({TaskCost::Kind::Pending, {0, QStringLiteral("USD")}});
    QCOMPARE(total.moneyText(english), QStringLiteral("¥4.50 + $1.203"));
    total.add({TaskCost::Kind::Unknown, {}});
    total.add({TaskCost::Kind::Unknown, {}});
    QCOMPARE(CostText::total(total, 6, false, english),
             QStringLiteral("Cost: ¥4.50 + $1.203 (6 tasks), 2 unknown, 1 running"));
    QCOMPARE(total.knownCount(), 3);
    QCOMPARE(total.pendingCount(), 1);
    QCOMPARE(CostTotal().moneyText(english), QString());
}

void tst_PriceTable::money_data()
{
    QTest::addColumn<double>("amount");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<QString>("text");
    QTest::newRow("a schnell image") << 0.003 << QStringLiteral("USD") << QStringLiteral("$0.003");
    QTest::newRow("cents") << 12.5 << QStringLiteral("USD") << QStringLiteral("$12.50");
    QTest::newRow("yuan") << 0.2 << QStringLiteral("CNY") << QStringLiteral("¥0.20");
    QTest::newRow("rounded to 4") << 0.000123 << QStringLiteral("USD") << QStringLiteral("$0.0001");
    QTest::newRow("other code") << 3.0 << QStringLiteral("GBP") << QStringLiteral("3.00 GBP");
}

void tst_PriceTable::money()
{
    QFETCH(double, amount);
    QFETCH(QString, currency);
    QFETCH(QString, text);
    QCOMPARE(PriceTable::formatMoney({amount, currency}, english), text);
    // The C locale of scripts and services reads as English, never "0.003$".
    QCOMPARE(PriceTable::formatMoney({amount, currency}, QLocale::c()), text);
}

void tst_PriceTable::jsonRoundTrip()
{
    QList<PriceRule> rules = PriceTable::defaults().rules();
    rules.append({QStringLiteral("anyapi"),
                  QStringLiteral("black-forest-labs/flux-dev"),
                  PriceUnit::PerSecond,
                  {0.01, QStringLiteral("CNY")}});
    const PriceTable table(rules);
    const Result<PriceTable, QString> read = PriceTable::fromJson(table.toJson());
    QVERIFY(read.ok());
    QCOMPARE(read.value().rules().size(), rules.size());
    QVERIFY(read.value() == table);
}

void tst_PriceTable::badJsonSaysWhichRow()
{
    QCOMPARE(
        PriceTable::fromJson(R"([{"provider":"replicate","model":"a/b","unit":"image","price":0.1,"currency":"USD"},
                                      {"provider":"replicate","model":"a/c","unit":"minute","price":0.1,"currency":"USD"}])")
            .error(),
        QStringLiteral("Row 2 of the price table is incomplete or invalid."));
    QVERIFY(!PriceTable::fromJson(R"([{"provider":"x","model":"a/b","unit":"run","price":-1,"currency":"USD"}])").ok());
    QVERIFY(PriceTable::fromJson("{").error().startsWith(QStringLiteral("The price table is not a JSON array")));
}

QTEST_GUILESS_MAIN(tst_PriceTable)
#include "tst_pricetable.moc"
