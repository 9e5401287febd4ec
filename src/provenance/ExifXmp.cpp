#include "ExifXmp.h"

#include "ExifUserComment.h"
#include "XmpPacket.h"

#include <optional>

namespace ExifXmp {

Result<ProvenanceRecord, MetadataError> read(QByteArrayView exifTiff, QByteArrayView xmpPacket)
{
    ProvenanceRecord record;
    std::optional<MetadataError> problem;
    const auto keep = [&problem](const MetadataError &error) {
        if (error.kind != MetadataError::Kind::NoMetadata && !problem)
            problem = error;
    };
    if (!xmpPacket.isNull()) {
        if (xmpPacket.size() > ProvenanceRecord::maxBlockBytes)
            return MetadataError::make(MetadataError::Kind::TooLarge,
                                       QT_TRANSLATE_NOOP("MetadataError", "The XMP packet is too large."));
        const auto xmp = XmpPacket::read(xmpPacket);
        if (xmp)
            record = xmp.value();
        else
            keep(xmp.error());
    }
    if (!exifTiff.isNull()) {
        if (exifTiff.size() > ProvenanceRecord::maxBlockBytes)
            return MetadataError::make(MetadataError::Kind::TooLarge,
                                       QT_TRANSLATE_NOOP("MetadataError", "The EXIF block is too large."));
        // The EXIF comment is the parameters text in full; XMP's copy may be shortened.
        const auto comment = ExifUserComment::read(exifTiff);
        if (comment && comment.value().contains(QLatin1String("Prediction: ")))
            record.parameters = comment.value();
        else if (!comment)
            keep(comment.error());
    }
    if (record.parameters.isEmpty() && record.predictionJson.isEmpty()) {
        if (problem)
            return *problem;
        return MetadataError::make(MetadataError::Kind::NoMetadata,
                                   QT_TRANSLATE_NOOP("MetadataError", "The image carries no prediction."));
    }
    record.completeFromParts();
    return record;
}

} // namespace ExifXmp
