// The task table's Cost column: what each row shows and sorts as (unknown never 0, empty while running),
// the TaskCost role totals read, and a new price table changing the Cost column alone.
#include "TaskFilterModel.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "TestTasks.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

namespace {

const QString provider = QStringLiteral("replicate");
const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");
const QString dev = QStringLiteral("black-forest-labs/flux-dev");

} // namespace

class tst_CostColumn final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void cellsSayWhatEachTaskCost();
    void sortsByAmountWithUnknownAfter();
    void newPricesChangeTheCostColumnOnly();
    void finishingPricesARunningTask();

private:
    QStringList column(const QAbstractItemModel &model, int column) const;

    QTranslator m_plurals;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TaskStore> m_store;
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_CostColumn::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(m_plurals.load(QStringLiteral(":/i18n/replimon_en.qm")));
    QCoreApplication::installTranslator(&m_plurals);
}

void tst_CostColumn::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<TaskStore>();
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("tasks.sqlite"))).ok());
    // schnell4: 4 images at $0.003; dev1: 1 at $0.025; other: no price; running: not ended; failed: no image.
    const QList<TestTasks::Spec> specs{
        TestTasks::withImages(QStringLiteral("schnell4"), schnell, QStringLiteral("succeeded"), 4),
        TestTasks::withImages(QStringLiteral("other"), QStringLiteral("someone/else"), QStringLiteral("succeeded"), 1),
        TestTasks::withImages(QStringLiteral("dev1"), dev, QStringLiteral("succeeded"), 1),
        TestTasks::withImages(QStringLiteral("running"), schnell, QStringLiteral("processing"), 0),
        TestTasks::withImages(QStringLiteral("failed"), dev, QStringLiteral("failed"), 0)};
    QStringList ids;
    QList<Prediction> predictions;
    for (const TestTasks::Spec &each : specs) {
        ids.append(each.id);
        predictions.append(TestTasks::make(each));
    }
    QVERIFY(m_store->add(provider, ids).ok());
    QVERIFY(m_store->update(provider, predictions).ok());
    m_model = std::make_unique<TaskTableModel>(*m_store);
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setPrices(PriceTable::defaults());
}

void tst_CostColumn::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_store.reset();
    m_dir.reset();
}

QStringList tst_CostColumn::column(const QAbstractItemModel &model, int column) const
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row)
        texts.append(model.index(row, column).data().toString());
    return texts;
}

