#include "CapturePage.h"

#include "CaptureUrls.h"
#include "LabelTone.h"
#include "Settings.h"
#include "ui_CapturePage.h"

#include <QPushButton>

CapturePage::CapturePage(Settings &settings, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::CapturePage>())
    , m_settings(settings)
{
    m_ui->setupUi(this);
    connect(m_ui->portSpin, &QSpinBox::valueChanged, this, &CapturePage::showUrls);
    connect(m_ui->connectButton, &QPushButton::clicked, this, &CapturePage::connectCodeRequested);
    // Turned on from the Connect dialog while this page is open: OK must not turn it off again.
    connect(&settings, &Settings::changed, this, [this](Settings::Key key) {
        if (key == Settings::Key::CaptureEnabled)
            m_ui->captureCheck->setChecked(m_settings.captureEnabled());
    });
    m_state.enabled = settings.captureEnabled();
    m_state.port = settings.capturePort();
    load();
}

CapturePage::~CapturePage() = default;

void CapturePage::load()
{
    m_ui->captureCheck->setChecked(m_settings.captureEnabled());
    m_ui->portSpin->setValue(m_settings.capturePort());
    m_ui->originsEdit->setPlainText(m_settings.captureAllowedOrigins().join(u'\n'));
    showUrls();
    showState();
}

void CapturePage::save()
{
    m_settings.setCaptureEnabled(m_ui->captureCheck->isChecked());
    m_settings.setCapturePort(m_ui->portSpin->value());
    // Settings trims, drops empty lines, trailing slashes and repeats.
    m_settings.setCaptureAllowedOrigins(m_ui->originsEdit->toPlainText().split(u'\n'));
}

void CapturePage::setState(const CaptureState &state)
{
    m_state = state;
    showState();
}

void CapturePage::showUrls()
{
    QStringList urls;
    for (const QUrl &url : CaptureUrls::baseUrls(quint16(m_ui->portSpin->value())))
        urls.append(url.toString());
    m_ui->urlsValue->setText(urls.join(u'\n'));
}

void CapturePage::showState()
{
    m_ui->stateLabel->setText(m_state.description());
    // A start that failed is the one message here that asks the user to do something.
    LabelTone::set(*m_ui->stateLabel, m_state.enabled && !m_state.listening && !m_state.problem.isEmpty());
}

void CapturePage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        showState();
    }
}
