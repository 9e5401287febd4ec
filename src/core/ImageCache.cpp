#include "ImageCache.h"

#include "ImageDecoder.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImageReader>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QScopedPointer>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>

namespace {

constexpr int transferTimeoutMs = 30000;
constexpr int maxRedirects = 5;

} // namespace

struct ImageCache::Job
{
    QUrl url;
    QList<QSize> sizes; ///< Asked for and not answered yet.
    QPointer<QNetworkReply> reply;
    bool tooLarge = false;
    bool decoding = false;
    QString sourceFile; ///< The original bytes on disk, once known.
    bool touch = false;
    QByteArray bytes; ///< Fetched bytes not (yet) on disk.
};

ImageCache::ImageCache(QNetworkAccessManager &nam, const QString &diskCacheDir, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_diskDir(diskCacheDir)
    , m_trimmer(&m_workers)
{
    qRegisterMetaType<ImageCache::Failure>();
    connect(&m_trimmer, &DiskCacheTrimmer::trimmed, this, &ImageCache::diskCacheTrimmed);
    if (m_diskDir.isEmpty()) {
        m_diskDir =
            QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("images"));
    }
    QDir().mkpath(m_diskDir);
    setLimits(m_limits);
    // One core is left to the GUI thread: previews can wait a little, the window cannot.
    m_workers.setMaxThreadCount(std::max(1, QThread::idealThreadCount() - 1));
}

ImageCache::~ImageCache()
{
    for (const auto &job : std::as_const(m_jobs)) {
        if (job->reply) {
            job->reply->disconnect(this);
            if (job->reply->isRunning())
                job->reply->abort();
            job->reply->deleteLater();
        }
    }
}

void ImageCache::setLimits(const Limits &limits)
{
    m_limits = limits;
    m_memory.setMaxCost(qsizetype(std::max<qint64>(0, limits.memoryBytes)));
    QImageReader::setAllocationLimit(limits.allocationLimitMb);
}

QString ImageCache::urlKey(const QUrl &url)
{
    return QString::fromLatin1(QCryptographicHash::hash(url.toEncoded(), QCryptographicHash::Sha1).toHex());
}

QString ImageCache::memoryKey(const QString &urlKey, const QSize &size)
{
    return urlKey + u'@' + QString::number(size.width()) + u'x' + QString::number(size.height());
}

QSize ImageCache::normalized(const QSize &size)
{
    return size.isValid() && !size.isEmpty() ? size : QSize();
}

QString ImageCache::diskPath(const QString &urlKey) const
{
    return QDir(m_diskDir).filePath(urlKey);
}

void ImageCache::request(const QUrl &url, const QSize &maxSize)
{
    const QSize size = normalized(maxSize);
    const QString key = urlKey(url);
    if (const QImage *hit = m_memory.object(memoryKey(key, size))) {
        emitLater(url, size, *hit);
        return;
    }
    const auto text = m_texts.constFind(key);
    if (text != m_texts.constEnd()) {
        QTimer::singleShot(0, this, [this, url, text = text.value()] { Q_EMIT textReady(url, text); });
        return;
    }
    const auto remembered = m_failures.constFind(key);
    if (remembered != m_failures.constEnd()) {
        const RememberedFailure failure = remembered.value();
        QTimer::singleShot(0, this, [this, url, failure] { Q_EMIT imageFailed(url, failure.reason, failure.failure); });
        return;
    }

    std::shared_ptr<Job> &job = m_jobs[key];
    if (!job) {
        job = std::make_shared<Job>();
        job->url = url;
    }
    if (!job->sizes.contains(size))
        job->sizes.append(size);
    if (job->reply || job->decoding)
        return; // the sizes are answered when the current step ends

    const QString scheme = url.scheme().toLower();
    if (url.isLocalFile()) {
        job->sourceFile = url.toLocalFile();
        startDecode(key);
    } else if (scheme == u"data") {
        startDecode(key);
    } else if (scheme == u"http" || scheme == u"https") {
        const QString cached = diskPath(key);
        if (QFileInfo::exists(cached)) {
            job->sourceFile = cached;
            job->touch = true;
            startDecode(key);
        } else {
            startFetch(key);
        }
    } else {
        fail(key, tr("Images cannot be loaded from \"%1\" addresses.").arg(url.scheme()), Failure::Unsupported);
    }
}

QImage ImageCache::cachedImage(const QUrl &url, const QSize &maxSize) const
{
    const QImage *hit = m_memory.object(memoryKey(urlKey(url), normalized(maxSize)));
    return hit ? *hit : QImage();
}

QString ImageCache::originalFile(const QUrl &url) const
{
    if (url.isLocalFile())
        return url.toLocalFile();
    const QString cached = diskPath(urlKey(url));
    return QFileInfo::exists(cached) ? cached : QString();
}

void ImageCache::clearMemory()
{
    m_memory.clear();
    m_failures.clear();
    m_texts.clear();
}

