// The whole application over a database a newer Replimon wrote, with replimon-sim configured as its
// provider: the window says which version wrote it, shows every task (table, filter, detail pane, the saved
// file), and nothing reaches the simulator, nothing is captured and nothing is written; the file's bytes
// are the same after the app is gone. Leaves a screenshot of the window under the build folder.
#include "Application.h"
#include "LoopbackPorts.h"
#include "MainWindow.h"
#include "NewerDatabase.h"
#include "ReadOnlyBanner.h"
#include "SavedOutputFixtures.h"
#include "Settings.h"
#include "SimProcess.h"
#include "TaskDetailPane.h"
#include "TaskFilterModel.h"
#include "TaskStore.h"
#include "Translations.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;

namespace {

QAction *action(const MainWindow &window, const char *name)
{
    return window.findChild<QAction *>(QLatin1String(name));
}

} // namespace

using LoopbackPorts::accepts;
using LoopbackPorts::freePort;

class tst_ReadOnlyApp final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsTheNoticeAndEveryTask();
    void nothingPollsCapturesOrWrites();
    void writeAttemptsAreRefusedWithAReason();
    void screenshot();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("tasks.sqlite")); }
    QString savedFile() const { return m_dir->filePath(NewerDatabase::succeededId + QStringLiteral(".png")); }

    SimProcess m_sim;
    Translations m_translations;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Application> m_app;
    QByteArray m_before;
    quint16 m_capturePort = 0;
};

void tst_ReadOnlyApp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_sim.start(), m_sim.standardError().constData());
    qputenv("REPLIMON_API_KEY", m_sim.token().toLatin1());
}

void tst_ReadOnlyApp::init()
{
    QVERIFY(m_sim.reset());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QFile png(savedFile());
    QVERIFY(png.open(QIODevice::WriteOnly));
    png.write(SavedOutputFixtures::smallPng());
    png.close();
    QVERIFY(NewerDatabase::make(dbPath(), savedFile(), QStringLiteral("9.1.0")));
    m_before = NewerDatabase::bytes(dbPath());

    // Everything that would send, save or record is on: the simulator as provider with its key, polling
    // every half second, auto-download, the capture endpoint.
    const QString settingsPath = m_dir->filePath(QStringLiteral("replimon.ini"));
    m_capturePort = freePort();
    {
        Settings settings(settingsPath);
        settings.setProvider(ApiEndpoint::Provider::Custom);
        settings.setCustomRoot(m_sim.apiRoot().toString());
        settings.setDownloadFolder(m_dir->filePath(QStringLiteral("downloads")));
        settings.setAutoDownload(true);
        settings.setPollInterval(500ms);
        settings.setCaptureEnabled(true);
        settings.setCapturePort(m_capturePort);
        settings.sync();
    }
    Application::Options options;
    options.settingsPath = settingsPath;
    options.databasePath = dbPath();
    options.autostartPath = m_dir->filePath(QStringLiteral("autostart/replimon.desktop"));
    m_app = std::make_unique<Application>(options, m_translations);
    QVERIFY(m_app->start());
    QVERIFY(m_app->store().isReadOnly());
}

void tst_ReadOnlyApp::cleanup()
{
    m_app.reset();
    m_translations.remove();
    // Whatever the test did, the newer build's file is as it was, with nothing beside it.
    QCOMPARE(NewerDatabase::bytes(dbPath()), m_before);
    QCOMPARE(NewerDatabase::companions(dbPath()), QStringList());
}

void tst_ReadOnlyApp::showsTheNoticeAndEveryTask()
{
    MainWindow &window = m_app->window();
    ReadOnlyBanner *banner = window.readOnlyBanner();
    QVERIFY(banner);
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->text(),
             QStringLiteral("This task history was written by Replimon 9.1.0, which is newer than this one (%1). It "
                            "is open read-only: you can browse, filter and open saved files, but nothing is checked, "
                            "downloaded, added or removed. Use that version to keep working with it.")
                 .arg(QStringLiteral(REPLIMON_VERSION)));
    // The status bar says why nothing is checked (not that a key is missing); the key banner stays away.
    auto *poll = window.statusBar()->findChild<QLabel *>(QStringLiteral("pollLabel"));
    QVERIFY(poll);
    QCOMPARE(poll->text(), QStringLiteral("Read-only"));
    QVERIFY(!window.findChild<QWidget *>(QStringLiteral("keyBanner"))->isVisible());

    // The table: every task; the filter narrows it.
    auto *table = window.findChild<QTableView *>(QStringLiteral("tableView"));
    QVERIFY(table);
    QCOMPARE(table->model()->rowCount(), 3);
    window.filterModel().setSearchText(QStringLiteral("fox"));
    QTRY_COMPARE(table->model()->rowCount(), 1);

    // The detail pane of the task with a saved file: Open is there, Save and Refresh are off and say why.
    table->selectRow(0);
    TaskDetailPane *pane = window.detailPane();
    QVERIFY(pane);
    QTRY_COMPARE(pane->taskKey().id, NewerDatabase::succeededId);
    auto *open = pane->findChild<QPushButton *>(QStringLiteral("openFileButton"));
    QVERIFY(open);
    QVERIFY(open->isVisibleTo(pane));
    QVERIFY(open->isEnabled());
    for (const char *name : {"saveButton", "refreshButton", "cancelButton"}) {
        auto *button = pane->findChild<QPushButton *>(QLatin1String(name));
        QVERIFY2(button, name);
        QVERIFY2(!button->isEnabled(), name);
        QCOMPARE(button->toolTip(), ReadOnlyBanner::refusalText());
    }
}

