// TaskTableModel over a real TaskStore: changes reach views as batched inserts, one dataChanged per
// contiguous span and per-span removals (never a reset), and every column formats and sorts as promised.
#include "TaskTableModel.h"
#include "TaskStore.h"
#include "TestTasks.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QIcon>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using TestTasks::make;

namespace {

const QString provider = QStringLiteral("replicate");

QStringList makeIds(int count)
{
    QStringList ids;
    for (int i = 0; i < count; ++i)
        ids.append(QStringLiteral("task%1").arg(i, 2, 10, QLatin1Char('0')));
    return ids;
}

struct Span
{
    int first;
    int last;
    friend bool operator==(const Span &a, const Span &b) { return a.first == b.first && a.last == b.last; }
};

QList<Span> dataChangedSpans(const QSignalSpy &spy)
{
    QList<Span> spans;
    for (const QList<QVariant> &args : spy) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        spans.append({topLeft.row(), bottomRight.row()});
    }
    return spans;
}

QList<Span> rowSpans(const QSignalSpy &spy)
{
    QList<Span> spans;
    for (const QList<QVariant> &args : spy)
        spans.append({args.at(1).toInt(), args.at(2).toInt()});
    return spans;
}

// Found by QTest through argument-dependent lookup, so a failed comparison prints the spans.
char *toString(const Span &span)
{
    return qstrdup(
        QByteArray('(' + QByteArray::number(span.first) + ".." + QByteArray::number(span.last) + ')').constData());
}

} // namespace

class tst_TaskTableModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void startsWithTheStoreRows();
    void additionsAreOneInsertion();
    void updateEmitsOneDataChangedPerSpan();
    void unchangedUpdateEmitsNothing();
    void errorAndFilesChangeOneRow();
    void removalIsPerSpanLastFirst();
    void reopeningTheStoreResets();
    void columnsAndHeaders();
    void displayOfATask();
    void starColumn();
    void outputColumn();
    void outputColumnMarksExpiry();
    void sortRoleCarriesRawValues();
    void sourceColumn();

private:
    /// Fills the store, then builds the model and its tester (the tester first sees the model empty-handed).
    void build(const QStringList &ids = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TaskStore> m_store;
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_TaskTableModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_TaskTableModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<TaskStore>();
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("tasks.sqlite"))).ok());
}

void tst_TaskTableModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_store.reset();
    m_dir.reset();
}

void tst_TaskTableModel::build(const QStringList &ids)
{
    if (!ids.isEmpty())
        QVERIFY(m_store->add(provider, ids).ok());
    m_model = std::make_unique<TaskTableModel>(*m_store);
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_TaskTableModel::startsWithTheStoreRows()
{
    build(makeIds(3));
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->columnCount(), int(TaskTableModel::ColumnCount));
    for (int row = 0; row < 3; ++row) {
        QCOMPARE(m_model->keyAt(row), m_store->at(row).key);
        QCOMPARE(m_model->rowOf(m_store->at(row).key), row);
        QCOMPARE(m_model->index(row, TaskTableModel::Id).data(TaskTableModel::TaskKeyRole).value<TaskKey>(),
                 m_store->at(row).key);
    }
    QCOMPARE(m_model->rowCount(m_model->index(0, 0)), 0);
}

