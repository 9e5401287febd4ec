// The main window offscreen, with a real store, client and scheduler against replimon-sim: what a user
// sees after adding predictions through the dialog.
#include "AddTasksDialog.h"
#include "MainWindow.h"
#include "PollScheduler.h"
#include "Settings.h"
#include "SimProcess.h"
#include "TaskFilterModel.h"
#include "TaskStore.h"
#include "TaskTableModel.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QStandardPaths>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace std::chrono_literals;

class tst_MainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void emptyStateAsksForKey();
    void rejectedImportAsksForKey();
    void addThroughDialogAndWatchThemSucceed();
    void pasteAddsIdsAndReportsDuplicates();
    void removeAsksBeforeRemovingSeveral();
    void filterByStatus();
    void statusBarShowsRateLimitCountdown();
    void stateSurvivesRestart();

private:
    QString statusTextOf(const QString &id) const;
    void saveScreenshot(const QString &name);

    SimProcess m_sim;
    QNetworkAccessManager m_nam;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<TaskStore> m_store;
    std::unique_ptr<PredictionClient> m_client;
    std::unique_ptr<PollScheduler> m_scheduler;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_sim.start(), m_sim.standardError().constData());
}

void tst_MainWindow::init()
{
    QVERIFY(m_sim.reset());
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("replimon.ini")));
    m_store = std::make_unique<TaskStore>();
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("tasks.sqlite"))));
    m_client = std::make_unique<PredictionClient>(m_nam);
    auto endpoint = ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom, m_sim.apiRoot().toString());
    QVERIFY(endpoint);
    m_client->setEndpoint(endpoint.value());
    m_client->setApiKey(m_sim.token());
    m_scheduler = std::make_unique<PollScheduler>(*m_store, *m_client);
    m_scheduler->setInterval(200ms);
    m_scheduler->setFlushInterval(20ms);
    m_window = std::make_unique<MainWindow>(*m_store, *m_scheduler, *m_client, *m_settings);
    m_window->resize(1200, 520);
    m_window->setHasApiKey(true);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_scheduler->start();
}

void tst_MainWindow::cleanup()
{
    m_window.reset();
    m_scheduler.reset();
    m_client.reset();
    m_store.reset();
}

QString tst_MainWindow::statusTextOf(const QString &id) const
{
    const QAbstractItemModel &model = m_window->filterModel();
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, TaskTableModel::Id).data().toString() == id)
            return model.index(row, TaskTableModel::Status).data().toString();
    }
    return {};
}

void tst_MainWindow::saveScreenshot(const QString &name)
{
    QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
    const QString path = QDir(QStringLiteral(REPLIMON_SCREENSHOT_DIR)).filePath(name);
    QTest::qWait(50); // pending relayouts (a label that just got longer) happen first
    QVERIFY(m_window->grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

void tst_MainWindow::emptyStateAsksForKey()
{
    m_window->setHasApiKey(false);
    auto *stack = m_window->findChild<QStackedWidget *>(QStringLiteral("stack"));
    QVERIFY(stack);
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("emptyPage"));
    auto *primary = m_window->findChild<QPushButton *>(QStringLiteral("emptyPrimaryButton"));
    auto *secondary = m_window->findChild<QPushButton *>(QStringLiteral("emptySecondaryButton"));
    QVERIFY(primary->text().contains(QStringLiteral("API key")));
    QVERIFY(secondary->text().contains(QStringLiteral("demo")));
    QSignalSpy settings(m_window.get(), &MainWindow::settingsRequested);
    QSignalSpy demo(m_window.get(), &MainWindow::demoRequested);
    QTest::mouseClick(primary, Qt::LeftButton);
    QTest::mouseClick(secondary, Qt::LeftButton);
    QCOMPARE(settings.count(), 1);
    QCOMPARE(demo.count(), 1);
    saveScreenshot(QStringLiteral("main-window-empty.png"));

    // A 401 leads to the same place, with the server's words.
    m_window->setHasApiKey(true);
    m_client->setApiKey(QStringLiteral("wrong"));
    QSignalSpy keyRequired(m_scheduler.get(), &PollScheduler::apiKeyRequired);
    m_window->addIds(m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}}));
    QTRY_COMPARE(keyRequired.count(), 1);
    // With tasks on screen, a banner says it and leads to the settings.
    auto *banner = m_window->findChild<QWidget *>(QStringLiteral("keyBanner"));
    QVERIFY(banner && banner->isVisible());
    QVERIFY(banner->findChild<QLabel *>()->text().contains(QStringLiteral("You did not pass a valid authentication token")));
    saveScreenshot(QStringLiteral("main-window-key-rejected.png"));
    QTest::mouseClick(banner->findChild<QPushButton *>(), Qt::LeftButton);
    QCOMPARE(settings.count(), 2);
    m_store->remove({m_store->tasks().first().key});
    QVERIFY(!banner->isVisible());
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("emptyPage"));
    auto *text = m_window->findChild<QLabel *>(QStringLiteral("emptyText"));
    QVERIFY2(text->text().contains(QStringLiteral("You did not pass a valid authentication token")),
             qPrintable(text->text()));
    QVERIFY(primary->text().contains(QStringLiteral("API key")));
}