void ImageCache::startFetch(const QString &key)
{
    const std::shared_ptr<Job> job = m_jobs.value(key);
    // A plain request: image hosts never need the API key, so it cannot leak to one.
    QNetworkRequest request(job->url);
    request.setTransferTimeout(transferTimeoutMs);
    request.setMaximumRedirectsAllowed(maxRedirects);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_nam.get(request);
    ++m_networkRequests;
    job->reply = reply;
    const qint64 maxBytes = m_limits.maxDownloadBytes;
    connect(reply, &QNetworkReply::downloadProgress, this, [job, reply, maxBytes](qint64 received, qint64 total) {
        if (!job->tooLarge && (received > maxBytes || total > maxBytes)) {
            job->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, key] { onReplyFinished(key); });
}

void ImageCache::onReplyFinished(const QString &key)
{
    const std::shared_ptr<Job> job = m_jobs.value(key);
    if (!job || !job->reply)
        return;
    QScopedPointer<QNetworkReply, QScopedPointerDeleteLater> reply(job->reply.data());
    job->reply = nullptr;

    if (job->tooLarge) {
        fail(key, tr("The file is larger than %1 MB.").arg(m_limits.maxDownloadBytes / (1024 * 1024)),
             Failure::TooLarge);
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 404 || status == 410) {
        fail(key, tr("The server no longer has this file (HTTP %1).").arg(status), Failure::NotFound);
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        const QString detail = status > 0 ? tr("HTTP %1").arg(status) : reply->errorString();
        fail(key, tr("The image could not be downloaded (%1).").arg(detail), Failure::Network);
        return;
    }
    job->bytes = reply->readAll();
    startDecode(key);
}

void ImageCache::startDecode(const QString &key)
{
    const std::shared_ptr<Job> job = m_jobs.value(key);
    ImageDecodeJob task;
    if (!job->sourceFile.isEmpty()) {
        task.filePath = job->sourceFile;
        task.touch = std::exchange(job->touch, false);
    } else if (!job->bytes.isEmpty()) {
        task.bytes = job->bytes;
        task.writePath = diskPath(key);
    } else if (job->url.scheme().compare(u"data", Qt::CaseInsensitive) == 0) {
        task.dataUrl = job->url;
        task.writePath = diskPath(key);
    }
    task.sizes = job->sizes;
    task.maxDimension = m_limits.maxDimension;
    task.allocationBytes = qint64(m_limits.allocationLimitMb) * 1024 * 1024;
    task.maxTextBytes = m_limits.maxTextBytes;
    job->decoding = true;

    auto *watcher = new QFutureWatcher<ImageDecodeResult>(this);
    connect(watcher, &QFutureWatcher<ImageDecodeResult>::finished, this, [this, key, watcher] {
        watcher->deleteLater();
        onDecoded(key, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&m_workers, ImageDecoder::run, std::move(task)));
}

void ImageCache::onDecoded(const QString &key, const ImageDecodeResult &result)
{
    m_decodeCount += result.decoded;
    m_lastDecodeThread = result.thread;
    const std::shared_ptr<Job> job = m_jobs.value(key);
    if (!job)
        return;
    job->decoding = false;
    if (!result.writtenFile.isEmpty()) {
        job->sourceFile = result.writtenFile;
        job->bytes.clear();
        trimDiskCache();
    }
    if (result.failed && !result.text.isEmpty()) {
        answerText(key, result.text);
        return;
    }
    if (result.failed) {
        fail(key, result.reason, result.failure);
        return;
    }

    for (const auto &[size, image] : result.images) {
        m_memory.insert(memoryKey(key, size), new QImage(image), qsizetype(image.sizeInBytes()));
        job->sizes.removeAll(size);
    }
    // Sizes asked for while this decode ran get their own pass.
    if (job->sizes.isEmpty())
        m_jobs.remove(key);
    else
        startDecode(key);
    for (const auto &[size, image] : result.images)
        Q_EMIT imageReady(job->url, size, image);
}

void ImageCache::fail(const QString &key, const QString &reason, Failure failure)
{
    const std::shared_ptr<Job> job = m_jobs.take(key);
    if (!job)
        return;
    const bool permanent = failure == Failure::NotFound || failure == Failure::NotAnImage
        || failure == Failure::TooLarge;
    // A local file may be written again under the same name: only remote failures are remembered.
    if (permanent && !job->url.isLocalFile())
        m_failures.insert(key, {reason, failure});
    QTimer::singleShot(0, this, [this, url = job->url, reason, failure] { Q_EMIT imageFailed(url, reason, failure); });
}

void ImageCache::answerText(const QString &key, const QString &text)
{
    const std::shared_ptr<Job> job = m_jobs.take(key);
    if (!job)
        return;
    // Like a failure, remembered for remote addresses only: a local file may be written again.
    if (!job->url.isLocalFile())
        m_texts.insert(key, text);
    QTimer::singleShot(0, this, [this, url = job->url, text] { Q_EMIT textReady(url, text); });
}

void ImageCache::emitLater(const QUrl &url, const QSize &size, const QImage &image)
{
    QTimer::singleShot(0, this, [this, url, size, image] { Q_EMIT imageReady(url, size, image); });
}

void ImageCache::trimDiskCache()
{
    m_trimmer.trim(m_diskDir, m_limits.diskBytes);
}