void tst_TaskTableModel::additionsAreOneInsertion()
{
    build(makeIds(2));
    QSignalSpy aboutToInsert(m_model.get(), &QAbstractItemModel::rowsAboutToBeInserted);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    QVERIFY(m_store
                ->add(provider,
                      {QStringLiteral("n1"), QStringLiteral("n2"), QStringLiteral("n3"), QStringLiteral("n4"),
                       QStringLiteral("n5")})
                .ok());
    QCOMPARE(aboutToInsert.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(rowSpans(inserted), (QList<Span>{{2, 6}}));
    QCOMPARE(m_model->rowCount(), 7);
    QCOMPARE(m_model->index(6, TaskTableModel::Id).data().toString(), QStringLiteral("n5"));

    // Nothing new: nothing emitted.
    QVERIFY(m_store->add(provider, {QStringLiteral("n1")}).ok());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(reset.count(), 0);
}

void tst_TaskTableModel::updateEmitsOneDataChangedPerSpan()
{
    const QStringList ids = makeIds(10);
    build(ids);
    QList<Prediction> all;
    for (const QString &id : ids)
        all.append(make(id, QStringLiteral("starting")));
    QVERIFY(m_store->update(provider, all).ok());

    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy layout(m_model.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

    // Rows 8, 3, 2, 4 change (in that order, and 3 twice); the rest answer as before.
    QList<Prediction> batch = all;
    batch[8] = make(ids.at(8), QStringLiteral("processing"));
    batch[3] = make(ids.at(3), QStringLiteral("processing"));
    batch[2] = make(ids.at(2), QStringLiteral("processing"));
    batch[4] = make(ids.at(4), QStringLiteral("failed"));
    std::swap(batch[2], batch[8]);
    batch.append(make(ids.at(3), QStringLiteral("succeeded")));
    QVERIFY(m_store->update(provider, batch).ok());

    QCOMPARE(dataChangedSpans(changed), (QList<Span>{{2, 4}, {8, 8}}));
    for (const QList<QVariant> &args : std::as_const(changed)) {
        QCOMPARE(args.at(0).value<QModelIndex>().column(), 0);
        QCOMPARE(args.at(1).value<QModelIndex>().column(), TaskTableModel::ColumnCount - 1);
    }
    QCOMPARE(reset.count(), 0);
    QCOMPARE(layout.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);

    QCOMPARE(m_model->index(3, TaskTableModel::Status).data().toString(), QStringLiteral("Succeeded"));
    QCOMPARE(m_model->index(4, TaskTableModel::Status).data().toString(), QStringLiteral("Failed"));
    QCOMPARE(m_model->index(8, TaskTableModel::Status).data().toString(), QStringLiteral("Processing"));
    QCOMPARE(m_model->index(9, TaskTableModel::Status).data().toString(), QStringLiteral("Starting"));
    QCOMPARE(m_model->index(4, TaskTableModel::Status).data(TaskTableModel::StatusRole).toInt(),
             int(PredictionStatus::Failed));
}

void tst_TaskTableModel::unchangedUpdateEmitsNothing()
{
    const QStringList ids = makeIds(4);
    build(ids);
    QList<Prediction> all;
    for (const QString &id : ids)
        all.append(make(id, QStringLiteral("processing")));
    QVERIFY(m_store->update(provider, all).ok());

    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(m_store->update(provider, all).ok());
    QCOMPARE(changed.count(), 0);
}

void tst_TaskTableModel::errorAndFilesChangeOneRow()
{
    build(makeIds(5));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    ApiError error;
    error.kind = ApiError::Kind::Server;
    error.message = QStringLiteral("Bad gateway\nupstream timed out");
    QVERIFY(m_store->setError(m_store->at(3).key, error).value());
    QCOMPARE(dataChangedSpans(changed), (QList<Span>{{3, 3}}));
    const QModelIndex lastError = m_model->index(3, TaskTableModel::LastError);
    QCOMPARE(lastError.data().toString(), QStringLiteral("Bad gateway"));
    QCOMPARE(lastError.data(Qt::ToolTipRole).toString(), error.message);
    QVERIFY(lastError.data(Qt::ForegroundRole).value<QBrush>().color().red() > 150);
    QVERIFY(!m_model->index(2, TaskTableModel::LastError).data(Qt::ForegroundRole).isValid());

    QVERIFY(m_store->setLocalFiles(m_store->at(1).key, {QStringLiteral("/tmp/out/one.png")}).value());
    QCOMPARE(dataChangedSpans(changed), (QList<Span>{{3, 3}, {1, 1}}));
    QCOMPARE(m_model->index(1, TaskTableModel::Output).data().toString(), QStringLiteral("one.png"));
}

void tst_TaskTableModel::removalIsPerSpanLastFirst()
{
    const QStringList ids = makeIds(10);
    build(ids);
    QSignalSpy aboutToRemove(m_model.get(), &QAbstractItemModel::rowsAboutToBeRemoved);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    QList<TaskKey> keys;
    for (const int row : {5, 1, 9, 2})
        keys.append({provider, ids.at(row)});
    QVERIFY(m_store->remove(keys).ok());

    QCOMPARE(rowSpans(removed), (QList<Span>{{9, 9}, {5, 5}, {1, 2}}));
    QCOMPARE(rowSpans(aboutToRemove), rowSpans(removed));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(m_model->rowCount(), 6);
    const QList<int> left{0, 3, 4, 6, 7, 8};
    for (int row = 0; row < left.size(); ++row) {
        QCOMPARE(m_model->index(row, TaskTableModel::Id).data().toString(), ids.at(left.at(row)));
        QCOMPARE(m_model->rowOf({provider, ids.at(left.at(row))}), row);
    }
    QCOMPARE(m_model->rowOf({provider, ids.at(5)}), -1);

    // The model keeps answering for the rows that are left after more changes.
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(m_store->update(provider, {make(ids.at(8), QStringLiteral("succeeded"))}).ok());
    QCOMPARE(dataChangedSpans(changed), (QList<Span>{{5, 5}}));
}

void tst_TaskTableModel::reopeningTheStoreResets()
{
    build(makeIds(3));
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("other.sqlite"))).ok());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("tasks.sqlite"))).ok());
    QCOMPARE(reset.count(), 2);
    QCOMPARE(m_model->rowCount(), 3);
}

