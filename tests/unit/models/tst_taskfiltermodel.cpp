// TaskFilterModel over TaskTableModel over a real TaskStore: status and text filters (debounced), sorting on
// the raw role with a stable tie-break, and rows that follow live updates. The order of sort values of every
// kind, on any source model, is tst_taskfiltersort's.
#include "TaskFilterModel.h"
#include "DisplayText.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "TestTasks.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using TestTasks::make;
using StatusFilter = TaskFilterModel::StatusFilter;

namespace {

const QString provider = QStringLiteral("replicate");

} // namespace

class tst_TaskFilterModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsEverythingByDefault();
    void statusFilter_data();
    void statusFilter();
    void textFilter_data();
    void textFilter();
    void filtersCombine();
    void capturedFilterAndUserAgentSearch();
    void starredFilterFollowsStars();
    void filterChangesAreDebounced();
    void rowsFollowLiveUpdates();
    void sortsOnRawValues();
    void equalValuesKeepSourceOrder();
    void unknownValuesSortLast();
    void filterChangeKeepsOrderAndSelection();
    void largeTableSortsAndFiltersAsASmallOne();

private:
    QStringList visibleIds() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TaskStore> m_store;
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<TaskFilterModel> m_filter;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_TaskFilterModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_TaskFilterModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<TaskStore>();
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("tasks.sqlite"))).ok());
    m_model = std::make_unique<TaskTableModel>(*m_store);
    m_filter = std::make_unique<TaskFilterModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_filter.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_filter->setSourceModel(m_model.get());

    // Eight tasks: one per status, a second success, and one never fetched.
    const QStringList ids{QStringLiteral("t0-waiting"), QStringLiteral("t1-start"), QStringLiteral("t2-proc"),
                          QStringLiteral("t3-ok"),      QStringLiteral("t4-fail"),  QStringLiteral("t5-cancel"),
                          QStringLiteral("t6-abort"),   QStringLiteral("t7-ok")};
    QVERIFY(m_store->add(provider, ids).ok());

    auto spec = [](const QString &id, const QString &status, const QString &prompt, const QString &model) {
        TestTasks::Spec s;
        s.id = id;
        s.status = status;
        s.prompt = prompt;
        s.model = model;
        return make(s);
    };
    const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");
    const QString kontext = QStringLiteral("black-forest-labs/flux-kontext-pro");
    QVERIFY(m_store
                ->update(provider,
                         {spec(ids.at(1), QStringLiteral("starting"), QStringLiteral("A Cat on a mat"), schnell),
                          spec(ids.at(2), QStringLiteral("processing"), QStringLiteral("a dog"), kontext),
                          spec(ids.at(3), QStringLiteral("succeeded"), QStringLiteral("concatenate"), schnell),
                          spec(ids.at(4), QStringLiteral("failed"), QStringLiteral("a bird"), kontext),
                          spec(ids.at(5), QStringLiteral("canceled"), QStringLiteral("a fish"), schnell),
                          spec(ids.at(6), QStringLiteral("aborted"), QStringLiteral("a horse"), kontext),
                          spec(ids.at(7), QStringLiteral("succeeded"), QStringLiteral("a mouse"), kontext)})
                .ok());
}

void tst_TaskFilterModel::cleanup()
{
    m_tester.reset();
    m_filter.reset();
    m_model.reset();
    m_store.reset();
    m_dir.reset();
}

QStringList tst_TaskFilterModel::visibleIds() const
{
    QStringList ids;
    for (int row = 0; row < m_filter->rowCount(); ++row)
        ids.append(m_filter->index(row, TaskTableModel::Id).data().toString());
    return ids;
}

void tst_TaskFilterModel::showsEverythingByDefault()
{
    QCOMPARE(m_filter->rowCount(), 8);
    QCOMPARE(m_filter->statusFilter(), StatusFilter::All);
    QCOMPARE(m_filter->sortRole(), int(TaskTableModel::SortRole));
    QVERIFY(m_filter->dynamicSortFilter());
}

