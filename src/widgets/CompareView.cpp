#include "CompareView.h"

#include "CompareColumn.h"
#include "LockedImageView.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QScreen>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

CompareView::CompareView(ImageCache &cache, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_cache(cache)
    , m_columnsLayout(new QHBoxLayout)
    , m_fitButton(new QToolButton(this))
    , m_actualButton(new QToolButton(this))
    , m_zoomOutButton(new QToolButton(this))
    , m_zoomInButton(new QToolButton(this))
    , m_zoomLabel(new QLabel(this))
    , m_hint(new QLabel(this))
{
    setObjectName(QStringLiteral("compareView"));
    setFocusPolicy(Qt::StrongFocus);
    m_fitButton->setCheckable(true);
    m_actualButton->setCheckable(true);
    m_zoomOutButton->setText(QStringLiteral("−"));
    m_zoomInButton->setText(QStringLiteral("+"));
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_fitButton);
    bar->addWidget(m_actualButton);
    bar->addWidget(m_zoomOutButton);
    bar->addWidget(m_zoomInButton);
    bar->addSpacing(8);
    bar->addWidget(m_zoomLabel);
    bar->addStretch(1);
    bar->addWidget(m_hint);
    m_columnsLayout->setSpacing(12);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(m_columnsLayout, 1);

    connect(m_fitButton, &QToolButton::clicked, this, &CompareView::fitToWindow);
    connect(m_actualButton, &QToolButton::clicked, this, &CompareView::showActualSize);
    connect(m_zoomInButton, &QToolButton::clicked, this, [this] { m_zoom.zoomBy(LockedZoom::step); });
    connect(m_zoomOutButton, &QToolButton::clicked, this, [this] { m_zoom.zoomBy(1.0 / LockedZoom::step); });
    connect(&m_zoom, &LockedZoom::changed, this, &CompareView::updateZoomLabel);
    retranslate();
}

void CompareView::retranslate()
{
    m_fitButton->setText(tr("Fit"));
    m_fitButton->setToolTip(tr("Fit each image to its column (F)"));
    m_actualButton->setText(tr("100 %"));
    m_actualButton->setToolTip(tr("One pixel of the first image per screen pixel (1)"));
    m_zoomOutButton->setToolTip(tr("Zoom out (-)"));
    m_zoomInButton->setToolTip(tr("Zoom in (+)"));
    m_hint->setText(tr("Wheel to zoom, drag to pan: all images follow"));
    QStringList ids;
    for (const CompareColumn *column : std::as_const(m_columns))
        ids.append(column->taskKey().id);
    setWindowTitle(tr("Compare: %1").arg(ids.join(QStringLiteral(", "))));
    updateZoomLabel();
}

void CompareView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

QSize CompareView::sizeHint() const
{
    const int columns = std::max<int>(2, int(m_columns.size()));
    QSize size(columns * 380 + 24, 760);
    if (const QScreen *shown = screen())
        size = size.boundedTo(shown->availableSize() * 9 / 10);
    return size;
}

void CompareView::setTasks(const QList<Task> &tasks)
{
    const QList<Task> shown = tasks.mid(0, maxTasks);
    QList<CompareColumn *> columns;
    for (const Task &task : shown) {
        auto found = std::find_if(m_columns.begin(), m_columns.end(),
                                  [&task](const CompareColumn *column) { return column->taskKey() == task.key; });
        CompareColumn *column = nullptr;
        if (found != m_columns.end()) {
            column = *found;
            m_columns.erase(found);
        } else {
            column = new CompareColumn(m_cache, m_zoom, this);
            connect(&column->imageView(), &LockedImageView::loadChanged, this, &CompareView::updateZoomLabel);
        }
        column->setTask(task);
        columns.append(column);
    }
    qDeleteAll(m_columns);
    m_columns = columns;
    for (CompareColumn *column : std::as_const(m_columns))
        m_columnsLayout->addWidget(column, 1); // moves it to the end: the order given
    retranslate();
}

QList<TaskKey> CompareView::taskKeys() const
{
    QList<TaskKey> keys;
    for (const CompareColumn *column : m_columns)
        keys.append(column->taskKey());
    return keys;
}

CompareColumn *CompareView::firstLoaded() const
{
    for (CompareColumn *column : m_columns) {
        if (column->imageView().isLoaded())
            return column;
    }
    return nullptr;
}

void CompareView::fitToWindow()
{
    m_zoom.fit();
    updateZoomLabel();
}

void CompareView::showActualSize()
{
    if (const CompareColumn *column = firstLoaded()) {
        const LockedImageView &view = column->imageView();
        m_zoom.showActualSize(QSizeF(view.imageSize()), QRectF(view.rect()), view.devicePixelRatioF(),
                              QRectF(view.rect()).center());
    }
    updateZoomLabel();
}

void CompareView::updateZoomLabel()
{
    m_fitButton->setChecked(m_zoom.isFitting());
    const CompareColumn *column = firstLoaded();
    const qreal zoom = column ? column->imageView().pixelZoom() : 0.0;
    m_actualButton->setChecked(column && std::abs(zoom - 1.0) < 0.005);
    m_zoomLabel->setText(column ? tr("%1 %").arg(QLocale().toString(zoom * 100.0, 'f', 0)) : QString());
}

void CompareView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_F:
        fitToWindow();
        return;
    case Qt::Key_1:
        showActualSize();
        return;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        m_zoom.zoomBy(LockedZoom::step);
        return;
    case Qt::Key_Minus:
        m_zoom.zoomBy(1.0 / LockedZoom::step);
        return;
    case Qt::Key_Escape:
        close();
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}