void tst_TaskTableModel::columnsAndHeaders()
{
    build();
    const QStringList expected{QStringLiteral("Status"),
                               QStringLiteral("ID"),
                               QStringLiteral("Model"),
                               QStringLiteral("Prompt"),
                               QStringLiteral("Created"),
                               QStringLiteral("Run time"),
                               QStringLiteral("Predict time"),
                               QStringLiteral("Images"),
                               QStringLiteral("Output"),
                               QStringLiteral("Last error"),
                               QStringLiteral("Source"),
                               QStringLiteral("Cost"),
                               QStringLiteral("★")};
    QCOMPARE(expected.size(), int(TaskTableModel::ColumnCount));
    for (int column = 0; column < TaskTableModel::ColumnCount; ++column)
        QCOMPARE(m_model->headerData(column, Qt::Horizontal).toString(), expected.at(column));
    QVERIFY(!m_model->headerData(TaskTableModel::ColumnCount, Qt::Horizontal).isValid());
}

void tst_TaskTableModel::starColumn()
{
    build({QStringLiteral("plain"), QStringLiteral("kept")});
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(m_store->setStarred({{provider, QStringLiteral("kept")}}, true).ok());
    QCOMPARE(dataChangedSpans(changed), (QList<Span>{{1, 1}}));
    const auto cell = [this](int row, int role) { return m_model->index(row, TaskTableModel::Starred).data(role); };
    QCOMPARE(cell(0, Qt::DisplayRole).toString(), QString());
    QCOMPARE(cell(1, Qt::DisplayRole).toString(), QStringLiteral("★"));
    QCOMPARE(cell(1, TaskTableModel::StarredRole), QVariant(true));
    // Starred ones sort after the others in ascending order, first in descending.
    QVERIFY(cell(0, TaskTableModel::SortRole).toInt() < cell(1, TaskTableModel::SortRole).toInt());
}

