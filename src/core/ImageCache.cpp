#include "ImageCache.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImageReader>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSaveFile>
#include <QScopedPointer>
#include <QStandardPaths>
#include <QStringDecoder>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace {

// Linux ignores QThread priorities for ordinary threads. A decode woken while the GUI thread was busy took
// its core for milliseconds at a time (a stall in the window); with a niceness of 10 the decode runs
// whenever the GUI thread does not need the core, and gives it back as soon as it does. The pool is the
// cache's own, so no other work inherits the niceness.
void yieldToTheGuiThread()
{
#ifdef Q_OS_LINUX
    thread_local bool lowered = false;
    if (!lowered) {
        lowered = true;
        setpriority(PRIO_PROCESS, id_t(gettid()), 10);
    }
#endif
}

constexpr int transferTimeoutMs = 30000;
constexpr int maxRedirects = 5;
// Disk cache entries are named by the SHA-1 of their URL; nothing else in the folder is ever deleted
// (QSaveFile's temporary files in particular).
constexpr int cacheNameLength = 40;

} // namespace

struct ImageCache::DecodeTask
{
    QString filePath; ///< Read from this file, or else from bytes / the data: URL.
    QByteArray bytes;
    QUrl dataUrl;
    QString writePath;  ///< Where to keep the original bytes; "" to keep nothing.
    bool touch = false; ///< Mark filePath as recently used (the disk cache evicts the oldest).
    QList<QSize> sizes; ///< Invalid: full size.
    int maxDimension = 0;
    qint64 allocationBytes = 0;
    qint64 maxTextBytes = 0;
};