void tst_ReadOnlyApp::nothingPollsCapturesOrWrites()
{
    // Three poll intervals and more: a processing task would have been asked for by now.
    QTest::qWait(2000);
    QCOMPARE(m_sim.requestLog().size(), 0);
    QVERIFY(!m_app->capture().isListening());
    QVERIFY(!accepts(m_capturePort));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("downloads"))));
    QCOMPARE(m_app->store().rowsWritten(), 0);
}

void tst_ReadOnlyApp::writeAttemptsAreRefusedWithAReason()
{
    MainWindow &window = m_app->window();
    for (const char *name :
         {"actionAdd", "actionPasteIds", "actionImport", "actionImportFiles", "actionCapture", "actionRefreshAll",
          "actionPause", "actionRemove", "actionRefresh", "actionCancelPrediction"}) {
        QAction *found = action(window, name);
        QVERIFY2(found, name);
        QVERIFY2(!found->isEnabled(), name);
    }
    QCOMPARE(action(window, "actionAdd")->toolTip(), ReadOnlyBanner::refusalText());

    // Selecting rows does not turn Remove back on.
    auto *table = window.findChild<QTableView *>(QStringLiteral("tableView"));
    table->selectAll();
    QVERIFY(!action(window, "actionRemove")->isEnabled());
    QVERIFY(action(window, "actionCopyId")->isEnabled());
    // Compare writes nothing: it works on a read-only store's tasks too (in the Prediction menu).
    const QList<QAction *> prediction = window.findChild<QMenu *>(QStringLiteral("menuView"))->actions();
    const auto compare = std::find_if(prediction.cbegin(), prediction.cend(), [](const QAction *found) {
        return found->objectName() == QLatin1String("actionCompare");
    });
    QVERIFY(compare != prediction.cend());
    QVERIFY((*compare)->isEnabled());

    // Ids pasted, dropped or handed over by another start: refused, and the status bar says why.
    QCOMPARE(window.addIds({QStringLiteral("abc123")}), 0);
    QCOMPARE(window.statusBar()->currentMessage(), ReadOnlyBanner::refusalText());
    window.statusBar()->clearMessage();
    m_app->receiveIds({savedFile()});
    QCOMPARE(window.statusBar()->currentMessage(), ReadOnlyBanner::refusalText());
    QCOMPARE(m_app->store().count(), 3);
    QCOMPARE(m_sim.requestLog().size(), 0);
}

void tst_ReadOnlyApp::screenshot()
{
    MainWindow &window = m_app->window();
    window.resize(1180, 640);
    auto *table = window.findChild<QTableView *>(QStringLiteral("tableView"));
    table->selectRow(2);
    QTest::qWait(200);
    const QString folder = QStringLiteral(REPLIMON_SCREENSHOT_DIR);
    QDir().mkpath(folder);
    const QString path = QDir(folder).filePath(QStringLiteral("main-window-read-only.png"));
    QVERIFY(window.grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));

    // And in Chinese, said again at once.
    const QString english = window.readOnlyBanner()->text();
    QCOMPARE(m_translations.install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QTRY_VERIFY(window.readOnlyBanner()->text() != english);
    QVERIFY(window.readOnlyBanner()->text().contains(QStringLiteral("9.1.0")));
    QTest::qWait(200);
    const QString chinese = QDir(folder).filePath(QStringLiteral("main-window-read-only-zh_CN.png"));
    QVERIFY(window.grab().save(chinese));
    qInfo("screenshot: %s", qPrintable(chinese));
}

QTEST_MAIN(tst_ReadOnlyApp)
#include "tst_readonlyapp.moc"
