#include "TaskRemixSection.h"

#include "WrappingLabel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

namespace {

QString link(const QString &id)
{
    const QString escaped = id.toHtmlEscaped();
    return QStringLiteral("<a href=\"%1\">%1</a>").arg(escaped);
}

} // namespace

TaskRemixSection::TaskRemixSection(QWidget *parent)
    : QWidget(parent)
    , m_runAgain(new QPushButton(this))
    , m_remix(new QPushButton(this))
    , m_links(new WrappingLabel(this))
{
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_runAgain);
    buttons->addWidget(m_remix);
    buttons->addStretch(1);
    m_links->setTextFormat(Qt::RichText);
    m_links->setWordWrap(true);
    m_links->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_links);
    connect(m_runAgain, &QPushButton::clicked, this, &TaskRemixSection::runAgainClicked);
    connect(m_remix, &QPushButton::clicked, this, &TaskRemixSection::remixClicked);
    connect(m_links, &QLabel::linkActivated, this, &TaskRemixSection::taskLinkActivated);
    retranslate();
}

void TaskRemixSection::showTask(const Task &task, const QStringList &remixes)
{
    m_remixOf = task.remixOf;
    m_remixes = remixes;
    retranslate();
}

void TaskRemixSection::setReadOnly(const QString &reason)
{
    m_readOnlyReason = reason;
    retranslate();
}

QString TaskRemixSection::linksText() const
{
    return QTextDocumentFragment::fromHtml(m_links->text()).toPlainText();
}

void TaskRemixSection::retranslate()
{
    m_runAgain->setText(tr("Run Again"));
    m_runAgain->setToolTip(tr("The same model with the same inputs, as a new prediction"));
    m_remix->setText(tr("Remix…"));
    m_remix->setToolTip(tr("Edit the inputs, then run as a new prediction"));
    for (QPushButton *button : {m_runAgain, m_remix}) {
        button->setEnabled(m_readOnlyReason.isEmpty());
        if (!m_readOnlyReason.isEmpty())
            button->setToolTip(m_readOnlyReason);
    }
    QStringList lines;
    if (!m_remixOf.isEmpty())
        lines << tr("Remix of %1").arg(link(m_remixOf));
    if (!m_remixes.isEmpty()) {
        QStringList links;
        for (const QString &id : std::as_const(m_remixes))
            links << link(id);
        lines << tr("Remixed as %1").arg(links.join(QStringLiteral(", ")));
    }
    m_links->setText(lines.join(QStringLiteral("<br>")));
    m_links->setVisible(!lines.isEmpty());
}

void TaskRemixSection::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}
