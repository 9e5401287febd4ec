#pragma once

#include "MetadataError.h"
#include "ProvenanceRecord.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>

/// Provenance in GIF: two comment extensions right after the global colour table — the parameters text,
/// then `replimon.prediction: ` and the JSON. Other comment extensions are dropped (a GIF87a file becomes
/// GIF89a, the first version with extensions); image data is copied byte for byte.
namespace GifMetadata {

inline constexpr char predictionPrefix[] = "replimon.prediction: ";

Result<QByteArray, MetadataError> embed(QByteArrayView gif, const ProvenanceRecord &record);
Result<ProvenanceRecord, MetadataError> read(QByteArrayView gif);

} // namespace GifMetadata
