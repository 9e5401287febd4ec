#pragma once

#include "MetadataError.h"
#include "ProvenanceRecord.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>

/// Provenance in GIF, right after the global colour table: a comment extension with the parameters text,
/// then an XMP application extension ("XMP DataXMP", XmpPacket, with the XMP specification's magic trailer
/// so that GIF readers skip it). Earlier comment and XMP extensions are dropped (a GIF87a file becomes
/// GIF89a, the first version with extensions); image data is copied byte for byte.
namespace GifMetadata {

Result<QByteArray, MetadataError> embed(QByteArrayView gif, const ProvenanceRecord &record);
Result<ProvenanceRecord, MetadataError> read(QByteArrayView gif);

} // namespace GifMetadata
