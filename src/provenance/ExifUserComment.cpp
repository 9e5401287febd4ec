#include "ExifUserComment.h"

#include "BinaryIo.h"
#include "ProvenanceRecord.h"

#include <optional>

namespace ExifUserComment {

namespace {

constexpr quint16 exifIfdTag = 0x8769;
constexpr quint16 userCommentTag = 0x9286;
constexpr quint16 typeLong = 4;
constexpr quint16 typeUndefined = 7;
constexpr quint32 maxEntries = 1024;

struct Entry
{
    quint16 type = 0;
    quint32 count = 0;
    qsizetype valueAt = 0; ///< Where the value field is (inline values live there).
};

class Tiff
{
public:
    explicit Tiff(QByteArrayView data)
        : m_data(data)
    {}
    bool bigEndian = true;

    quint16 u16(qsizetype at) const { return bigEndian ? BinaryIo::be16(m_data, at) : BinaryIo::le16(m_data, at); }
    quint32 u32(qsizetype at) const { return bigEndian ? BinaryIo::be32(m_data, at) : BinaryIo::le32(m_data, at); }

    /// The entry for @p tag in the IFD at @p offset; an error when the IFD does not fit.
    Result<std::optional<Entry>, MetadataError> find(quint32 offset, quint16 tag) const
    {
        if (!BinaryIo::fits(m_data.size(), offset, 2))
            return MetadataError::make(MetadataError::Kind::Truncated,
                                       QT_TRANSLATE_NOOP("MetadataError", "The EXIF block ends inside a directory."));
        const quint32 count = u16(offset);
        if (count > maxEntries || !BinaryIo::fits(m_data.size(), offset + 2, qint64(count) * 12))
            return MetadataError::make(MetadataError::Kind::Truncated,
                                       QT_TRANSLATE_NOOP("MetadataError", "The EXIF block ends inside a directory."));
        for (quint32 i = 0; i < count; ++i) {
            const qsizetype at = offset + 2 + qsizetype(i) * 12;
            if (u16(at) == tag)
                return std::optional<Entry>(Entry{u16(at + 2), u32(at + 4), at + 8});
        }
        return std::optional<Entry>();
    }

private:
    QByteArrayView m_data;
};

QString fromUtf16(QByteArrayView bytes, bool bigEndian)
{
    QString text;
    text.reserve(bytes.size() / 2);
    for (qsizetype at = 0; at + 1 < bytes.size(); at += 2) {
        const char16_t unit = bigEndian ? BinaryIo::be16(bytes, at) : BinaryIo::le16(bytes, at);
        if (unit == 0)
            break;
        text.append(QChar(unit));
    }
    return text;
}

} // namespace

QByteArray build(const QString &comment)
{
    // Header (8) + IFD0 with one entry (2 + 12 + 4) + Exif IFD with one entry (2 + 12 + 4) = 44.
    constexpr quint32 exifIfdAt = 26;
    constexpr quint32 commentAt = 44;
    QByteArray value("UNICODE\0", 8);
    for (const QChar c : comment)
        BinaryIo::appendBe16(value, c.unicode());

    QByteArray out("MM\0\x2a", 4);
    BinaryIo::appendBe32(out, 8);
    BinaryIo::appendBe16(out, 1);
    BinaryIo::appendBe16(out, exifIfdTag);
    BinaryIo::appendBe16(out, typeLong);
    BinaryIo::appendBe32(out, 1);
    BinaryIo::appendBe32(out, exifIfdAt);
    BinaryIo::appendBe32(out, 0);
    BinaryIo::appendBe16(out, 1);
    BinaryIo::appendBe16(out, userCommentTag);
    BinaryIo::appendBe16(out, typeUndefined);
    BinaryIo::appendBe32(out, quint32(value.size()));
    BinaryIo::appendBe32(out, commentAt);
    BinaryIo::appendBe32(out, 0);
    Q_ASSERT(out.size() == commentAt);
    return out + value;
}

Result<QString, MetadataError> read(QByteArrayView tiff)
{
    if (tiff.size() < 8)
        return MetadataError::make(MetadataError::Kind::Truncated,
                                   QT_TRANSLATE_NOOP("MetadataError", "The EXIF block is too short."));
    Tiff t(tiff);
    if (tiff.startsWith("II"))
        t.bigEndian = false;
    else if (!tiff.startsWith("MM"))
        return MetadataError::make(MetadataError::Kind::Malformed,
                                   QT_TRANSLATE_NOOP("MetadataError", "The EXIF block has no byte order mark."));
    if (t.u16(2) != 42)
        return MetadataError::make(MetadataError::Kind::Malformed,
                                   QT_TRANSLATE_NOOP("MetadataError", "The EXIF block is not TIFF."));

    const quint32 ifd0 = t.u32(4);
    const auto pointer = t.find(ifd0, exifIfdTag);
    if (!pointer)
        return pointer.error();
    if (!pointer.value())
        return MetadataError::make(MetadataError::Kind::NoMetadata,
                                   QT_TRANSLATE_NOOP("MetadataError", "The EXIF block has no user comment."));
    const quint32 exifIfd = t.u32(pointer.value()->valueAt);
    if (exifIfd == ifd0)
        return MetadataError::make(MetadataError::Kind::Malformed,
                                   QT_TRANSLATE_NOOP("MetadataError", "The EXIF directories point at each other."));
    const auto comment = t.find(exifIfd, userCommentTag);
    if (!comment)
        return comment.error();
    if (!comment.value())
        return MetadataError::make(MetadataError::Kind::NoMetadata,
                                   QT_TRANSLATE_NOOP("MetadataError", "The EXIF block has no user comment."));

    const Entry entry = *comment.value();
    if (entry.type != typeUndefined || entry.count < 8)
        return MetadataError::make(MetadataError::Kind::NoMetadata,
                                   QT_TRANSLATE_NOOP("MetadataError", "The EXIF block has no user comment."));
    if (entry.count > quint32(ProvenanceRecord::maxBlockBytes))
        return MetadataError::make(MetadataError::Kind::TooLarge,
                                   QT_TRANSLATE_NOOP("MetadataError", "The EXIF user comment is too large."));
    const quint32 at = t.u32(entry.valueAt);
    if (!BinaryIo::fits(tiff.size(), at, entry.count))
        return MetadataError::make(MetadataError::Kind::Truncated,
                                   QT_TRANSLATE_NOOP("MetadataError", "The EXIF user comment ends past the block."));
    const QByteArrayView code = tiff.sliced(at, 8);
    const QByteArrayView text = tiff.sliced(at + 8, entry.count - 8);
    if (code == QByteArrayView("UNICODE\0", 8))
        return fromUtf16(text, t.bigEndian);
    // ASCII, undefined (commonly UTF-8 in practice) and JIS are read as UTF-8 up to the first NUL.
    const qsizetype end = text.indexOf('\0');
    return QString::fromUtf8(end < 0 ? text : text.first(end));
}

} // namespace ExifUserComment