namespace {

bool decodeDataUrl(const QUrl &url, QByteArray *data)
{
    const QByteArray encoded = url.toEncoded();
    const qsizetype comma = encoded.indexOf(',');
    if (!encoded.startsWith("data:") || comma < 0)
        return false;
    const QByteArray header = encoded.mid(5, comma - 5);
    const QByteArray payload = QByteArray::fromPercentEncoding(encoded.mid(comma + 1));
    if (header.endsWith(";base64")) {
        auto decoded = QByteArray::fromBase64Encoding(payload, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return false;
        *data = std::move(decoded.decoded);
        return true;
    }
    *data = payload;
    return true;
}

// Text a model may output (JSON, plain text): valid UTF-8 without NUL bytes. Binary formats Qt cannot read
// almost always hold a NUL early on.
bool decodeText(const QByteArray &bytes, QString *text)
{
    if (bytes.isEmpty() || bytes.contains('\0'))
        return false;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString decoded = decoder.decode(bytes);
    if (decoder.hasError())
        return false;
    *text = std::move(decoded);
    return true;
}

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

struct ImageCache::DecodeResult
{
    QList<std::pair<QSize, QImage>> images;
    bool failed = false;
    Failure failure = Failure::NotAnImage;
    QString reason;
    QString writtenFile;
    QString text; ///< Not an image but text: the text.
    int decoded = 0;
    QThread *thread = nullptr;
};

ImageCache::DecodeResult ImageCache::decodeImages(const DecodeTask &task)
{
    yieldToTheGuiThread();
    ImageCache::DecodeResult result;
    result.thread = QThread::currentThread();
    const auto failWith = [&result](ImageCache::Failure failure, const QString &reason) {
        result.failed = true;
        result.failure = failure;
        result.reason = reason;
        result.images.clear();
        return result;
    };

    QByteArray bytes = task.bytes;
    if (!task.dataUrl.isEmpty() && !decodeDataUrl(task.dataUrl, &bytes))
        return failWith(ImageCache::Failure::NotAnImage, ImageCache::tr("The data: address could not be decoded."));
    if (task.filePath.isEmpty() && bytes.isEmpty())
        return failWith(ImageCache::Failure::NotAnImage, ImageCache::tr("The file is empty."));

    if (!task.writePath.isEmpty() && !bytes.isEmpty()) {
        // A cache that cannot be written only costs a fetch next time.
        QSaveFile file(task.writePath);
        if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
            result.writtenFile = task.writePath;
    }
    if (!task.filePath.isEmpty()) {
        if (!QFileInfo::exists(task.filePath)) {
            return failWith(
                ImageCache::Failure::NotFound,
                ImageCache::tr("The file %1 no longer exists.").arg(QDir::toNativeSeparators(task.filePath)));
        }
        if (task.touch) {
            QFile file(task.filePath);
            if (file.open(QIODevice::ReadOnly))
                file.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
        }
    }

    for (const QSize &wanted : task.sizes) {
        QBuffer buffer(&bytes);
        QImageReader reader;
        if (task.filePath.isEmpty()) {
            buffer.open(QIODevice::ReadOnly);
            reader.setDevice(&buffer);
        } else {
            reader.setFileName(task.filePath);
        }
        reader.setAutoTransform(true);
        if (!reader.canRead()) {
            failWith(ImageCache::Failure::NotAnImage, ImageCache::tr("The file is not an image Replimon can read."));
            QByteArray head = bytes;
            if (!task.filePath.isEmpty()) {
                QFile file(task.filePath);
                head = file.open(QIODevice::ReadOnly) ? file.read(task.maxTextBytes + 1) : QByteArray();
            }
            if (head.size() <= task.maxTextBytes)
                decodeText(head, &result.text);
            return result;
        }

        // The header alone says how large the decoded image would be: refuse before allocating it.
        const QSize stored = reader.size();
        if (stored.isValid()) {
            const qint64 bytesNeeded = qint64(stored.width()) * stored.height() * 4;
            if (stored.width() > task.maxDimension || stored.height() > task.maxDimension
                || (task.allocationBytes > 0 && bytesNeeded > task.allocationBytes)) {
                return failWith(ImageCache::Failure::TooLarge,
                                ImageCache::tr("The image is %1 × %2 pixels, too large to open (at most %3 × %3 "
                                               "pixels and %4 MB decoded).")
                                    .arg(stored.width())
                                    .arg(stored.height())
                                    .arg(task.maxDimension)
                                    .arg(task.allocationBytes / (1024 * 1024)));
            }
        }

        // Orientation is applied after scaling, so a rotated photo is scaled with its sides swapped.
        const bool swapped = reader.transformation().testFlag(QImageIOHandler::TransformationRotate90);
        const QSize oriented = swapped ? stored.transposed() : stored;
        QSize target;
        if (wanted.isValid() && oriented.isValid()
            && (oriented.width() > wanted.width() || oriented.height() > wanted.height())) {
            target = oriented.scaled(wanted, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
            if (reader.supportsOption(QImageIOHandler::ScaledSize))
                reader.setScaledSize(swapped ? target.transposed() : target);
        }

        QImage image;
        ++result.decoded;
        if (!reader.read(&image)) {
            const bool overLimit = reader.error() == QImageReader::InvalidDataError && !stored.isValid();
            return failWith(overLimit ? ImageCache::Failure::TooLarge : ImageCache::Failure::NotAnImage,
                            ImageCache::tr("The image could not be decoded: %1").arg(reader.errorString()));
        }
        if (wanted.isValid() && (image.width() > wanted.width() || image.height() > wanted.height()))
            image = image.scaled(wanted, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        // The formats QPixmap::fromImage takes without converting on the GUI thread.
        image.convertTo(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
        result.images.append({wanted, image});
    }
    return result;
}

qint64 ImageCache::trimFolder(const QString &path, qint64 limit)
{
    yieldToTheGuiThread();
    const QFileInfoList entries = QDir(path).entryInfoList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                                                           QDir::Time); // newest first
    QFileInfoList cached;
    qint64 total = 0;
    for (const QFileInfo &entry : entries) {
        if (entry.fileName().size() != cacheNameLength)
            continue;
        cached.append(entry);
        total += entry.size();
    }
    // The newest entry is always kept: it is what was just asked for.
    for (qsizetype i = cached.size() - 1; i > 0 && total > limit; --i) {
        if (QFile::remove(cached.at(i).filePath()))
            total -= cached.at(i).size();
    }
    return total;
}

ImageCache::ImageCache(QNetworkAccessManager &nam, const QString &diskCacheDir, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_diskDir(diskCacheDir)
{
    qRegisterMetaType<ImageCache::Failure>();
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
    DecodeTask task;
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

    auto *watcher = new QFutureWatcher<DecodeResult>(this);
    connect(watcher, &QFutureWatcher<DecodeResult>::finished, this, [this, key, watcher] {
        watcher->deleteLater();
        onDecoded(key, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&m_workers, decodeImages, std::move(task)));
}

void ImageCache::onDecoded(const QString &key, const DecodeResult &result)
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
    if (m_trimRunning) {
        m_trimAgain = true;
        return;
    }
    m_trimRunning = true;
    auto *watcher = new QFutureWatcher<qint64>(this);
    connect(watcher, &QFutureWatcher<qint64>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_trimRunning = false;
        Q_EMIT diskCacheTrimmed(watcher->result());
        if (std::exchange(m_trimAgain, false))
            trimDiskCache();
    });
    watcher->setFuture(QtConcurrent::run(&m_workers, trimFolder, m_diskDir, m_limits.diskBytes));
}