void tst_TaskTableModel::displayOfATask()
{
    build({QStringLiteral("waiting"), QStringLiteral("done"), QStringLiteral("odd"), QStringLiteral("bad")});
    TestTasks::Spec done;
    done.id = QStringLiteral("done");
    done.status = QStringLiteral("succeeded");
    done.prompt = QStringLiteral("a red fox\\nin the snow");
    done.completed = QStringLiteral("\"2025-07-12T07:27:58.59Z\"");
    done.output = QStringLiteral(
        "[\"https://replicate.delivery/a/out-0.webp\",\"https://replicate.delivery/a/out-1.webp\"]");
    done.metrics = QStringLiteral("{\"predict_time\":3.59,\"image_count\":2}");
    TestTasks::Spec bad;
    bad.id = QStringLiteral("bad");
    bad.status = QStringLiteral("failed");
    bad.error = QStringLiteral("\"NSFW content detected\"");
    QVERIFY(m_store->update(provider, {make(done), make(QStringLiteral("odd"), QStringLiteral("queued_v2")), make(bad)})
                .ok());

    const auto cell = [this](int row, int column, int role = Qt::DisplayRole) {
        return m_model->index(row, column).data(role);
    };

    // Not fetched yet.
    QCOMPARE(cell(0, TaskTableModel::Status).toString(), QStringLiteral("Waiting"));
    QCOMPARE(cell(0, TaskTableModel::Status, TaskTableModel::FetchedRole), QVariant(false));
    QCOMPARE(cell(0, TaskTableModel::Created).toString(), QString());
    QVERIFY(!cell(0, TaskTableModel::Status, Qt::DecorationRole).value<QIcon>().isNull());

    // Succeeded.
    QCOMPARE(cell(1, TaskTableModel::Status).toString(), QStringLiteral("Succeeded"));
    QVERIFY(cell(1, TaskTableModel::Status, TaskTableModel::FetchedRole).toBool());
    QCOMPARE(cell(1, TaskTableModel::Id).toString(), QStringLiteral("done"));
    QVERIFY(cell(1, TaskTableModel::Id, Qt::ToolTipRole).toString().contains(provider));
    QCOMPARE(cell(1, TaskTableModel::Model).toString(), QStringLiteral("black-forest-labs/flux-schnell"));
    QCOMPARE(cell(1, TaskTableModel::Prompt).toString(), QStringLiteral("a red fox in the snow"));
    QCOMPARE(cell(1, TaskTableModel::Prompt, Qt::ToolTipRole).toString(), QStringLiteral("a red fox\nin the snow"));
    const QDateTime created(QDate(2025, 7, 12), QTime(7, 27, 54, 500), Qt::UTC);
    QCOMPARE(cell(1, TaskTableModel::Created).toString(),
             QLocale().toString(created.toLocalTime(), QLocale::ShortFormat));
    QVERIFY(cell(1, TaskTableModel::Created, Qt::ToolTipRole).toString().contains(QStringLiteral(" ago")));
    QCOMPARE(cell(1, TaskTableModel::RunTime).toString(), QStringLiteral("3.59 s"));
    QCOMPARE(cell(1, TaskTableModel::PredictTime).toString(), QStringLiteral("3.59 s"));
    QCOMPARE(cell(1, TaskTableModel::Images).toString(), QStringLiteral("2"));
    // Completed in 2025 and never saved: marked as probably expired (outputColumnMarksExpiry has the details).
    QVERIFY(cell(1, TaskTableModel::Output).toString().startsWith(QStringLiteral("remote (2), ")));
    QVERIFY(cell(1, TaskTableModel::Output, Qt::ToolTipRole).toString().contains(QStringLiteral("out-1.webp")));
    QVERIFY(!cell(1, TaskTableModel::Status, Qt::ForegroundRole).isValid());
    QVERIFY(cell(1, TaskTableModel::Images, Qt::TextAlignmentRole).isValid());

    // A status this build does not know is shown as the server said it.
    QCOMPARE(cell(2, TaskTableModel::Status).toString(), QStringLiteral("queued_v2"));
    QCOMPARE(cell(2, TaskTableModel::Status, TaskTableModel::StatusRole).toInt(), int(PredictionStatus::Unknown));

    // Failed: coloured, with its own icon.
    QCOMPARE(cell(3, TaskTableModel::Status).toString(), QStringLiteral("Failed"));
    QVERIFY(cell(3, TaskTableModel::Status, Qt::ForegroundRole).value<QBrush>().color().red() > 150);
    const QIcon failedIcon = cell(3, TaskTableModel::Status, Qt::DecorationRole).value<QIcon>();
    const QIcon doneIcon = cell(1, TaskTableModel::Status, Qt::DecorationRole).value<QIcon>();
    QVERIFY(!failedIcon.isNull());
    QVERIFY(failedIcon.cacheKey() != doneIcon.cacheKey());
    // Made once: asking again gives the same icon.
    QCOMPARE(cell(3, TaskTableModel::Status, Qt::DecorationRole).value<QIcon>().cacheKey(), failedIcon.cacheKey());
    QVERIFY(!cell(3, TaskTableModel::Id, Qt::DecorationRole).isValid());
}

