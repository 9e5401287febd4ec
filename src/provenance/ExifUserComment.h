#pragma once

#include "MetadataError.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

/// The EXIF that Replimon writes: a big-endian TIFF structure whose IFD0 points to an Exif IFD holding
/// only UserComment, in UTF-16 (the "UNICODE" character code) so that any prompt survives.
namespace ExifUserComment {

/// The TIFF bytes (without JPEG's "Exif\0\0" prefix).
QByteArray build(const QString &comment);
/// UserComment from TIFF bytes. Follows IFD0 → Exif IFD and nothing else, so offset loops end at once.
Result<QString, MetadataError> read(QByteArrayView tiff);

} // namespace ExifUserComment
