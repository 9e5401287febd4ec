#include "FreedesktopThumbnail.h"

#include "BinaryIo.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QImageWriter>
#include <QTemporaryFile>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <sys/stat.h>

namespace {

constexpr std::array<int, 4> sidePixels = {128, 256, 512, 1024};
constexpr qsizetype pngSignatureBytes = 8;
constexpr qsizetype ihdrChunkBytes = 4 + 4 + 13 + 4;

// RFC 2396's unreserved characters and those a path may hold as they are ('/' separating segments).
bool keptInUri(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && std::strchr("-_.!~*'()/:@&=+$,", c) != nullptr;
}

// Creates each missing folder of @p path with mode 0700 (the standard's, whatever the umask).
bool makeFolders(const QString &path)
{
    if (QFileInfo(path).isDir())
        return true;
    const QString parent = QFileInfo(path).path();
    if (parent != path && !makeFolders(parent))
        return false;
    return ::mkdir(QFile::encodeName(path).constData(), 0700) == 0 || errno == EEXIST;
}

} // namespace

namespace FreedesktopThumbnail {

int pixels(ThumbnailSize size)
{
    return sidePixels.at(std::size_t(size));
}

QString folderName(ThumbnailSize size)
{
    switch (size) {
    case ThumbnailSize::Normal:
        return QStringLiteral("normal");
    case ThumbnailSize::Large:
        return QStringLiteral("large");
    case ThumbnailSize::XLarge:
        return QStringLiteral("x-large");
    case ThumbnailSize::XXLarge:
        break;
    }
    return QStringLiteral("xx-large");
}

ThumbnailSize sizeFor(int devicePixels)
{
    for (std::size_t i = 0; i < sidePixels.size(); ++i) {
        if (devicePixels <= sidePixels.at(i))
            return ThumbnailSize(i);
    }
    return ThumbnailSize::XXLarge;
}

QString sharedCacheRoot()
{
    QString base = qEnvironmentVariable("XDG_CACHE_HOME").trimmed();
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.cache");
    return base + QStringLiteral("/thumbnails");
}

QByteArray fileUri(const QString &path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    const QByteArray bytes = QFile::encodeName(canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath())
                                                                   : canonical);
    QByteArray uri = QByteArrayLiteral("file://");
    uri.reserve(uri.size() + bytes.size() * 3);
    static constexpr char hex[] = "0123456789ABCDEF";
    for (const char c : bytes) {
        if (keptInUri(c)) {
            uri.append(c);
        } else {
            uri.append('%');
            uri.append(hex[(quint8(c) >> 4) & 0xf]);
            uri.append(hex[quint8(c) & 0xf]);
        }
    }
    return uri;
}

QString fileName(const QByteArray &uri)
{
    return QString::fromLatin1(QCryptographicHash::hash(uri, QCryptographicHash::Md5).toHex()) + QStringLiteral(".png");
}

QByteArray encodePng(const QImage &image, const QList<TextKey> &keys)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    if (!writer.write(image.convertToFormat(QImage::Format_ARGB32)))
        return {};
    buffer.close();
    // IHDR always comes first; text chunks may go anywhere before IEND, and right after IHDR readers find
    // them without reading the image data.
    const qsizetype insertAt = pngSignatureBytes + ihdrChunkBytes;
    if (png.size() < insertAt)
        return {};
    QByteArray chunks;
    for (const auto &[key, value] : keys) {
        const QByteArray data = key + '\0' + value;
        BinaryIo::appendBe32(chunks, quint32(data.size()));
        const qsizetype crcFrom = chunks.size();
        chunks.append("tEXt").append(data);
        BinaryIo::appendBe32(chunks, BinaryIo::crc32(QByteArrayView(chunks).sliced(crcFrom)));
    }
    png.insert(insertAt, chunks);
    return png;
}

QByteArray textKey(const QImage &image, const char *key)
{
    const QString value = image.text(QLatin1StringView(key));
    return value.isNull() ? QByteArray() : value.toUtf8();
}

std::optional<QString> writeAtomically(const QString &path, const QByteArray &bytes)
{
    const QString folder = QFileInfo(path).path();
    if (!makeFolders(folder))
        return QString::fromLocal8Bit(std::strerror(errno));
    // QTemporaryFile creates its file with mode 0600, in the target's folder: the rename cannot cross a
    // file system, and another program renaming its own copy in at the same time leaves one whole file.
    QTemporaryFile temporary(folder + QStringLiteral("/.replimon-XXXXXX.png"));
    if (!temporary.open())
        return temporary.errorString();
    if (temporary.write(bytes) != bytes.size() || !temporary.flush())
        return temporary.errorString();
    temporary.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (std::rename(QFile::encodeName(temporary.fileName()).constData(), QFile::encodeName(path).constData()) != 0)
        return QString::fromLocal8Bit(std::strerror(errno));
    temporary.setAutoRemove(false);
    return std::nullopt;
}

QImage readValid(const QString &path, const QByteArray &uri, qint64 mtime)
{
    QImageReader reader(path, "png");
    QImage image;
    if (!reader.read(&image))
        return {};
    bool parsed = false;
    const QByteArray stored = textKey(image, "Thumb::MTime").trimmed();
    qint64 storedMtime = stored.toLongLong(&parsed);
    if (!parsed) // some writers keep fractions of a second
        storedMtime = qint64(stored.toDouble(&parsed));
    if (!parsed || storedMtime != mtime || textKey(image, "Thumb::URI") != uri)
        return {};
    return image;
}

} // namespace FreedesktopThumbnail
