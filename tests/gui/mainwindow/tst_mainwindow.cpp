// The main window offscreen, with a real store, client and scheduler against replimon-sim: what a user
// sees after adding predictions through the dialog.
#include "AddTasksDialog.h"
#include "CaptureControls.h"
#include "ConnectCodeDialog.h"
#include "ElidingDelegate.h"
#include "ImageCache.h"
#include "KeyBanner.h"
#include "MainWindow.h"
#include "PollScheduler.h"
#include "Settings.h"
#include "TaskFilterModel.h"
#include "TaskDetailPane.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "TestBackend.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLineEdit>
#include <QStandardPaths>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
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
    void titleShowsProviderAndActiveCount();
    void cancelNotOfferedWhereUnsupported();
    void addThroughDialogAndWatchThemSucceed();
    void pasteAddsIdsAndReportsDuplicates();
    void removeAsksBeforeRemovingSeveral();
    void selectedKeysAreTheRowsShown();
    void filterByStatus();
    void statusBarShowsRateLimitCountdown();
    void stateSurvivesRestart();
    void ctrlVAddsPastedIds();
    void deleteKeyConfirmsOnlySeveral();
    void droppedTextAddsIds();
    void headerAndGeometrySurviveRestart();
    void statusBarSaysPausedAndNoKey();
    void busyIndicatorSpinsOnlyWhileActive();
    void missingKeyIsNotCalledRejected();
    void statusBarFieldsStandApart();
    void defaultColumnsFitTheDefaultWindow();
    void oneRefreshForSeveralChanges();
    void connectYourCodeFromTheEmptyPage();
    void captureStateInStatusBarAndBanner();

private:
    /// The window as the application builds it: the provider and the client's refusals come from outside.
    std::unique_ptr<MainWindow> newWindow();
    QString statusTextOf(const QString &id) const;
    QString pollLabelText() const;
    QImage statusCellOf(const QString &id) const;
    void saveScreenshot(const QString &name);

    TestBackend m_backend;
    SimProcess &m_sim = m_backend.sim();
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

void tst_MainWindow::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    m_window = newWindow();
    m_window->resize(1200, 520);
    m_window->setHasApiKey(true);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_backend.scheduler().start();
}

void tst_MainWindow::cleanup()
{
    m_window.reset();
    m_backend.close();
}

std::unique_ptr<MainWindow> tst_MainWindow::newWindow()
{
    auto window = std::make_unique<MainWindow>(m_backend.store(), m_backend.scheduler(), m_backend.settings());
    window->setProvider(m_backend.client().endpoint().provider());
    // As Application does: an import or a cancel refused for the key leads where a refused poll does.
    connect(&m_backend.client(), &PredictionClient::requestFailed, window.get(),
            [window = window.get()](PredictionClient::RequestId, const QString &, const ApiError &error) {
                if (error.kind == ApiError::Kind::Unauthorized)
                    window->onApiKeyRequired(error);
            });
    return window;
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
    // The window refreshes once the event loop turns, however many changes came at once.
    QTRY_VERIFY(primary->text().contains(QStringLiteral("API key")));
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
    m_backend.client().setApiKey(QStringLiteral("wrong"));
    QSignalSpy keyRequired(&m_backend.scheduler(), &PollScheduler::apiKeyRequired);
    m_window->addIds(m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}}));
    QTRY_COMPARE(keyRequired.count(), 1);
    // With tasks on screen, a banner says it and leads to the settings.
    auto *banner = m_window->findChild<QWidget *>(QStringLiteral("keyBanner"));
    QVERIFY(banner);
    QTRY_VERIFY(banner->isVisible());
    QTRY_VERIFY(banner->findChild<QLabel *>()->text().contains(
        QStringLiteral("You did not pass a valid authentication token")));
    saveScreenshot(QStringLiteral("main-window-key-rejected.png"));
    QTest::mouseClick(banner->findChild<QPushButton *>(), Qt::LeftButton);
    QCOMPARE(settings.count(), 2);
    QVERIFY(m_backend.store().remove({m_backend.store().tasks().first().key}));
    QTRY_VERIFY(!banner->isVisible());
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
    m_backend.client().setApiKey(QStringLiteral("wrong"));
    QSignalSpy failed(&m_backend.client(), &PredictionClient::requestFailed);
    m_backend.client().list();
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.constFirst().at(2).value<ApiError>().kind, ApiError::Kind::Unauthorized);
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("emptyPage"));
    QTRY_VERIFY2(text->text().contains(QStringLiteral("You did not pass a valid authentication token")),
                 qPrintable(text->text()));
    QVERIFY(primary->text().contains(QStringLiteral("API key")));
    QSignalSpy settings(m_window.get(), &MainWindow::settingsRequested);
    QTest::mouseClick(primary, Qt::LeftButton);
    QCOMPARE(settings.count(), 1);
}

