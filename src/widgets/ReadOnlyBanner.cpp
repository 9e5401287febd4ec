#include "ReadOnlyBanner.h"

#include "TaskStore.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

ReadOnlyBanner::ReadOnlyBanner(const TaskStore &store, QList<QAction *> writers, QWidget *parent)
    : QFrame(parent)
    , m_store(store)
    , m_writers(std::move(writers))
{
    setObjectName(QStringLiteral("readOnlyBanner"));
    setFrameShape(QFrame::StyledPanel);
    // The palette's own colours for notes (the tool tip's), so that dark themes read as well.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase);
    setForegroundRole(QPalette::ToolTipText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    auto *icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setForegroundRole(QPalette::ToolTipText);
    layout->addWidget(icon);
    layout->addWidget(m_text, 1);
    retranslate();
}

QString ReadOnlyBanner::noticeText(const QString &writtenBy, int schemaVersion)
{
    const QString who = writtenBy.isEmpty()
        ? tr("a newer version of Replimon (schema %1; this one reads up to %2)")
              .arg(schemaVersion)
              .arg(TaskStore::schemaVersion)
        : tr("Replimon %1, which is newer than this one (%2)").arg(writtenBy, QStringLiteral(REPLIMON_VERSION));
    return tr("This task history was written by %1. It is open read-only: you can browse, filter and open saved "
              "files, but nothing is checked, downloaded, added or removed. Use that version to keep working "
              "with it.")
        .arg(who);
}

QString ReadOnlyBanner::refusalText()
{
    return tr("Not available: the task history was written by a newer Replimon and is open read-only.");
}

void ReadOnlyBanner::addWriters(const QList<QAction *> &writers)
{
    m_writers += writers;
    retranslate();
}

QString ReadOnlyBanner::text() const
{
    return m_text->text();
}

void ReadOnlyBanner::retranslate()
{
    m_text->setText(noticeText(m_store.writtenBy(), m_store.foundSchemaVersion()));
    for (QAction *action : std::as_const(m_writers)) {
        action->setEnabled(false);
        action->setToolTip(refusalText());
        action->setStatusTip(refusalText());
    }
}
