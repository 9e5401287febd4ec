#include "ImageMetadata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include "GifMetadata.h"
#include "JpegMetadata.h"
#include "PngMetadata.h"
#include "SafeWrite.h"
#include "WebpMetadata.h"

namespace {

enum class Format {
    Png,
    Jpeg,
    Webp,
    Gif,
    Other
};

Format formatOf(QByteArrayView head)
{
    if (head.startsWith("\x89PNG\r\n\x1a\n"))
        return Format::Png;
    if (head.startsWith("\xff\xd8\xff"))
        return Format::Jpeg;
    if (head.size() >= 12 && head.startsWith("RIFF") && head.sliced(8, 4) == "WEBP")
        return Format::Webp;
    if (head.startsWith("GIF87a") || head.startsWith("GIF89a"))
        return Format::Gif;
    return Format::Other;
}

MetadataError notAnImage()
{
    return MetadataError::make(MetadataError::Kind::NotAnImage,
                               QT_TRANSLATE_NOOP("MetadataError", "The file is not a PNG, JPEG, WebP or GIF image."));
}

MetadataError fileError(const char *sourceText, const QString &path, const QString &reason)
{
    MetadataError error = MetadataError::make(MetadataError::Kind::FileSystem, sourceText);
    error.message = error.message.arg(path, reason);
    return error;
}

std::optional<MetadataError> writeAll(const QString &path, const QByteArray &bytes)
{
    const auto failed = SafeWrite::writeFile(path, bytes);
    if (!failed)
        return std::nullopt;
    MetadataError error;
    error.kind = MetadataError::Kind::FileSystem;
    error.message = failed->message;
    return error;
}

} // namespace

Result<QByteArray, MetadataError> ImageMetadata::embed(QByteArrayView image, const ProvenanceRecord &record)
{
    switch (formatOf(image)) {
    case Format::Png:
        return PngMetadata::embed(image, record);
    case Format::Jpeg:
        return JpegMetadata::embed(image, record);
    case Format::Webp:
        return WebpMetadata::embed(image, record);
    case Format::Gif:
        return GifMetadata::embed(image, record);
    case Format::Other:
        break;
    }
    return notAnImage();
}

Result<ProvenanceRecord, MetadataError> ImageMetadata::read(QByteArrayView image)
{
    switch (formatOf(image)) {
    case Format::Png:
        return PngMetadata::read(image);
    case Format::Jpeg:
        return JpegMetadata::read(image);
    case Format::Webp:
        return WebpMetadata::read(image);
    case Format::Gif:
        return GifMetadata::read(image);
    case Format::Other:
        break;
    }
    return notAnImage();
}

std::optional<MetadataError> ImageMetadata::embedInFile(const QString &path, const ProvenanceRecord &record)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(QT_TRANSLATE_NOOP("MetadataError", "Could not read %1: %2"), path, file.errorString());
    if (file.size() > maxEmbedFileBytes)
        return MetadataError::make(
            MetadataError::Kind::TooLarge,
            QT_TRANSLATE_NOOP("MetadataError", "The file is too large to carry its prediction."));
    if (formatOf(file.peek(16)) == Format::Other)
        return notAnImage();
    const QByteArray original = file.readAll();
    file.close();
    const auto embedded = embed(original, record);
    if (!embedded)
        return embedded.error();
    return writeAll(path, embedded.value());
}

Result<ProvenanceRecord, MetadataError> ImageMetadata::readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(QT_TRANSLATE_NOOP("MetadataError", "Could not read %1: %2"), path, file.errorString());
    if (file.size() == 0)
        return notAnImage();
    const uchar *mapped = file.map(0, file.size());
    if (mapped)
        return read(QByteArrayView(mapped, file.size()));
    if (file.size() > maxEmbedFileBytes)
        return MetadataError::make(MetadataError::Kind::TooLarge,
                                   QT_TRANSLATE_NOOP("MetadataError", "The file is too large to read."));
    return read(file.readAll());
}

QString ImageMetadata::sidecarPath(const QString &imagePath)
{
    const QFileInfo info(imagePath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".json"));
}

std::optional<MetadataError> ImageMetadata::writeSidecar(const QString &imagePath, const ProvenanceRecord &record)
{
    if (record.predictionJson.isEmpty())
        return MetadataError::make(MetadataError::Kind::NoMetadata,
                                   QT_TRANSLATE_NOOP("MetadataError", "There is no prediction to write."));
    const QJsonDocument document = QJsonDocument::fromJson(record.predictionJson);
    const QByteArray bytes = document.isNull() ? record.predictionJson : document.toJson(QJsonDocument::Indented);
    return writeAll(sidecarPath(imagePath), bytes);
}

std::optional<MetadataError> ImageMetadata::applyToSavedFile(const QString &path, const ProvenanceRecord &record,
                                                             SaveOptions options)
{
    std::optional<MetadataError> error;
    if (options.embed) {
        error = embedInFile(path, record);
        if (error && error->kind == MetadataError::Kind::NotAnImage)
            error.reset();
    }
    if (options.sidecar) {
        const auto sidecarError = writeSidecar(path, record);
        if (!error)
            error = sidecarError;
    }
    return error;
}