void tst_MainWindow::titleShowsProviderAndActiveCount()
{
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Replimon"));
    m_window->setProviderLabel(QStringLiteral("Demo"));
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("Demo — Replimon"));
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("count"), 2}, {QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 60000}});
    QCOMPARE(m_window->addIds(ids), 2);
    // The app's name ends the title, once: a desktop appends the display name to any title that does not end with it.
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("Demo (2 active) — Replimon"));
    QVERIFY(m_backend.store().remove({m_backend.store().tasks().constFirst().key}));
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("Demo (1 active) — Replimon"));
}

void tst_MainWindow::cancelNotOfferedWhereUnsupported()
{
    ImageCache images(m_backend.nam(), m_backend.filePath(QStringLiteral("cache")));
    auto *pane = new TaskDetailPane(images);
    m_window->setDetailPane(pane);
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("count"), 2},
                                                     {QStringLiteral("queue_ms"), 0},
                                                     {QStringLiteral("run_ms"), 60000},
                                                     {QStringLiteral("input_image"), false}});
    QCOMPARE(m_window->addIds(ids), 2);
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    table->selectRow(0);
    auto *cancel = m_window->findChild<QAction *>(QStringLiteral("actionCancelPrediction"));
    auto *paneCancel = pane->findChild<QPushButton *>(QStringLiteral("cancelButton"));
    QTRY_VERIFY(paneCancel->isEnabled()); // fetched: processing
    QVERIFY(cancel->isEnabled());

    // A relay without cancel answers 405: Cancel is no longer offered for this provider's tasks.
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 405},
                                         {QStringLiteral("path"), QStringLiteral("/cancel")}}}));
    QSignalSpy failed(&m_backend.scheduler(), &PollScheduler::cancelFailed);
    m_backend.scheduler().cancel(m_window->selectedKeys());
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.constFirst().at(1).value<ApiError>().kind, ApiError::Kind::NotSupported);
    QVERIFY(!cancel->isEnabled());
    QVERIFY(!paneCancel->isEnabled());
    QVERIFY(!paneCancel->toolTip().isEmpty());
    table->selectRow(1);
    QVERIFY(!cancel->isEnabled());
    QVERIFY(!paneCancel->isEnabled());
    QVERIFY(m_sim.clearFaults());
    m_window.reset(); // the pane goes before the image cache it uses
}

