// CloseToTray: closing the window with capture on keeps the app in the tray (said once), and with capture
// off or no tray it closes as before. A real tray is a StatusNotifier host, so the ctest entry
// tst_closetotray_tray runs this under Xvfb (xcb) on a private session bus where the test stands in for
// the desktop's StatusNotifierWatcher; offscreen there is no tray, and the tray cases skip.
#include "CloseToTray.h"
#include "Settings.h"
#include "TaskStore.h"
#include "TrayNotifier.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QPixmap>
#include <QTest>
#include <QThread>
#include <QWidget>

namespace {

const QString watcherService = QStringLiteral("org.kde.StatusNotifierWatcher");
const QString watcherConnection = QStringLiteral("fake-status-notifier-watcher");

} // namespace

/// Stands in for the desktop's tray (the StatusNotifierWatcher a panel runs): it says a host is there and
/// takes the items that register. It lives on a thread of its own, on a bus connection of its own, because
/// Qt asks it synchronously from the GUI thread whether there is a tray.
class FakeWatcher final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.StatusNotifierWatcher")
    Q_PROPERTY(bool IsStatusNotifierHostRegistered READ isHostRegistered)
    Q_PROPERTY(int ProtocolVersion READ protocolVersion)
    Q_PROPERTY(QStringList RegisteredStatusNotifierItems READ registeredItems)

public:
    bool isHostRegistered() const { return true; }
    int protocolVersion() const { return 0; }
    QStringList registeredItems() const { return m_items; }

public Q_SLOTS:
    void RegisterStatusNotifierItem(const QString &service) { m_items.append(service); }
    void RegisterStatusNotifierHost(const QString &service) { Q_UNUSED(service) }

private:
    QStringList m_items;
};

class tst_CloseToTray final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void captureOffClosesAsBefore();
    void withoutTrayClosesAsBefore();
    void captureOnHidesInTheTraySaidOnce();
    void quitFromTheTrayCloses();

private:
    /// Shows the tray icon; false (the case skips) where the desktop has no tray.
    bool showTray();

    QThread m_watcherThread;
    FakeWatcher *m_watcher = nullptr;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<TaskStore> m_store;
    std::unique_ptr<QWidget> m_window;
    std::unique_ptr<TrayNotifier> m_tray;
    std::unique_ptr<CloseToTray> m_closer;
};

void tst_CloseToTray::initTestCase()
{
    QPixmap icon(32, 32);
    icon.fill(Qt::darkCyan);
    QApplication::setWindowIcon(QIcon(icon));
    // Only on a private bus (dbus-run-session): never stand in for a real desktop's tray.
    if (QGuiApplication::platformName() != u"xcb" || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")
        || !qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(QLatin1String("/tmp/dbus-")))
        return;
    QDBusConnection bus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, watcherConnection);
    QVERIFY(bus.isConnected());
    if (bus.interface()->isServiceRegistered(watcherService))
        return;
    m_watcher = new FakeWatcher;
    m_watcher->moveToThread(&m_watcherThread);
    connect(&m_watcherThread, &QThread::finished, m_watcher, &QObject::deleteLater);
    m_watcherThread.start();
    QVERIFY(bus.registerObject(QStringLiteral("/StatusNotifierWatcher"), m_watcher,
                               QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllProperties));
    QVERIFY(bus.registerService(watcherService));
}

void tst_CloseToTray::cleanupTestCase()
{
    if (m_watcher) {
        QDBusConnection bus(watcherConnection);
        bus.unregisterService(watcherService);
        bus.unregisterObject(QStringLiteral("/StatusNotifierWatcher"));
    }
    m_watcherThread.quit();
    m_watcherThread.wait();
}

void tst_CloseToTray::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("replimon.ini")));
    m_store = std::make_unique<TaskStore>();
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("tasks.sqlite"))).ok());
    m_window = std::make_unique<QWidget>();
    m_window->resize(320, 200);
    m_tray = std::make_unique<TrayNotifier>(*m_store, *m_settings, *m_window);
    m_closer = std::make_unique<CloseToTray>(*m_window, *m_settings, *m_tray);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_CloseToTray::cleanup()
{
    m_closer.reset();
    m_tray.reset();
    m_window.reset();
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
}

bool tst_CloseToTray::showTray()
{
    return QSystemTrayIcon::isSystemTrayAvailable() && m_tray->showIcon() && m_tray->isIconVisible();
}

void tst_CloseToTray::captureOffClosesAsBefore()
{
    showTray();
    QVERIFY(!m_settings->captureEnabled());
    QSignalSpy notified(m_tray.get(), &TrayNotifier::notified);
    QVERIFY(!m_closer->closesToTray());
    QVERIFY(m_window->close());
    QVERIFY(!m_window->isVisible());
    QCOMPARE(notified.size(), 0);
    QVERIFY(!m_settings->trayNoticeShown());
}

void tst_CloseToTray::withoutTrayClosesAsBefore()
{
    if (QSystemTrayIcon::isSystemTrayAvailable())
        QSKIP("this desktop has a tray");
    // Capture on, but hidden there would be no way back to the window.
    m_settings->setCaptureEnabled(true);
    QVERIFY(!m_tray->showIcon());
    QSignalSpy notified(m_tray.get(), &TrayNotifier::notified);
    QVERIFY(!m_closer->closesToTray());
    QVERIFY(m_window->close());
    QVERIFY(!m_window->isVisible());
    QCOMPARE(notified.size(), 0);
}

void tst_CloseToTray::captureOnHidesInTheTraySaidOnce()
{
    if (!showTray())
        QSKIP("no tray here (tst_closetotray_tray provides one)");
    m_settings->setCaptureEnabled(true);
    QSignalSpy notified(m_tray.get(), &TrayNotifier::notified);

    // Closed as the window manager closes it: refused, and the window waits in the tray.
    QVERIFY(!m_window->close());
    QVERIFY(!m_window->isVisible());
    QCOMPARE(notified.size(), 1);
    const auto notice = notified.at(0).at(0).value<TrayNotifier::Notification>();
    QVERIFY2(notice.message.contains(QLatin1String("keeps running")), qPrintable(notice.message));
    QVERIFY(m_settings->trayNoticeShown());
    // And kept in the settings file, for the sessions to come.
    QVERIFY(Settings(m_settings->fileName()).trayNoticeShown());

    // Back from the tray, closed again: hidden again, without a word.
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!m_window->close());
    QVERIFY(!m_window->isVisible());
    QCOMPARE(notified.size(), 1);

    // Capture turned off: the close is accepted again (the last window closed ends the app).
    m_settings->setCaptureEnabled(false);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->close());
}

void tst_CloseToTray::quitFromTheTrayCloses()
{
    if (!showTray())
        QSKIP("no tray here (tst_closetotray_tray provides one)");
    m_settings->setCaptureEnabled(true);
    // What the tray's Quit does (Application connects TrayNotifier::quitRequested to it): the close is
    // accepted, though capture is on.
    m_closer->allowClose();
    QVERIFY(!m_closer->closesToTray());
    QVERIFY(m_window->close());
    QVERIFY(!m_window->isVisible());
}

QTEST_MAIN(tst_CloseToTray)
#include "tst_closetotray.moc"