void tst_MainWindow::rejectedImportAsksForKey()
{
    // No task to poll: the first request is the import of recent predictions, and the provider refuses the key.
    auto *stack = m_window->findChild<QStackedWidget *>(QStringLiteral("stack"));
    auto *text = m_window->findChild<QLabel *>(QStringLiteral("emptyText"));
    auto *primary = m_window->findChild<QPushButton *>(QStringLiteral("emptyPrimaryButton"));
    QVERIFY(primary->text().contains(QStringLiteral("Add predictions")));
    m_client->setApiKey(QStringLiteral("wrong"));
    QSignalSpy failed(m_client.get(), &PredictionClient::requestFailed);
    m_client->list();
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.constFirst().at(2).value<ApiError>().kind, ApiError::Kind::Unauthorized);
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("emptyPage"));
    QVERIFY2(text->text().contains(QStringLiteral("You did not pass a valid authentication token")),
             qPrintable(text->text()));
    QVERIFY(primary->text().contains(QStringLiteral("API key")));
    QSignalSpy settings(m_window.get(), &MainWindow::settingsRequested);
    QTest::mouseClick(primary, Qt::LeftButton);
    QCOMPARE(settings.count(), 1);
}

void tst_MainWindow::addThroughDialogAndWatchThemSucceed()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("count"), 5},
                                                     {QStringLiteral("queue_ms"), 300},
                                                     {QStringLiteral("run_ms"), QJsonArray{1000, 2500}}});
    QCOMPARE(ids.size(), 5);
    const QStringList failing = m_sim.createPredictions({{QStringLiteral("queue_ms"), 200},
                                                         {QStringLiteral("run_ms"), 800},
                                                         {QStringLiteral("outcome"), QStringLiteral("failed")},
                                                         {QStringLiteral("error"), QStringLiteral("NSFW content detected")}});

    // Paste a mix a user would have: a URL, a bare id, noise.
    QString pasted = QStringLiteral("https://replicate.com/p/%1\n").arg(ids.at(0));
    for (int i = 1; i < ids.size(); ++i)
        pasted += ids.at(i) + u'\n';
    pasted += QStringLiteral("curl https://api.quickrouter.ai/replicate/v1/predictions/%1\nthanks!\n").arg(failing.first());

    QTimer::singleShot(0, this, [] {}); // let the window settle
    m_window->findChild<QAction *>(QStringLiteral("actionAdd"))->trigger();
    AddTasksDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<AddTasksDialog *>()) != nullptr);
    dialog->setText(pasted);
    QCOMPARE(dialog->ids().size(), 6);
    QCOMPARE(dialog->unusableLines(), QStringList{QStringLiteral("thanks!")});
    dialog->accept();

    QCOMPARE(m_store->count(), 6);
    auto *stack = m_window->findChild<QStackedWidget *>(QStringLiteral("stack"));
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("splitter"));
    QCOMPARE(m_window->filterModel().rowCount(), 6);
    QTRY_COMPARE_WITH_TIMEOUT(statusTextOf(ids.first()), QStringLiteral("Processing"), 5000);
    saveScreenshot(QStringLiteral("main-window-running.png"));

    for (const QString &id : ids)
        QTRY_COMPARE_WITH_TIMEOUT(statusTextOf(id), QStringLiteral("Succeeded"), 15000);
    QTRY_COMPARE(statusTextOf(failing.first()), QStringLiteral("Failed"));
    QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("Replimon")));
    QVERIFY(!m_window->windowTitle().contains(QStringLiteral("active")));
    const auto counts = m_window->statusBar()->findChildren<QLabel *>();
    const bool countsShown = std::any_of(counts.cbegin(), counts.cend(), [](QLabel *label) {
        return label->text().contains(QStringLiteral("6 tracked")) && label->text().contains(QStringLiteral("0 active"));
    });
    QVERIFY(countsShown);
    saveScreenshot(QStringLiteral("main-window.png"));
}

void tst_MainWindow::pasteAddsIdsAndReportsDuplicates()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("count"), 2}});
    QGuiApplication::clipboard()->setText(ids.join(QStringLiteral(", ")));
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    m_window->findChild<QAction *>(QStringLiteral("actionPasteIds"))->trigger();
    QCOMPARE(m_store->count(), 2);
    QGuiApplication::clipboard()->setText(ids.first() + QStringLiteral(" hello"));
    table->setFocus();
    m_window->findChild<QAction *>(QStringLiteral("actionPasteIds"))->trigger();
    QCOMPARE(m_store->count(), 2);
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("already tracked")));
}