void tst_MainWindow::addThroughDialogAndWatchThemSucceed()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("count"), 5},
                                                     {QStringLiteral("queue_ms"), 300},
                                                     {QStringLiteral("run_ms"), QJsonArray{1000, 2500}}});
    QCOMPARE(ids.size(), 5);
    const QStringList failing = m_sim.createPredictions(
        {{QStringLiteral("queue_ms"), 200},
         {QStringLiteral("run_ms"), 800},
         {QStringLiteral("outcome"), QStringLiteral("failed")},
         {QStringLiteral("error"), QStringLiteral("NSFW content detected")}});

    // Paste a mix a user would have: a URL, a bare id, noise.
    QString pasted = QStringLiteral("https://replicate.com/p/%1\n").arg(ids.at(0));
    for (int i = 1; i < ids.size(); ++i)
        pasted += ids.at(i) + u'\n';
    pasted +=
        QStringLiteral("curl https://api.quickrouter.ai/replicate/v1/predictions/%1\nthanks!\n").arg(failing.first());

    QTimer::singleShot(0, this, [] {}); // let the window settle
    m_window->findChild<QAction *>(QStringLiteral("actionAdd"))->trigger();
    AddTasksDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<AddTasksDialog *>()) != nullptr);
    dialog->setText(pasted);
    QCOMPARE(dialog->ids().size(), 6);
    QCOMPARE(dialog->unusableLines(), QStringList{QStringLiteral("thanks!")});
    dialog->accept();

    QCOMPARE(m_backend.store().count(), 6);
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
        return label->text().contains(QStringLiteral("6 tracked"))
            && label->text().contains(QStringLiteral("0 active"));
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
    QCOMPARE(m_backend.store().count(), 2);
    QGuiApplication::clipboard()->setText(ids.first() + QStringLiteral(" hello"));
    table->setFocus();
    m_window->findChild<QAction *>(QStringLiteral("actionPasteIds"))->trigger();
    QCOMPARE(m_backend.store().count(), 2);
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("already tracked")));
}

void tst_MainWindow::selectedKeysAreTheRowsShown()
{
    // Sorted by id one way, then the other: the rows on screen are not the store's order (in at least one of
    // the two), and the selection's tasks are the ones on screen, in the selection's order.
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("count"), 5}});
    m_window->addIds(ids);
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    const auto keyOnScreen = [table](int row) {
        return table->model()->index(row, TaskTableModel::Id).data(TaskTableModel::TaskKeyRole).value<TaskKey>();
    };
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        table->sortByColumn(TaskTableModel::Id, order);
        QItemSelection selection;
        for (const int row : {3, 0, 1}) {
            selection.select(table->model()->index(row, 0),
                             table->model()->index(row, table->model()->columnCount() - 1));
        }
        table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
        QCOMPARE(m_window->selectedKeys(), (QList<TaskKey>{keyOnScreen(3), keyOnScreen(0), keyOnScreen(1)}));
        // A row selected twice over counts once.
        table->selectionModel()->select(table->model()->index(0, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(m_window->selectedKeys().size(), 3);
    }
    table->selectAll();
    QCOMPARE(m_window->selectedKeys().size(), 5);
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
        QCOMPARE(m_backend.store().count(), button == QMessageBox::Cancel ? 3 : 0);
    }
}

void tst_MainWindow::filterByStatus()
{
    const QStringList done = m_sim.createPredictions(
        {{QStringLiteral("count"), 2}, {QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    const QStringList running = m_sim.createPredictions(
        {{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 60000}});
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
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 60000}});
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
    QVERIFY2(pollText().contains(QStringLiteral("retrying in 28 s"))
                 || pollText().contains(QStringLiteral("retrying in 27 s")),
             qPrintable(pollText()));
    saveScreenshot(QStringLiteral("main-window-rate-limited.png"));
}

void tst_MainWindow::stateSurvivesRestart()
{
    const QStringList done = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    const QStringList running = m_sim.createPredictions(
        {{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 1500}});
    m_window->addIds(done + running);
    QTRY_COMPARE(statusTextOf(done.first()), QStringLiteral("Succeeded"));
    QTRY_COMPARE(statusTextOf(running.first()), QStringLiteral("Processing"));

    // Quit: window, scheduler and store go away.
    cleanup();
    QTest::qWait(2000); // the running one finishes while the app is closed

    QVERIFY2(m_backend.reopen(), qPrintable(m_backend.errorString()));
    m_window = newWindow();
    m_window->setHasApiKey(true);
    m_window->show();
    QCOMPARE(statusTextOf(done.first()), QStringLiteral("Succeeded"));
    QCOMPARE(statusTextOf(running.first()), QStringLiteral("Processing"));
    QVERIFY(m_sim.clearLog());
    m_backend.scheduler().start();
    QTRY_COMPARE(statusTextOf(running.first()), QStringLiteral("Succeeded"));
    // Only the active one was asked about.
    const QJsonArray log = m_sim.requestLog();
    QVERIFY(!log.isEmpty());
    for (const QJsonValue &entry : log)
        QVERIFY(entry.toObject().value(QStringLiteral("path")).toString().endsWith(running.first()));
}

