#include "TrayNotifier.h"

#include "Settings.h"
#include "TaskStore.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

using namespace std::chrono_literals;

namespace {

constexpr int messageTimeoutMs = 8000;
const QString notificationsService = QStringLiteral("org.freedesktop.Notifications");
const QString notificationsPath = QStringLiteral("/org/freedesktop/Notifications");
const QString defaultAction = QStringLiteral("default");
constexpr int maxListed = 3;
constexpr int maxPromptLength = 60;

bool isFailure(PredictionStatus status)
{
    return status == PredictionStatus::Failed || status == PredictionStatus::Aborted;
}

// One line for a task: its prompt (short), else its model, else its id.
QString describe(const TaskKey &key, const TaskStore &store)
{
    const Task *task = store.task(key);
    if (!task)
        return key.id;
    QString prompt = task->prompt.simplified();
    if (prompt.size() > maxPromptLength)
        prompt = prompt.left(maxPromptLength - 1).trimmed() + u'…';
    if (!prompt.isEmpty())
        return prompt;
    return task->model.isEmpty() ? key.id : task->model + QStringLiteral(" · ") + key.id;
}

QString failureReason(const TaskKey &key, const TaskStore &store)
{
    const Task *task = store.task(key);
    if (!task)
        return {};
    QString reason = task->prediction().errorText().simplified();
    if (reason.size() > 2 * maxPromptLength)
        reason = reason.left(2 * maxPromptLength - 1).trimmed() + u'…';
    return reason;
}

} // namespace

TrayNotifier::TrayNotifier(const TaskStore &store, const Settings &settings, QWidget &window, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_settings(settings)
    , m_window(&window)
{
    m_gather.setSingleShot(true);
    m_gather.setInterval(1500ms);
    connect(&m_gather, &QTimer::timeout, this, &TrayNotifier::flush);
    connect(&m_settings, &Settings::changed, this, &TrayNotifier::onSettingChanged);
}

void TrayNotifier::onSettingChanged(Settings::Key key)
{
    if (key == Settings::Key::Language) {
        // Settings' own subscribers installed the new catalogue first (they were connected earlier).
        retranslate();
    } else if (key == Settings::Key::Notifications && !m_settings.notifications()) {
        // Turned off while tasks were being gathered: they are not told later either.
        m_gather.stop();
        m_finished.clear();
    }
}

TrayNotifier::~TrayNotifier() = default;

bool TrayNotifier::showIcon()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return false;
    if (!m_icon) {
        m_menu = std::make_unique<QMenu>();
        m_showAction = m_menu->addAction(QString(), this, &TrayNotifier::raiseWindow);
        m_menu->addSeparator();
        m_quitAction = m_menu->addAction(QString(), this, &TrayNotifier::quitRequested);
        retranslate();
        m_icon = std::make_unique<QSystemTrayIcon>(QApplication::windowIcon());
        m_icon->setContextMenu(m_menu.get());
        connect(m_icon.get(), &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                raiseWindow();
        });
        connect(m_icon.get(), &QSystemTrayIcon::messageClicked, this, &TrayNotifier::raiseWindow);
        connect(&m_store, &TaskStore::tasksAdded, this, &TrayNotifier::updateToolTip);
        connect(&m_store, &TaskStore::tasksChanged, this, &TrayNotifier::updateToolTip);
        connect(&m_store, &TaskStore::tasksRemoved, this, &TrayNotifier::updateToolTip);
        connect(&m_store, &TaskStore::loaded, this, &TrayNotifier::updateToolTip);
        updateToolTip();
    }
    m_icon->show();
    return true;
}

bool TrayNotifier::isIconVisible() const
{
    return m_icon && m_icon->isVisible();
}

void TrayNotifier::setGatherInterval(std::chrono::milliseconds interval)
{
    m_gather.setInterval(interval);
}

void TrayNotifier::onTaskFinished(const TaskKey &key, PredictionStatus status)
{
    if (status != PredictionStatus::Succeeded && !isFailure(status))
        return;
    m_finished.append({key, status});
    if (!m_gather.isActive())
        m_gather.start();
}

