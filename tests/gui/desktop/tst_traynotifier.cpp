// TrayNotifier: what a notification says, that tasks ending together make one notification, that the
// setting turns them off, and that without a tray they go to the desktop's notification service (a fake
// one on a private bus: the ctest entry tst_traynotifier_dbus runs this under dbus-run-session).
#include "Settings.h"
#include "TaskStore.h"
#include "Translations.h"
#include "TrayNotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace std::chrono_literals;

namespace {

const QString provider = QStringLiteral("custom");

QByteArray predictionJson(const QString &id, const QString &status, const QString &prompt, const QString &error = {})
{
    QJsonObject object{{QStringLiteral("id"), id},
                       {QStringLiteral("model"), QStringLiteral("black-forest-labs/flux-schnell")},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("input"), QJsonObject{{QStringLiteral("prompt"), prompt}}},
                       {QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error)}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

/// Stands in for the desktop's notification daemon: records what it is asked to show.
class FakeNotifications final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call
    {
        QString appName;
        QString icon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
    };
    QList<Call> calls;

public Q_SLOTS:
    uint Notify(const QString &appName, uint replacesId, const QString &icon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int timeout)
    {
        Q_UNUSED(replacesId)
        Q_UNUSED(timeout)
        calls.append({appName, icon, summary, body, actions, hints});
        return uint(41 + calls.size());
    }
    QStringList GetCapabilities() { return {QStringLiteral("actions"), QStringLiteral("body-markup")}; }
};

class tst_TrayNotifier final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void compose_data();
    void compose();
    void tasksEndingTogetherMakeOneNotification();
    void settingTurnsNotificationsOff();
    void iconOnlyWhereThereIsATray();
    void withoutTrayTheDesktopServiceTells();

private:
    void track(const QString &id, const QString &status, const QString &prompt, const QString &error = {});

    Translations m_translations;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<TaskStore> m_store;
    std::unique_ptr<QWidget> m_window;
};

void tst_TrayNotifier::initTestCase()
{
    // English plural forms: "2 predictions", not "2 prediction(s)".
    QCOMPARE(m_translations.install(QStringLiteral("en")), QStringLiteral("en_US"));
}

void tst_TrayNotifier::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("replimon.ini")));
    m_store = std::make_unique<TaskStore>();
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("tasks.sqlite"))));
    m_window = std::make_unique<QWidget>();

    track(QStringLiteral("aaaaaaaaaaaaaaaaaaaaaaaaaa"), QStringLiteral("succeeded"),
          QStringLiteral("a cat wearing a tiny crown"));
    track(QStringLiteral("bbbbbbbbbbbbbbbbbbbbbbbbbb"), QStringLiteral("succeeded"),
          QStringLiteral("a neon sign that says OPEN"));
    track(QStringLiteral("cccccccccccccccccccccccccc"), QStringLiteral("failed"),
          QStringLiteral("a lighthouse at dusk"),
          QStringLiteral("NSFW content detected. Try running it again, or try a different prompt."));
    track(QStringLiteral("dddddddddddddddddddddddddd"), QStringLiteral("succeeded"),
          QStringLiteral("an extremely long prompt that goes on and on about a watercolour harbour with "
                         "fishing boats, gulls, morning fog and a red lighthouse"));
    track(QStringLiteral("eeeeeeeeeeeeeeeeeeeeeeeeee"), QStringLiteral("succeeded"), QString());
}

void tst_TrayNotifier::track(const QString &id, const QString &status, const QString &prompt, const QString &error)
{
    QVERIFY(m_store->add(provider, {id}));
    const auto prediction = Prediction::fromJson(predictionJson(id, status, prompt, error));
    QVERIFY(prediction);
    QVERIFY(m_store->update(provider, QList<Prediction>{prediction.value()}));
}

using Finished = QList<std::pair<TaskKey, PredictionStatus>>;

