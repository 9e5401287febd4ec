#pragma once

#include "ImageCache.h"

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>
#include <QUrl>

#include <utility>

class QThread;

/// What one decode is to do: where the bytes are, which sizes are wanted, and within what limits.
struct ImageDecodeJob final
{
    QString filePath; ///< Read from this file, or else from bytes / the data: URL.
    QByteArray bytes;
    QUrl dataUrl;
    QString writePath;  ///< Where to keep the original bytes; "" to keep nothing.
    bool touch = false; ///< Mark filePath as recently used (the disk cache evicts the oldest).
    QList<QSize> sizes; ///< Invalid: full size.
    int maxDimension = 0;
    qint64 allocationBytes = 0;
    qint64 maxTextBytes = 0;
};

/// What a decode found: an image per size, or why there is none (and the text, when the file is text).
struct ImageDecodeResult final
{
    QList<std::pair<QSize, QImage>> images;
    bool failed = false;
    ImageCache::Failure failure = ImageCache::Failure::NotAnImage;
    QString reason;
    QString writtenFile;
    QString text; ///< Not an image but text: the text.
    int decoded = 0;
    QThread *thread = nullptr;
};

/// ImageCache's work off the GUI thread: keeps fetched bytes in the disk cache, then reads the header and
/// refuses an image too large before a single pixel is allocated, and decodes at each requested size (PNG
/// and JPEG directly at that size, other formats at full size and then scaled). Safe on any thread.
class ImageDecoder final
{
public:
    static ImageDecodeResult run(const ImageDecodeJob &job);
};
