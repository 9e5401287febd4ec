// The whole application (Application, the composition root) over a temporary settings file and database,
// against replimon-sim: each setting is changed through Settings alone, with no dialog, and the running
// parts follow — the scheduler's interval and concurrency, auto-download and the download folder,
// notifications, the language, the provider the client sends requests to, and the capture endpoint.
#include "Application.h"
#include "CaptureControls.h"
#include "KeyBanner.h"
#include "LoopbackPorts.h"
#include "MainWindow.h"
#include "PollScheduler.h"
#include "PredictionClient.h"
#include "Settings.h"
#include "SimProcess.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "Translations.h"
#include "TrayNotifier.h"
#include "GalleryView.h"
#include "ViewModeSwitch.h"

#include <QAction>
#include <QApplication>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSlider>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;

namespace {

constexpr int networkTimeoutMs = 20000;

QStringList filesUnder(const QString &folder)
{
    QStringList files;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}

} // namespace

using LoopbackPorts::accepts;
using LoopbackPorts::freePort;

class tst_Application final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void schedulerFollowsPolling();
    void downloadsFollowAutoDownloadAndFolder();
    void starredOutputsAreSavedWithAutoSaveOff();
    void trayFollowsNotifications();
    void windowFollowsLanguage();
    void galleryModeSurvivesRestart();
    void clientFollowsProvider();
    void autostartFollowsStartAtLogin();
    void captureRequestBringsTheWindowForward();
    void withoutTrayClosingEndsAsBefore();
    void trayStartWithoutTrayShowsTheWindow();
    void captureFollowsSettings();
    void captureFollowsRootPortAndOrigins();
    void takenCapturePortIsExplained();
    void captureRecordingFailureIsShown();
    void captureForThisRunHoldsUntilCaptureIsSet();

private:
    /// Tracks a prediction that succeeds at once and waits until the app saw it succeed.
    bool addSucceeding(QString *id = nullptr);

    SimProcess m_sim;
    Translations m_translations;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Application> m_app;
    Application::Options m_options;
};

void tst_Application::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_sim.start(), m_sim.standardError().constData());
    // The key comes from the environment, as a user may give it: no keychain is needed.
    qputenv("REPLIMON_API_KEY", m_sim.token().toLatin1());
}

void tst_Application::init()
{
    QVERIFY(m_sim.reset());
    m_dir = std::make_unique<QTemporaryDir>();
    const QString settingsPath = m_dir->filePath(QStringLiteral("replimon.ini"));
    {
        Settings settings(settingsPath);
        settings.setProvider(ApiEndpoint::Provider::Custom);
        settings.setCustomRoot(m_sim.apiRoot().toString());
        settings.setDownloadFolder(m_dir->filePath(QStringLiteral("first")));
        settings.setAutoDownload(false);
        settings.setPollInterval(500ms);
        settings.sync();
    }
    Application::Options options;
    options.settingsPath = settingsPath;
    options.databasePath = m_dir->filePath(QStringLiteral("tasks.sqlite"));
    options.autostartPath = m_dir->filePath(QStringLiteral("autostart/replimon.desktop"));
    m_options = options;
    m_app = std::make_unique<Application>(options, m_translations);
    QVERIFY(m_app->start());
    QTRY_VERIFY_WITH_TIMEOUT(m_app->client().hasApiKey(), networkTimeoutMs);
    QCOMPARE(m_app->client().endpoint().root(), m_sim.apiRoot());
}

void tst_Application::cleanup()
{
    m_app.reset();
    m_translations.remove();
}

bool tst_Application::addSucceeding(QString *id)
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    if (ids.size() != 1 || m_app->window().addIds(ids) != 1)
        return false;
    if (id)
        *id = ids.first();
    const TaskKey key{ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom), ids.first()};
    return QTest::qWaitFor(
        [&] {
            const Task *task = m_app->store().task(key);
            return task && task->status == PredictionStatus::Succeeded;
        },
        networkTimeoutMs);
}

