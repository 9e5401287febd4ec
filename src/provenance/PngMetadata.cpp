#include "PngMetadata.h"

#include "BinaryIo.h"

#include <QList>

#include <functional>

namespace PngMetadata {

namespace {

constexpr QByteArrayView signature("\x89PNG\r\n\x1a\n", 8);
constexpr quint32 maxChunkLength = 0x7fffffff;

struct Chunk
{
    qsizetype start = 0; ///< Of the length field.
    QByteArrayView type;
    QByteArrayView data;
    qsizetype end() const { return start + 12 + data.size(); }
};

// Calls @p visit for every chunk up to IEND; a false return stops the walk early.
std::optional<MetadataError> walk(QByteArrayView png, const std::function<bool(const Chunk &)> &visit)
{
    if (!png.startsWith(signature))
        return MetadataError::make(MetadataError::Kind::NotAnImage,
                                   QT_TRANSLATE_NOOP("MetadataError", "The file is not a PNG image."));
    qsizetype at = signature.size();
    bool first = true;
    while (true) {
        if (!BinaryIo::fits(png.size(), at, 12))
            return MetadataError::make(MetadataError::Kind::Truncated,
                                       QT_TRANSLATE_NOOP("MetadataError", "The PNG image ends before its last chunk."));
        const quint32 length = BinaryIo::be32(png, at);
        if (length > maxChunkLength)
            return MetadataError::make(MetadataError::Kind::Malformed,
                                       QT_TRANSLATE_NOOP("MetadataError", "A PNG chunk has an impossible length."));
        if (!BinaryIo::fits(png.size(), at + 8, qint64(length) + 4))
            return MetadataError::make(
                MetadataError::Kind::Truncated,
                QT_TRANSLATE_NOOP("MetadataError", "A PNG chunk runs past the end of the file."));
        const Chunk chunk{at, png.sliced(at + 4, 4), png.sliced(at + 8, length)};
        if (first && chunk.type != "IHDR")
            return MetadataError::make(MetadataError::Kind::Malformed,
                                       QT_TRANSLATE_NOOP("MetadataError", "The PNG image does not start with IHDR."));
        first = false;
        if (!visit(chunk) || chunk.type == "IEND")
            return std::nullopt;
        at = chunk.end();
    }
}

bool isTextChunk(const Chunk &chunk)
{
    return chunk.type == "iTXt" || chunk.type == "tEXt" || chunk.type == "zTXt";
}

QByteArrayView keywordOf(const Chunk &chunk)
{
    const qsizetype nul = chunk.data.first(std::min<qsizetype>(chunk.data.size(), 80)).indexOf('\0');
    return nul < 0 ? QByteArrayView() : chunk.data.first(nul);
}

bool isOurs(QByteArrayView keyword)
{
    return keyword == parametersKey || keyword == promptKey || keyword == predictionKey;
}

void appendChunk(QByteArray &out, QByteArrayView type, const QByteArray &data)
{
    BinaryIo::appendBe32(out, quint32(data.size()));
    const qsizetype crcFrom = out.size();
    out.append(type).append(data);
    BinaryIo::appendBe32(out, BinaryIo::crc32(QByteArrayView(out).sliced(crcFrom)));
}

void appendText(QByteArray &out, const char *keyword, const QByteArray &utf8)
{
    if (utf8.isEmpty())
        return;
    // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL.
    appendChunk(out, "iTXt", QByteArray(keyword) + QByteArray("\0\0\0\0\0", 5) + utf8);
}

// The text of an uncompressed iTXt or a tEXt chunk, or nothing for other kinds.
std::optional<QString> textOf(const Chunk &chunk, QByteArrayView keyword)
{
    QByteArrayView rest = chunk.data.sliced(keyword.size() + 1);
    if (chunk.type == "tEXt")
        return QString::fromLatin1(rest);
    if (chunk.type != "iTXt" || rest.size() < 2 || rest.at(0) != 0)
        return std::nullopt; // zTXt and compressed iTXt: never ours
    rest = rest.sliced(2);
    for (int field = 0; field < 2; ++field) {
        const qsizetype nul = rest.indexOf('\0');
        if (nul < 0)
            return std::nullopt;
        rest = rest.sliced(nul + 1);
    }
    return QString::fromUtf8(rest);
}

} // namespace

Result<QByteArray, MetadataError> embed(QByteArrayView png, const ProvenanceRecord &record)
{
    QByteArray out;
    out.reserve(png.size() + record.predictionJson.size() + 4 * record.parameters.size() + 256);
    out.append(signature);
    qsizetype end = 0;
    const auto error = walk(png, [&](const Chunk &chunk) {
        end = chunk.end();
        if (isTextChunk(chunk) && isOurs(keywordOf(chunk)))
            return true;
        out.append(png.sliced(chunk.start, chunk.end() - chunk.start));
        if (chunk.type == "IHDR") {
            appendText(out, parametersKey, record.parameters.toUtf8());
            appendText(out, promptKey, record.prompt.toUtf8());
            appendText(out, predictionKey, record.predictionJson);
        }
        return true;
    });
    if (error)
        return *error;
    out.append(png.sliced(end)); // whatever followed IEND, untouched
    return out;
}

Result<ProvenanceRecord, MetadataError> read(QByteArrayView png)
{
    ProvenanceRecord record;
    std::optional<MetadataError> problem;
    const auto error = walk(png, [&](const Chunk &chunk) {
        if (!isTextChunk(chunk))
            return true;
        const QByteArrayView keyword = keywordOf(chunk);
        if (!isOurs(keyword))
            return true;
        if (chunk.data.size() > ProvenanceRecord::maxBlockBytes) {
            problem = MetadataError::make(MetadataError::Kind::TooLarge,
                                          QT_TRANSLATE_NOOP("MetadataError", "A PNG text chunk is too large."));
            return false;
        }
        const qsizetype crcAt = chunk.start + 8 + chunk.data.size();
        if (BinaryIo::crc32(png.sliced(chunk.start + 4, chunk.data.size() + 4)) != BinaryIo::be32(png, crcAt)) {
            problem = MetadataError::make(MetadataError::Kind::Malformed,
                                          QT_TRANSLATE_NOOP("MetadataError", "A PNG text chunk has a bad CRC."));
            return false;
        }
        const std::optional<QString> text = textOf(chunk, keyword);
        if (!text)
            return true;
        if (keyword == parametersKey)
            record.parameters = *text;
        else if (keyword == promptKey)
            record.prompt = *text;
        else
            record.predictionJson = text->toUtf8();
        return true;
    });
    if (error)
        return *error;
    if (problem)
        return *problem;
    if (record.parameters.isEmpty() && record.predictionJson.isEmpty())
        return MetadataError::make(MetadataError::Kind::NoMetadata,
                                   QT_TRANSLATE_NOOP("MetadataError", "The PNG image carries no prediction."));
    record.completeFromParts();
    return record;
}

} // namespace PngMetadata
