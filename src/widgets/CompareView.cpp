#include "CompareView.h"

#include "CompareColumn.h"
#include "LockedImageView.h"
#include "ZoomBar.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QScreen>
#include <QVBoxLayout>

#include <algorithm>

CompareView::CompareView(ImageCache &cache, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_cache(cache)
    , m_columnsLayout(new QHBoxLayout)
    , m_bar(new ZoomBar(this))
    , m_hint(new QLabel(m_bar))
{
    setObjectName(QStringLiteral("compareView"));
    setFocusPolicy(Qt::StrongFocus);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_bar->row().addWidget(m_hint);
    m_columnsLayout->setSpacing(12);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_bar);
    layout->addLayout(m_columnsLayout, 1);

    connect(m_bar, &ZoomBar::fitClicked, this, &CompareView::fitToWindow);
    connect(m_bar, &ZoomBar::actualSizeClicked, this, &CompareView::showActualSize);
    connect(m_bar, &ZoomBar::zoomInClicked, this, [this] { m_zoom.zoomBy(LockedZoom::step); });
    connect(m_bar, &ZoomBar::zoomOutClicked, this, [this] { m_zoom.zoomBy(1.0 / LockedZoom::step); });
    connect(&m_zoom, &LockedZoom::changed, this, &CompareView::updateZoomLabel);
    retranslate();
}

void CompareView::retranslate()
{
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

void CompareView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateZoomLabel(); // the same scale over fit is another percentage in larger columns
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
    int inputsHeight = 0;
    for (CompareColumn *column : std::as_const(m_columns)) {
        m_columnsLayout->addWidget(column, 1); // moves it to the end: the order given
        inputsHeight = std::max(inputsHeight, column->inputsHeight());
    }
    for (CompareColumn *column : std::as_const(m_columns))
        column->setInputsHeight(inputsHeight);
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
    const CompareColumn *column = firstLoaded();
    const qreal zoom = column ? column->imageView().pixelZoom() : 0.0;
    // 100 % is the first image's: the others are at the same size relative to theirs.
    m_bar->setState(m_zoom.isFitting(), column && std::abs(zoom - 1.0) < 0.005,
                    column ? ZoomBar::percent(zoom) : QString());
}

void CompareView::keyPressEvent(QKeyEvent *event)
{
    if (m_bar->takeKey(*event))
        return;
    if (event->key() == Qt::Key_Escape)
        close();
    else
        QWidget::keyPressEvent(event);
}