void tst_TaskTableModel::outputColumn()
{
    build({QStringLiteral("o1"), QStringLiteral("o2"), QStringLiteral("o3")});
    TestTasks::Spec expired;
    expired.id = QStringLiteral("o1");
    expired.status = QStringLiteral("succeeded");
    expired.dataRemoved = true;
    TestTasks::Spec remote;
    remote.id = QStringLiteral("o2");
    remote.status = QStringLiteral("succeeded");
    remote.output = QStringLiteral("\"https://replicate.delivery/b/one.png\"");
    QVERIFY(m_store->update(provider, {make(expired), make(remote)}).ok());

    QCOMPARE(m_model->index(0, TaskTableModel::Output).data().toString(), QStringLiteral("expired"));
    QCOMPARE(m_model->index(1, TaskTableModel::Output).data().toString(), QStringLiteral("remote (1)"));
    QCOMPARE(m_model->index(2, TaskTableModel::Output).data().toString(), QString());

    // A saved file wins over the remote copy and over expiry.
    QVERIFY(m_store->setLocalFiles(m_store->at(0).key, {QStringLiteral("/data/a.png"), QStringLiteral("/data/b.png")})
                .value());
    QCOMPARE(m_model->index(0, TaskTableModel::Output).data().toString(), QStringLiteral("a.png (+1)"));
    QCOMPARE(m_model->index(0, TaskTableModel::Output).data(Qt::ToolTipRole).toString(),
             QStringLiteral("/data/a.png\n/data/b.png"));
}

void tst_TaskTableModel::outputColumnMarksExpiry()
{
    build({QStringLiteral("e1")});
    TestTasks::Spec spec;
    spec.id = QStringLiteral("e1");
    spec.status = QStringLiteral("succeeded");
    spec.completed = QStringLiteral("\"2025-07-12T07:28:00Z\"");
    spec.output = QStringLiteral(
        "[\"https://replicate.delivery/b/one.png\", \"https://replicate.delivery/b/two.png\"]");
    QVERIFY(m_store->update(provider, {make(spec)}).ok());
    const QDateTime completed(QDate(2025, 7, 12), QTime(7, 28), Qt::UTC);
    const QModelIndex output = m_model->index(0, TaskTableModel::Output);
    QCOMPARE(m_store->task(m_store->at(0).key)->unsavedOutputsExpireAt(std::chrono::hours(1)), completed.addSecs(3600));

    // Unsaved outputs of a succeeded task are marked with the time the service deletes them.
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setNow(completed.addSecs(20 * 60));
    QCOMPARE(changed.size(), 1);
    const QString at = QLocale().toString(completed.addSecs(3600).toLocalTime().time(), QLocale::ShortFormat);
    QCOMPARE(output.data().toString(), QStringLiteral("remote (2), expires ") + at);
    QVERIFY(output.data(Qt::ForegroundRole).value<QBrush>().style() != Qt::NoBrush);
    QVERIFY(output.data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("Not saved")));
    QVERIFY(output.data(Qt::ToolTipRole).toString().contains(QStringLiteral("https://replicate.delivery/b/two.png")));

    m_model->setNow(completed.addSecs(2 * 3600));
    QCOMPARE(output.data().toString(), QStringLiteral("remote (2), probably expired"));

    // Saved: nothing expires any more, and the mark goes.
    QVERIFY(
        m_store->setLocalFiles(m_store->at(0).key, {QStringLiteral("/data/e1-1.png"), QStringLiteral("/data/e1-2.png")})
            .value());
    QCOMPARE(output.data().toString(), QStringLiteral("e1-1.png (+1)"));
    QVERIFY(!output.data(Qt::ForegroundRole).isValid());
    QVERIFY(!m_store->task(m_store->at(0).key)->unsavedOutputsExpireAt(std::chrono::hours(1)).isValid());
}

