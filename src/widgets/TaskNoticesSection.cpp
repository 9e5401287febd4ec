#include "TaskNoticesSection.h"

#include "DisplayText.h"
#include "ui_TaskNoticesSection.h"

namespace {

// Something to act on (outputs about to expire, a failed request): amber, as warnings are elsewhere.
const QString warningStyle = QStringLiteral(
    "QLabel { background: #fff4e5; color: #663c00; border: 1px solid #f3d19e; border-radius: 4px; padding: 6px 8px; }");
const QString infoStyle = QStringLiteral(
    "QLabel { background: #e8eef7; color: #1f3556; border: 1px solid #b7c8e1; border-radius: 4px; padding: 6px 8px; }");
const QString errorBoxStyle = QStringLiteral(
    "QFrame#errorBox { background: #fdecea; border: 1px solid #f1b0ac; border-radius: 4px; }"
    "QFrame#errorBox QLabel { color: #5f1410; background: transparent; border: none; }");

} // namespace

TaskNoticesSection::TaskNoticesSection(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TaskNoticesSection>())
{
    m_ui->setupUi(this);
    QFont titleFont = m_ui->errorTitle->font();
    titleFont.setBold(true);
    m_ui->errorTitle->setFont(titleFont);
    for (QLabel *label : {m_ui->noticeLabel, m_ui->requestErrorLabel, m_ui->errorText})
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_ui->errorBox->setStyleSheet(errorBoxStyle);
    m_ui->requestErrorLabel->setStyleSheet(warningStyle);
}

TaskNoticesSection::~TaskNoticesSection() = default;

void TaskNoticesSection::showTask(const Task &task, const QString &predictionError)
{
    m_task = task;
    m_predictionError = predictionError;
    refresh();
}

void TaskNoticesSection::setRetention(std::chrono::seconds retention)
{
    m_retention = retention;
    updateNotice();
}

void TaskNoticesSection::setNow(const QDateTime &now)
{
    m_now = now;
    updateNotice();
}

void TaskNoticesSection::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        refresh();
    }
}

void TaskNoticesSection::refresh()
{
    if (!m_task)
        return;
    const Task &task = *m_task;
    const bool failed = task.status == PredictionStatus::Failed;
    m_ui->errorBox->setVisible(failed || !m_predictionError.isEmpty());
    m_ui->errorTitle->setText(failed ? tr("The prediction failed") : tr("Error"));
    m_ui->errorText->setText(m_predictionError.isEmpty() ? tr("The server gave no reason.") : m_predictionError);
    m_ui->requestErrorLabel->setVisible(!task.lastError.isEmpty());
    m_ui->requestErrorLabel->setText(tr("The last request failed: %1").arg(task.lastError));
    updateNotice();
}

void TaskNoticesSection::updateNotice()
{
    QLabel *notice = m_ui->noticeLabel;
    QString text;
    bool warning = false;
    if (m_task && m_task->dataRemoved) {
        text = tr("The server has deleted this prediction's outputs and logs (they are kept for a limited "
                  "time after completion).");
        text += u' '
            + (m_task->localFiles.isEmpty() ? tr("No copy was saved.")
                                            : tr("The copies saved on this computer are shown below."));
    } else if (const QDateTime expires = m_task ? m_task->unsavedOutputsExpireAt(m_retention) : QDateTime();
               expires.isValid()) {
        const qint64 seconds = m_now.secsTo(expires);
        const QString at = DisplayText::shortTime(expires);
        warning = true;
        if (seconds > 0) {
            const int minutes = int((seconds + 59) / 60);
            const QString in = minutes >= 120 ? tr("in %n hour(s)", nullptr, minutes / 60)
                                              : tr("in %n min", nullptr, minutes);
            text = tr("Outputs expire at %1 (%2). Save them to keep them.").arg(at, in);
        } else {
            text = tr("Outputs were due to expire at %1: they may already be gone.").arg(at);
        }
    }
    notice->setVisible(!text.isEmpty());
    notice->setText(text);
    if (const QString style = warning ? warningStyle : infoStyle; notice->styleSheet() != style)
        notice->setStyleSheet(style); // not polished anew when it stays
    setVisible(!text.isEmpty() || m_ui->requestErrorLabel->isVisibleTo(this) || m_ui->errorBox->isVisibleTo(this));
}