QString tst_MainWindow::pollLabelText() const
{
    // The permanent labels of the status bar: counts ("3 tracked · 1 active") and the poll state.
    for (QLabel *label : m_window->statusBar()->findChildren<QLabel *>()) {
        if (!label->text().contains(QStringLiteral("tracked")))
            return label->text();
    }
    return {};
}

QImage tst_MainWindow::statusCellOf(const QString &id) const
{
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    const QAbstractItemModel &model = m_window->filterModel();
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, TaskTableModel::Id).data().toString() == id) {
            const QRect rect = table->visualRect(model.index(row, TaskTableModel::Status));
            return table->viewport()->grab(rect).toImage();
        }
    }
    return {};
}

void tst_MainWindow::ctrlVAddsPastedIds()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("count"), 3}});
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));

    // On the empty page, which tells the user to press Ctrl+V.
    auto *stack = m_window->findChild<QStackedWidget *>(QStringLiteral("stack"));
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("emptyPage"));
    auto *primary = m_window->findChild<QPushButton *>(QStringLiteral("emptyPrimaryButton"));
    primary->setFocus();
    QGuiApplication::clipboard()->setText(QStringLiteral("https://replicate.com/p/%1").arg(ids.at(0)));
    QTest::keyClick(primary, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(m_backend.store().count(), 1);
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("splitter"));

    // On the table: several ids in one paste, a known one reported.
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    table->setFocus();
    QGuiApplication::clipboard()->setText(ids.join(u'\n'));
    QTest::keyClick(table, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(m_backend.store().count(), 3);
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("already tracked")));

    // The search field keeps its own Paste.
    auto *search = m_window->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    search->setFocus();
    QGuiApplication::clipboard()->setText(QStringLiteral("flux"));
    QTest::keyClick(search, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(search->text(), QStringLiteral("flux"));
    QCOMPARE(m_backend.store().count(), 3);
}

void tst_MainWindow::deleteKeyConfirmsOnlySeveral()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("count"), 4}});
    m_window->addIds(ids);
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    table->setFocus();

    // Answers the confirmation, if one comes, with @p button; the timer dies with the scope, so a box that
    // never came cannot be answered by a later step.
    const auto answerWith = [](QTimer &timer, QMessageBox::StandardButton button, QString *question) {
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &timer, [button, question] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                *question = box->text();
                box->button(button)->click();
            }
        });
        timer.start(100);
    };

    // One: removed at once, nothing asked.
    table->selectRow(0);
    const TaskKey first = m_window->selectedKeys().value(0);
    {
        QTimer timer;
        QString question;
        answerWith(timer, QMessageBox::Cancel, &question);
        QTest::keyClick(table, Qt::Key_Delete);
        QVERIFY2(question.isEmpty(), qPrintable(question));
    }
    QCOMPARE(m_backend.store().count(), 3);
    QVERIFY(!m_backend.store().contains(first));

    // Several: asked first; Cancel keeps them, Yes removes them.
    for (const auto button : {QMessageBox::Cancel, QMessageBox::Yes}) {
        table->selectAll();
        QCOMPARE(m_window->selectedKeys().size(), 3);
        QTimer timer;
        QString question;
        answerWith(timer, button, &question);
        // Offscreen, focus does not come back by itself after a message box closes; a user clicks the table.
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Delete);
        QVERIFY2(question.contains(QStringLiteral("3 prediction")), qPrintable(question));
        QCOMPARE(m_backend.store().count(), button == QMessageBox::Cancel ? 3 : 0);
    }
}

