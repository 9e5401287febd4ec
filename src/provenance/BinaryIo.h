#pragma once

#include <QByteArray>
#include <QByteArrayView>

/// Fixed-width integers in and out of byte buffers, in either byte order. Readers take a view and an
/// offset and must only be called after the caller checked that the bytes are there.
namespace BinaryIo {

quint16 be16(QByteArrayView data, qsizetype at);
quint32 be32(QByteArrayView data, qsizetype at);
quint16 le16(QByteArrayView data, qsizetype at);
quint32 le32(QByteArrayView data, qsizetype at);
/// A 24-bit little-endian integer (WebP's VP8X canvas size).
quint32 le24(QByteArrayView data, qsizetype at);

void appendBe16(QByteArray &out, quint16 value);
void appendBe32(QByteArray &out, quint32 value);
void appendLe32(QByteArray &out, quint32 value);
void appendLe24(QByteArray &out, quint32 value);
void putLe32(QByteArray &out, qsizetype at, quint32 value);

/// Whether [at, at + length) lies inside a buffer of @p size bytes, without overflowing.
bool fits(qsizetype size, qsizetype at, qint64 length);

/// The CRC-32 of PNG (ISO 3309), over @p data.
quint32 crc32(QByteArrayView data, quint32 crc = 0);

} // namespace BinaryIo
