#include "TaskLogsSection.h"

#include "DisplayText.h"
#include "ui_TaskLogsSection.h"

#include <QFontDatabase>
#include <QScrollBar>
#include <QTextCursor>

TaskLogsSection::TaskLogsSection(QWidget *parent)
    : QTabWidget(parent)
    , m_ui(std::make_unique<Ui::TaskLogsSection>())
{
    m_ui->setupUi(this);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->logsEdit->setFont(fixed);
    m_ui->jsonEdit->setFont(fixed);
    setPlaceholders();
}

TaskLogsSection::~TaskLogsSection() = default;

void TaskLogsSection::clear()
{
    m_shownLogs.clear();
    m_ui->logsEdit->clear();
}

void TaskLogsSection::showLogs(const QString &logs)
{
    QPlainTextEdit *edit = m_ui->logsEdit;
    QScrollBar *bar = edit->verticalScrollBar();
    if (logs == m_shownLogs && !edit->document()->isEmpty())
        return;
    // Follow the tail unless the user scrolled up to read something.
    const bool follow = m_shownLogs.isEmpty() || bar->value() >= bar->maximum() - 2;
    const int previous = bar->value();
    if (!m_shownLogs.isEmpty() && logs.startsWith(m_shownLogs)) {
        QTextCursor cursor(edit->document());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(logs.mid(m_shownLogs.size()));
    } else {
        edit->setPlainText(logs);
    }
    m_shownLogs = logs;
    bar->setValue(follow ? bar->maximum() : previous);
}

void TaskLogsSection::showJson(const QByteArray &json)
{
    m_ui->jsonEdit->setPlainText(DisplayText::prettyJson(json));
}

void TaskLogsSection::changeEvent(QEvent *event)
{
    QTabWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        setPlaceholders();
    }
}

void TaskLogsSection::setPlaceholders()
{
    m_ui->logsEdit->setPlaceholderText(tr("No logs."));
    m_ui->jsonEdit->setPlaceholderText(tr("Not fetched yet."));
}
