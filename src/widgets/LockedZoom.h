#pragma once

#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

/// One zoom and pan shared by the image views that show it, relative to each image: a scale over "fit"
/// (1: the whole image fills its view) and the image point at the view's centre as a fraction of the
/// image's size. Views of images of different sizes or shapes then show the same part of each, at the
/// same size relative to it: zooming or panning one moves all of them alike.
class LockedZoom final : public QObject
{
    Q_OBJECT

public:
    static constexpr qreal minScale = 0.25;
    static constexpr qreal maxScale = 64.0;
    static constexpr qreal step = 1.25;

    explicit LockedZoom(QObject *parent = nullptr);

    qreal scale() const { return m_scale; }
    /// The image point at the centre of each view, (0.5, 0.5) being the image's centre.
    QPointF centre() const { return m_centre; }
    bool isFitting() const;

    /// Where an image of @p imageSize (any unit) is drawn in @p canvas.
    QRectF placement(const QSizeF &imageSize, const QRectF &canvas) const;
    /// The whole image, centred: scale 1.
    void fit();
    /// Multiplies the scale by @p factor keeping the image point under @p anchor still, in the view whose
    /// image is drawn at @p placed in @p canvas.
    void zoomAt(qreal factor, const QPointF &anchor, const QRectF &placed, const QRectF &canvas);
    /// Multiplies the scale by @p factor around the centre.
    void zoomBy(qreal factor);
    /// The scale at which an image of @p imageSize pixels in @p canvas (logical pixels, @p ratio device
    /// pixels each) shows one image pixel per device pixel; @p anchor stays still.
    void showActualSize(const QSizeF &imageSize, const QRectF &canvas, qreal ratio, const QPointF &anchor);
    /// Moves the images by @p delta (view pixels), in the view whose image is drawn at @p placed.
    void panBy(const QPointF &delta, const QRectF &placed);
    /// Sets both at once (one changed()).
    void set(qreal scale, const QPointF &centre);

    /// Device pixels per image pixel for an image of @p imageSize in @p canvas: what "100 %" means.
    qreal pixelZoom(const QSizeF &imageSize, const QRectF &canvas, qreal ratio) const;

Q_SIGNALS:
    void changed();

private:
    qreal m_scale = 1.0;
    QPointF m_centre{0.5, 0.5};
};