void tst_Application::schedulerFollowsPolling()
{
    QCOMPARE(m_app->scheduler().interval(), 500ms);
    QCOMPARE(m_app->scheduler().maxInFlight(), 4);
    m_app->settings().setPollInterval(7s);
    QCOMPARE(m_app->scheduler().interval(), 7s);
    m_app->settings().setMaxInFlight(9);
    QCOMPARE(m_app->scheduler().maxInFlight(), 9);
    // What Settings clamps is what the scheduler gets.
    m_app->settings().setMaxInFlight(100);
    QCOMPARE(m_app->scheduler().maxInFlight(), 16);
}

void tst_Application::downloadsFollowAutoDownloadAndFolder()
{
    const QString first = m_dir->filePath(QStringLiteral("first"));
    const QString second = m_dir->filePath(QStringLiteral("second"));
    // Off: a finished task's outputs stay remote.
    QVERIFY(addSucceeding());
    QTest::qWait(1000);
    QVERIFY(filesUnder(first).isEmpty());

    // On, into another folder: the next finished task is saved there.
    m_app->settings().setDownloadFolder(second);
    m_app->settings().setAutoDownload(true);
    QString id;
    QVERIFY(addSucceeding(&id));
    QTRY_VERIFY_WITH_TIMEOUT(!filesUnder(second).isEmpty(), networkTimeoutMs);
    QVERIFY(filesUnder(first).isEmpty());
    const Task *task = m_app->store().task({ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom), id});
    QVERIFY(task);
    QTRY_VERIFY_WITH_TIMEOUT(!task->localFiles.isEmpty(), networkTimeoutMs);
    QVERIFY2(task->localFiles.first().startsWith(second), qPrintable(task->localFiles.first()));
}

void tst_Application::starredOutputsAreSavedWithAutoSaveOff()
{
    MainWindow &window = m_app->window();
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const QString folder = m_dir->filePath(QStringLiteral("first"));
    const QString provider = ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom);
    QAction *star = nullptr;
    for (QAction *action : window.menuBar()->actions()) {
        for (QAction *item : action->menu() ? action->menu()->actions() : QList<QAction *>()) {
            if (item->shortcut() == QKeySequence(Qt::Key_S))
                star = item;
        }
    }
    QVERIFY(star);
    QCOMPARE(star->text(), QStringLiteral("Star"));

    // Succeeded and not saved (automatic saving is off): starring it saves it.
    QString done;
    QVERIFY(addSucceeding(&done));
    QVERIFY(filesUnder(folder).isEmpty());
    window.selectTask({provider, done});
    // Typed into the search field, S is a letter, not the shortcut.
    auto *search = window.findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    QVERIFY(search);
    search->setFocus();
    QTest::keyClick(search, Qt::Key_S);
    QCOMPARE(search->text(), QStringLiteral("s"));
    QVERIFY(!m_app->store().task({provider, done})->starred);
    search->clear();
    window.selectTask({provider, done});
    star->trigger();
    QVERIFY(m_app->store().task({provider, done})->starred);
    QTRY_COMPARE_WITH_TIMEOUT(filesUnder(folder).size(), 1, networkTimeoutMs);
    QVERIFY(filesUnder(folder).first().contains(done));
    QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("Starred 1 task")));

    // Starred while it runs: saved when it ends.
    const QStringList running = m_sim.createPredictions(
        {{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 1500}});
    QCOMPARE(window.addIds(running), 1);
    window.selectTask({provider, running.first()});
    star->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(filesUnder(folder).size(), 2, networkTimeoutMs);

    // Again on a starred task: unstarred, and what was saved stays.
    window.selectTask({provider, done});
    star->trigger();
    QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("Unstarred 1 task")));
    QVERIFY(!m_app->store().task({provider, done})->starred);
    QCOMPARE(filesUnder(folder).size(), 2);
}

void tst_Application::trayFollowsNotifications()
{
    TrayNotifier *tray = m_app->tray();
    QVERIFY(tray);
    tray->setGatherInterval(10ms);
    // The user is not looking at the window: finished tasks are told, if the user wants that.
    m_app->window().hide();
    QSignalSpy notified(tray, &TrayNotifier::notified);

    m_app->settings().setNotifications(false);
    QVERIFY(addSucceeding());
    QTest::qWait(500);
    QCOMPARE(notified.size(), 0);

    m_app->settings().setNotifications(true);
    QVERIFY(addSucceeding());
    QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, networkTimeoutMs);
}

