#pragma once

#include "MetadataError.h"
#include "ProvenanceRecord.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>

/// Provenance in WebP: `EXIF` (UserComment = parameters) and `XMP ` (XmpPacket) chunks at the end of an
/// extended container. A simple file (a lone VP8 or VP8L chunk) gets a VP8X chunk first, with the
/// canvas size and alpha flag taken from the bitstream header; the bitstream itself is not touched.
namespace WebpMetadata {

Result<QByteArray, MetadataError> embed(QByteArrayView webp, const ProvenanceRecord &record);
Result<ProvenanceRecord, MetadataError> read(QByteArrayView webp);

} // namespace WebpMetadata
