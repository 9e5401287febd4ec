#pragma once

#include "CaptureState.h"

#include <QDialog>

#include <memory>

class Settings;

namespace Ui {
class ConnectCodeDialog;
}

/// "Connect your code": the capture endpoint's two base URLs to copy, and ready snippets for curl, Python,
/// JavaScript and plain HTTP with the port filled in. While capture is off it says so and offers to turn
/// it on (through Settings, like the Capture page).
class ConnectCodeDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectCodeDialog(Settings &settings, QWidget *parent = nullptr);
    ~ConnectCodeDialog() override;

    /// What the endpoint does now; the URLs and snippets follow its port.
    void setState(const CaptureState &state);
    CaptureState state() const { return m_state; }
    /// The snippet on the page shown now.
    QString currentSnippet() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void showState();
    void showSnippetHint();
    void turnOn();

    std::unique_ptr<Ui::ConnectCodeDialog> m_ui;
    Settings &m_settings;
    CaptureState m_state;
};