void tst_TaskFilterModel::statusFilter_data()
{
    QTest::addColumn<StatusFilter>("filter");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("all") << StatusFilter::All << QStringList{QStringLiteral("t0-waiting"), QStringLiteral("t1-start"),
                                                             QStringLiteral("t2-proc"),    QStringLiteral("t3-ok"),
                                                             QStringLiteral("t4-fail"),    QStringLiteral("t5-cancel"),
                                                             QStringLiteral("t6-abort"),   QStringLiteral("t7-ok")};
    QTest::newRow("active") << StatusFilter::Active
                            << QStringList{QStringLiteral("t0-waiting"), QStringLiteral("t1-start"),
                                           QStringLiteral("t2-proc")};
    QTest::newRow("succeeded") << StatusFilter::Succeeded
                               << QStringList{QStringLiteral("t3-ok"), QStringLiteral("t7-ok")};
    QTest::newRow("failed") << StatusFilter::Failed << QStringList{QStringLiteral("t4-fail")};
    QTest::newRow("canceled or aborted") << StatusFilter::CanceledOrAborted
                                         << QStringList{QStringLiteral("t5-cancel"), QStringLiteral("t6-abort")};
}

void tst_TaskFilterModel::statusFilter()
{
    QFETCH(StatusFilter, filter);
    QFETCH(QStringList, expected);
    m_filter->setStatusFilter(filter);
    m_filter->applyNow();
    QCOMPARE(visibleIds(), expected);
}

void tst_TaskFilterModel::textFilter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("prompt, any case") << QStringLiteral("CAT")
                                      << QStringList{QStringLiteral("t1-start"), QStringLiteral("t3-ok")};
    QTest::newRow("id") << QStringLiteral("t4-") << QStringList{QStringLiteral("t4-fail")};
    QTest::newRow("model") << QStringLiteral("kontext")
                           << QStringList{QStringLiteral("t2-proc"), QStringLiteral("t4-fail"),
                                          QStringLiteral("t6-abort"), QStringLiteral("t7-ok")};
    QTest::newRow("surrounding spaces ignored") << QStringLiteral("  mouse ") << QStringList{QStringLiteral("t7-ok")};
    QTest::newRow("nothing") << QStringLiteral("zebra") << QStringList{};
}

void tst_TaskFilterModel::textFilter()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    m_filter->setSearchText(text);
    m_filter->applyNow();
    QCOMPARE(visibleIds(), expected);
    m_filter->setSearchText(QString());
    m_filter->applyNow();
    QCOMPARE(m_filter->rowCount(), 8);
}

void tst_TaskFilterModel::filtersCombine()
{
    m_filter->setStatusFilter(StatusFilter::Succeeded);
    m_filter->setSearchText(QStringLiteral("schnell"));
    m_filter->applyNow();
    QCOMPARE(visibleIds(), QStringList{QStringLiteral("t3-ok")});
}

void tst_TaskFilterModel::capturedFilterAndUserAgentSearch()
{
    // Two tracked tasks pass through the capture endpoint (one caller sent no User-Agent); a third is new.
    QVERIFY(m_store
                ->recordCaptured(provider, QStringLiteral("replicate-python/0.34.1"),
                                 {TestTasks::make(QStringLiteral("t3-ok"), QStringLiteral("succeeded")),
                                  TestTasks::make(QStringLiteral("t8-new"), QStringLiteral("processing"))})
                .ok());
    QVERIFY(m_store
                ->recordCaptured(provider, QString(),
                                 {TestTasks::make(QStringLiteral("t4-fail"), QStringLiteral("failed"))})
                .ok());
    m_filter->applyNow();
    QCOMPARE(m_filter->rowCount(), 9);

    m_filter->setStatusFilter(StatusFilter::Captured);
    m_filter->applyNow();
    QCOMPARE(visibleIds(), (QStringList{QStringLiteral("t3-ok"), QStringLiteral("t4-fail"), QStringLiteral("t8-new")}));

    // The search reads the caller's User-Agent, alone or with the captured filter; not the word "Added".
    m_filter->setSearchText(QStringLiteral("PYTHON"));
    m_filter->applyNow();
    QCOMPARE(visibleIds(), (QStringList{QStringLiteral("t3-ok"), QStringLiteral("t8-new")}));
    m_filter->setStatusFilter(StatusFilter::All);
    m_filter->applyNow();
    QCOMPARE(visibleIds(), (QStringList{QStringLiteral("t3-ok"), QStringLiteral("t8-new")}));
    m_filter->setSearchText(DisplayText::sourceName(false));
    m_filter->applyNow();
    QCOMPARE(visibleIds(), QStringList{});

    // A task captured later joins the filter as it changes.
    m_filter->setSearchText(QString());
    m_filter->setStatusFilter(StatusFilter::Captured);
    m_filter->applyNow();
    QVERIFY(m_store
                ->recordCaptured(provider, QStringLiteral("curl/8.5.0"),
                                 {TestTasks::make(QStringLiteral("t7-ok"), QStringLiteral("succeeded"))})
                .ok());
    QCOMPARE(visibleIds(),
             (QStringList{QStringLiteral("t3-ok"), QStringLiteral("t4-fail"), QStringLiteral("t7-ok"),
                          QStringLiteral("t8-new")}));
}

