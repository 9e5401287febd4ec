#include "ImageViewer.h"

#include "BeforeAfterView.h"
#include "FullImageLoad.h"
#include "ZoomBar.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace {

constexpr qreal minZoom = 0.02;
constexpr qreal maxZoom = 32.0;
constexpr qreal stepFactor = 1.25;

} // namespace

ImageViewer::ImageViewer(ImageCache &cache, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_cache(cache)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);

    m_bar = new ZoomBar(this);
    m_bar->setAutoFillBackground(true);
    m_beforeAfterButton = new QToolButton(m_bar);
    m_beforeAfterButton->setObjectName(QStringLiteral("beforeAfterButton"));
    m_beforeAfterButton->setCheckable(true);
    m_beforeAfterButton->hide();
    m_bar->row().addWidget(m_beforeAfterButton);
    m_beforeAfter = new BeforeAfterView(cache, this);
    m_beforeAfter->hide();
    retranslate();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addStretch(1);

    connect(m_bar, &ZoomBar::fitClicked, this, &ImageViewer::fitToWindow);
    connect(m_bar, &ZoomBar::actualSizeClicked, this, &ImageViewer::showActualSize);
    connect(m_beforeAfterButton, &QToolButton::toggled, this, &ImageViewer::showBeforeAfter);
    connect(&m_beforeAfter->zoom(), &LockedZoom::changed, this, &ImageViewer::updateZoomLabel);
    connect(m_beforeAfter, &BeforeAfterView::loadChanged, this, &ImageViewer::updateZoomLabel);
    connect(m_bar, &ZoomBar::zoomInClicked, this, [this] { zoomBy(stepFactor, canvas().center()); });
    connect(m_bar, &ZoomBar::zoomOutClicked, this, [this] { zoomBy(1.0 / stepFactor, canvas().center()); });
    connect(&m_cache, &ImageCache::imageReady, this, &ImageViewer::onImageReady);
    connect(&m_cache, &ImageCache::imageFailed, this, &ImageViewer::onImageFailed);
    updateZoomLabel();
}

void ImageViewer::retranslate()
{
    m_beforeAfterButton->setText(tr("Before / After"));
    m_beforeAfterButton->setToolTip(tr("The input image and this output under a divider you drag (B)"));
}

void ImageViewer::setBeforeImage(const QUrl &input)
{
    m_beforeUrl = input;
    m_beforeAfterButton->setVisible(!input.isEmpty());
    showBeforeAfter(!input.isEmpty() && m_beforeAfterButton->isChecked());
}

bool ImageViewer::showsBeforeAfter() const
{
    return m_beforeAfter->isVisibleTo(this);
}

void ImageViewer::showBeforeAfter(bool on)
{
    on = on && !m_beforeUrl.isEmpty();
    const QSignalBlocker blocker(m_beforeAfterButton);
    m_beforeAfterButton->setChecked(on);
    if (on) {
        m_beforeAfter->setUrls(m_beforeUrl, m_url);
        m_beforeAfter->setGeometry(canvas().toRect());
        m_beforeAfter->setFocus();
    }
    m_beforeAfter->setVisible(on);
    updateZoomLabel();
}

void ImageViewer::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        updateZoomLabel();
    }
}

void ImageViewer::setImage(const QUrl &url, const QString &title)
{
    m_url = url;
    m_pixmap = QPixmap();
    m_message = tr("Loading…");
    m_fit = true;
    setWindowTitle(title);
    updateZoomLabel();
    update();
    m_cache.request(url); // full size
}

void ImageViewer::onImageReady(const QUrl &url, const QSize &requestedSize, const QImage &image)
{
    if (url != m_url || requestedSize.isValid())
        return;
    m_pixmap = QPixmap::fromImage(image);
    m_message.clear();
    m_center = QPointF(m_pixmap.width() / 2.0, m_pixmap.height() / 2.0);
    if (m_fit)
        m_zoom = fitZoom();
    updateZoomLabel();
    update();
}

void ImageViewer::onImageFailed(const QUrl &url, const QString &reason, ImageCache::Failure failure)
{
    Q_UNUSED(failure)
    if (url != m_url || !m_pixmap.isNull())
        return;
    m_message = reason;
    update();
}

QRectF ImageViewer::canvas() const
{
    return QRectF(rect()).adjusted(0, m_bar->height(), 0, 0);
}

qreal ImageViewer::fitZoom() const
{
    if (m_pixmap.isNull())
        return 1.0;
    const qreal ratio = devicePixelRatioF();
    const QRectF area = canvas();
    const qreal zoom = std::min(area.width() * ratio / m_pixmap.width(), area.height() * ratio / m_pixmap.height());
    // Fitting never enlarges a small image: that is what 100 % and zooming in are for.
    return std::clamp(std::min(zoom, 1.0), minZoom, maxZoom);
}

void ImageViewer::fitToWindow()
{
    if (showsBeforeAfter()) {
        m_beforeAfter->zoom().fit();
        return;
    }
    m_fit = true;
    m_zoom = fitZoom();
    m_center = QPointF(m_pixmap.width() / 2.0, m_pixmap.height() / 2.0);
    updateZoomLabel();
    update();
}

