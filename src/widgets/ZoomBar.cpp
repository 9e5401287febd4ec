#include "ZoomBar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QToolButton>

ZoomBar::ZoomBar(QWidget *parent)
    : QWidget(parent)
    , m_row(new QHBoxLayout(this))
    , m_fitButton(new QToolButton(this))
    , m_actualButton(new QToolButton(this))
    , m_zoomOutButton(new QToolButton(this))
    , m_zoomInButton(new QToolButton(this))
    , m_label(new QLabel(this))
{
    m_fitButton->setObjectName(QStringLiteral("fitButton"));
    m_fitButton->setCheckable(true);
    m_actualButton->setObjectName(QStringLiteral("actualSizeButton"));
    m_actualButton->setCheckable(true);
    m_zoomOutButton->setText(QStringLiteral("−"));
    m_zoomInButton->setText(QStringLiteral("+"));
    // Room for any percentage from the start: the row does not jump while zooming.
    m_label->setMinimumWidth(m_label->fontMetrics().horizontalAdvance(QStringLiteral("10 000 %")));
    m_row->setContentsMargins(6, 4, 6, 4);
    m_row->addWidget(m_fitButton);
    m_row->addWidget(m_actualButton);
    m_row->addWidget(m_zoomOutButton);
    m_row->addWidget(m_zoomInButton);
    m_row->addSpacing(8);
    m_row->addWidget(m_label);
    m_row->addStretch(1);
    connect(m_fitButton, &QToolButton::clicked, this, &ZoomBar::fitClicked);
    connect(m_actualButton, &QToolButton::clicked, this, &ZoomBar::actualSizeClicked);
    connect(m_zoomInButton, &QToolButton::clicked, this, &ZoomBar::zoomInClicked);
    connect(m_zoomOutButton, &QToolButton::clicked, this, &ZoomBar::zoomOutClicked);
    retranslate();
}

void ZoomBar::retranslate()
{
    m_fitButton->setText(tr("Fit"));
    m_fitButton->setToolTip(tr("Fit to window (F)"));
    m_actualButton->setText(tr("100 %"));
    m_actualButton->setToolTip(tr("Actual size (1)"));
    m_zoomOutButton->setToolTip(tr("Zoom out (-)"));
    m_zoomInButton->setToolTip(tr("Zoom in (+)"));
}

void ZoomBar::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void ZoomBar::setState(bool fitting, bool actualSize, const QString &text)
{
    m_fitButton->setChecked(fitting);
    m_actualButton->setChecked(actualSize);
    m_label->setText(text);
}

QString ZoomBar::percent(qreal zoom)
{
    return tr("%1 %").arg(QLocale().toString(zoom * 100.0, 'f', zoom < 0.1 ? 1 : 0));
}

bool ZoomBar::takeKey(const QKeyEvent &event)
{
    switch (event.key()) {
    case Qt::Key_F:
        Q_EMIT fitClicked();
        return true;
    case Qt::Key_1:
        Q_EMIT actualSizeClicked();
        return true;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        Q_EMIT zoomInClicked();
        return true;
    case Qt::Key_Minus:
        Q_EMIT zoomOutClicked();
        return true;
    default:
        return false;
    }
}