void tst_Application::windowFollowsLanguage()
{
    const auto *settingsAction = m_app->window().findChild<QAction *>(QStringLiteral("actionSettings"));
    QVERIFY(settingsAction);
    const QString english = settingsAction->text();
    m_app->settings().setLanguage(QStringLiteral("en"));
    QCOMPARE(settingsAction->text(), english);

    m_app->settings().setLanguage(QStringLiteral("zh_CN"));
    QTRY_VERIFY(settingsAction->text() != english);
    const QString chinese = settingsAction->text();
    QVERIFY2(std::any_of(chinese.cbegin(), chinese.cend(), [](QChar c) { return c.unicode() >= 0x4e00; }),
             qPrintable(chinese));
    // The numbers follow the language too.
    QCOMPARE(QLocale().name(), QStringLiteral("zh_CN"));

    m_app->settings().setLanguage(QStringLiteral("en"));
    QTRY_COMPARE(settingsAction->text(), english);
}

void tst_Application::galleryModeSurvivesRestart()
{
    MainWindow &window = m_app->window();
    const auto *viewMenu = window.menuBar()->findChild<QMenu *>(QStringLiteral("menuUsageView"));
    QVERIFY(viewMenu);
    auto *gallery = window.findChild<QAction *>(QStringLiteral("actionGalleryView"));
    QVERIFY(gallery);
    QVERIFY(viewMenu->actions().contains(gallery));
    QCOMPARE(gallery->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_2));
    gallery->trigger();
    QVERIFY(window.viewMode().showsGallery());
    window.viewMode().sizeSlider().setValue(200);

    m_app.reset();
    m_app = std::make_unique<Application>(m_options, m_translations);
    QVERIFY(m_app->start());
    QVERIFY(m_app->window().viewMode().showsGallery());
    QCOMPARE(m_app->window().viewMode().gallery().cellSize(), 200);
}

void tst_Application::clientFollowsProvider()
{
    m_app->settings().setProvider(ApiEndpoint::Provider::Replicate);
    QCOMPARE(m_app->client().endpoint().provider(), ApiEndpoint::Provider::Replicate);
    QCOMPARE(m_app->client().endpoint().root(), ApiEndpoint::preset(ApiEndpoint::Provider::Replicate).root());
    // The new provider's key is read again (here: the environment's, which every provider uses).
    QTRY_VERIFY_WITH_TIMEOUT(m_app->client().hasApiKey(), networkTimeoutMs);
    QCOMPARE(m_app->window().windowTitle(), QStringLiteral("Replicate — Replimon"));

    m_app->settings().setProvider(ApiEndpoint::Provider::Custom);
    QCOMPARE(m_app->client().endpoint().root(), m_sim.apiRoot());
    const QUrl second = m_sim.apiRoot(QStringLiteral("/relay/v1"));
    m_app->settings().setCustomRoot(second.toString());
    QCOMPARE(m_app->client().endpoint().provider(), ApiEndpoint::Provider::Custom);
    QCOMPARE(m_app->client().endpoint().root(), second);
    QTRY_VERIFY_WITH_TIMEOUT(m_app->client().hasApiKey(), networkTimeoutMs);
}

void tst_Application::autostartFollowsStartAtLogin()
{
    const QString path = m_options.autostartPath;
    QCOMPARE(m_app->autostart().filePath(), path);
    QVERIFY(!QFile::exists(path));
    m_app->settings().setStartAtLogin(true);
    QVERIFY(QFile::exists(path));
    QFile entry(path);
    QVERIFY(entry.open(QIODevice::ReadOnly));
    const QByteArray contents = entry.readAll();
    // This program, started in the tray.
    const QByteArray exec = "\nExec=" + QFile::encodeName(QCoreApplication::applicationFilePath()) + " --tray\n";
    QVERIFY2(contents.contains(exec), contents.constData());

    m_app->settings().setStartAtLogin(false);
    QVERIFY(!QFile::exists(path));

    // An entry that went missing while the setting was on is written again at the next start.
    m_app->settings().setStartAtLogin(true);
    QVERIFY(QFile::remove(path));
    m_app.reset();
    m_app = std::make_unique<Application>(m_options, m_translations);
    QVERIFY(m_app->start());
    QVERIFY(QFile::exists(path));
}

