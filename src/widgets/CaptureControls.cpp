#include "CaptureControls.h"

#include "ConnectCodeDialog.h"
#include "KeyBanner.h"
#include "Settings.h"

#include <QBoxLayout>
#include <QFrame>
#include <QLabel>
#include <QStatusBar>

CaptureControls::CaptureControls(QStatusBar &bar, QBoxLayout &layout, Settings &settings, QWidget &window)
    : QObject(&window)
    , m_settings(settings)
    , m_window(window)
{
    // Until the application says what the endpoint does: what Settings would start.
    m_state.enabled = settings.captureEnabled();
    m_state.port = settings.capturePort();
    m_label = new QLabel(&bar);
    m_label->setObjectName(QStringLiteral("captureLabel"));
    const int gap = bar.fontMetrics().averageCharWidth();
    m_label->setContentsMargins(gap, 0, gap, 0);
    m_separator = new QFrame(&bar);
    m_separator->setFrameShape(QFrame::VLine);
    m_separator->setFrameShadow(QFrame::Sunken);
    // First of the permanent fields, apart from the others as they are: what the app does beyond polling.
    bar.insertPermanentWidget(0, m_label);
    bar.insertPermanentWidget(1, m_separator);
    m_label->hide();
    m_separator->hide();

    m_banner = new KeyBanner(&window);
    m_banner->setObjectName(QStringLiteral("captureBanner"));
    connect(m_banner, &KeyBanner::settingsRequested, this, &CaptureControls::settingsRequested);
    layout.insertWidget(0, m_banner);
    m_banner->hide();
}

void CaptureControls::setState(const CaptureState &state)
{
    m_state = state;
    const QString status = state.statusText();
    m_label->setText(status);
    m_label->setToolTip(state.description());
    m_label->setVisible(!status.isEmpty());
    m_separator->setVisible(!status.isEmpty());
    const bool failed = state.enabled && !state.listening && !state.problem.isEmpty();
    m_banner->setText(failed ? state.description() : QString());
    m_banner->setVisible(failed);
    if (m_dialog)
        m_dialog->setState(state);
}

void CaptureControls::showConnectDialog()
{
    if (!m_dialog) {
        m_dialog = new ConnectCodeDialog(m_settings, &m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        m_dialog->setState(m_state);
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
}

ConnectCodeDialog *CaptureControls::connectDialog() const
{
    return m_dialog;
}

void CaptureControls::retranslate()
{
    m_banner->retranslate();
    setState(m_state);
}
