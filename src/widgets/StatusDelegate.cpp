#include "StatusDelegate.h"

#include "PredictionStatus.h"
#include "TaskTableModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QPainter>

namespace {

constexpr int spinnerMs = 1000; // one turn
constexpr int frameMs = 80;

bool isActive(const QModelIndex &index)
{
    return PredictionStatuses::isActive(PredictionStatus(index.data(TaskTableModel::StatusRole).toInt()));
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
        if (isActive(cell))
            m_view->viewport()->update(rect);
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
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect iconRect = style->subElementRect(QStyle::SE_ItemViewItemDecoration, &opt, widget);
    const QRectF ring = QRectF(iconRect).adjusted(1.5, 1.5, -1.5, -1.5);
    const qreal angle = -360.0 * double(m_clock.elapsed() % spinnerMs) / spinnerMs;
    const QColor color = (opt.state & QStyle::State_Selected) ? opt.palette.highlightedText().color()
                                                              : opt.palette.highlight().color();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor faint = color;
    faint.setAlphaF(0.25);
    painter->setPen(QPen(faint, 2.0));
    painter->drawEllipse(ring);
    painter->setPen(QPen(color, 2.0, Qt::SolidLine, Qt::RoundCap));
    painter->drawArc(ring, int(angle * 16), 100 * 16);
    painter->restore();
}

QSize StatusDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return QStyledItemDelegate::sizeHint(option, index);
}
