#pragma once

#include <QByteArray>
#include <QCache>
#include <QFuture>
#include <QHash>
#include <QImage>
#include <QSize>
#include <QString>

#include <optional>

/// Draws the simulator's images (a gradient and shapes picked by a hash of the prompt, the prompt itself,
/// the prediction id) and encodes them as PNG, JPEG, WebP or GIF. Encoded bytes are cached; encoding runs
/// on the thread pool so a burst of downloads does not stall the API on the server's thread.
class ImageFactory final
{
public:
    struct Spec
    {
        QString id;
        QString prompt;
        bool input = false; ///< The prediction's input image rather than an output.
        int index = 0;
        int count = 1;
        QString format; ///< png, jpg, webp or gif.
        QSize size;

        QString cacheKey() const;
    };

    explicit ImageFactory(qsizetype cacheBytes = 128 * 1024 * 1024);

    std::optional<QByteArray> cached(const Spec &spec) const;
    /// Encodes on the thread pool; the same spec asked twice shares one job. Call store() with the result.
    QFuture<QByteArray> encodeAsync(const Spec &spec);
    void store(const Spec &spec, const QByteArray &bytes);
    /// Encodes on the calling thread (small images for data: URIs).
    QByteArray encodeNow(const Spec &spec);

    static QImage render(const Spec &spec);
    static QByteArray encode(const QImage &image, const QString &format);
    static QByteArray contentType(const QString &format);
    static QString mimeFormat(const QString &format);
    /// `long side` scaled to an aspect ratio such as `16:9`; match_input_image and unknown values give 4:3.
    static QSize sizeFor(const QString &aspectRatio, int longSide);

private:
    QCache<QString, QByteArray> m_cache; ///< Cost in KiB.
    QHash<QString, QFuture<QByteArray>> m_pending;
};
