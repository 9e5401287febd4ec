#include "BeforeAfterView.h"

#include "FullImageLoad.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace {

constexpr qreal keyStep = 0.02;
constexpr qreal largeKeyStep = 0.1;
constexpr int grabDistance = 8; ///< How near the divider a press takes it rather than panning.
constexpr int handleRadius = 9;

} // namespace

BeforeAfterView::BeforeAfterView(ImageCache &cache, QWidget *parent)
    : QWidget(parent)
    , m_before(new FullImageLoad(cache, this))
    , m_after(new FullImageLoad(cache, this))
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true); // the cursor says where the divider can be taken
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    for (FullImageLoad *load : {m_before, m_after}) {
        connect(load, &FullImageLoad::changed, this, [this] {
            updateGeometry();
            update();
            Q_EMIT loadChanged();
        });
    }
    connect(m_zoom, &LockedZoom::changed, this, qOverload<>(&QWidget::update));
    retranslate();
}

void BeforeAfterView::retranslate()
{
    setAccessibleName(tr("Before and after"));
    setToolTip(m_zoomable ? QString() : tr("Drag to compare the input (left) with the output (right)"));
}

void BeforeAfterView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        update();
    }
}

void BeforeAfterView::setUrls(const QUrl &before, const QUrl &after)
{
    m_before->load(before, tr("No input image"));
    m_after->load(after, tr("No output image"));
}

void BeforeAfterView::shareZoom(LockedZoom &zoom)
{
    disconnect(m_zoom, nullptr, this, nullptr);
    m_zoom = &zoom;
    connect(m_zoom, &LockedZoom::changed, this, qOverload<>(&QWidget::update));
    update();
}

void BeforeAfterView::setZoomable(bool zoomable)
{
    m_zoomable = zoomable;
    retranslate();
}

void BeforeAfterView::setDivider(qreal fraction)
{
    const qreal clamped = std::clamp(fraction, 0.0, 1.0);
    if (qFuzzyCompare(clamped + 1.0, m_divider + 1.0))
        return;
    m_divider = clamped;
    update();
    Q_EMIT dividerMoved(m_divider);
}

int BeforeAfterView::dividerX() const
{
    return int(std::lround(m_divider * width()));
}

bool BeforeAfterView::isLoaded() const
{
    return m_before->isLoaded() && m_after->isLoaded();
}

QRectF BeforeAfterView::afterRect() const
{
    return m_after->isLoaded() ? m_zoom->placement(QSizeF(m_after->pixmap().size()), QRectF(rect())) : QRectF();
}

QRectF BeforeAfterView::beforeRect() const
{
    return m_before->isLoaded() ? m_zoom->placement(QSizeF(m_before->pixmap().size()), QRectF(rect())) : QRectF();
}

int BeforeAfterView::heightForWidth(int width) const
{
    const QSize shape = m_after->isLoaded() ? m_after->pixmap().size() : m_before->pixmap().size();
    if (shape.isEmpty())
        return width * 3 / 4;
    return std::clamp(width * shape.height() / shape.width(), minimumSizeHint().height(), width * 2);
}

void BeforeAfterView::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Dark));
    const int x = dividerX();
    paintHalf(painter, *m_before, beforeRect(), QRect(0, 0, x, height()));
    paintHalf(painter, *m_after, afterRect(), QRect(x, 0, width() - x, height()));
    painter.setClipping(false);

    // The divider: a line in the highlight colour, and a round handle on it to take.
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor line = palette().color(QPalette::Highlight);
    painter.fillRect(QRectF(x - 1, 0, 2, height()), line);
    const QPointF handle(x, height() / 2.0);
    painter.setPen(QPen(palette().color(QPalette::HighlightedText), 2));
    painter.setBrush(line);
    painter.drawEllipse(handle, handleRadius, handleRadius);
    // Two arrowheads: it moves left and right.
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette().color(QPalette::HighlightedText));
    for (const qreal side : {-1.0, 1.0}) {
        const QPointF tip = handle + QPointF(side * 6, 0);
        painter.drawPolygon(QPolygonF{tip, tip + QPointF(-side * 4, -4), tip + QPointF(-side * 4, 4)});
    }
    if (hasFocus()) {
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(line, 1, Qt::DotLine));
        painter.drawEllipse(handle, handleRadius + 3, handleRadius + 3);
    }
    paintLabel(painter, tr("Before"), true);
    paintLabel(painter, tr("After"), false);
}

void BeforeAfterView::paintHalf(QPainter &painter, const FullImageLoad &load, const QRectF &placed,
                                const QRect &half) const
{
    if (half.width() <= 0)
        return;
    painter.setClipRect(half);
    if (!load.isLoaded()) {
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(half.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, load.message());
        return;
    }
    const QPixmap pixmap = load.pixmap();
    const qreal zoom = placed.width() * devicePixelRatioF() / pixmap.width();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, zoom < 1.0);
    painter.drawPixmap(placed, pixmap, QRectF(pixmap.rect()));
}

void BeforeAfterView::paintLabel(QPainter &painter, const QString &text, bool left) const
{
    const QFontMetrics metrics(font());
    const int padding = 4;
    QRect box(0, 0, metrics.horizontalAdvance(text) + 2 * padding, metrics.height() + padding);
    box.moveTop(8);
    if (left)
        box.moveLeft(8);
    else
        box.moveRight(width() - 9);
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette().color(QPalette::ToolTipBase));
    painter.drawRoundedRect(box, 3, 3);
    painter.setPen(palette().color(QPalette::ToolTipText));
    painter.drawText(box, Qt::AlignCenter, text);
}

bool BeforeAfterView::nearDivider(const QPointF &position) const
{
    return std::abs(position.x() - dividerX()) <= grabDistance;
}

void BeforeAfterView::wheelEvent(QWheelEvent *event)
{
    if (!m_zoomable) {
        event->ignore();
        return;
    }
    const qreal steps = event->angleDelta().y() / 120.0;
    if (steps != 0.0)
        m_zoom->zoomAt(std::pow(LockedZoom::step, steps), event->position(), afterRect(), QRectF(rect()));
    event->accept();
}

void BeforeAfterView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_lastMouse = event->position();
    if (!m_zoomable || nearDivider(event->position())) {
        m_drag = Drag::Divider;
        setDivider(event->position().x() / std::max(1, width()));
    } else {
        m_drag = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
    }
}

void BeforeAfterView::mouseMoveEvent(QMouseEvent *event)
{
    switch (m_drag) {
    case Drag::Divider:
        setDivider(event->position().x() / std::max(1, width()));
        break;
    case Drag::Pan:
        m_zoom->panBy(event->position() - m_lastMouse, afterRect().isEmpty() ? beforeRect() : afterRect());
        break;
    case Drag::None:
        if (!m_zoomable || nearDivider(event->position()))
            setCursor(Qt::SplitHCursor);
        else
            unsetCursor();
        break;
    }
    m_lastMouse = event->position();
}

void BeforeAfterView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_drag = Drag::None;
    unsetCursor();
}

void BeforeAfterView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        Q_EMIT doubleClicked();
}

void BeforeAfterView::keyPressEvent(QKeyEvent *event)
{
    const qreal step = event->modifiers() & Qt::ShiftModifier ? largeKeyStep : keyStep;
    switch (event->key()) {
    case Qt::Key_Left:
        setDivider(m_divider - step);
        return;
    case Qt::Key_Right:
        setDivider(m_divider + step);
        return;
    case Qt::Key_Home:
        setDivider(0.0);
        return;
    case Qt::Key_End:
        setDivider(1.0);
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}