void tst_MainWindow::droppedTextAddsIds()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("count"), 2}});
    // The table does not take drops itself, so a drop anywhere in the window reaches the window.
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    QVERIFY(m_window->acceptDrops());
    QVERIFY(!table->acceptDrops() && !table->viewport()->acceptDrops());

    // What the window system sends: enter, then drop. Returns whether the drop was taken.
    const QPoint where(m_window->width() / 2, m_window->height() / 2);
    const auto dragAndDrop = [this, where](const QMimeData &mime) {
        QDragEnterEvent enter(where, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &enter);
        if (!enter.isAccepted())
            return false;
        QDropEvent drop(QPointF(where), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &drop);
        return drop.isAccepted();
    };

    QMimeData text;
    text.setText(QStringLiteral("look at https://replicate.com/p/%1 and\n%2\n").arg(ids.at(0), ids.at(1)));
    QVERIFY(dragAndDrop(text));
    QCOMPARE(m_backend.store().count(), 2);
    QVERIFY(m_backend.store().contains({ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom), ids.at(0)}));

    // A link dragged from a browser comes as a URL.
    const QStringList more = m_sim.createPredictions();
    QMimeData link;
    link.setUrls({QUrl(m_sim.apiRoot().toString() + QStringLiteral("/predictions/") + more.first())});
    QVERIFY(dragAndDrop(link));
    QCOMPARE(m_backend.store().count(), 3);

    // Text without ids is refused with a word, and adds nothing.
    QMimeData noise;
    noise.setText(QStringLiteral("hello"));
    QVERIFY(!dragAndDrop(noise));
    QCOMPARE(m_backend.store().count(), 3);
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("No prediction ids")));
}

void tst_MainWindow::headerAndGeometrySurviveRestart()
{
    m_window->addIds(m_sim.createPredictions({{QStringLiteral("count"), 3}}));
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    QHeaderView *header = table->horizontalHeader();
    header->setSectionHidden(TaskTableModel::Model, true);
    header->moveSection(header->visualIndex(TaskTableModel::Prompt), 0);
    header->resizeSection(TaskTableModel::Id, 333);
    const int promptWidth = header->sectionSize(TaskTableModel::Prompt);
    table->sortByColumn(TaskTableModel::Id, Qt::AscendingOrder);
    m_window->resize(1010, 610);
    const QSize size = m_window->size();
    QVERIFY(m_window->close());

    // A new window over settings read back from the file, as after a restart.
    m_window.reset();
    m_backend.reloadSettings();
    m_window = newWindow();
    m_window->setHasApiKey(true);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->size(), size);
    table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    header = table->horizontalHeader();
    QVERIFY(header->isSectionHidden(TaskTableModel::Model));
    QCOMPARE(header->visualIndex(TaskTableModel::Prompt), 0);
    QCOMPARE(header->sectionSize(TaskTableModel::Id), 333);
    // The first start's fitting of the prompt to the window is not done again over saved widths.
    QCOMPARE(header->sectionSize(TaskTableModel::Prompt), promptWidth);
    QCOMPARE(header->sortIndicatorSection(), int(TaskTableModel::Id));
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    // The rows are sorted as the header says, not only drawn with its arrow.
    QCOMPARE(m_window->filterModel().sortColumn(), int(TaskTableModel::Id));
    QCOMPARE(m_window->filterModel().sortOrder(), Qt::AscendingOrder);
    QStringList shown;
    for (int row = 0; row < m_window->filterModel().rowCount(); ++row)
        shown.append(m_window->filterModel().index(row, TaskTableModel::Id).data().toString());
    QStringList sorted = shown;
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return a.compare(b, Qt::CaseInsensitive) < 0; });
    QCOMPARE(shown, sorted);
}

void tst_MainWindow::statusBarSaysPausedAndNoKey()
{
    m_window->addIds(m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 60000}}));
    QTRY_VERIFY(pollLabelText().startsWith(QStringLiteral("Polling every")));
    m_window->findChild<QAction *>(QStringLiteral("actionPause"))->trigger();
    QVERIFY(m_backend.scheduler().isPaused());
    QTRY_COMPARE(pollLabelText(), QStringLiteral("Paused"));
    m_window->findChild<QAction *>(QStringLiteral("actionPause"))->trigger();
    QVERIFY(!m_backend.scheduler().isPaused());
    QTRY_VERIFY2(pollLabelText().startsWith(QStringLiteral("Polling every")), qPrintable(pollLabelText()));

    m_window->setHasApiKey(false);
    QTRY_COMPARE(pollLabelText(), QStringLiteral("No API key"));
    saveScreenshot(QStringLiteral("main-window-no-key.png"));
}

