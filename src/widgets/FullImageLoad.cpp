#include "FullImageLoad.h"

FullImageLoad::FullImageLoad(ImageCache &cache, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
{
    connect(&m_cache, &ImageCache::imageReady, this, &FullImageLoad::onImageReady);
    connect(&m_cache, &ImageCache::imageFailed, this,
            [this](const QUrl &url, const QString &reason) { onImageFailed(url, reason); });
    connect(&m_cache, &ImageCache::textReady, this,
            [this](const QUrl &url) { onImageFailed(url, tr("The output is text, not an image.")); });
}

void FullImageLoad::load(const QUrl &url, const QString &message)
{
    if (url == m_url && !url.isEmpty() && (isLoaded() || m_pending))
        return;
    m_url = url;
    m_pixmap = QPixmap();
    m_message = url.isEmpty() ? message : tr("Loading…");
    m_pending = !url.isEmpty();
    Q_EMIT changed();
    if (!url.isEmpty())
        m_cache.request(url); // full size: the views zoom into it
}

void FullImageLoad::onImageReady(const QUrl &url, const QSize &requestedSize, const QImage &image)
{
    if (url != m_url || requestedSize.isValid())
        return;
    m_pixmap = QPixmap::fromImage(image);
    m_message.clear();
    m_pending = false;
    Q_EMIT changed();
}

void FullImageLoad::onImageFailed(const QUrl &url, const QString &reason)
{
    if (url != m_url || isLoaded())
        return;
    m_message = reason;
    m_pending = false;
    Q_EMIT changed();
}
