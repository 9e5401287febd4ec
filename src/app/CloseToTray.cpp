#include "CloseToTray.h"

#include "Settings.h"
#include "TrayNotifier.h"

#include <QEvent>

CloseToTray::CloseToTray(QWidget &window, Settings &settings, TrayNotifier &tray, QObject *parent)
    : QObject(parent)
    , m_window(&window)
    , m_settings(settings)
    , m_tray(tray)
{
    window.installEventFilter(this);
}

bool CloseToTray::closesToTray() const
{
    return !m_allowClose && m_settings.captureEnabled() && m_tray.isIconVisible();
}

bool CloseToTray::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_window || event->type() != QEvent::Close || !closesToTray())
        return QObject::eventFilter(watched, event);
    // Refused, so the window is neither closed nor counted as the last one closed (which ends the app).
    event->ignore();
    m_window->hide();
    if (!m_settings.trayNoticeShown()) {
        m_tray.tell(tr("Replimon is still running"),
                    tr("Replimon keeps running in the tray to capture the predictions your code makes. Choose "
                       "Quit in the tray menu to end it."));
        m_settings.setTrayNoticeShown(true);
    }
    return true;
}