void tst_Application::captureRequestBringsTheWindowForward()
{
    m_app->window().hide();
    QSignalSpy requested(m_app.get(), &Application::captureRequested);
    const quint16 port = freePort();
    QVERIFY(!m_app->capture().isListening());
    m_app->receiveCaptureRequest(port);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).value<quint16>(), port);
    QVERIFY(m_app->window().isVisible());
    // The running app turns capture on at that port, as `--capture PORT` would, and saves nothing.
    QVERIFY(m_app->capture().isListening());
    QCOMPARE(m_app->capture().port(), port);
    QVERIFY(m_app->captureState().forThisRun);
    QVERIFY(!m_app->settings().captureEnabled());
}

void tst_Application::withoutTrayClosingEndsAsBefore()
{
    if (m_app->tray()->isIconVisible())
        QSKIP("this desktop has a tray");
    // Capture on, but no tray to come back from: the window closes as it always did, and nobody is told
    // that it keeps running.
    m_app->settings().setCaptureEnabled(true);
    QSignalSpy notified(m_app->tray(), &TrayNotifier::notified);
    QVERIFY(m_app->window().isVisible());
    QVERIFY(m_app->window().close());
    QVERIFY(!m_app->window().isVisible());
    QCOMPARE(notified.size(), 0);
    QVERIFY(!m_app->settings().trayNoticeShown());
}

void tst_Application::trayStartWithoutTrayShowsTheWindow()
{
    // Started at login where there is no tray: the window is the only way to the app, so it opens.
    m_app.reset();
    Application::Options options = m_options;
    options.startInTray = true;
    m_app = std::make_unique<Application>(options, m_translations);
    QVERIFY(m_app->start());
    QCOMPARE(m_app->window().isVisible(), !m_app->tray()->isIconVisible());
}

void tst_Application::captureFollowsSettings()
{
    const quint16 port = freePort();
    m_app->settings().setCapturePort(port);
    // Off until the user turns it on.
    QVERIFY(!m_app->capture().isListening());
    QVERIFY(!accepts(port));

    m_app->settings().setCaptureEnabled(true);
    QVERIFY(m_app->capture().isListening());
    QCOMPARE(m_app->capture().port(), port);
    const auto *label = m_app->window().findChild<QLabel *>(QStringLiteral("captureLabel"));
    QVERIFY(label);
    QCOMPARE(label->text(), QStringLiteral("Capture on :%1").arg(port));

    // A prediction the caller's code creates through the endpoint is in the window's table, captured.
    QNetworkAccessManager nam;
    QNetworkRequest request(
        QUrl(QStringLiteral("http://127.0.0.1:%1/v1/models/black-forest-labs/flux-schnell/predictions").arg(port)));
    request.setRawHeader("Authorization", "Bearer " + m_sim.token().toUtf8());
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("User-Agent", "capture-wiring-test/1");
    std::unique_ptr<QNetworkReply> reply(nam.post(request, QByteArray(R"({"input":{"prompt":"a lighthouse"}})")));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), networkTimeoutMs);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    const QString id = QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("id")).toString();
    QVERIFY(!id.isEmpty());
    const TaskKey key{ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom), id};
    const TaskTableModel &model = m_app->window().tableModel();
    QTRY_VERIFY_WITH_TIMEOUT(model.rowOf(key) >= 0, networkTimeoutMs);
    const Task *task = model.taskAt(model.rowOf(key));
    QVERIFY(task);
    QVERIFY(task->captured);
    QCOMPARE(task->callerUserAgent, QStringLiteral("capture-wiring-test/1"));

    // Off again: the port is closed.
    m_app->settings().setCaptureEnabled(false);
    QVERIFY(!m_app->capture().isListening());
    QVERIFY(!accepts(port));
    QVERIFY(label->text().isEmpty());
}

