#include "JpegMetadata.h"

#include "BinaryIo.h"
#include "ExifUserComment.h"
#include "ExifXmp.h"
#include "XmpPacket.h"

#include <functional>

namespace JpegMetadata {

namespace {

constexpr QByteArrayView exifHeader("Exif\0\0", 6);
constexpr QByteArrayView xmpHeader("http://ns.adobe.com/xap/1.0/\0", 29);
constexpr quint8 app0 = 0xe0;
constexpr quint8 app1 = 0xe1;
constexpr quint8 sos = 0xda;
constexpr quint8 eoi = 0xd9;
constexpr qsizetype maxSegmentPayload = 0xffff - 2;

struct Segment
{
    qsizetype start = 0; ///< Of the 0xFF marker byte.
    quint8 marker = 0;
    QByteArrayView payload; ///< After the length field.
};

bool hasNoLength(quint8 marker)
{
    return marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

// Calls @p visit for each segment before SOS or EOI; returns where that marker starts.
Result<qsizetype, MetadataError> walk(QByteArrayView jpeg, const std::function<void(const Segment &, qsizetype)> &visit)
{
    if (!jpeg.startsWith("\xff\xd8"))
        return MetadataError::make(MetadataError::Kind::NotAnImage,
                                   QT_TRANSLATE_NOOP("MetadataError", "The file is not a JPEG image."));
    qsizetype at = 2;
    while (true) {
        if (!BinaryIo::fits(jpeg.size(), at, 2))
            return MetadataError::make(
                MetadataError::Kind::Truncated,
                QT_TRANSLATE_NOOP("MetadataError", "The JPEG image ends before its image data."));
        if (quint8(jpeg.at(at)) != 0xff)
            return MetadataError::make(MetadataError::Kind::Malformed,
                                       QT_TRANSLATE_NOOP("MetadataError", "The JPEG image has a broken segment."));
        const qsizetype start = at;
        while (at + 1 < jpeg.size() && quint8(jpeg.at(at + 1)) == 0xff)
            ++at; // fill bytes
        if (at + 1 >= jpeg.size())
            return MetadataError::make(
                MetadataError::Kind::Truncated,
                QT_TRANSLATE_NOOP("MetadataError", "The JPEG image ends before its image data."));
        const quint8 marker = quint8(jpeg.at(at + 1));
        at += 2;
        if (marker == sos || marker == eoi)
            return start;
        if (hasNoLength(marker))
            continue;
        if (!BinaryIo::fits(jpeg.size(), at, 2))
            return MetadataError::make(
                MetadataError::Kind::Truncated,
                QT_TRANSLATE_NOOP("MetadataError", "The JPEG image ends before its image data."));
        const quint16 length = BinaryIo::be16(jpeg, at);
        if (length < 2)
            return MetadataError::make(MetadataError::Kind::Malformed,
                                       QT_TRANSLATE_NOOP("MetadataError", "A JPEG segment has an impossible length."));
        if (!BinaryIo::fits(jpeg.size(), at, length))
            return MetadataError::make(
                MetadataError::Kind::Truncated,
                QT_TRANSLATE_NOOP("MetadataError", "A JPEG segment runs past the end of the file."));
        visit(Segment{start, marker, jpeg.sliced(at + 2, length - 2)}, at + length);
        at += length;
    }
}

bool isExif(const Segment &segment)
{
    return segment.marker == app1 && segment.payload.startsWith(exifHeader);
}

bool isXmp(const Segment &segment)
{
    return segment.marker == app1 && segment.payload.startsWith(xmpHeader);
}

void appendApp1(QByteArray &out, QByteArrayView header, const QByteArray &body)
{
    out.append("\xff\xe1", 2);
    BinaryIo::appendBe16(out, quint16(2 + header.size() + body.size()));
    out.append(header).append(body);
}

// Each APP1 holds at most 64 KB: a long prompt is shortened in EXIF, and the JSON left out of XMP
// (the parameters text still names the prediction) when the packet would not fit.
QByteArray ourSegments(const ProvenanceRecord &record)
{
    QByteArray out;
    QString comment = record.parameters;
    QByteArray exif = ExifUserComment::build(comment);
    while (exif.size() + exifHeader.size() > maxSegmentPayload) {
        comment.truncate(comment.size() * 3 / 4);
        exif = ExifUserComment::build(comment);
    }
    appendApp1(out, exifHeader, exif);
    QByteArray xmp = XmpPacket::build(record, true);
    if (xmp.size() + xmpHeader.size() > maxSegmentPayload)
        xmp = XmpPacket::build(record, false);
    if (xmp.size() + xmpHeader.size() <= maxSegmentPayload)
        appendApp1(out, xmpHeader, xmp);
    return out;
}

} // namespace

Result<QByteArray, MetadataError> embed(QByteArrayView jpeg, const ProvenanceRecord &record)
{
    QByteArray out("\xff\xd8", 2);
    out.reserve(jpeg.size() + 4096);
    bool inserted = false;
    const QByteArray ours = ourSegments(record);
    const auto headersEnd = walk(jpeg, [&](const Segment &segment, qsizetype end) {
        if (!inserted && segment.marker != app0) {
            out.append(ours);
            inserted = true;
        }
        if (!isExif(segment) && !isXmp(segment))
            out.append(jpeg.sliced(segment.start, end - segment.start));
    });
    if (!headersEnd)
        return headersEnd.error();
    if (!inserted)
        out.append(ours);
    out.append(jpeg.sliced(headersEnd.value()));
    return out;
}

Result<ProvenanceRecord, MetadataError> read(QByteArrayView jpeg)
{
    QByteArrayView exif;
    QByteArrayView xmp;
    const auto headersEnd = walk(jpeg, [&](const Segment &segment, qsizetype) {
        if (isExif(segment) && exif.isNull())
            exif = segment.payload.sliced(exifHeader.size());
        else if (isXmp(segment) && xmp.isNull())
            xmp = segment.payload.sliced(xmpHeader.size());
    });
    if (!headersEnd)
        return headersEnd.error();
    return ExifXmp::read(exif, xmp);
}

} // namespace JpegMetadata
