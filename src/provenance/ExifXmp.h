#pragma once

#include "MetadataError.h"
#include "ProvenanceRecord.h"
#include "Result.h"

#include <QByteArrayView>

/// What JPEG and WebP carry alike: an EXIF block (UserComment = parameters) and an XMP packet.
namespace ExifXmp {

/// Combines the two; either view may be null (absent). NoMetadata when neither carries Replimon's data.
Result<ProvenanceRecord, MetadataError> read(QByteArrayView exifTiff, QByteArrayView xmpPacket);

} // namespace ExifXmp
