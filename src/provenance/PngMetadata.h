#pragma once

#include "MetadataError.h"
#include "ProvenanceRecord.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>

/// Provenance in PNG: uncompressed UTF-8 `iTXt` chunks right after IHDR — `parameters` (read by image
/// sites as AUTOMATIC1111's), `Description` (the prompt; PNG's own keyword) and `replimon.prediction`
/// (the JSON). No `prompt` chunk: ComfyUI and the sites that read it expect a workflow there.
namespace PngMetadata {

inline constexpr char parametersKey[] = "parameters";
inline constexpr char promptKey[] = "Description";
inline constexpr char predictionKey[] = "replimon.prediction";

/// @p png with the chunks inserted; earlier chunks with the same keywords are dropped, nothing else changes.
Result<QByteArray, MetadataError> embed(QByteArrayView png, const ProvenanceRecord &record);
/// Verifies the CRC of every text chunk it reads and never looks into image data.
Result<ProvenanceRecord, MetadataError> read(QByteArrayView png);

} // namespace PngMetadata