void tst_MainWindow::busyIndicatorSpinsOnlyWhileActive()
{
    const QStringList running = m_sim.createPredictions(
        {{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 60000}});
    const QStringList done = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    m_window->addIds(running + done);
    QTRY_COMPARE(statusTextOf(running.first()), QStringLiteral("Processing"));
    QTRY_COMPARE(statusTextOf(done.first()), QStringLiteral("Succeeded"));
    m_backend.scheduler().pause(); // no new answers: only the spinner may change a cell

    const QImage runningBefore = statusCellOf(running.first());
    const QImage doneBefore = statusCellOf(done.first());
    QVERIFY(!runningBefore.isNull() && !doneBefore.isNull());
    // The spinner's angle follows the clock: the same data paints differently a moment later.
    QTRY_VERIFY_WITH_TIMEOUT(statusCellOf(running.first()) != runningBefore, 3000);
    QCOMPARE(statusCellOf(done.first()), doneBefore);
}

void tst_MainWindow::missingKeyIsNotCalledRejected()
{
    // No key at all: the server's 401 must not read as "your key was rejected".
    m_backend.client().setApiKey(QString());
    m_window->setHasApiKey(false);
    QSignalSpy keyRequired(&m_backend.scheduler(), &PollScheduler::apiKeyRequired);
    m_window->addIds(m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}}));
    // The banner does not wait for a 401: the app sends nothing without a key, so none would come.
    auto *banner = m_window->findChild<QWidget *>(QStringLiteral("keyBanner"));
    QVERIFY(banner);
    QTRY_VERIFY(banner->isVisible());
    QVERIFY(banner->findChild<QLabel *>()->text().contains(QStringLiteral("needs the API key")));
    QTRY_COMPARE(keyRequired.count(), 1);
    QTRY_COMPARE(pollLabelText(), QStringLiteral("No API key"));
    QVERIFY(banner->isVisible());
    const QString text = banner->findChild<QLabel *>()->text();
    QVERIFY2(!text.contains(QStringLiteral("rejected")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("needs the API key")), qPrintable(text));
    saveScreenshot(QStringLiteral("main-window-no-key-banner.png"));

    // A key that is then refused is called rejected.
    m_backend.client().setApiKey(QStringLiteral("wrong"));
    m_window->setHasApiKey(true);
    m_backend.scheduler().resume();
    QTRY_COMPARE(keyRequired.count(), 2);
    QTRY_COMPARE(pollLabelText(), QStringLiteral("API key rejected"));
    QVERIFY(banner->findChild<QLabel *>()->text().contains(QStringLiteral("rejected")));
}

void tst_MainWindow::statusBarFieldsStandApart()
{
    m_window->addIds(m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 60000}}));
    QTRY_VERIFY(pollLabelText().startsWith(QStringLiteral("Polling every")));
    auto *poll = m_window->statusBar()->findChild<QLabel *>(QStringLiteral("pollLabel"));
    auto *counts = m_window->statusBar()->findChild<QLabel *>(QStringLiteral("countsLabel"));
    auto *separator = m_window->statusBar()->findChild<QFrame *>(QStringLiteral("statusSeparator"));
    QVERIFY(poll && counts && separator);
    QVERIFY(poll->isVisible() && counts->isVisible() && separator->isVisible());
    QCOMPARE(separator->frameShape(), QFrame::VLine);
    // Where the texts are drawn, not only where the widgets are: the labels' own margins count.
    const auto textRect = [](QLabel *label) {
        const QRect contents = label->contentsRect();
        const int width = label->fontMetrics().horizontalAdvance(label->text());
        return QRect(label->mapTo(label->window(), contents.topLeft()), QSize(width, contents.height()));
    };
    const auto apart = [&] {
        const QRect line(separator->mapTo(m_window.get(), QPoint(0, 0)), separator->size());
        const int space = m_window->fontMetrics().averageCharWidth();
        return textRect(poll).right() + space <= line.left() && line.right() + space <= textRect(counts).left();
    };
    // The status bar lays out again after a label's text changed (a posted event).
    QTRY_VERIFY2(apart(),
                 qPrintable(QStringLiteral("poll text ends at %1, separator at %2, counts text starts at %3")
                                .arg(textRect(poll).right())
                                .arg(separator->mapTo(m_window.get(), QPoint(0, 0)).x())
                                .arg(textRect(counts).left())));
    saveScreenshot(QStringLiteral("main-window-status-bar.png"));
}