void tst_TrayNotifier::compose_data()
{
    QTest::addColumn<Finished>("finished");
    QTest::addColumn<bool>("expected");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("failure");

    const auto key = [](char c) { return TaskKey{provider, QString(26, QLatin1Char(c))}; };
    const auto S = PredictionStatus::Succeeded;
    const auto F = PredictionStatus::Failed;

    QTest::newRow("one succeeded: its prompt")
        << Finished{{key('a'), S}} << true << QStringLiteral("Prediction succeeded")
        << QStringLiteral("a cat wearing a tiny crown") << false;
    QTest::newRow("one failed: its prompt and the error")
        << Finished{{key('c'), F}} << true << QStringLiteral("Prediction failed")
        << QStringLiteral(
               "a lighthouse at dusk\nNSFW content detected. Try running it again, or try a different prompt.")
        << true;
    QTest::newRow("aborted counts as failed")
        << Finished{{key('a'), PredictionStatus::Aborted}} << true << QStringLiteral("Prediction failed")
        << QStringLiteral("a cat wearing a tiny crown") << true;
    QTest::newRow("long prompt is shortened")
        << Finished{{key('d'), S}} << true << QStringLiteral("Prediction succeeded")
        << QString::fromUtf8("an extremely long prompt that goes on and on about a waterc…") << false;
    QTest::newRow("no prompt: model and id")
        << Finished{{key('e'), S}} << true << QStringLiteral("Prediction succeeded")
        << QStringLiteral("black-forest-labs/flux-schnell · eeeeeeeeeeeeeeeeeeeeeeeeee") << false;
    QTest::newRow("unknown task: its id") << Finished{{key('z'), S}} << true << QStringLiteral("Prediction succeeded")
                                          << QStringLiteral("zzzzzzzzzzzzzzzzzzzzzzzzzz") << false;
    QTest::newRow("two succeeded") << Finished{{key('a'), S}, {key('b'), S}} << true
                                   << QStringLiteral("2 predictions succeeded")
                                   << QStringLiteral("a cat wearing a tiny crown\na neon sign that says OPEN") << false;
    QTest::newRow("mixed: failures first")
        << Finished{{key('a'), S}, {key('b'), S}, {key('c'), F}} << true
        << QStringLiteral("3 predictions finished: 2 succeeded, 1 failed")
        << QStringLiteral("a lighthouse at dusk\na cat wearing a tiny crown\na neon sign that says OPEN") << true;
    QTest::newRow("more than three: the rest counted")
        << Finished{{key('a'), S}, {key('b'), S}, {key('e'), S}, {key('z'), S}, {key('y'), S}} << true
        << QStringLiteral("5 predictions succeeded")
        << QStringLiteral("a cat wearing a tiny crown\na neon sign that says OPEN\n"
                          "black-forest-labs/flux-schnell · eeeeeeeeeeeeeeeeeeeeeeeeee\nand 2 more")
        << false;
    QTest::newRow("canceled says nothing")
        << Finished{{key('a'), PredictionStatus::Canceled}} << false << QString() << QString() << false;
    QTest::newRow("nothing") << Finished{} << false << QString() << QString() << false;
}

void tst_TrayNotifier::compose()
{
    QFETCH(Finished, finished);
    QFETCH(bool, expected);
    const auto notification = TrayNotifier::compose(finished, *m_store);
    QCOMPARE(notification.has_value(), expected);
    if (!expected)
        return;
    QTEST(notification->title, "title");
    QTEST(notification->message, "message");
    QTEST(notification->failure, "failure");
}

void tst_TrayNotifier::tasksEndingTogetherMakeOneNotification()
{
    TrayNotifier notifier(*m_store, *m_settings, *m_window);
    notifier.setGatherInterval(100ms);
    QSignalSpy notified(&notifier, &TrayNotifier::notified);

    notifier.onTaskFinished({provider, QString(26, u'a')}, PredictionStatus::Succeeded);
    notifier.onTaskFinished({provider, QString(26, u'a')}, PredictionStatus::Canceled); // not told
    notifier.onTaskFinished({provider, QString(26, u'c')}, PredictionStatus::Failed);
    QVERIFY(notified.wait(5000));
    QCOMPARE(notified.size(), 1);
    const auto first = notified.at(0).at(0).value<TrayNotifier::Notification>();
    QCOMPARE(first.title, QStringLiteral("2 predictions finished: 1 succeeded, 1 failed"));

    // The next task to end starts a new notification.
    notifier.onTaskFinished({provider, QString(26, u'b')}, PredictionStatus::Succeeded);
    QVERIFY(notified.wait(5000));
    QCOMPARE(notified.size(), 2);
    QCOMPARE(notified.at(1).at(0).value<TrayNotifier::Notification>().message,
             QStringLiteral("a neon sign that says OPEN"));
}

