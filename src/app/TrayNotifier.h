#pragma once

#include "PredictionStatus.h"
#include "Settings.h"
#include "Task.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;
class TaskStore;

/// Tells when tracked predictions succeed or fail (if the user wants to know: Settings::notifications()).
/// Where the desktop has a system tray, through a tray icon that also shows how many are active and brings
/// the window to the front when clicked; elsewhere (GNOME has no tray) through the desktop's notification
/// service (org.freedesktop.Notifications), whose "Show" brings the window up too. Tasks ending close
/// together make one notification, not a burst.
class TrayNotifier final : public QObject
{
    Q_OBJECT

public:
    struct Notification
    {
        QString title;
        QString message;
        bool failure = false;
    };

    TrayNotifier(const TaskStore &store, const Settings &settings, QWidget &window, QObject *parent = nullptr);
    ~TrayNotifier() override;

    /// Shows the icon when the desktop has a tray; false otherwise (nothing is shown then).
    bool showIcon();
    bool isIconVisible() const;
    /// Names the menu and tooltip again in the language now installed.
    void retranslate();

    /// Shows @p window, unminimised, in front and active (a click on the tray, a second start of the app).
    static void bringToFront(QWidget &window);

    /// Tells @p title and @p message once, the way finished tasks are told (the tray's balloon, else the
    /// desktop's notification service), whatever Settings::notifications() says: for what the user must know.
    void tell(const QString &title, const QString &message);

    /// Tasks that end within this time of the first one are told together.
    void setGatherInterval(std::chrono::milliseconds interval);

    /// A tracked task reached @p status (connected to PollScheduler::taskFinished).
    void onTaskFinished(const TaskKey &key, PredictionStatus status);

    /// What to say about these ended tasks (succeeded, failed or aborted ones; others are left out).
    /// @p store gives the model and prompt of each.
    static std::optional<Notification> compose(const QList<std::pair<TaskKey, PredictionStatus>> &finished,
                                               const TaskStore &store);

Q_SIGNALS:
    /// A notification was posted (also where neither a tray nor a notification service shows it).
    void notified(const TrayNotifier::Notification &notification);
    /// The tray menu's Quit was chosen: the app should end, even where closing the window would not end it.
    void quitRequested();

private Q_SLOTS:
    // A D-Bus signal: QDBusConnection::connect() takes slots by signature only.
    void onNotificationActionInvoked(uint id, const QString &action);

private:
    void onSettingChanged(Settings::Key key);
    void flush();
    void post(const Notification &notification);
    void postToDesktop(const Notification &notification);
    void updateToolTip();
    void raiseWindow();

    const TaskStore &m_store;
    const Settings &m_settings;
    QPointer<QWidget> m_window;
    std::unique_ptr<QMenu> m_menu;
    QAction *m_showAction = nullptr;
    QAction *m_quitAction = nullptr;
    std::unique_ptr<QSystemTrayIcon> m_icon;
    QTimer m_gather;
    QList<std::pair<TaskKey, PredictionStatus>> m_finished;
    QSet<uint> m_posted; ///< ids the notification service gave our notifications
    bool m_listening = false;
};

Q_DECLARE_METATYPE(TrayNotifier::Notification)
