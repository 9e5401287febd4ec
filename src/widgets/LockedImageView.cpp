#include "LockedImageView.h"

#include "FullImageLoad.h"
#include "LockedZoom.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

LockedImageView::LockedImageView(ImageCache &cache, LockedZoom &zoom, QWidget *parent)
    : QWidget(parent)
    , m_load(new FullImageLoad(cache, this))
    , m_zoom(zoom)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    connect(m_load, &FullImageLoad::changed, this, [this] {
        update();
        Q_EMIT loadChanged();
    });
    connect(&m_zoom, &LockedZoom::changed, this, qOverload<>(&QWidget::update));
}

void LockedImageView::setUrl(const QUrl &url, const QString &message)
{
    m_load->load(url, message);
}

bool LockedImageView::isLoaded() const
{
    return m_load->isLoaded();
}

QSize LockedImageView::imageSize() const
{
    return m_load->pixmap().size();
}

QString LockedImageView::message() const
{
    return m_load->message();
}

QRectF LockedImageView::imageRect() const
{
    return isLoaded() ? m_zoom.placement(QSizeF(imageSize()), QRectF(rect())) : QRectF();
}

qreal LockedImageView::pixelZoom() const
{
    return isLoaded() ? m_zoom.pixelZoom(QSizeF(imageSize()), QRectF(rect()), devicePixelRatioF()) : 0.0;
}

void LockedImageView::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Dark));
    if (!isLoaded()) {
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, message());
        return;
    }
    // Shrinking needs smoothing; from 100 % up, every image pixel should stay a sharp square.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, pixelZoom() < 1.0);
    const QPixmap pixmap = m_load->pixmap();
    painter.drawPixmap(imageRect(), pixmap, QRectF(pixmap.rect()));
}

void LockedImageView::wheelEvent(QWheelEvent *event)
{
    const qreal steps = event->angleDelta().y() / 120.0;
    if (steps != 0.0 && isLoaded())
        m_zoom.zoomAt(std::pow(LockedZoom::step, steps), event->position(), imageRect(), QRectF(rect()));
    event->accept();
}

void LockedImageView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !isLoaded())
        return;
    m_panning = true;
    m_lastMouse = event->position();
    setCursor(Qt::ClosedHandCursor);
}

void LockedImageView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_panning)
        return;
    const QPointF delta = event->position() - m_lastMouse;
    m_lastMouse = event->position();
    m_zoom.panBy(delta, imageRect());
}

void LockedImageView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_panning) {
        m_panning = false;
        unsetCursor();
    }
}

void LockedImageView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (!isLoaded())
        return;
    // Toggles between the whole picture and its pixels at the point clicked.
    if (m_zoom.isFitting())
        m_zoom.showActualSize(QSizeF(imageSize()), QRectF(rect()), devicePixelRatioF(), event->position());
    else
        m_zoom.fit();
}