void tst_Application::captureFollowsRootPortAndOrigins()
{
    m_app->settings().setCapturePort(freePort());
    m_app->settings().setCaptureEnabled(true);
    QVERIFY(m_app->capture().isListening());
    QCOMPARE(m_app->captureState().upstream, m_sim.apiRoot().toDisplayString());

    const quint16 second = freePort();
    m_app->settings().setCapturePort(second);
    QCOMPARE(m_app->capture().port(), second);
    QVERIFY(accepts(second));

    // Another root: the endpoint forwards there now, as the client sends there.
    const QUrl relay = m_sim.apiRoot(QStringLiteral("/relay/v1"));
    m_app->settings().setCustomRoot(relay.toString());
    QCOMPARE(m_app->captureState().upstream, relay.toDisplayString());
    QVERIFY(m_app->capture().isListening());

    // Allowed origins restart it with the new list: a browser's preflight from that origin is answered.
    m_app->settings().setCaptureAllowedOrigins({QStringLiteral("http://localhost:3000")});
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/predictions").arg(second)));
    request.setRawHeader("Origin", "http://localhost:3000");
    request.setRawHeader("Access-Control-Request-Method", "POST");
    std::unique_ptr<QNetworkReply> reply(nam.sendCustomRequest(request, "OPTIONS"));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), networkTimeoutMs);
    QCOMPARE(reply->rawHeader("Access-Control-Allow-Origin"), QByteArray("http://localhost:3000"));
}

void tst_Application::takenCapturePortIsExplained()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    const quint16 port = squatter.serverPort();
    m_app->settings().setCapturePort(port);
    m_app->settings().setCaptureEnabled(true);
    QVERIFY(!m_app->capture().isListening());

    // The window says what is wrong and how to fix it, with the way to Settings.
    const KeyBanner &banner = m_app->window().capture().banner();
    QVERIFY(banner.isVisible());
    QVERIFY2(banner.text().contains(QString::number(port)), qPrintable(banner.text()));
    QVERIFY2(banner.text().contains(QLatin1String("in use")), qPrintable(banner.text()));
    QVERIFY2(banner.text().contains(QString::fromUtf8("Settings → Capture")), qPrintable(banner.text()));
    const auto *label = m_app->window().findChild<QLabel *>(QStringLiteral("captureLabel"));
    QCOMPARE(label->text(), QStringLiteral("Capture failed"));

    // Another port: it listens, and the banner is gone.
    m_app->settings().setCapturePort(freePort());
    QVERIFY(m_app->capture().isListening());
    QVERIFY(!banner.isVisible());
}

void tst_Application::captureRecordingFailureIsShown()
{
    const quint16 port = freePort();
    m_app->settings().setCapturePort(port);
    m_app->settings().setCaptureEnabled(true);
    QVERIFY(m_app->capture().isListening());
    // The provider answers 200 with JSON cut off mid-value: the caller gets it as sent, the user is told.
    QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("malformed")},
                                                   {QStringLiteral("path"), QStringLiteral("/predictions/cutoff")}}}));
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/predictions/cutoff").arg(port)));
    request.setRawHeader("Authorization", "Bearer " + m_sim.token().toUtf8());
    std::unique_ptr<QNetworkReply> reply(nam.get(request));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), networkTimeoutMs);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->readAll().endsWith("\"status\":\"proc"));
    QTRY_VERIFY2(m_app->window().statusBar()->currentMessage().contains(QLatin1String("could not be recorded")),
                 qPrintable(m_app->window().statusBar()->currentMessage()));
}

void tst_Application::captureForThisRunHoldsUntilCaptureIsSet()
{
    // As `replimon --capture PORT` starts it: on at PORT, Settings untouched.
    const quint16 port = freePort();
    const QString settingsPath = m_app->settings().fileName();
    m_app.reset();
    Application::Options options = m_options;
    QCOMPARE(options.settingsPath, settingsPath);
    options.capturePort = port;
    m_app = std::make_unique<Application>(options, m_translations);
    QVERIFY(m_app->start());
    QVERIFY(m_app->capture().isListening());
    QCOMPARE(m_app->capture().port(), port);
    QVERIFY(m_app->captureState().forThisRun);
    QVERIFY(!m_app->settings().captureEnabled());

    // Other settings leave it be.
    m_app->settings().setPollInterval(3s);
    m_app->settings().setWindowGeometry(QByteArray("geometry"));
    QVERIFY(m_app->capture().isListening());
    QCOMPARE(m_app->capture().port(), port);

    // The capture settings, once changed, rule: here they say off.
    m_app->settings().setCapturePort(freePort());
    QVERIFY(!m_app->capture().isListening());
    QVERIFY(!m_app->captureState().forThisRun);
}

QTEST_MAIN(tst_Application)
#include "tst_application.moc"
