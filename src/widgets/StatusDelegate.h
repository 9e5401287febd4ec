#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QPixmap>
#include <QStyledItemDelegate>
#include <QTimer>

class QAbstractItemView;

/// Paints the Status column: the status icon and text, and a spinning indicator while a prediction is
/// starting or processing. Only the spinners of the visible active cells are repainted while they turn.
class StatusDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit StatusDelegate(QAbstractItemView *view);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    /// One drawn frame of the spinner: its size, colour, angle (frame) and device pixel ratio (percent).
    struct SpinnerFrame
    {
        QSize size;
        QRgb color = 0;
        int frame = 0;
        int ratioPercent = 100;
        friend bool operator==(const SpinnerFrame &a, const SpinnerFrame &b)
        {
            return a.size == b.size && a.color == b.color && a.frame == b.frame && a.ratioPercent == b.ratioPercent;
        }
        friend size_t qHash(const SpinnerFrame &key, size_t seed = 0) noexcept
        {
            return qHashMulti(seed, key.size.width(), key.size.height(), key.color, key.frame, key.ratioPercent);
        }
    };

    void onTick();
    void drawSpinner(QPainter *painter, const QStyleOptionViewItem &option, const QRect &iconRect) const;

    QAbstractItemView *m_view;
    QTimer m_timer;
    QElapsedTimer m_clock;
    /// Where a spinner is drawn, relative to its cell, as the last paint found it; invalid before the first.
    mutable QRect m_spinnerArea;
    mutable QHash<SpinnerFrame, QPixmap> m_frames;
};
