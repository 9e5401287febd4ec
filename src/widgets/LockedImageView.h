#pragma once

#include <QPixmap>
#include <QPointF>
#include <QString>
#include <QWidget>

class FullImageLoad;
class ImageCache;
class LockedZoom;
class QUrl;

/// One image under a LockedZoom that other views share: the wheel zooms around the pointer, dragging pans,
/// a double click toggles between the whole image and 100 % at the point clicked, and every view on the
/// same LockedZoom follows. Shows a message instead while loading or when there is no image.
class LockedImageView final : public QWidget
{
    Q_OBJECT

public:
    LockedImageView(ImageCache &cache, LockedZoom &zoom, QWidget *parent = nullptr);

    /// Loads @p url at full size; without one, shows @p message (why there is no image).
    void setUrl(const QUrl &url, const QString &message = {});
    bool isLoaded() const;
    QSize imageSize() const;
    /// What is shown instead of the image ("" once it is shown).
    QString message() const;
    /// Where the image is drawn now, in widget coordinates.
    QRectF imageRect() const;
    /// Device pixels per image pixel now (1: 100 %).
    qreal pixelZoom() const;
    LockedZoom &zoom() const { return m_zoom; }

    QSize sizeHint() const override { return QSize(320, 320); }
    QSize minimumSizeHint() const override { return QSize(120, 120); }

Q_SIGNALS:
    /// The image was loaded or failed.
    void loadChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    FullImageLoad *m_load;
    LockedZoom &m_zoom;
    bool m_panning = false;
    QPointF m_lastMouse;
};
