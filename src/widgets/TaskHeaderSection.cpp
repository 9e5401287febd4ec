#include "TaskHeaderSection.h"

#include "DisplayText.h"
#include "ui_TaskHeaderSection.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QGuiApplication>

namespace {

struct StatusColours
{
    QColor background;
    QColor text;
};

StatusColours coloursFor(const Task &task)
{
    if (!task.hasPrediction())
        return {QColor(0xe0, 0xe0, 0xe0), QColor(0x42, 0x42, 0x42)};
    switch (task.status) {
    case PredictionStatus::Succeeded:
        return {QColor(0x2e, 0x7d, 0x32), Qt::white};
    case PredictionStatus::Failed:
        return {QColor(0xc6, 0x28, 0x28), Qt::white};
    case PredictionStatus::Processing:
        return {QColor(0x15, 0x65, 0xc0), Qt::white};
    case PredictionStatus::Starting:
        return {QColor(0xef, 0x6c, 0x00), Qt::white};
    case PredictionStatus::Canceled:
    case PredictionStatus::Aborted:
        return {QColor(0x61, 0x61, 0x61), Qt::white};
    case PredictionStatus::Unknown:
        break;
    }
    return {QColor(0x6a, 0x1b, 0x9a), Qt::white};
}

} // namespace

TaskHeaderSection::TaskHeaderSection(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TaskHeaderSection>())
{
    m_ui->setupUi(this);
    QFont idFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    idFont.setPointSizeF(font().pointSizeF() * 1.15);
    idFont.setBold(true);
    m_ui->idLabel->setFont(idFont);
    m_ui->modelLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    connect(m_ui->copyIdButton, &QToolButton::clicked, this, [this] {
        if (m_task)
            QGuiApplication::clipboard()->setText(m_task->key.id);
    });
    connect(m_ui->openWebButton, &QPushButton::clicked, this, [this] {
        if (m_task)
            QDesktopServices::openUrl(m_task->webPageUrl());
    });
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &TaskHeaderSection::cancelClicked);
    connect(m_ui->refreshButton, &QPushButton::clicked, this, &TaskHeaderSection::refreshClicked);
}

TaskHeaderSection::~TaskHeaderSection() = default;

void TaskHeaderSection::showTask(const Task &task, const QString &version, bool cancelUnsupported)
{
    m_task = task;
    m_version = version;
    m_cancelUnsupported = cancelUnsupported;
    refresh();
}

void TaskHeaderSection::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        refresh();
    }
}

void TaskHeaderSection::refresh()
{
    if (!m_task)
        return;
    const Task &task = *m_task;
    m_ui->idLabel->setText(task.key.id);
    m_ui->idLabel->setToolTip(tr("Provider: %1").arg(task.key.provider));
    const StatusColours colours = coloursFor(task);
    m_ui->statusBadge->setText(DisplayText::statusName(task.status, task.statusText, task.hasPrediction()));
    const QString badgeStyle = QStringLiteral("QLabel { background: %1; color: %2; border-radius: 9px; "
                                              "padding: 2px 10px; font-weight: 600; }")
                                   .arg(colours.background.name(), colours.text.name());
    // A style sheet set again, even the same one, polishes the label anew: not at every click.
    if (m_ui->statusBadge->styleSheet() != badgeStyle)
        m_ui->statusBadge->setStyleSheet(badgeStyle);
    m_ui->statusBadge->setToolTip(DisplayText::unknownStatusNote(task.status, task.statusText));

    const QString model = task.model.isEmpty() ? tr("Unknown model") : task.model;
    QString versionText;
    if (m_version.isEmpty())
        versionText = tr("version unknown");
    else if (m_version == u"hidden")
        versionText = tr("version hidden");
    else
        versionText =
            tr("version %1").arg(m_version.left(12) + (m_version.size() > 12 ? QStringLiteral("…") : QString()));
    m_ui->modelLabel->setText(QStringLiteral("<b>%1</b><br>%2 · %3")
                                  .arg(model.toHtmlEscaped(), versionText.toHtmlEscaped(),
                                       tr("provider %1").arg(task.key.provider).toHtmlEscaped()));
    m_ui->modelLabel->setToolTip(m_version.size() > 12 ? m_version : QString());

    const bool active = PredictionStatuses::isActive(task.status);
    m_ui->cancelButton->setEnabled(active && !m_cancelUnsupported);
    m_ui->cancelButton->setToolTip(m_cancelUnsupported ? tr("This provider does not support canceling predictions.")
                                                       : QString());
    m_ui->openWebButton->setEnabled(task.webUrl().isValid() || task.hasPrediction());
    m_ui->refreshButton->setEnabled(m_readOnlyReason.isEmpty());
    m_ui->refreshButton->setToolTip(m_readOnlyReason);
    if (!m_readOnlyReason.isEmpty()) {
        m_ui->cancelButton->setEnabled(false);
        m_ui->cancelButton->setToolTip(m_readOnlyReason);
    }
}

void TaskHeaderSection::setReadOnly(const QString &reason)
{
    m_readOnlyReason = reason;
    if (m_task)
        refresh();
}
