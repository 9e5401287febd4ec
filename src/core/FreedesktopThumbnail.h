#pragma once

#include "ThumbnailId.h"

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

/// The Thumbnail Managing Standard (freedesktop.org, 0.9), shared by file managers and image viewers:
/// where a thumbnail lives, the PNG text keys that tie it to its original, and how it is written so that
/// several programs can use the cache at once. Pure file work, safe on any thread.
namespace FreedesktopThumbnail {

/// One PNG text key and its value (Latin-1: the keys this standard uses hold URIs, numbers and MIME types).
using TextKey = std::pair<QByteArray, QByteArray>;

/// The longest side of a thumbnail in @p size: 128, 256, 512 or 1024.
int pixels(ThumbnailSize size);
/// Its folder under the cache root: normal, large, x-large, xx-large.
QString folderName(ThumbnailSize size);
/// The smallest class whose thumbnails cover @p devicePixels (xx-large beyond 1024).
ThumbnailSize sizeFor(int devicePixels);

/// $XDG_CACHE_HOME/thumbnails, or $HOME/.cache/thumbnails when XDG_CACHE_HOME is unset or blank.
QString sharedCacheRoot();
/// The canonical absolute URI of a local file (symbolic links resolved): file:// and the path with every
/// byte outside RFC 2396's unreserved and path characters percent-encoded, as GLib writes it.
QByteArray fileUri(const QString &path);
/// The thumbnail's file name for @p uri: the MD5 of the URI in lower-case hex, then ".png".
QString fileName(const QByteArray &uri);

/// PNG bytes of @p image as the standard wants them (8-bit RGBA, not interlaced) with @p keys as
/// uncompressed tEXt chunks right after IHDR. Qt's own writer cannot be used for the keys: it compresses
/// values of 40 characters or more into zTXt, which readers of the standard need not understand.
QByteArray encodePng(const QImage &image, const QList<TextKey> &keys);
/// The value of tEXt, zTXt or iTXt key @p key in @p image as Qt read it (null when absent).
QByteArray textKey(const QImage &image, const char *key);

/// Writes @p bytes to @p path through a temporary file in the same folder renamed into place (so a reader
/// never sees half a thumbnail), mode 0600; the folders it creates are 0700. Returns why it failed.
std::optional<QString> writeAtomically(const QString &path, const QByteArray &bytes);

/// The thumbnail at @p path if it was made from @p uri as it was at @p mtime (its Thumb::URI and
/// Thumb::MTime match); a null image when it is missing, unreadable or stale.
QImage readValid(const QString &path, const QByteArray &uri, qint64 mtime);

} // namespace FreedesktopThumbnail
