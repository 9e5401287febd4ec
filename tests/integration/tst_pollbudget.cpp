// What a user tracking many running predictions gets from PollScheduler against replimon-sim: routine polls
// within the request budget (what was sent is read back from the simulator's log), and a burst of answers
// that reaches the table as a few model updates with every row right.
#include "PollScheduler.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "TestBackend.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <memory>

using namespace std::chrono_literals;

class tst_PollBudget final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void routinePollsStayWithinTheBudget();
    void burstOfAnswersReachesTheTableInFewUpdates();

private:
    /// The scheduler reads this clock (monotonic ms): the test moves time, so the budget is exact.
    std::shared_ptr<std::atomic<qint64>> m_now = std::make_shared<std::atomic<qint64>>(0);
    TestBackend m_backend{[this] {
        TestBackend::Options options;
        options.clock = [now = m_now] { return now->load(); };
        return options;
    }()};
    SimProcess &m_sim = m_backend.sim();
    const QString m_provider = ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom);
};

void tst_PollBudget::initTestCase()
{
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

void tst_PollBudget::cleanup()
{
    m_backend.close();
}

void tst_PollBudget::routinePollsStayWithinTheBudget()
{
    m_now->store(0);
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("count"), 20}, {QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 600000}});
    QCOMPARE(m_backend.track(ids).size(), 20);
    PollScheduler &scheduler = m_backend.scheduler();
    scheduler.setRequestBudget(60); // one a second
    scheduler.setMaxInFlight(16);
    scheduler.start();

    // Tasks just added are fetched at once, whatever the budget says: the user is waiting to see them.
    QTRY_COMPARE(m_sim.requestLog().size(), 20);
    QTRY_VERIFY(m_backend.store().task({m_provider, ids.constLast()})->hasPrediction());
    QVERIFY(m_sim.clearLog());

    // Twenty polls are due after 20 s, and the budget has paid for the twenty first fetches by then: one goes.
    m_now->store(20000);
    QTRY_COMPARE(m_sim.requestLog().size(), 1);
    QTest::qWait(500);
    QCOMPARE(m_sim.requestLog().size(), 1);

    // Five quiet seconds buy one more poll, not five: the budget does not save up for a burst.
    m_now->store(25000);
    QTRY_COMPARE(m_sim.requestLog().size(), 2);
    QTest::qWait(500);
    QCOMPARE(m_sim.requestLog().size(), 2);

    // A refresh the user asks for goes at once.
    QVERIFY(m_sim.clearLog());
    QList<TaskKey> keys;
    for (int i = 0; i < 5; ++i)
        keys.append({m_provider, ids.at(i)});
    scheduler.refresh(keys);
    QTRY_COMPARE(m_sim.requestLog().size(), 5);
}

void tst_PollBudget::burstOfAnswersReachesTheTableInFewUpdates()
{
    m_now->store(0);
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    TaskStore &store = m_backend.store();
    TaskTableModel model(store);
    QAbstractItemModelTester tester(&model);
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("count"), 500}, {QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    QCOMPARE(m_backend.track(ids).size(), 500);
    QCOMPARE(model.rowCount(), 500);

    QSignalSpy batches(&store, &TaskStore::tasksChanged);
    QSignalSpy updates(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    PollScheduler &scheduler = m_backend.scheduler();
    scheduler.setFlushInterval(100ms); // the application's
    scheduler.setMaxInFlight(16);
    scheduler.start();
    QTRY_VERIFY_WITH_TIMEOUT(m_backend.allTerminal(), 60000);

    // Every row shows its answer.
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        QCOMPARE(PredictionStatus(index.data(TaskTableModel::StatusRole).toInt()), PredictionStatus::Succeeded);
        QVERIFY(index.data(TaskTableModel::FetchedRole).toBool());
    }
    // ... and got there in batches: far fewer store writes and model updates than answers, never a reset.
    qInfo("500 answers: %d store batches, %d dataChanged", int(batches.size()), int(updates.size()));
    QCOMPARE_LE(batches.size(), 100);
    QCOMPARE_LE(updates.size(), 100);
    QCOMPARE(resets.size(), 0);
    int rowsChanged = 0;
    for (const QList<QVariant> &batch : std::as_const(batches))
        rowsChanged += int(batch.constFirst().value<QList<TaskKey>>().size());
    QCOMPARE(rowsChanged, 500);
}

QTEST_MAIN(tst_PollBudget)
#include "tst_pollbudget.moc"