void tst_TaskTableModel::sortRoleCarriesRawValues()
{
    build({QStringLiteral("s1"), QStringLiteral("s2")});
    TestTasks::Spec done;
    done.id = QStringLiteral("s1");
    done.status = QStringLiteral("succeeded");
    done.completed = QStringLiteral("\"2025-07-12T07:28:59Z\"");
    done.metrics = QStringLiteral("{\"predict_time\":12.25,\"image_count\":4}");
    QVERIFY(m_store->update(provider, {make(done)}).ok());

    const auto sortValue = [this](int row, int column) {
        return m_model->index(row, column).data(TaskTableModel::SortRole);
    };
    QCOMPARE(sortValue(0, TaskTableModel::Status).toInt(), TaskTableModel::statusRank(m_store->at(0)));
    QVERIFY(sortValue(0, TaskTableModel::Status).toInt() > sortValue(1, TaskTableModel::Status).toInt());
    QCOMPARE(sortValue(0, TaskTableModel::Created).toLongLong(),
             QDateTime(QDate(2025, 7, 12), QTime(7, 27, 54, 500), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(sortValue(0, TaskTableModel::RunTime).toDouble(), 64.0);
    QCOMPARE(m_model->index(0, TaskTableModel::RunTime).data().toString(), QStringLiteral("1 min 4 s"));
    QCOMPARE(sortValue(0, TaskTableModel::PredictTime).userType(), int(QMetaType::Double));
    QCOMPARE(sortValue(0, TaskTableModel::PredictTime).toDouble(), 12.25);
    QCOMPARE(sortValue(0, TaskTableModel::Images).toInt(), 4);
    QCOMPARE(sortValue(0, TaskTableModel::Prompt).toString(), QStringLiteral("a cat"));
    // Unknown values are null, not zero.
    QVERIFY(sortValue(1, TaskTableModel::Created).isNull());
    QVERIFY(sortValue(1, TaskTableModel::RunTime).isNull());
    QVERIFY(sortValue(1, TaskTableModel::PredictTime).isNull());
}

void tst_TaskTableModel::sourceColumn()
{
    build({QStringLiteral("added")});
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(m_store
                ->recordCaptured(provider, QStringLiteral("replicate-javascript/1.0.1 node/20"),
                                 {make(QStringLiteral("added"), QStringLiteral("processing")),
                                  make(QStringLiteral("caught"), QStringLiteral("starting"))})
                .ok());
    QVERIFY(
        m_store->recordCaptured(provider, QString(), {make(QStringLiteral("anonymous"), QStringLiteral("starting"))})
            .ok());
    QCOMPARE(m_model->rowCount(), 3);
    // The task already tracked is marked through dataChanged, not a reset.
    QVERIFY(!changed.isEmpty());

    const auto cell = [this](int row, int role) { return m_model->index(row, TaskTableModel::Source).data(role); };
    for (int row = 0; row < 3; ++row) {
        QCOMPARE(cell(row, Qt::DisplayRole).toString(), QStringLiteral("Captured"));
        QVERIFY(m_model->index(row, TaskTableModel::Id).data(TaskTableModel::CapturedRole).toBool());
    }
    QCOMPARE(cell(0, TaskTableModel::SortRole).toString(), QStringLiteral("replicate-javascript/1.0.1 node/20"));
    QVERIFY(cell(0, Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("Captured from replicate-javascript/1.0.1 node/20 at ")));
    QVERIFY(cell(2, Qt::ToolTipRole).toString().startsWith(QStringLiteral("Captured from (no User-Agent) at ")));
    QVERIFY(!cell(2, TaskTableModel::SortRole).isNull());

    QVERIFY(m_store->add(provider, {QStringLiteral("by-hand")}).ok());
    QCOMPARE(cell(3, Qt::DisplayRole).toString(), QStringLiteral("Added"));
    QVERIFY(!m_model->index(3, TaskTableModel::Id).data(TaskTableModel::CapturedRole).toBool());
    // Not captured sorts after every caller.
    QVERIFY(cell(3, TaskTableModel::SortRole).isNull());
    QVERIFY(!cell(3, Qt::ToolTipRole).isValid());
}

QTEST_MAIN(tst_TaskTableModel)
#include "tst_tasktablemodel.moc"