void tst_MainWindow::defaultColumnsFitTheDefaultWindow()
{
    // First start: no saved header, the window at its default size with the detail pane beside the table.
    m_window.reset();
    m_window = newWindow();
    const QSize defaultSize = m_window->size();
    QCOMPARE(defaultSize, QSize(1200, 760));
    ImageCache images(m_backend.nam(), m_backend.filePath(QStringLiteral("cache")));
    m_window->setDetailPane(new TaskDetailPane(images));
    m_window->setHasApiKey(true);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->addIds(m_sim.createPredictions({{QStringLiteral("count"), 30}, {QStringLiteral("queue_ms"), 0}}));
    QTRY_VERIFY(statusTextOf(m_backend.store().tasks().constFirst().key.id) == QStringLiteral("Succeeded"));

    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    QHeaderView *header = table->horizontalHeader();
    const int viewport = table->viewport()->width();
    for (const int column : {TaskTableModel::Status, TaskTableModel::Id, TaskTableModel::Model, TaskTableModel::Prompt,
                             TaskTableModel::Created, TaskTableModel::Output}) {
        const int left = header->sectionViewportPosition(column);
        const int right = left + header->sectionSize(column);
        QVERIFY2(!header->isSectionHidden(column) && left >= 0 && right <= viewport,
                 qPrintable(QStringLiteral("column %1 at %2–%3 of %4").arg(column).arg(left).arg(right).arg(viewport)));
    }
    // The texts the expiry mark and the dates need are not cut.
    const QFontMetrics metrics = table->fontMetrics();
    for (const int column : {TaskTableModel::Created, TaskTableModel::Output, TaskTableModel::Status}) {
        for (int row = 0; row < m_window->filterModel().rowCount(); ++row) {
            const QString text = m_window->filterModel().index(row, column).data().toString();
            QVERIFY2(metrics.horizontalAdvance(text) < header->sectionSize(column), qPrintable(text));
        }
    }
    // Prompts read from their start; ids and model names keep both ends.
    const auto *promptDelegate = qobject_cast<ElidingDelegate *>(table->itemDelegateForColumn(TaskTableModel::Prompt));
    QVERIFY(promptDelegate);
    QVERIFY(promptDelegate->elideMode() == Qt::ElideRight);
    QCOMPARE(table->textElideMode(), Qt::ElideMiddle);
    // The pane beside it has the room its heading needs: nothing of it is cut off.
    QWidget *pane = m_window->detailPane();
    QVERIFY(pane->width() >= pane->minimumSizeHint().width());
    saveScreenshot(QStringLiteral("main-window-default-size.png"));
    m_window.reset(); // the pane goes before the image cache it uses
}

void tst_MainWindow::oneRefreshForSeveralChanges()
{
    // The composition root tells the window several things in one go (a new provider, its key): the title,
    // status bar and banner are built once, when the event loop turns, from the state then.
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("Replimon"));
    QSignalSpy titles(m_window.get(), &QWidget::windowTitleChanged);
    m_window->setProviderLabel(QStringLiteral("QuickRouter"));
    m_window->setHasApiKey(false);
    m_window->setProviderLabel(QStringLiteral("Demo"));
    m_window->setHasApiKey(true);
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Replimon"));
    QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("Demo — Replimon"));
    QTest::qWait(50);
    QCOMPARE(titles.size(), 1);
}

