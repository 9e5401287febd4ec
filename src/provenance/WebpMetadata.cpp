#include "WebpMetadata.h"

#include "BinaryIo.h"
#include "ExifUserComment.h"
#include "ExifXmp.h"
#include "XmpPacket.h"

#include <QList>

namespace WebpMetadata {

namespace {

constexpr quint8 flagAlpha = 0x10;
constexpr quint8 flagExif = 0x08;
constexpr quint8 flagXmp = 0x04;
constexpr qint64 maxChunkLength = 0xfffffff0LL;

struct Chunk
{
    QByteArrayView fourcc;
    QByteArrayView data;
    QByteArrayView whole; ///< Header, data and padding as they are in the file.
};

Result<QList<Chunk>, MetadataError> chunksOf(QByteArrayView webp)
{
    if (webp.size() < 12 || !webp.startsWith("RIFF") || webp.sliced(8, 4) != "WEBP")
        return MetadataError::make(MetadataError::Kind::NotAnImage,
                                   QT_TRANSLATE_NOOP("MetadataError", "The file is not a WebP image."));
    const qint64 riffEnd = 8 + qint64(BinaryIo::le32(webp, 4));
    if (riffEnd > webp.size())
        return MetadataError::make(
            MetadataError::Kind::Truncated,
            QT_TRANSLATE_NOOP("MetadataError", "The WebP image is shorter than its header says."));
    QList<Chunk> chunks;
    qsizetype at = 12;
    while (at < riffEnd) {
        if (!BinaryIo::fits(riffEnd, at, 8))
            return MetadataError::make(MetadataError::Kind::Truncated,
                                       QT_TRANSLATE_NOOP("MetadataError", "The WebP image ends inside a chunk."));
        const quint32 length = BinaryIo::le32(webp, at + 4);
        if (!BinaryIo::fits(riffEnd, at + 8, length))
            return MetadataError::make(
                MetadataError::Kind::Truncated,
                QT_TRANSLATE_NOOP("MetadataError", "A WebP chunk runs past the end of the file."));
        // The padding byte of an odd chunk may be missing at the very end.
        const qsizetype next = std::min<qint64>(riffEnd, at + 8 + qint64(length) + (length & 1));
        chunks.append(Chunk{webp.sliced(at, 4), webp.sliced(at + 8, length), webp.sliced(at, next - at)});
        at = next;
    }
    if (chunks.isEmpty())
        return MetadataError::make(MetadataError::Kind::Truncated,
                                   QT_TRANSLATE_NOOP("MetadataError", "The WebP image has no chunks."));
    return chunks;
}

void appendChunk(QByteArray &out, QByteArrayView fourcc, QByteArrayView data)
{
    out.append(fourcc);
    BinaryIo::appendLe32(out, quint32(data.size()));
    out.append(data);
    if (data.size() & 1)
        out.append('\0');
}

// A VP8X chunk for a simple file: canvas size and alpha from the VP8 or VP8L header.
Result<QByteArray, MetadataError> extendedHeader(const Chunk &image)
{
    quint32 width = 0;
    quint32 height = 0;
    quint8 flags = flagExif | flagXmp;
    if (image.fourcc == "VP8 ") {
        // frame tag (3), start code 9d 01 2a, then 14-bit width and height (2 scale bits above each).
        if (image.data.size() < 10 || image.data.sliced(3, 3) != "\x9d\x01\x2a")
            return MetadataError::make(MetadataError::Kind::Malformed,
                                       QT_TRANSLATE_NOOP("MetadataError", "The WebP image's VP8 header is broken."));
        width = BinaryIo::le16(image.data, 6) & 0x3fff;
        height = BinaryIo::le16(image.data, 8) & 0x3fff;
    } else if (image.fourcc == "VP8L") {
        // signature 0x2f, then 14 bits width − 1, 14 bits height − 1, 1 bit alpha_is_used, 3 bits version.
        if (image.data.size() < 5 || quint8(image.data.at(0)) != 0x2f)
            return MetadataError::make(MetadataError::Kind::Malformed,
                                       QT_TRANSLATE_NOOP("MetadataError", "The WebP image's VP8L header is broken."));
        const quint32 bits = BinaryIo::le32(image.data, 1);
        width = (bits & 0x3fff) + 1;
        height = ((bits >> 14) & 0x3fff) + 1;
        if (bits & (1U << 28))
            flags |= flagAlpha;
    } else {
        return MetadataError::make(MetadataError::Kind::Malformed,
                                   QT_TRANSLATE_NOOP("MetadataError", "The WebP image starts with an unknown chunk."));
    }
    if (width == 0 || height == 0)
        return MetadataError::make(MetadataError::Kind::Malformed,
                                   QT_TRANSLATE_NOOP("MetadataError", "The WebP image has no size."));
    QByteArray data(1, char(flags));
    data.append(3, '\0');
    BinaryIo::appendLe24(data, width - 1);
    BinaryIo::appendLe24(data, height - 1);
    QByteArray chunk;
    appendChunk(chunk, "VP8X", data);
    return chunk;
}

} // namespace

Result<QByteArray, MetadataError> embed(QByteArrayView webp, const ProvenanceRecord &record)
{
    const auto chunks = chunksOf(webp);
    if (!chunks)
        return chunks.error();
    QByteArray out("RIFF\0\0\0\0WEBP", 12);
    out.reserve(webp.size() + record.predictionJson.size() + 4 * record.parameters.size() + 4096);
    const Chunk &first = chunks.value().constFirst();
    if (first.fourcc == "VP8X") {
        if (first.data.size() < 10)
            return MetadataError::make(MetadataError::Kind::Malformed,
                                       QT_TRANSLATE_NOOP("MetadataError", "The WebP image's VP8X chunk is too short."));
        const qsizetype flagsAt = out.size() + 8;
        out.append(first.whole);
        out[flagsAt] = char(quint8(out.at(flagsAt)) | flagExif | flagXmp);
    } else {
        const auto header = extendedHeader(first);
        if (!header)
            return header.error();
        out.append(header.value()).append(first.whole);
    }
    for (qsizetype i = 1; i < chunks.value().size(); ++i) {
        const Chunk &chunk = chunks.value().at(i);
        if (chunk.fourcc != "EXIF" && chunk.fourcc != "XMP ")
            out.append(chunk.whole);
    }
    appendChunk(out, "EXIF", ExifUserComment::build(record.parameters));
    appendChunk(out, "XMP ", XmpPacket::build(record));
    if (out.size() - 8 > maxChunkLength)
        return MetadataError::make(MetadataError::Kind::TooLarge,
                                   QT_TRANSLATE_NOOP("MetadataError", "The WebP image would be too large."));
    BinaryIo::putLe32(out, 4, quint32(out.size() - 8));
    return out;
}

Result<ProvenanceRecord, MetadataError> read(QByteArrayView webp)
{
    const auto chunks = chunksOf(webp);
    if (!chunks)
        return chunks.error();
    QByteArrayView exif;
    QByteArrayView xmp;
    for (const Chunk &chunk : chunks.value()) {
        if (chunk.fourcc == "EXIF" && exif.isNull())
            exif = chunk.data.startsWith(QByteArrayView("Exif\0\0", 6)) ? chunk.data.sliced(6) : chunk.data;
        else if (chunk.fourcc == "XMP " && xmp.isNull())
            xmp = chunk.data;
    }
    return ExifXmp::read(exif, xmp);
}

} // namespace WebpMetadata
