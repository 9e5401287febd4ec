#include "ThumbnailMaker.h"

#include "BackgroundPriority.h"
#include "FreedesktopThumbnail.h"
#include "ImageDecoder.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QMimeDatabase>

namespace {

using namespace FreedesktopThumbnail;

QByteArray software()
{
    return QByteArrayLiteral("Replimon " REPLIMON_VERSION);
}

// The formats QPixmap::fromImage takes without converting on the GUI thread, as ImageDecoder's.
QImage forDisplay(QImage image, int side)
{
    if (image.width() > side || image.height() > side)
        image = image.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    image.convertTo(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
    return image;
}

ThumbnailOutcome ready(const QImage &image, const QString &file, bool reused)
{
    ThumbnailOutcome outcome;
    outcome.kind = ThumbnailOutcome::Kind::Ready;
    outcome.image = image;
    outcome.file = file;
    outcome.reused = reused;
    return outcome;
}

ThumbnailOutcome failed(const QString &reason, bool permanent)
{
    ThumbnailOutcome outcome;
    outcome.reason = reason;
    outcome.permanent = permanent;
    return outcome;
}

ImageDecodeResult decode(const QString &path, const ThumbnailJob &job)
{
    ImageDecodeJob task;
    task.filePath = path;
    task.sizes = {QSize(pixels(job.size), pixels(job.size))};
    task.maxDimension = job.maxDimension;
    task.allocationBytes = job.allocationBytes;
    return ImageDecoder::run(task);
}

ThumbnailOutcome fromSavedFile(const ThumbnailJob &job, const QFileInfo &info)
{
    const int side = pixels(job.size);
    const QString path = info.absoluteFilePath();
    const QByteArray uri = fileUri(path);
    const qint64 mtime = info.lastModified().toSecsSinceEpoch();
    const QString name = fileName(uri);
    const QString thumbnail = job.sharedRoot + u'/' + folderName(job.size) + u'/' + name;
    // The standard: no thumbnails are kept of files inside the thumbnail cache itself.
    const QString root = QDir(job.sharedRoot).canonicalPath();
    const bool insideCache = !root.isEmpty() && info.canonicalFilePath().startsWith(root + u'/');

    if (!insideCache) {
        const QImage existing = readValid(thumbnail, uri, mtime);
        if (!existing.isNull())
            return ready(forDisplay(existing, side), thumbnail, true);
        if (!readValid(ThumbnailMaker::failFolder(job.sharedRoot) + u'/' + name, uri, mtime).isNull()) {
            return failed(QCoreApplication::translate(
                              "ThumbnailStore",
                              "No thumbnail can be made of %1: an earlier try failed and the file has not changed "
                              "since.")
                              .arg(QDir::toNativeSeparators(path)),
                          true);
        }
    }

    const ImageDecodeResult decoded = decode(path, job);
    const QList<TextKey> keys = {
        {"Thumb::URI", uri},
        {"Thumb::MTime", QByteArray::number(mtime)},
        {"Thumb::Size", QByteArray::number(info.size())},
        {"Thumb::Mime", QMimeDatabase().mimeTypeForFile(info, QMimeDatabase::MatchExtension).name().toLatin1()},
        {"Software", software()},
    };
    if (decoded.failed || decoded.images.isEmpty()) {
        const bool permanent = decoded.failure == ImageCache::Failure::NotAnImage
            || decoded.failure == ImageCache::Failure::TooLarge;
        ThumbnailOutcome outcome = failed(decoded.reason, permanent);
        outcome.decoded = decoded.decoded;
        if (permanent && !insideCache) {
            // A fail entry is an empty image carrying the original's keys, like a thumbnail.
            QImage empty(1, 1, QImage::Format_ARGB32);
            empty.fill(Qt::transparent);
            const QString entry = ThumbnailMaker::failFolder(job.sharedRoot) + u'/' + name;
            outcome.writeProblem = writeAtomically(entry, encodePng(empty, keys.first(2))).value_or(QString());
        }
        return outcome;
    }

    const QImage image = forDisplay(decoded.images.constFirst().second, side);
    ThumbnailOutcome outcome = ready(image, thumbnail, false);
    outcome.decoded = decoded.decoded;
    if (!insideCache)
        outcome.writeProblem = writeAtomically(thumbnail, encodePng(image, keys)).value_or(QString());
    if (insideCache || !outcome.writeProblem.isEmpty())
        outcome.file.clear();
    return outcome;
}

ThumbnailOutcome writeOwn(const ThumbnailJob &job)
{
    const QImage image = forDisplay(job.fetched, pixels(job.size));
    const QString file = ThumbnailMaker::ownFile(job.ownRoot, job.source.remoteUrl, job.size);
    // The URL's content never changes (a new output is a new URL): no modification time to keep.
    const QList<TextKey> keys = {{"Thumb::URI", job.source.remoteUrl.toEncoded()}, {"Software", software()}};
    ThumbnailOutcome outcome = ready(image, file, false);
    outcome.writeProblem = writeAtomically(file, encodePng(image, keys)).value_or(QString());
    if (!outcome.writeProblem.isEmpty())
        outcome.file.clear();
    return outcome;
}

} // namespace

QString ThumbnailMaker::failFolder(const QString &sharedRoot)
{
    return sharedRoot + QStringLiteral("/fail/replimon-" REPLIMON_VERSION);
}

QString ThumbnailMaker::ownFile(const QString &ownRoot, const QUrl &url, ThumbnailSize size)
{
    return ownRoot + u'/' + folderName(size) + u'/' + fileName(url.toEncoded());
}

ThumbnailOutcome ThumbnailMaker::run(const ThumbnailJob &job)
{
    BackgroundPriority::applyToCurrentThread();
    if (!job.fetched.isNull())
        return writeOwn(job);
    if (!job.source.localFile.isEmpty()) {
        const QFileInfo info(job.source.localFile);
        if (info.isFile())
            return fromSavedFile(job, info);
    }
    if (job.source.remoteUrl.isEmpty()) {
        return failed(QCoreApplication::translate("ThumbnailStore", "The saved file %1 no longer exists.")
                          .arg(QDir::toNativeSeparators(job.source.localFile)),
                      false);
    }
    const QString own = ownFile(job.ownRoot, job.source.remoteUrl, job.size);
    QImageReader reader(own, "png");
    QImage cached;
    if (reader.read(&cached) && textKey(cached, "Thumb::URI") == job.source.remoteUrl.toEncoded())
        return ready(forDisplay(cached, pixels(job.size)), own, true);
    ThumbnailOutcome outcome;
    outcome.kind = ThumbnailOutcome::Kind::NeedsFetch;
    return outcome;
}
