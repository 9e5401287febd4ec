#pragma once

#include "CaptureState.h"

#include <QObject>
#include <QPointer>

class ConnectCodeDialog;
class KeyBanner;
class QBoxLayout;
class QFrame;
class QLabel;
class QStatusBar;
class QWidget;
class Settings;

/// The main window's parts about the capture endpoint: its field in the status bar ("Capture on :5088"),
/// a banner while it cannot start (the reason, its fix, and the way to Settings → Capture), and the
/// "Connect your code" dialog, which follows the endpoint while it is open.
class CaptureControls final : public QObject
{
    Q_OBJECT

public:
    /// Adds the field to @p bar and the banner at the top of @p layout; @p window parents the dialog.
    CaptureControls(QStatusBar &bar, QBoxLayout &layout, Settings &settings, QWidget &window);

    void setState(const CaptureState &state);
    CaptureState state() const { return m_state; }
    /// Opens the Connect dialog (or raises the one open).
    void showConnectDialog();
    /// Null unless the dialog is open.
    ConnectCodeDialog *connectDialog() const;
    KeyBanner &banner() const { return *m_banner; }
    /// Words again in the language now installed.
    void retranslate();

Q_SIGNALS:
    /// The banner's button: the capture settings, where the port is chosen.
    void settingsRequested();

private:
    Settings &m_settings;
    QWidget &m_window;
    QLabel *m_label = nullptr;
    QFrame *m_separator = nullptr;
    KeyBanner *m_banner = nullptr;
    QPointer<ConnectCodeDialog> m_dialog;
    CaptureState m_state;
};
