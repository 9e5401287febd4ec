#include "BinaryIo.h"

#include <array>

namespace BinaryIo {

namespace {

quint8 byteAt(QByteArrayView data, qsizetype at)
{
    return quint8(data.at(at));
}

std::array<quint32, 256> makeCrcTable()
{
    std::array<quint32, 256> table{};
    for (quint32 n = 0; n < 256; ++n) {
        quint32 c = n;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}

} // namespace

quint16 be16(QByteArrayView data, qsizetype at)
{
    return quint16((byteAt(data, at) << 8) | byteAt(data, at + 1));
}

quint32 be32(QByteArrayView data, qsizetype at)
{
    return (quint32(be16(data, at)) << 16) | be16(data, at + 2);
}

quint16 le16(QByteArrayView data, qsizetype at)
{
    return quint16(byteAt(data, at) | (byteAt(data, at + 1) << 8));
}

quint32 le32(QByteArrayView data, qsizetype at)
{
    return quint32(le16(data, at)) | (quint32(le16(data, at + 2)) << 16);
}

quint32 le24(QByteArrayView data, qsizetype at)
{
    return quint32(le16(data, at)) | (quint32(byteAt(data, at + 2)) << 16);
}

void appendBe16(QByteArray &out, quint16 value)
{
    out.append(char(value >> 8)).append(char(value & 0xff));
}

void appendBe32(QByteArray &out, quint32 value)
{
    appendBe16(out, quint16(value >> 16));
    appendBe16(out, quint16(value & 0xffff));
}

void appendLe24(QByteArray &out, quint32 value)
{
    out.append(char(value & 0xff)).append(char((value >> 8) & 0xff)).append(char((value >> 16) & 0xff));
}

void appendLe32(QByteArray &out, quint32 value)
{
    appendLe24(out, value);
    out.append(char(value >> 24));
}

void putLe32(QByteArray &out, qsizetype at, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        out[at + i] = char((value >> (8 * i)) & 0xff);
}

bool fits(qsizetype size, qsizetype at, qint64 length)
{
    return at >= 0 && length >= 0 && at <= size && length <= qint64(size - at);
}

quint32 crc32(QByteArrayView data, quint32 crc)
{
    static const std::array<quint32, 256> table = makeCrcTable();
    crc = ~crc;
    for (const char byte : data)
        crc = table[(crc ^ quint8(byte)) & 0xff] ^ (crc >> 8);
    return ~crc;
}

} // namespace BinaryIo
