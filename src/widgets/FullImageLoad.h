#pragma once

#include "ImageCache.h"

#include <QObject>
#include <QPixmap>
#include <QString>
#include <QUrl>

/// One image at full size through the ImageCache (fetched and decoded off the GUI thread), for the views
/// that zoom into it: the pixmap once decoded, or a message while loading and when it cannot be shown.
class FullImageLoad final : public QObject
{
    Q_OBJECT

public:
    explicit FullImageLoad(ImageCache &cache, QObject *parent = nullptr);

    /// Starts loading @p url; an empty one shows @p message instead (e.g. why there is no image).
    void load(const QUrl &url, const QString &message = {});
    QUrl url() const { return m_url; }
    /// Device pixel ratio 1: one pixmap pixel per image pixel.
    QPixmap pixmap() const { return m_pixmap; }
    bool isLoaded() const { return !m_pixmap.isNull(); }
    /// "Loading…", the reason it failed, or the message given; "" once loaded.
    QString message() const { return m_message; }

Q_SIGNALS:
    /// The pixmap or the message changed.
    void changed();

private:
    void onImageReady(const QUrl &url, const QSize &requestedSize, const QImage &image);
    void onImageFailed(const QUrl &url, const QString &reason);

    ImageCache &m_cache;
    QUrl m_url;
    QPixmap m_pixmap;
    QString m_message;
    bool m_pending = false; ///< Asked for, not answered yet.
};