void tst_TrayNotifier::settingTurnsNotificationsOff()
{
    m_settings->setNotifications(false);
    TrayNotifier notifier(*m_store, *m_settings, *m_window);
    notifier.setGatherInterval(10ms);
    QSignalSpy notified(&notifier, &TrayNotifier::notified);
    notifier.onTaskFinished({provider, QString(26, u'a')}, PredictionStatus::Succeeded);
    QVERIFY(!notified.wait(500));

    // Read when the tasks end, not when the notifier was made.
    m_settings->setNotifications(true);
    notifier.onTaskFinished({provider, QString(26, u'b')}, PredictionStatus::Succeeded);
    QVERIFY(notified.wait(5000));
}

void tst_TrayNotifier::iconOnlyWhereThereIsATray()
{
    TrayNotifier notifier(*m_store, *m_settings, *m_window);
    QCOMPARE(notifier.showIcon(), QSystemTrayIcon::isSystemTrayAvailable());
    QCOMPARE(notifier.isIconVisible(), QSystemTrayIcon::isSystemTrayAvailable());
}

void tst_TrayNotifier::withoutTrayTheDesktopServiceTells()
{
    if (QSystemTrayIcon::isSystemTrayAvailable())
        QSKIP("there is a tray: notifications go through it");
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        QSKIP("no D-Bus session bus (the ctest entry tst_traynotifier_dbus provides one)");
    const QString service = QStringLiteral("org.freedesktop.Notifications");
    const QString path = QStringLiteral("/org/freedesktop/Notifications");
    FakeNotifications fake;
    if (!bus.registerService(service))
        QSKIP("a notification service already runs on this bus");
    const auto unregister = qScopeGuard([&] {
        bus.unregisterObject(path);
        bus.unregisterService(service);
    });
    QVERIFY(bus.registerObject(path, &fake, QDBusConnection::ExportAllSlots));

    TrayNotifier notifier(*m_store, *m_settings, *m_window);
    notifier.setGatherInterval(10ms);
    track(QStringLiteral("ffffffffffffffffffffffffff"), QStringLiteral("failed"),
          QStringLiteral("a <b>bold</b> & brave cat"), QStringLiteral("out of memory"));
    notifier.onTaskFinished({provider, QString(26, u'f')}, PredictionStatus::Failed);
    QTRY_COMPARE(fake.calls.size(), 1);
    const FakeNotifications::Call call = fake.calls.first();
    QCOMPARE(call.appName, QStringLiteral("Replimon"));
    QCOMPARE(call.icon, QStringLiteral("io.github.replimon.Replimon"));
    QCOMPARE(call.summary, QStringLiteral("Prediction failed"));
    // The body is markup to the service: the prompt's own "<" and "&" stay text.
    QCOMPARE(call.body, QStringLiteral("a &lt;b&gt;bold&lt;/b&gt; &amp; brave cat\nout of memory"));
    QCOMPARE(call.actions.value(0), QStringLiteral("default"));
    QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(),
             QStringLiteral("io.github.replimon.Replimon"));

    // Clicking another application's notification does nothing; clicking ours brings the window up.
    const auto invoke = [&](uint id) {
        QDBusMessage signal = QDBusMessage::createSignal(path, service, QStringLiteral("ActionInvoked"));
        signal << id << QStringLiteral("default");
        QVERIFY(bus.send(signal));
    };
    QVERIFY(!m_window->isVisible());
    invoke(7);
    // A round trip to the bus daemon: its answer comes after the signal, which is then queued here.
    QVERIFY(bus.interface()->isServiceRegistered(service));
    QCoreApplication::processEvents();
    QVERIFY(!m_window->isVisible());
    invoke(42);
    QTRY_VERIFY(m_window->isVisible());
}

QTEST_MAIN(tst_TrayNotifier)
#include "tst_traynotifier.moc"
