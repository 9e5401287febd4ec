#pragma once

#include "ImageCache.h"

#include <QPixmap>
#include <QPointF>
#include <QUrl>
#include <QWidget>

class BeforeAfterView;
class ZoomBar;
class QToolButton;

/// A window showing one image at full size: fit to the window (the default), 100 % (one image pixel per
/// device pixel), zoom with the wheel around the pointer, pan by dragging. Keys: F fit, 1 100 %, + and -
/// zoom, Escape closes. An output made from an input image (setBeforeImage()) can be shown against it under
/// a before/after divider (B), zoomed and panned the same way.
class ImageViewer final : public QWidget
{
    Q_OBJECT

public:
    explicit ImageViewer(ImageCache &cache, QWidget *parent = nullptr);

    void setImage(const QUrl &url, const QString &title);
    QUrl url() const { return m_url; }
    bool isLoaded() const { return !m_pixmap.isNull(); }
    /// The input the shown output was made from, offered as Before / After; empty: not offered.
    void setBeforeImage(const QUrl &input);
    void showBeforeAfter(bool on);
    bool showsBeforeAfter() const;
    BeforeAfterView *beforeAfterView() const { return m_beforeAfter; }

    /// Device pixels per image pixel (1.0 = 100 %).
    qreal zoom() const { return m_zoom; }
    bool isFitting() const { return m_fit; }
    /// The image point (image pixels) at the centre of the view.
    QPointF center() const { return m_center; }
    void fitToWindow();
    void showActualSize();
    /// Multiplies the zoom by @p factor keeping the image point under @p anchor (widget coordinates) still.
    void zoomBy(qreal factor, const QPointF &anchor);

    QSize sizeHint() const override { return QSize(900, 700); }

protected:
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QRectF canvas() const;
    qreal fitZoom() const;
    void clampCenter();
    void updateZoomLabel();
    void retranslate();
    void onImageReady(const QUrl &url, const QSize &requestedSize, const QImage &image);
    void onImageFailed(const QUrl &url, const QString &reason, ImageCache::Failure failure);

    ImageCache &m_cache;
    QUrl m_url;
    QPixmap m_pixmap; ///< Device pixel ratio 1: sizes below are in image pixels.
    QString m_message;
    qreal m_zoom = 1.0;
    bool m_fit = true;
    QPointF m_center; ///< The image point (in image pixels) at the canvas centre.
    bool m_panning = false;
    QPointF m_lastMouse;
    ZoomBar *m_bar = nullptr;
    QUrl m_beforeUrl;
    QToolButton *m_beforeAfterButton = nullptr;
    BeforeAfterView *m_beforeAfter = nullptr;
};
