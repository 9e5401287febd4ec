#pragma once

#include "MetadataError.h"
#include "ProvenanceRecord.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

/// Writes a prediction's provenance into saved outputs and reads it back, for PNG, JPEG, WebP and GIF
/// (chosen by the bytes, not the name). Always byte insertion into the file as downloaded: the image is
/// never decoded or encoded, so its pixels stay the server's.
class ImageMetadata final
{
public:
    /// What a save does with a prediction's provenance (Settings → Downloads).
    struct SaveOptions
    {
        bool embed = true;    ///< Into the image file itself.
        bool sidecar = false; ///< The prediction JSON in a `.json` beside it.
    };

    /// Files larger than this are left as they are (embedding holds the file in memory twice).
    static constexpr qint64 maxEmbedFileBytes = 256LL * 1024 * 1024;

    static Result<QByteArray, MetadataError> embed(QByteArrayView image, const ProvenanceRecord &record);
    /// Never allocates more than ProvenanceRecord::maxBlockBytes for one block, whatever @p image claims.
    static Result<ProvenanceRecord, MetadataError> read(QByteArrayView image);

    /// Rewrites @p path with the provenance inside, atomically (QSaveFile). NotAnImage for other files
    /// (text outputs), which are left as they are.
    static std::optional<MetadataError> embedInFile(const QString &path, const ProvenanceRecord &record);
    /// Reads @p path through a memory map: only the pages of the structures walked are touched.
    static Result<ProvenanceRecord, MetadataError> readFile(const QString &path);
    /// `<name without extension>.json` beside @p imagePath: the prediction JSON, indented.
    static QString sidecarPath(const QString &imagePath);
    static std::optional<MetadataError> writeSidecar(const QString &imagePath, const ProvenanceRecord &record);
    /// What a save path does once @p path is on disk, as @p options say. Files that are not images (text
    /// outputs) are left alone without an error; the first other failure is returned.
    static std::optional<MetadataError> applyToSavedFile(const QString &path, const ProvenanceRecord &record,
                                                         SaveOptions options);
};
