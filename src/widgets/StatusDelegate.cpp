#include "StatusDelegate.h"

#include "PredictionStatus.h"
#include "TaskTableModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QPaintEngine>
#include <QPainter>

namespace {

constexpr int spinnerMs = 1000; // one turn
constexpr int frameMs = 80;
constexpr int spinnerFrames = spinnerMs / frameMs; // angles a turn goes through

bool isActive(const QModelIndex &index)
{
    return PredictionStatuses::isActive(PredictionStatus(index.data(TaskTableModel::StatusRole).toInt()));
}

// Whether all @p painter may draw into within @p cell lies inside @p area (both in the painter's
// coordinates): true when a spinner frame alone asked for this paint. False when it cannot tell.
bool onlyAreaDirty(const QPainter *painter, const QRect &cell, const QRect &area)
{
    const QPaintEngine *engine = painter->paintEngine();
    if (!engine)
        return false;
    const QRegion clip = engine->systemClip();
    if (clip.isEmpty())
        return false;
    const QTransform &toDevice = painter->deviceTransform();
    if (!toDevice.isAffine() || toDevice.isRotating())
        return false;
    const QRect dirty = clip.intersected(toDevice.mapRect(cell)).boundingRect();
    return !dirty.isEmpty() && toDevice.mapRect(area).contains(dirty);
}

} // namespace

StatusDelegate::StatusDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{
    m_clock.start();
    m_timer.setInterval(frameMs);
    connect(&m_timer, &QTimer::timeout, this, &StatusDelegate::onTick);
    m_timer.start();
}

void StatusDelegate::onTick()
{
    if (!m_view->isVisible() || !m_view->model())
        return;
    const QRect area = m_view->viewport()->rect();
    QModelIndex index = m_view->indexAt(QPoint(1, 1));
    const int column = [&] {
        for (int c = 0; c < m_view->model()->columnCount(); ++c) {
            if (m_view->itemDelegateForColumn(c) == this)
                return c;
        }
        return 0;
    }();
    // Walk the visible rows only: a table of 100 000 tasks costs the same as one of 30.
    while (index.isValid()) {
        const QModelIndex cell = index.siblingAtColumn(column);
        const QRect rect = m_view->visualRect(cell);
        if (rect.top() > area.bottom())
            break;
        // Only the spinner turns: the rest of the cell (its text) is not laid out and drawn again.
        if (isActive(cell))
            m_view->viewport()->update(m_spinnerArea.isValid() ? m_spinnerArea.translated(rect.topLeft()) : rect);
        index = m_view->indexAt(QPoint(1, rect.bottom() + 2));
        if (index.isValid() && index.row() <= cell.row())
            break;
    }
}

void StatusDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!isActive(index)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    // The usual cell, then a spinner in place of the icon.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const int side = std::min(opt.rect.height() - 6, opt.decorationSize.height());
    opt.icon = QIcon();
    opt.decorationSize = QSize(side, side);
    opt.features |= QStyleOptionViewItem::HasDecoration;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    // A frame of the spinner (onTick()) repaints the spinner's area only: its background and the spinner,
    // without laying out the cell again.
    if (m_spinnerArea.isValid() && !(opt.state & QStyle::State_HasFocus)) { // a focus frame is drawn in full
        const QRect area = m_spinnerArea.translated(opt.rect.topLeft());
        if (onlyAreaDirty(painter, opt.rect, area)) {
            style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
            drawSpinner(painter, opt, area.adjusted(1, 1, -1, -1));
            return;
        }
    }
    const QRect iconRect = style->subElementRect(QStyle::SE_ItemViewItemDecoration, &opt, widget);
    m_spinnerArea = iconRect.adjusted(-1, -1, 1, 1).translated(-opt.rect.topLeft());
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    drawSpinner(painter, opt, iconRect);
}

void StatusDelegate::drawSpinner(QPainter *painter, const QStyleOptionViewItem &option, const QRect &iconRect) const
{
    const int frame = int(m_clock.elapsed() % spinnerMs) * spinnerFrames / spinnerMs;
    const QColor color = (option.state & QStyle::State_Selected) ? option.palette.highlightedText().color()
                                                                 : option.palette.highlight().color();
    const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const SpinnerFrame key{iconRect.size(), color.rgba(), frame, int(ratio * 100)};
    auto cached = m_frames.constFind(key);
    if (cached == m_frames.cend()) {
        // Stroking an antialiased ring for every running row at every frame cost more than the rest of the
        // table: each frame is drawn once, then copied.
        if (m_frames.size() >= 256)
            m_frames.clear();
        QPixmap pixmap(iconRect.size() * ratio);
        pixmap.setDevicePixelRatio(ratio);
        pixmap.fill(Qt::transparent);
        QPainter framePainter(&pixmap);
        framePainter.setRenderHint(QPainter::Antialiasing);
        const QRectF ring = QRectF(QPointF(0, 0), QSizeF(iconRect.size())).adjusted(1.5, 1.5, -1.5, -1.5);
        QColor faint = color;
        faint.setAlphaF(0.25);
        framePainter.setPen(QPen(faint, 2.0));
        framePainter.drawEllipse(ring);
        framePainter.setPen(QPen(color, 2.0, Qt::SolidLine, Qt::RoundCap));
        const qreal angle = -360.0 * frame / spinnerFrames;
        framePainter.drawArc(ring, int(angle * 16), 100 * 16);
        framePainter.end();
        cached = m_frames.insert(key, pixmap);
    }
    painter->drawPixmap(iconRect.topLeft(), *cached);
}

QSize StatusDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return QStyledItemDelegate::sizeHint(option, index);
}
