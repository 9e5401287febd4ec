#pragma once

#include "LockedZoom.h"

#include <QPointF>
#include <QString>
#include <QWidget>

class FullImageLoad;
class ImageCache;
class QUrl;

/// An input image and the output made from it, one over the other, with a vertical divider: left of it the
/// input ("Before"), right of it the output ("After"). The divider follows the mouse while dragged and the
/// arrow keys (Shift: larger steps, Home and End: to the edges). Both images are drawn under one
/// LockedZoom (its own, or one shared with other views); when zoomable, the wheel zooms and dragging
/// away from the divider pans, else a press anywhere moves the divider there and the wheel is left to
/// the scroll area around it.
class BeforeAfterView final : public QWidget
{
    Q_OBJECT

public:
    explicit BeforeAfterView(ImageCache &cache, QWidget *parent = nullptr);

    /// Loads both at full size.
    void setUrls(const QUrl &before, const QUrl &after);
    /// Draws under @p zoom, shared with other views, instead of its own.
    void shareZoom(LockedZoom &zoom);
    LockedZoom &zoom() const { return *m_zoom; }
    void setZoomable(bool zoomable);

    /// Where the divider is, from 0 (left edge: all output) to 1 (right edge: all input).
    qreal divider() const { return m_divider; }
    void setDivider(qreal fraction);
    /// The divider's x in widget coordinates.
    int dividerX() const;

    bool isLoaded() const;
    FullImageLoad &before() const { return *m_before; }
    FullImageLoad &after() const { return *m_after; }
    /// Where the output (after) is drawn now, in widget coordinates; the input is placed alike.
    QRectF afterRect() const;
    QRectF beforeRect() const;

    QSize sizeHint() const override { return QSize(480, 360); }
    QSize minimumSizeHint() const override { return QSize(160, 120); }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

Q_SIGNALS:
    void dividerMoved(qreal fraction);
    void doubleClicked();
    /// Both images are loaded, or one failed.
    void loadChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    enum class Drag {
        None,
        Divider,
        Pan
    };

    bool nearDivider(const QPointF &position) const;
    void paintHalf(QPainter &painter, const FullImageLoad &load, const QRectF &placed, const QRect &half) const;
    void paintLabel(QPainter &painter, const QString &text, bool left) const;
    void retranslate();

    FullImageLoad *m_before;
    FullImageLoad *m_after;
    LockedZoom m_ownZoom;
    LockedZoom *m_zoom = &m_ownZoom;
    bool m_zoomable = true;
    qreal m_divider = 0.5;
    Drag m_drag = Drag::None;
    QPointF m_lastMouse;
};