void tst_CostColumn::cellsSayWhatEachTaskCost()
{
    QCOMPARE(m_model->headerData(TaskTableModel::Cost, Qt::Horizontal).toString(), QStringLiteral("Cost"));
    QCOMPARE(column(*m_model, TaskTableModel::Cost),
             (QStringList{QStringLiteral("$0.012"), QStringLiteral("unknown"), QStringLiteral("$0.025"), QString(),
                          QStringLiteral("$0.00")}));

    const QModelIndex schnell4 = m_model->index(0, TaskTableModel::Cost);
    QCOMPARE(schnell4.data(Qt::ToolTipRole).toString(),
             QStringLiteral("$0.012 (4 images × $0.003, Replicate's price of 12/3/26)"));
    QCOMPARE(m_model->index(1, TaskTableModel::Cost).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Unknown: no price for someone/else at Replicate — set one in Settings → Prices"));
    QVERIFY(Qt::Alignment(schnell4.data(Qt::TextAlignmentRole).toInt()).testFlag(Qt::AlignRight));

    // Totals read the cost itself, from any column.
    const auto cost = m_model->index(0, TaskTableModel::Id).data(TaskTableModel::CostRole).value<TaskCost>();
    QCOMPARE(cost.kind, TaskCost::Kind::Known);
    QCOMPARE(cost.money, (Money{0.012, QStringLiteral("USD")}));
    QCOMPARE(m_model->index(1, 0).data(TaskTableModel::CostRole).value<TaskCost>().kind, TaskCost::Kind::Unknown);
    QCOMPARE(m_model->index(3, 0).data(TaskTableModel::CostRole).value<TaskCost>().kind, TaskCost::Kind::Pending);
}

void tst_CostColumn::sortsByAmountWithUnknownAfter()
{
    TaskFilterModel filter;
    filter.setSourceModel(m_model.get());
    filter.sort(TaskTableModel::Cost, Qt::AscendingOrder);
    // Amounts in order; no amount (unknown, running) after them, in the store's order.
    QCOMPARE(column(filter, TaskTableModel::Id),
             (QStringList{QStringLiteral("failed"), QStringLiteral("schnell4"), QStringLiteral("dev1"),
                          QStringLiteral("other"), QStringLiteral("running")}));
    QCOMPARE(column(filter, TaskTableModel::Cost),
             (QStringList{QStringLiteral("$0.00"), QStringLiteral("$0.012"), QStringLiteral("$0.025"),
                          QStringLiteral("unknown"), QString()}));
    filter.sort(TaskTableModel::Cost, Qt::DescendingOrder);
    QCOMPARE(column(filter, TaskTableModel::Id),
             (QStringList{QStringLiteral("running"), QStringLiteral("other"), QStringLiteral("dev1"),
                          QStringLiteral("schnell4"), QStringLiteral("failed")}));
}

void tst_CostColumn::newPricesChangeTheCostColumnOnly()
{
    TaskFilterModel filter;
    filter.setSourceModel(m_model.get());
    filter.sort(TaskTableModel::Cost, Qt::AscendingOrder);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    QList<PriceRule> rules = PriceTable::defaults().rules();
    for (PriceRule &rule : rules) {
        if (rule.model == schnell)
            rule.price.amount = 0.01;
    }
    rules.append({provider, QStringLiteral("someone/else"), PriceUnit::PerRun, {0.2, QStringLiteral("CNY")}});
    m_model->setPrices(PriceTable(rules));

    QCOMPARE(changed.count(), 1);
    const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.column(), int(TaskTableModel::Cost));
    QCOMPARE(bottomRight.column(), int(TaskTableModel::Cost));
    QCOMPARE(topLeft.row(), 0);
    QCOMPARE(bottomRight.row(), 4);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(column(*m_model, TaskTableModel::Cost),
             (QStringList{QStringLiteral("$0.04"), QStringLiteral("¥0.20"), QStringLiteral("$0.025"), QString(),
                          QStringLiteral("$0.00")}));
    QCOMPARE(m_model->index(1, TaskTableModel::Cost).data(Qt::ToolTipRole).toString(),
             QStringLiteral("¥0.20 (1 run × ¥0.20, your price)"));
    // The sort follows the new amounts, whatever the currency.
    filter.sort(TaskTableModel::Cost, Qt::AscendingOrder);
    QCOMPARE(column(filter, TaskTableModel::Id),
             (QStringList{QStringLiteral("failed"), QStringLiteral("dev1"), QStringLiteral("schnell4"),
                          QStringLiteral("other"), QStringLiteral("running")}));
}

void tst_CostColumn::finishingPricesARunningTask()
{
    QCOMPARE(m_model->index(3, TaskTableModel::Cost).data().toString(), QString());
    QCOMPARE(m_model->index(3, TaskTableModel::Cost).data(Qt::ToolTipRole).toString(),
             QStringLiteral("When it ends: $0.003 per image (Replicate's price of 12/3/26)"));
    QVERIFY(m_store
                ->update(provider,
                         {TestTasks::make(TestTasks::withImages(QStringLiteral("running"), schnell,
                                                                QStringLiteral("succeeded"), 2))})
                .ok());
    QCOMPARE(m_model->index(3, TaskTableModel::Cost).data().toString(), QStringLiteral("$0.006"));
    QCOMPARE(m_model->index(3, 0).data(TaskTableModel::CostRole).value<TaskCost>().money.amount, 0.006);
}

QTEST_MAIN(tst_CostColumn)
#include "tst_costcolumn.moc"
