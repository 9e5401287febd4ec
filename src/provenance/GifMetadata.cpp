#include "GifMetadata.h"

#include "XmpPacket.h"

#include <QList>

#include <functional>

namespace GifMetadata {

namespace {

constexpr quint8 extensionIntroducer = 0x21;
constexpr quint8 commentLabel = 0xfe;
constexpr quint8 applicationLabel = 0xff;
// The application extension's first sub-block: its size (11), then identifier and authentication code.
constexpr QByteArrayView xmpIdentifier("\x0bXMP DataXMP", 12);
// 0x01, 0xff, 0xfe, … 0x01, 0x00, then the block terminator: read as sub-blocks, any byte of the packet
// lands on the terminator.
constexpr qsizetype magicTrailerBytes = 258;
constexpr quint8 imageSeparator = 0x2c;
constexpr quint8 trailer = 0x3b;

struct Block
{
    qsizetype start = 0;
    qsizetype end = 0;
    bool comment = false;
    bool xmp = false;
    qsizetype dataStart = 0; ///< The first sub-block's size byte.
};

quint8 byteAt(QByteArrayView data, qsizetype at)
{
    return quint8(data.at(at));
}

MetadataError truncated()
{
    return MetadataError::make(MetadataError::Kind::Truncated,
                               QT_TRANSLATE_NOOP("MetadataError", "The GIF image ends inside a block."));
}

// Where the sub-blocks from @p at end (after their terminating zero), or nothing when the file ends first.
std::optional<qsizetype> skipSubBlocks(QByteArrayView gif, qsizetype at)
{
    while (at < gif.size()) {
        const quint8 size = byteAt(gif, at);
        at += 1 + size;
        if (size == 0)
            return at;
    }
    return std::nullopt;
}

qsizetype colorTableBytes(quint8 packed)
{
    return (packed & 0x80) ? 3 * (qsizetype(1) << ((packed & 7) + 1)) : 0;
}

struct Layout
{
    qsizetype headerEnd = 0; ///< After the logical screen descriptor and global colour table.
    QList<Block> blocks;     ///< Up to, not including, the trailer.
    qsizetype trailerAt = 0;
};

Result<Layout, MetadataError> layoutOf(QByteArrayView gif)
{
    if (!gif.startsWith("GIF87a") && !gif.startsWith("GIF89a"))
        return MetadataError::make(MetadataError::Kind::NotAnImage,
                                   QT_TRANSLATE_NOOP("MetadataError", "The file is not a GIF image."));
    if (gif.size() < 13)
        return truncated();
    Layout layout;
    layout.headerEnd = 13 + colorTableBytes(byteAt(gif, 10));
    qsizetype at = layout.headerEnd;
    while (true) {
        if (at >= gif.size())
            return truncated();
        const quint8 kind = byteAt(gif, at);
        if (kind == trailer) {
            layout.trailerAt = at;
            return layout;
        }
        Block block{at, 0, false, false, 0};
        if (kind == extensionIntroducer) {
            if (at + 2 > gif.size())
                return truncated();
            block.comment = byteAt(gif, at + 1) == commentLabel;
            block.xmp = byteAt(gif, at + 1) == applicationLabel && gif.sliced(at + 2).startsWith(xmpIdentifier);
            block.dataStart = at + 2;
        } else if (kind == imageSeparator) {
            if (at + 11 > gif.size())
                return truncated();
            // descriptor (10), local colour table, LZW minimum code size (1), then the data sub-blocks.
            block.dataStart = at + 10 + colorTableBytes(byteAt(gif, at + 9)) + 1;
        } else {
            return MetadataError::make(MetadataError::Kind::Malformed,
                                       QT_TRANSLATE_NOOP("MetadataError", "The GIF image has an unknown block."));
        }
        const std::optional<qsizetype> end = skipSubBlocks(gif, block.dataStart);
        if (!end || *end > gif.size())
            return truncated();
        block.end = *end;
        layout.blocks.append(block);
        at = block.end;
    }
}

void appendComment(QByteArray &out, const QByteArray &text)
{
    out.append(char(extensionIntroducer)).append(char(commentLabel));
    for (qsizetype at = 0; at < text.size(); at += 255) {
        const QByteArray part = text.mid(at, 255);
        out.append(char(part.size())).append(part);
    }
    out.append('\0');
}

void appendXmp(QByteArray &out, const QByteArray &packet)
{
    out.append(char(extensionIntroducer)).append(char(applicationLabel)).append(xmpIdentifier).append(packet);
    out.append('\x01');
    for (int value = 0xff; value >= 0; --value)
        out.append(char(value));
    out.append('\0');
}

// The comment's text; nothing when it is larger than a reader should take in.
std::optional<QByteArray> commentText(QByteArrayView gif, const Block &block)
{
    QByteArray text;
    qsizetype at = block.dataStart;
    while (at < block.end) {
        const quint8 size = byteAt(gif, at);
        if (size == 0)
            break;
        if (text.size() + size > ProvenanceRecord::maxBlockBytes)
            return std::nullopt;
        text.append(gif.sliced(at + 1, size));
        at += 1 + size;
    }
    return text;
}

} // namespace

Result<QByteArray, MetadataError> embed(QByteArrayView gif, const ProvenanceRecord &record)
{
    const auto layout = layoutOf(gif);
    if (!layout)
        return layout.error();
    QByteArray out;
    out.reserve(gif.size() + record.predictionJson.size() + 4 * record.parameters.size() + 256);
    out.append("GIF89a").append(gif.sliced(6, layout.value().headerEnd - 6));
    appendComment(out, record.parameters.toUtf8());
    // XML carries no NUL byte (XmpPacket drops control characters), which would end the packet early here.
    appendXmp(out, XmpPacket::build(record));
    for (const Block &block : layout.value().blocks) {
        if (!block.comment && !block.xmp)
            out.append(gif.sliced(block.start, block.end - block.start));
    }
    out.append(gif.sliced(layout.value().trailerAt));
    return out;
}

Result<ProvenanceRecord, MetadataError> read(QByteArrayView gif)
{
    const auto layout = layoutOf(gif);
    if (!layout)
        return layout.error();
    QString parameters;
    QByteArrayView xmp;
    for (const Block &block : layout.value().blocks) {
        if (block.xmp && xmp.isNull()) {
            const qsizetype start = block.start + 2 + xmpIdentifier.size();
            if (block.end - start < magicTrailerBytes)
                return MetadataError::make(MetadataError::Kind::Malformed,
                                           QT_TRANSLATE_NOOP("MetadataError", "The GIF image's XMP block is broken."));
            xmp = gif.sliced(start, block.end - start - magicTrailerBytes);
        } else if (block.comment && parameters.isEmpty()) {
            const std::optional<QByteArray> text = commentText(gif, block);
            if (!text)
                return MetadataError::make(MetadataError::Kind::TooLarge,
                                           QT_TRANSLATE_NOOP("MetadataError", "A GIF comment is too large."));
            if (text->contains(", Prediction: ") || text->contains("\nPrediction: "))
                parameters = QString::fromUtf8(*text);
        }
    }
    ProvenanceRecord record;
    if (!xmp.isNull()) {
        if (xmp.size() > ProvenanceRecord::maxBlockBytes)
            return MetadataError::make(MetadataError::Kind::TooLarge,
                                       QT_TRANSLATE_NOOP("MetadataError", "The XMP packet is too large."));
        const auto read = XmpPacket::read(xmp);
        if (!read && read.error().kind != MetadataError::Kind::NoMetadata)
            return read.error();
        if (read)
            record = read.value();
    }
    if (!parameters.isEmpty())
        record.parameters = parameters;
    if (record.parameters.isEmpty() && record.predictionJson.isEmpty())
        return MetadataError::make(MetadataError::Kind::NoMetadata,
                                   QT_TRANSLATE_NOOP("MetadataError", "The GIF image carries no prediction."));
    record.completeFromParts();
    return record;
}

} // namespace GifMetadata