void tst_MainWindow::connectYourCodeFromTheEmptyPage()
{
    auto *button = m_window->findChild<QPushButton *>(QStringLiteral("emptyCaptureButton"));
    QVERIFY(button && button->isVisible());
    QVERIFY(!m_window->capture().connectDialog());
    QTest::mouseClick(button, Qt::LeftButton);
    ConnectCodeDialog *dialog = m_window->capture().connectDialog();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    const auto text = [dialog](const char *name) {
        auto *edit = dialog->findChild<QLineEdit *>(QLatin1String(name));
        return edit ? edit->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
    };

    // Off, on the documented port: it says so and offers to turn it on, which goes through Settings.
    QCOMPARE(text("clientUrlEdit"), QStringLiteral("http://127.0.0.1:5088/v1"));
    QCOMPARE(text("relayUrlEdit"), QStringLiteral("http://127.0.0.1:5088/replicate/v1"));
    auto *turnOn = dialog->findChild<QPushButton *>(QStringLiteral("turnOnButton"));
    QVERIFY(turnOn && turnOn->isVisible());
    QTest::mouseClick(turnOn, Qt::LeftButton);
    QVERIFY(m_backend.settings().captureEnabled());

    // The endpoint listens on another port: the URLs and every snippet follow it.
    CaptureState state;
    state.enabled = state.listening = true;
    state.port = 6123;
    state.upstream = m_backend.client().endpoint().root().toDisplayString();
    m_window->capture().setState(state);
    QVERIFY(!turnOn->isVisible());
    QCOMPARE(text("clientUrlEdit"), QStringLiteral("http://127.0.0.1:6123/v1"));
    QCOMPARE(text("relayUrlEdit"), QStringLiteral("http://127.0.0.1:6123/replicate/v1"));
    auto *tabs = dialog->findChild<QTabWidget *>(QStringLiteral("snippetTabs"));
    QVERIFY(tabs);
    const QStringList expected = {
        QStringLiteral("curl -s http://127.0.0.1:6123/v1/models/"),
        // The Python client appends /v1 itself.
        QStringLiteral("replicate.Client(base_url=\"http://127.0.0.1:6123\")"),
        QStringLiteral("new Replicate({ baseUrl: \"http://127.0.0.1:6123/v1\" })"),
        QStringLiteral("Host: 127.0.0.1:6123"),
    };
    QCOMPARE(tabs->count(), expected.size());
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QVERIFY2(dialog->currentSnippet().contains(expected.at(i)), qPrintable(dialog->currentSnippet()));
    }
    tabs->setCurrentIndex(0);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("relayUrlCopyButton")), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("http://127.0.0.1:6123/replicate/v1"));
    QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
    QVERIFY(dialog->grab().save(QStringLiteral(REPLIMON_SCREENSHOT_DIR "/connect-code.png")));

    // The menu's entry raises the same dialog.
    auto *action = m_window->findChild<QAction *>(QStringLiteral("actionCapture"));
    QVERIFY(action);
    action->trigger();
    QCOMPARE(m_window->capture().connectDialog(), dialog);
}

void tst_MainWindow::captureStateInStatusBarAndBanner()
{
    auto *label = m_window->statusBar()->findChild<QLabel *>(QStringLiteral("captureLabel"));
    QVERIFY(label);
    QVERIFY(!label->isVisible()); // off by default: nothing to say
    CaptureState state;
    state.enabled = state.listening = true;
    state.port = 5088;
    m_window->capture().setState(state);
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), QStringLiteral("Capture on :5088"));
    QVERIFY(!m_window->capture().banner().isVisible());

    state.listening = false;
    state.problem = QStringLiteral("Port 5088 is in use by another program.");
    m_window->capture().setState(state);
    QCOMPARE(label->text(), QStringLiteral("Capture failed"));
    QVERIFY(m_window->capture().banner().isVisible());
    QVERIFY(m_window->capture().banner().text().contains(state.problem));
    QSignalSpy settings(&m_window->capture(), &CaptureControls::settingsRequested);
    QTest::mouseClick(m_window->capture().banner().findChild<QPushButton *>(), Qt::LeftButton);
    QCOMPARE(settings.size(), 1);
    saveScreenshot(QStringLiteral("main-window-capture-failed.png"));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
