#include "LockedZoom.h"

#include <algorithm>
#include <cmath>

namespace {

qreal fitFactor(const QSizeF &imageSize, const QRectF &canvas)
{
    if (imageSize.isEmpty() || canvas.isEmpty())
        return 1.0;
    return std::min(canvas.width() / imageSize.width(), canvas.height() / imageSize.height());
}

} // namespace

LockedZoom::LockedZoom(QObject *parent)
    : QObject(parent)
{}

bool LockedZoom::isFitting() const
{
    return qFuzzyCompare(m_scale, 1.0) && m_centre == QPointF(0.5, 0.5);
}

QRectF LockedZoom::placement(const QSizeF &imageSize, const QRectF &canvas) const
{
    const QSizeF drawn = imageSize * (fitFactor(imageSize, canvas) * m_scale);
    const QPointF topLeft = canvas.center() - QPointF(m_centre.x() * drawn.width(), m_centre.y() * drawn.height());
    return QRectF(topLeft, drawn);
}

void LockedZoom::set(qreal scale, const QPointF &centre)
{
    const qreal clamped = std::clamp(scale, minScale, maxScale);
    // An image no larger than its view stays centred: there is nothing beside it to pan to.
    const QPointF where = clamped <= 1.0 ? QPointF(0.5, 0.5)
                                         : QPointF(std::clamp(centre.x(), 0.0, 1.0), std::clamp(centre.y(), 0.0, 1.0));
    if (qFuzzyCompare(clamped, m_scale) && where == m_centre)
        return;
    m_scale = clamped;
    m_centre = where;
    Q_EMIT changed();
}

void LockedZoom::fit()
{
    set(1.0, QPointF(0.5, 0.5));
}

void LockedZoom::zoomAt(qreal factor, const QPointF &anchor, const QRectF &placed, const QRectF &canvas)
{
    if (placed.isEmpty()) {
        zoomBy(factor);
        return;
    }
    // The image point under the anchor, as a fraction of the image, stays under it.
    const QPointF point((anchor.x() - placed.left()) / placed.width(), (anchor.y() - placed.top()) / placed.height());
    const qreal scale = std::clamp(m_scale * factor, minScale, maxScale);
    const QSizeF drawn = placed.size() * (scale / m_scale);
    const QPointF fromCentre = anchor - canvas.center();
    set(scale, QPointF(point.x() - fromCentre.x() / drawn.width(), point.y() - fromCentre.y() / drawn.height()));
}

void LockedZoom::zoomBy(qreal factor)
{
    set(m_scale * factor, m_centre);
}

void LockedZoom::showActualSize(const QSizeF &imageSize, const QRectF &canvas, qreal ratio, const QPointF &anchor)
{
    const qreal fit = fitFactor(imageSize, canvas) * ratio;
    if (fit <= 0.0)
        return;
    const qreal target = 1.0 / fit;
    zoomAt(target / m_scale, anchor, placement(imageSize, canvas), canvas);
}

void LockedZoom::panBy(const QPointF &delta, const QRectF &placed)
{
    if (placed.isEmpty())
        return;
    set(m_scale, m_centre - QPointF(delta.x() / placed.width(), delta.y() / placed.height()));
}

qreal LockedZoom::pixelZoom(const QSizeF &imageSize, const QRectF &canvas, qreal ratio) const
{
    return fitFactor(imageSize, canvas) * m_scale * ratio;
}
