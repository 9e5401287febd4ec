#include "ImageDecoder.h"

#include "BackgroundPriority.h"
#include "SafeWrite.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QSaveFile>
#include <QStringDecoder>
#include <QThread>

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

// The texts stay in ImageCache's translation context: they are the cache's answers.
ImageDecodeResult ImageDecoder::run(const ImageDecodeJob &task)
{
    BackgroundPriority::applyToCurrentThread();
    ImageDecodeResult result;
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
        if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && !SafeWrite::commit(file))
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
