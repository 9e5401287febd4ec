#pragma once

#include "DiskCacheTrimmer.h"

#include <QCache>
#include <QHash>
#include <QImage>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>
#include <QThreadPool>
#include <QUrl>

#include <memory>

struct ImageDecodeResult;
class QNetworkAccessManager;
class QNetworkReply;
class QThread;

/// Loads input and output images for display: fetched, decoded and scaled off the GUI thread, kept in a
/// bounded memory cache (decoded, per requested size) and a bounded disk cache (the original bytes).
///
/// Sources: `http(s)` URLs through the application's QNetworkAccessManager with a plain request (image
/// hosts never need the API key, so none is ever sent), `data:` URIs decoded locally, and local files
/// (`file:` URLs) read directly. Decoding runs on the cache's own thread pool with QImageReader (never the
/// global one: Qt's raster engine hands parts of the GUI thread's painting to the global pool and waits for
/// them, so decodes queued there would stall every repaint); the header is
/// read first and anything wider or taller than Limits::maxDimension, or whose decoded size would pass the
/// allocation limit, is refused before a single pixel is allocated. PNG and JPEG decode directly at the
/// requested size; other formats decode at full size and are then scaled.
///
/// Results arrive as QImage (never QPixmap: that is for the GUI thread of the widgets that show them).
/// A file that is not an image but text (a model's JSON or text output, at most Limits::maxTextBytes) is
/// answered with textReady() instead, so that it can be shown as text.
class ImageCache final : public QObject
{
    Q_OBJECT

public:
    enum class Failure {
        NotFound,    ///< 404/410: on Replicate, outputs are deleted an hour after completion.
        NotAnImage,  ///< The bytes are not in a format Qt can read.
        TooLarge,    ///< Over the pixel, allocation or download limit.
        Network,     ///< The transfer failed (no connection, timeout, server error).
        Unsupported, ///< An address scheme that is neither http(s), data: nor file:.
    };
    Q_ENUM(Failure)

    struct Limits
    {
        qint64 memoryBytes = 128LL * 1024 * 1024;     ///< Decoded images kept in memory.
        qint64 diskBytes = 200LL * 1024 * 1024;       ///< Original files kept under the cache folder.
        int allocationLimitMb = 256;                  ///< Largest decoded image (QImageReader's limit; 0: none).
        int maxDimension = 16384;                     ///< Widest or tallest image opened, in pixels.
        qint64 maxDownloadBytes = 64LL * 1024 * 1024; ///< Largest file fetched.
        qint64 maxTextBytes = 256LL * 1024;           ///< Largest non-image file handed back as text.
    };

    /// @p diskCacheDir empty: `QStandardPaths::CacheLocation`/images.
    explicit ImageCache(QNetworkAccessManager &nam, const QString &diskCacheDir = {}, QObject *parent = nullptr);
    ~ImageCache() override;

    /// Sets QImageReader's process-wide allocation limit too, so call it from the GUI thread.
    void setLimits(const Limits &limits);
    Limits limits() const { return m_limits; }
    QString diskCacheDir() const { return m_diskDir; }

    /// Asks for @p url decoded to fit inside @p maxSize (device pixels, aspect kept, never enlarged); an
    /// invalid size asks for the full image. Answers later, always from the event loop, with imageReady(),
    /// textReady() or imageFailed(), even when the image is already in memory.
    void request(const QUrl &url, const QSize &maxSize = {});
    /// The decoded image if it is in memory now; a null image otherwise. Never starts any work.
    QImage cachedImage(const QUrl &url, const QSize &maxSize = {}) const;
    /// The file holding the original bytes of @p url: the local file itself, or its disk cache entry once
    /// it has been fetched. "" when there is none yet.
    QString originalFile(const QUrl &url) const;

    /// Forgets decoded images and remembered failures (the disk cache stays).
    void clearMemory();
    /// Removes the oldest disk cache files until the folder is within Limits::diskBytes; runs off the GUI
    /// thread and emits diskCacheTrimmed() when done. Also started after each file written.
    void trimDiskCache();

    // Instrumentation for tests and diagnostics.
    int decodeCount() const { return m_decodeCount; } ///< Images actually decoded (pixels read).
    int networkRequestCount() const { return m_networkRequests; }
    QThread *lastDecodeThread() const { return m_lastDecodeThread; }

Q_SIGNALS:
    void imageReady(const QUrl &url, const QSize &requestedSize, const QImage &image);
    void imageFailed(const QUrl &url, const QString &reason, ImageCache::Failure failure);
    /// @p url holds UTF-8 text, not an image.
    void textReady(const QUrl &url, const QString &text);
    void diskCacheTrimmed(qint64 bytesInUse);

private:
    struct Job;

    static QString urlKey(const QUrl &url);
    static QString memoryKey(const QString &urlKey, const QSize &size);
    static QSize normalized(const QSize &size);
    QString diskPath(const QString &urlKey) const;

    void startFetch(const QString &key);
    void onReplyFinished(const QString &key);
    void startDecode(const QString &key);
    void onDecoded(const QString &key, const ImageDecodeResult &result);
    void fail(const QString &key, const QString &reason, Failure failure);
    void answerText(const QString &key, const QString &text);
    void emitLater(const QUrl &url, const QSize &size, const QImage &image);

    QNetworkAccessManager &m_nam;
    QString m_diskDir;
    Limits m_limits;
    QCache<QString, QImage> m_memory;
    struct RememberedFailure
    {
        QString reason;
        Failure failure = Failure::Network;
    };
    QHash<QString, RememberedFailure> m_failures; ///< Permanent failures, by urlKey.
    QHash<QString, QString> m_texts;              ///< Remote files that turned out to be text, by urlKey.
    QHash<QString, std::shared_ptr<Job>> m_jobs;  ///< Work under way, by urlKey.
    /// Works on m_workers, which is destroyed first and waits for its passes.
    DiskCacheTrimmer m_trimmer;
    int m_decodeCount = 0;
    int m_networkRequests = 0;
    QThread *m_lastDecodeThread = nullptr;
    /// Last, so that it is destroyed first: its destructor waits for the decodes still running.
    QThreadPool m_workers;
};

Q_DECLARE_METATYPE(ImageCache::Failure)