void tst_TaskFilterModel::starredFilterFollowsStars()
{
    const TaskKey ok{provider, QStringLiteral("t3-ok")};
    const TaskKey failed{provider, QStringLiteral("t4-fail")};
    QVERIFY(m_store->setStarred({ok, failed}, true).ok());
    m_filter->setStatusFilter(StatusFilter::Starred);
    m_filter->applyNow();
    QCOMPARE(visibleIds(), (QStringList{QStringLiteral("t3-ok"), QStringLiteral("t4-fail")}));
    // Unstarred while the filter is on: it leaves the view at once; starred: it comes in.
    QVERIFY(m_store->setStarred({failed}, false).ok());
    QCOMPARE(visibleIds(), QStringList{QStringLiteral("t3-ok")});
    m_filter->setSearchText(QStringLiteral("nothing like it"));
    m_filter->applyNow();
    QCOMPARE(visibleIds(), QStringList{});
}

void tst_TaskFilterModel::filterChangesAreDebounced()
{
    QSignalSpy applied(m_filter.get(), &TaskFilterModel::filterApplied);

    // Typing: nothing happens per keystroke; one re-filter after the pause.
    for (const QString &text : {QStringLiteral("m"), QStringLiteral("mo"), QStringLiteral("mou")})
        m_filter->setSearchText(text);
    QCOMPARE(m_filter->rowCount(), 8);
    QCOMPARE(m_filter->searchText(), QStringLiteral("mou"));
    QVERIFY(applied.wait(5000));
    QCOMPARE(applied.count(), 1);
    QCOMPARE(visibleIds(), QStringList{QStringLiteral("t7-ok")});

    // A status change is not applied synchronously either.
    m_filter->setSearchText(QString());
    m_filter->setStatusFilter(StatusFilter::Failed);
    QCOMPARE(m_filter->rowCount(), 1);
    QVERIFY(applied.wait(5000));
    QCOMPARE(applied.count(), 2);
    QCOMPARE(visibleIds(), QStringList{QStringLiteral("t4-fail")});

    // Setting what is already set schedules nothing.
    m_filter->setStatusFilter(StatusFilter::Failed);
    m_filter->applyNow();
    QCOMPARE(applied.count(), 2);
}