std::optional<TrayNotifier::Notification> TrayNotifier::compose(
    const QList<std::pair<TaskKey, PredictionStatus>> &finished, const TaskStore &store)
{
    QList<TaskKey> succeeded;
    QList<TaskKey> failed;
    for (const auto &[key, status] : finished) {
        if (status == PredictionStatus::Succeeded)
            succeeded.append(key);
        else if (isFailure(status))
            failed.append(key);
    }
    const int total = int(succeeded.size() + failed.size());
    if (total == 0)
        return std::nullopt;

    Notification notification;
    notification.failure = !failed.isEmpty();
    if (total == 1) {
        const TaskKey &key = failed.isEmpty() ? succeeded.first() : failed.first();
        notification.title = failed.isEmpty() ? tr("Prediction succeeded") : tr("Prediction failed");
        notification.message = describe(key, store);
        const QString reason = failed.isEmpty() ? QString() : failureReason(key, store);
        if (!reason.isEmpty())
            notification.message += u'\n' + reason;
        return notification;
    }

    if (failed.isEmpty())
        notification.title = tr("%n prediction(s) succeeded", nullptr, total);
    else if (succeeded.isEmpty())
        notification.title = tr("%n prediction(s) failed", nullptr, total);
    else
        notification.title = tr("%n prediction(s) finished: %1 succeeded, %2 failed", nullptr, total)
                                 .arg(succeeded.size())
                                 .arg(failed.size());
    // Failures first: they are what the user may want to act on.
    const QList<TaskKey> listed = failed + succeeded;
    QStringList lines;
    for (int i = 0; i < std::min<int>(maxListed, int(listed.size())); ++i)
        lines.append(describe(listed.at(i), store));
    if (listed.size() > maxListed)
        lines.append(tr("and %n more", nullptr, int(listed.size()) - maxListed));
    notification.message = lines.join(u'\n');
    return notification;
}

void TrayNotifier::flush()
{
    const auto finished = std::exchange(m_finished, {});
    if (!m_settings.notifications())
        return;
    // The user is looking at the window already.
    if (m_window && m_window->isActiveWindow())
        return;
    const auto notification = compose(finished, m_store);
    if (notification)
        post(*notification);
}

void TrayNotifier::tell(const QString &title, const QString &message)
{
    post(Notification{title, message, false});
}

void TrayNotifier::post(const Notification &notification)
{
    if (isIconVisible() && QSystemTrayIcon::supportsMessages()) {
        m_icon->showMessage(notification.title, notification.message,
                            notification.failure ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information,
                            messageTimeoutMs);
    } else {
        postToDesktop(notification);
    }
    Q_EMIT notified(notification);
}

void TrayNotifier::postToDesktop(const Notification &notification)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    if (!m_listening) {
        m_listening = bus.connect(notificationsService, notificationsPath, notificationsService,
                                  QStringLiteral("ActionInvoked"), this,
                                  SLOT(onNotificationActionInvoked(uint, QString)));
    }
    QDBusMessage call = QDBusMessage::createMethodCall(notificationsService, notificationsPath, notificationsService,
                                                       QStringLiteral("Notify"));
    const QVariantMap hints{{QStringLiteral("desktop-entry"), QStringLiteral("io.github.replimon.Replimon")},
                            {QStringLiteral("urgency"), QVariant::fromValue(uchar(notification.failure ? 1 : 0))}};
    // The body may be read as markup: a prompt's "<" and "&" must stay text.
    call << QStringLiteral("Replimon") << uint(0) << QStringLiteral("io.github.replimon.Replimon") << notification.title
         << notification.message.toHtmlEscaped() << QStringList{defaultAction, tr("Show")} << hints << int(-1);
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *finished) {
        const QDBusPendingReply<uint> reply = *finished;
        if (reply.isValid())
            m_posted.insert(reply.value());
        finished->deleteLater();
    });
}

void TrayNotifier::onNotificationActionInvoked(uint id, const QString &action)
{
    if (action == defaultAction && m_posted.contains(id))
        raiseWindow();
}

void TrayNotifier::retranslate()
{
    if (!m_menu)
        return;
    m_showAction->setText(tr("Show Replimon"));
    m_quitAction->setText(tr("Quit"));
    updateToolTip();
}

void TrayNotifier::updateToolTip()
{
    if (!m_icon)
        return;
    int active = 0;
    for (const Task &task : m_store.tasks())
        active += PredictionStatuses::isTerminal(task.status) ? 0 : 1;
    m_icon->setToolTip(active > 0 ? tr("Replimon: %n active", nullptr, active) : tr("Replimon: nothing running"));
}

void TrayNotifier::raiseWindow()
{
    if (m_window)
        bringToFront(*m_window);
}

void TrayNotifier::bringToFront(QWidget &window)
{
    window.show();
    window.setWindowState((window.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    window.raise();
    window.activateWindow();
}