void ImageViewer::showActualSize()
{
    if (showsBeforeAfter()) {
        if (m_beforeAfter->after().isLoaded())
            m_beforeAfter->zoom().showActualSize(QSizeF(m_beforeAfter->after().pixmap().size()),
                                                 QRectF(m_beforeAfter->rect()), devicePixelRatioF(),
                                                 QRectF(m_beforeAfter->rect()).center());
        return;
    }
    m_fit = false;
    m_zoom = 1.0;
    clampCenter();
    updateZoomLabel();
    update();
}

void ImageViewer::zoomBy(qreal factor, const QPointF &anchor)
{
    if (showsBeforeAfter()) {
        const QRectF area(m_beforeAfter->rect());
        m_beforeAfter->zoom().zoomAt(factor, anchor - canvas().topLeft(), m_beforeAfter->afterRect(), area);
        return;
    }
    if (m_pixmap.isNull())
        return;
    const qreal ratio = devicePixelRatioF();
    const QPointF fromCenter = anchor - canvas().center();
    const QPointF imagePoint = m_center + fromCenter * ratio / m_zoom;
    const qreal zoom = std::clamp(m_zoom * factor, minZoom, maxZoom);
    m_fit = false;
    m_zoom = zoom;
    m_center = imagePoint - fromCenter * ratio / m_zoom;
    clampCenter();
    updateZoomLabel();
    update();
}

void ImageViewer::clampCenter()
{
    // The centre may move anywhere over the image, so at least half a canvas of it stays in view.
    m_center.setX(std::clamp(m_center.x(), 0.0, qreal(m_pixmap.width())));
    m_center.setY(std::clamp(m_center.y(), 0.0, qreal(m_pixmap.height())));
}

void ImageViewer::updateZoomLabel()
{
    // One wording in both modes: the zoom as ZoomBar words it, and the size of the image it applies to.
    const auto text = [](qreal zoom, const QSize &size) {
        return tr("%1  ·  %2 × %3 px").arg(ZoomBar::percent(zoom)).arg(size.width()).arg(size.height());
    };
    if (showsBeforeAfter()) {
        const FullImageLoad &after = m_beforeAfter->after();
        const qreal zoom = after.isLoaded()
            ? m_beforeAfter->afterRect().width() * devicePixelRatioF() / after.pixmap().width()
            : 0.0;
        m_bar->setState(m_beforeAfter->zoom().isFitting(), after.isLoaded() && std::abs(zoom - 1.0) < 0.005,
                        after.isLoaded() ? text(zoom, after.pixmap().size()) : QString());
        return;
    }
    const bool loaded = !m_pixmap.isNull();
    m_bar->setState(m_fit, loaded && std::abs(m_zoom - 1.0) < 1e-6, loaded ? text(m_zoom, m_pixmap.size()) : QString());
}

void ImageViewer::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    const QRectF area = canvas();
    painter.fillRect(area, QColor(0x2b, 0x2b, 0x2b));
    if (m_pixmap.isNull()) {
        painter.setPen(QColor(0xdd, 0xdd, 0xdd));
        painter.drawText(area.adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const qreal ratio = devicePixelRatioF();
    const qreal scale = m_zoom / ratio; // logical pixels per image pixel
    const QSizeF drawn(m_pixmap.width() * scale, m_pixmap.height() * scale);
    const QPointF topLeft = area.center() - m_center * scale;
    painter.setClipRect(area);
    // Shrinking needs smoothing; from 100 % up, every image pixel should stay a sharp square.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 1.0);
    painter.drawPixmap(QRectF(topLeft, drawn), m_pixmap, QRectF(m_pixmap.rect()));
}

void ImageViewer::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_beforeAfter->setGeometry(canvas().toRect());
    if (m_fit)
        m_zoom = fitZoom();
    updateZoomLabel();
}

void ImageViewer::wheelEvent(QWheelEvent *event)
{
    const qreal steps = event->angleDelta().y() / 120.0;
    if (steps != 0.0)
        zoomBy(std::pow(stepFactor, steps), event->position());
    event->accept();
}

void ImageViewer::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !m_pixmap.isNull()) {
        m_panning = true;
        m_lastMouse = event->position();
        setCursor(Qt::ClosedHandCursor);
    }
}

void ImageViewer::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_panning)
        return;
    const QPointF delta = event->position() - m_lastMouse;
    m_lastMouse = event->position();
    m_center -= delta * devicePixelRatioF() / m_zoom;
    clampCenter();
    update();
}

void ImageViewer::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_panning) {
        m_panning = false;
        unsetCursor();
    }
}

void ImageViewer::mouseDoubleClickEvent(QMouseEvent *event)
{
    // Toggles between the whole picture and its pixels at the point clicked.
    if (m_fit) {
        zoomBy(1.0 / m_zoom, event->position());
    } else {
        fitToWindow();
    }
}

void ImageViewer::keyPressEvent(QKeyEvent *event)
{
    if (m_bar->takeKey(*event))
        return;
    if (event->key() == Qt::Key_B)
        showBeforeAfter(!showsBeforeAfter());
    else if (event->key() == Qt::Key_Escape)
        close();
    else
        QWidget::keyPressEvent(event);
}