void tst_MainWindow::removeAsksBeforeRemovingSeveral()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("count"), 3}});
    m_window->addIds(ids);
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    table->selectAll();
    QCOMPARE(m_window->selectedKeys().size(), 3);
    // Answer the confirmation with Cancel first, then Yes.
    for (const auto button : {QMessageBox::Cancel, QMessageBox::Yes}) {
        QTimer::singleShot(100, this, [button] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (box)
                box->button(button)->click();
        });
        m_window->findChild<QAction *>(QStringLiteral("actionRemove"))->trigger();
        QCOMPARE(m_store->count(), button == QMessageBox::Cancel ? 3 : 0);
    }
}

void tst_MainWindow::filterByStatus()
{
    const QStringList done = m_sim.createPredictions({{QStringLiteral("count"), 2}, {QStringLiteral("queue_ms"), 0},
                                                      {QStringLiteral("run_ms"), 0}});
    const QStringList running = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0},
                                                         {QStringLiteral("run_ms"), 60000}});
    m_window->addIds(done + running);
    QTRY_COMPARE(statusTextOf(running.first()), QStringLiteral("Processing"));
    QTRY_COMPARE(statusTextOf(done.first()), QStringLiteral("Succeeded"));
    auto *combo = m_window->findChild<QComboBox *>(QStringLiteral("statusFilter"));
    combo->setCurrentIndex(combo->findData(int(TaskFilterModel::StatusFilter::Active)));
    QTRY_COMPARE(m_window->filterModel().rowCount(), 1);
    combo->setCurrentIndex(combo->findData(int(TaskFilterModel::StatusFilter::Succeeded)));
    QTRY_COMPARE(m_window->filterModel().rowCount(), 2);
    combo->setCurrentIndex(0);
    auto *search = m_window->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    search->setText(running.first().left(10));
    QTRY_COMPARE(m_window->filterModel().rowCount(), 1);
}

void tst_MainWindow::statusBarShowsRateLimitCountdown()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 60000}});
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 429},
                                         {QStringLiteral("retry_after"), QStringLiteral("28")},
                                         {QStringLiteral("count"), 1}}}));
    m_window->addIds(ids);
    const auto pollText = [this] {
        for (QLabel *label : m_window->statusBar()->findChildren<QLabel *>()) {
            if (label->text().contains(QStringLiteral("Rate limited")))
                return label->text();
        }
        return QString();
    };
    QTRY_VERIFY(!pollText().isEmpty());
    QVERIFY2(pollText().contains(QStringLiteral("retrying in 28 s")) || pollText().contains(QStringLiteral("retrying in 27 s")),
             qPrintable(pollText()));
    saveScreenshot(QStringLiteral("main-window-rate-limited.png"));
}

void tst_MainWindow::stateSurvivesRestart()
{
    const QStringList done = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    const QStringList running = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0},
                                                         {QStringLiteral("run_ms"), 1500}});
    m_window->addIds(done + running);
    QTRY_COMPARE(statusTextOf(done.first()), QStringLiteral("Succeeded"));
    QTRY_COMPARE(statusTextOf(running.first()), QStringLiteral("Processing"));

    // Quit: window, scheduler and store go away.
    const QString path = m_store->path();
    cleanup();
    QTest::qWait(2000); // the running one finishes while the app is closed

    m_store = std::make_unique<TaskStore>();
    QVERIFY(m_store->open(path));
    m_client = std::make_unique<PredictionClient>(m_nam);
    m_client->setEndpoint(ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom, m_sim.apiRoot().toString()).value());
    m_client->setApiKey(m_sim.token());
    m_scheduler = std::make_unique<PollScheduler>(*m_store, *m_client);
    m_window = std::make_unique<MainWindow>(*m_store, *m_scheduler, *m_client, *m_settings);
    m_window->setHasApiKey(true);
    m_window->show();
    QCOMPARE(statusTextOf(done.first()), QStringLiteral("Succeeded"));
    QCOMPARE(statusTextOf(running.first()), QStringLiteral("Processing"));
    QVERIFY(m_sim.clearLog());
    m_scheduler->start();
    QTRY_COMPARE(statusTextOf(running.first()), QStringLiteral("Succeeded"));
    // Only the active one was asked about.
    const QJsonArray log = m_sim.requestLog();
    QVERIFY(!log.isEmpty());
    for (const QJsonValue &entry : log)
        QVERIFY(entry.toObject().value(QStringLiteral("path")).toString().endsWith(running.first()));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
