#pragma once

#include "MetadataError.h"
#include "ProvenanceRecord.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>

/// Provenance in JPEG: an EXIF APP1 segment whose UserComment is the parameters text, and an XMP APP1
/// segment (XmpPacket), both right after SOI and any JFIF APP0. Earlier EXIF and XMP segments are
/// replaced; the entropy-coded data is copied byte for byte.
namespace JpegMetadata {

Result<QByteArray, MetadataError> embed(QByteArrayView jpeg, const ProvenanceRecord &record);
/// Reads the segments before the first SOS only.
Result<ProvenanceRecord, MetadataError> read(QByteArrayView jpeg);

} // namespace JpegMetadata
