#pragma once

#include "ThumbnailId.h"

#include <QImage>
#include <QString>
#include <QUrl>

/// What one thumbnail job is to do, and where the caches are.
struct ThumbnailJob final
{
    ThumbnailSource source;
    ThumbnailSize size = ThumbnailSize::Normal;
    QString sharedRoot; ///< The freedesktop cache ($XDG_CACHE_HOME/thumbnails): saved files only.
    QString ownRoot;    ///< Replimon's own cache: remote outputs, under <size folder>/<md5 of URL>.png.
    /// Set when ImageCache has fetched and decoded the remote output: only the own cache is left to write.
    QImage fetched;
    int maxDimension = 16384;
    qint64 allocationBytes = 256LL * 1024 * 1024;
};

/// What a job found.
struct ThumbnailOutcome final
{
    enum class Kind {
        Ready,     ///< image holds the thumbnail.
        Failed,    ///< reason says why; permanent: not worth asking again while the file is unchanged.
        NeedsFetch ///< Remote only and in no cache: ImageCache is to fetch and decode it.
    };
    Kind kind = Kind::Failed;
    QImage image; ///< Within the size class, never enlarged; RGB32 or premultiplied ARGB32.
    QString reason;
    bool permanent = false;
    QString file;         ///< The thumbnail's file in its cache ("" when none could be written).
    bool reused = false;  ///< Read from a cache file, the original untouched.
    int decoded = 0;      ///< Originals decoded.
    QString writeProblem; ///< Why the cache file could not be written ("" when it was, or was not needed).
};

/// ThumbnailStore's work off the GUI thread. A saved file: its valid freedesktop thumbnail, else its fail
/// entry (thumbnails/fail/replimon-<version>/), else a decode written to the shared cache (a fail entry when
/// it cannot be decoded). A remote output: the own cache, else NeedsFetch, and once fetched the own cache
/// is written. Decoding is ImageDecoder's (the same limits and orientation as the previews).
class ThumbnailMaker final
{
public:
    static ThumbnailOutcome run(const ThumbnailJob &job);

    /// The folder of the fail entries of this version of Replimon under @p sharedRoot.
    static QString failFolder(const QString &sharedRoot);
    /// The own cache's file for @p url at @p size.
    static QString ownFile(const QString &ownRoot, const QUrl &url, ThumbnailSize size);
};
