#pragma once

#include "CaptureState.h"

#include <QWidget>

#include <memory>

class Settings;

namespace Ui {
class CapturePage;
}

/// Settings → Capture: the endpoint on or off, its port and the browser origins allowed to call it, the
/// base URLs that port gives, what the endpoint is doing now, and the way to "Connect your code".
///
/// Like the dialog's other fields it is written through Settings when the dialog's OK says so (save());
/// the application follows Settings' changes.
class CapturePage final : public QWidget
{
    Q_OBJECT

public:
    explicit CapturePage(Settings &settings, QWidget *parent = nullptr);
    ~CapturePage() override;

    void load();
    void save();
    /// What the endpoint does now (listening, or why it cannot).
    void setState(const CaptureState &state);

Q_SIGNALS:
    void connectCodeRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void showUrls();
    void showState();

    std::unique_ptr<Ui::CapturePage> m_ui;
    Settings &m_settings;
    CaptureState m_state;
};
