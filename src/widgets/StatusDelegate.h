#pragma once

#include <QElapsedTimer>
#include <QStyledItemDelegate>
#include <QTimer>

class QAbstractItemView;

/// Paints the Status column: the status icon and text, and a spinning indicator while a prediction is
/// starting or processing. Only the visible active cells are repainted while it spins.
class StatusDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit StatusDelegate(QAbstractItemView *view);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    void onTick();

    QAbstractItemView *m_view;
    QTimer m_timer;
    QElapsedTimer m_clock;
};
