#pragma once

#include <QObject>
#include <QPointer>
#include <QWidget>

class Settings;
class TrayNotifier;

/// While the capture endpoint is on, closing the window hides it in the tray instead of ending the app:
/// the caller's code needs the endpoint after the window is gone. The first time, the tray says so (once
/// ever: Settings::trayNoticeShown()). With capture off, or where the desktop shows no tray icon (the
/// window could not be brought back), closing ends the app as it always did.
class CloseToTray final : public QObject
{
    Q_OBJECT

public:
    CloseToTray(QWidget &window, Settings &settings, TrayNotifier &tray, QObject *parent = nullptr);

    /// Whether closing the window now hides it in the tray.
    bool closesToTray() const;
    /// From now on closing ends the app (the tray's Quit).
    void allowClose() { m_allowClose = true; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QPointer<QWidget> m_window;
    Settings &m_settings;
    TrayNotifier &m_tray;
    bool m_allowClose = false;
};