void tst_TaskFilterModel::rowsFollowLiveUpdates()
{
    m_filter->setStatusFilter(StatusFilter::Active);
    m_filter->applyNow();
    QCOMPARE(visibleIds(),
             (QStringList{QStringLiteral("t0-waiting"), QStringLiteral("t1-start"), QStringLiteral("t2-proc")}));

    QSignalSpy sourceReset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy sourceLayout(m_model.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy proxyReset(m_filter.get(), &QAbstractItemModel::modelReset);

    // t1 finishes and leaves the Active view; t5 is refreshed into processing (e.g. a resubmission) and joins.
    QVERIFY(m_store
                ->update(provider,
                         {make(QStringLiteral("t1-start"), QStringLiteral("succeeded")),
                          make(QStringLiteral("t5-cancel"), QStringLiteral("processing"))})
                .ok());
    QCOMPARE(visibleIds(),
             (QStringList{QStringLiteral("t0-waiting"), QStringLiteral("t2-proc"), QStringLiteral("t5-cancel")}));

    QVERIFY(m_store->add(provider, {QStringLiteral("t8-new")}).ok());
    QCOMPARE(visibleIds().constLast(), QStringLiteral("t8-new"));
    QVERIFY(m_store->remove({{provider, QStringLiteral("t0-waiting")}}).ok());
    QCOMPARE(visibleIds(),
             (QStringList{QStringLiteral("t2-proc"), QStringLiteral("t5-cancel"), QStringLiteral("t8-new")}));

    QCOMPARE(sourceReset.count(), 0);
    QCOMPARE(sourceLayout.count(), 0);
    QCOMPARE(proxyReset.count(), 0);
}

void tst_TaskFilterModel::sortsOnRawValues()
{
    // Predict times whose text would sort wrongly: "10.50 s" < "9.00 s" as strings.
    const QList<std::pair<QString, QString>> times{{QStringLiteral("t3-ok"), QStringLiteral("10.5")},
                                                   {QStringLiteral("t7-ok"), QStringLiteral("9")},
                                                   {QStringLiteral("t4-fail"), QStringLiteral("100.25")}};
    QList<Prediction> batch;
    for (const auto &[id, seconds] : times) {
        TestTasks::Spec s;
        s.id = id;
        s.status = QStringLiteral("succeeded");
        s.metrics = QStringLiteral("{\"predict_time\":%1}").arg(seconds);
        batch.append(make(s));
    }
    QVERIFY(m_store->update(provider, batch).ok());
    m_filter->setStatusFilter(StatusFilter::Succeeded);
    m_filter->applyNow();

    m_filter->sort(TaskTableModel::PredictTime, Qt::AscendingOrder);
    QCOMPARE(visibleIds(), (QStringList{QStringLiteral("t7-ok"), QStringLiteral("t3-ok"), QStringLiteral("t4-fail")}));
    m_filter->sort(TaskTableModel::PredictTime, Qt::DescendingOrder);
    QCOMPARE(visibleIds(), (QStringList{QStringLiteral("t4-fail"), QStringLiteral("t3-ok"), QStringLiteral("t7-ok")}));

    // Status sorts in lifecycle order, not alphabetically.
    m_filter->setStatusFilter(StatusFilter::All);
    m_filter->applyNow();
    QVERIFY(m_store->update(provider, {make(QStringLiteral("t4-fail"), QStringLiteral("failed"))}).ok());
    m_filter->sort(TaskTableModel::Status, Qt::AscendingOrder);
    QCOMPARE(visibleIds(),
             (QStringList{QStringLiteral("t0-waiting"), QStringLiteral("t1-start"), QStringLiteral("t2-proc"),
                          QStringLiteral("t3-ok"), QStringLiteral("t7-ok"), QStringLiteral("t4-fail"),
                          QStringLiteral("t5-cancel"), QStringLiteral("t6-abort")}));

    // Dynamic sorting: a row whose value changes moves to its place.
    QVERIFY(m_store->update(provider, {make(QStringLiteral("t6-abort"), QStringLiteral("starting"))}).ok());
    QCOMPARE(visibleIds().at(1), QStringLiteral("t1-start"));
    QCOMPARE(visibleIds().at(2), QStringLiteral("t6-abort"));
}

void tst_TaskFilterModel::equalValuesKeepSourceOrder()
{
    // Model: four flux-schnell tasks, three flux-kontext-pro, and an empty one; ties keep insertion order.
    m_filter->sort(TaskTableModel::Model, Qt::AscendingOrder);
    QCOMPARE(visibleIds(),
             (QStringList{QStringLiteral("t0-waiting"), QStringLiteral("t2-proc"), QStringLiteral("t4-fail"),
                          QStringLiteral("t6-abort"), QStringLiteral("t7-ok"), QStringLiteral("t1-start"),
                          QStringLiteral("t3-ok"), QStringLiteral("t5-cancel")}));
    // Sorting again (or the other way and back) gives exactly the same order.
    m_filter->sort(TaskTableModel::Model, Qt::DescendingOrder);
    QCOMPARE(visibleIds(),
             (QStringList{QStringLiteral("t5-cancel"), QStringLiteral("t3-ok"), QStringLiteral("t1-start"),
                          QStringLiteral("t7-ok"), QStringLiteral("t6-abort"), QStringLiteral("t4-fail"),
                          QStringLiteral("t2-proc"), QStringLiteral("t0-waiting")}));
    m_filter->sort(TaskTableModel::Model, Qt::AscendingOrder);
    const QStringList first = visibleIds();
    m_filter->sort(TaskTableModel::Model, Qt::AscendingOrder);
    QCOMPARE(visibleIds(), first);

    // All creation times are equal in this data set: pure insertion order.
    m_filter->sort(TaskTableModel::Created, Qt::AscendingOrder);
    QCOMPARE(visibleIds().mid(0, 7),
             (QStringList{QStringLiteral("t1-start"), QStringLiteral("t2-proc"), QStringLiteral("t3-ok"),
                          QStringLiteral("t4-fail"), QStringLiteral("t5-cancel"), QStringLiteral("t6-abort"),
                          QStringLiteral("t7-ok")}));
}

void tst_TaskFilterModel::unknownValuesSortLast()
{
    // t0 was never fetched: no creation time. It goes after every known time when ascending.
    m_filter->sort(TaskTableModel::Created, Qt::AscendingOrder);
    QCOMPARE(visibleIds().constLast(), QStringLiteral("t0-waiting"));
    m_filter->sort(TaskTableModel::Created, Qt::DescendingOrder);
    QCOMPARE(visibleIds().constFirst(), QStringLiteral("t0-waiting"));
}

void tst_TaskFilterModel::filterChangeKeepsOrderAndSelection()
{
    // A filter change over a sorted table: the rows shown keep the sort, those still shown stay selected and
    // the current row stays current; rows filtered out leave the selection and do not come back selected.
    m_filter->sort(TaskTableModel::Prompt, Qt::AscendingOrder);
    QItemSelectionModel selection(m_filter.get());
    const auto indexOf = [this](const QString &id) { return m_filter->index(int(visibleIds().indexOf(id)), 0); };
    const auto selectedIds = [this, &selection] {
        QStringList ids;
        for (const QModelIndex &index : selection.selectedRows(TaskTableModel::Id))
            ids.append(index.data().toString());
        ids.sort();
        return ids;
    };
    selection.select(indexOf(QStringLiteral("t4-fail")), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selection.select(indexOf(QStringLiteral("t3-ok")), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selection.setCurrentIndex(indexOf(QStringLiteral("t4-fail")), QItemSelectionModel::NoUpdate);

    // "i": t0's id, t4's id and prompt ("a bird"), t5's prompt ("a fish"); t0 has no prompt yet. Announced as
    // one layout change, not as a removal per span of rows leaving (thousands of them in a large table).
    QSignalSpy removed(m_filter.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy relaid(m_filter.get(), &QAbstractItemModel::layoutChanged);
    m_filter->setSearchText(QStringLiteral("i"));
    m_filter->applyNow();
    QCOMPARE(removed.count(), 0);
    QCOMPARE(relaid.count(), 1);
    QCOMPARE(visibleIds(),
             (QStringList{QStringLiteral("t0-waiting"), QStringLiteral("t4-fail"), QStringLiteral("t5-cancel")}));
    QCOMPARE(selectedIds(), QStringList{QStringLiteral("t4-fail")});
    QCOMPARE(selection.currentIndex().siblingAtColumn(TaskTableModel::Id).data().toString(), QStringLiteral("t4-fail"));

    // A prompt changing while filtered moves its row, and the whole table comes back in the sort's order.
    TestTasks::Spec changed;
    changed.id = QStringLiteral("t5-cancel");
    changed.status = QStringLiteral("canceled");
    changed.prompt = QStringLiteral("a bee fish");
    QVERIFY(m_store->update(provider, {make(changed)}).ok());
    QCOMPARE(visibleIds(),
             (QStringList{QStringLiteral("t0-waiting"), QStringLiteral("t5-cancel"), QStringLiteral("t4-fail")}));
    m_filter->setSearchText(QString());
    m_filter->applyNow();
    QCOMPARE(visibleIds(),
             (QStringList{QStringLiteral("t0-waiting"), QStringLiteral("t5-cancel"), QStringLiteral("t4-fail"),
                          QStringLiteral("t1-start"), QStringLiteral("t2-proc"), QStringLiteral("t6-abort"),
                          QStringLiteral("t7-ok"), QStringLiteral("t3-ok")}));
    QCOMPARE(selectedIds(), QStringList{QStringLiteral("t4-fail")});
    QCOMPARE(selection.currentIndex().siblingAtColumn(TaskTableModel::Id).data().toString(), QStringLiteral("t4-fail"));
}

void tst_TaskFilterModel::largeTableSortsAndFiltersAsASmallOne()
{
    // Enough rows for the keys, the order and the filter's verdicts to be worked out in two halves at once:
    // prompts of mixed case sharing long starts, and tasks never fetched (an empty prompt). The model tester
    // walks every row on each change: the other tests hold the proxy to it.
    m_tester.reset();
    constexpr int total = 24000;
    QStringList ids;
    for (int i = 0; i < total; ++i)
        ids.append(QStringLiteral("big%1").arg(i, 6, 10, QLatin1Char('0')));
    QVERIFY(m_store->add(provider, ids).ok());
    static const char *const starts[] = {"a Lighthouse at dusk, study ", "A lighthouse at dusk, Study ",
                                         "a lighthouse at dawn, study ", "An old harbour, study "};
    QList<Prediction> answers;
    for (int i = 0; i < total; i += 2) {
        TestTasks::Spec spec;
        spec.id = ids.at(i);
        spec.status = QStringLiteral("succeeded");
        spec.prompt = QLatin1String(starts[(i / 2) % 4]) + QString::number((i * 7919) % 5000);
        answers.append(make(spec));
    }
    QVERIFY(m_store->update(provider, answers).ok());

    m_filter->sort(TaskTableModel::Prompt, Qt::AscendingOrder);
    QCOMPARE(m_filter->rowCount(), total + 8);
    const auto inOrder = [this] {
        for (int row = 1; row < m_filter->rowCount(); ++row) {
            const QModelIndex a = m_filter->mapToSource(m_filter->index(row - 1, TaskTableModel::Prompt));
            const QModelIndex b = m_filter->mapToSource(m_filter->index(row, TaskTableModel::Prompt));
            const int c = TaskFilterModel::compareSortValues(a.data(TaskTableModel::SortRole),
                                                             b.data(TaskTableModel::SortRole));
            if (c > 0 || (c == 0 && a.row() > b.row())) {
                qWarning("rows %d and %d: \"%s\" before \"%s\"", row - 1, row, qPrintable(a.data().toString()),
                         qPrintable(b.data().toString()));
                return false;
            }
        }
        return true;
    };
    QVERIFY(inOrder());

    // What the search finds is what a plain case-insensitive look at every task finds, still in order.
    m_filter->setSearchText(QStringLiteral("DUSK, study 1"));
    m_filter->applyNow();
    int expected = 0;
    for (const Task &task : m_store->tasks())
        expected += task.prompt.contains(QStringLiteral("dusk, study 1"), Qt::CaseInsensitive) ? 1 : 0;
    QVERIFY(expected > 1000);
    QCOMPARE(m_filter->rowCount(), expected);
    QVERIFY(inOrder());
    m_filter->setSearchText(QString());
    m_filter->applyNow();
    QCOMPARE(m_filter->rowCount(), total + 8);
    QVERIFY(inOrder());
}

QTEST_MAIN(tst_TaskFilterModel)
#include "tst_taskfiltermodel.moc"
