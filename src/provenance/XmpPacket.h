#pragma once

#include "MetadataError.h"
#include "ProvenanceRecord.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>

/// The XMP packet Replimon writes: dc:description is the prompt; the parameters text and the whole
/// prediction JSON go under Replimon's own namespace.
namespace XmpPacket {

/// Replimon's XMP namespace (prefix `replimon`).
inline constexpr char namespaceUri[] = "https://github.com/replimon/replimon/ns/xmp/1.0/";

/// The packet, UTF-8. Without the prediction JSON when @p withPrediction is false (JPEG's 64 KB segments).
QByteArray build(const ProvenanceRecord &record, bool withPrediction = true);
/// What a packet carries; NoMetadata when none of Replimon's fields are there. The caller bounds the size.
Result<ProvenanceRecord, MetadataError> read(QByteArrayView packet);

} // namespace XmpPacket
