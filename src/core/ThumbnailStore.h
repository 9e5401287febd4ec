#pragma once

#include "ImageCache.h"
#include "ThumbnailId.h"

#include <QCache>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QUrl>

struct ThumbnailOutcome;

/// Thumbnails of task outputs for the gallery: made off the GUI thread, kept in a bounded memory cache and
/// on disk, answered by signals keyed by ThumbnailId so that a view can match answers to its cells.
///
/// A saved output's thumbnail lives in the shared freedesktop cache ($XDG_CACHE_HOME/thumbnails, see
/// FreedesktopThumbnail): one a file manager made is used as it is when its keys match the file, and ours
/// serve file managers. A remote-only output's lives in Replimon's own cache (the standard is for local
/// files); its bytes are fetched and decoded by ImageCache, which keeps the original on disk for the
/// previews as well, so an output is never downloaded twice.
///
/// Work runs on the store's own thread pool (never the global one, which Qt's painting waits on; see
/// ImageCache), at most as many jobs as it has threads; the rest wait in a queue that setWanted() trims and
/// reorders as the view scrolls. Requests for a thumbnail already under way join it: each file is decoded
/// once, however many cells or views ask.
class ThumbnailStore final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        qint64 memoryBytes = 64LL * 1024 * 1024; ///< Decoded thumbnails kept in memory (QImage bytes).
        QString sharedRoot; ///< The freedesktop cache; "": FreedesktopThumbnail::sharedCacheRoot().
        QString ownRoot;    ///< The cache of remote outputs; "": QStandardPaths::CacheLocation/thumbnails.
        int threads = 0;    ///< Worker threads; 0: all cores but one (at least one).
    };

    /// @p images fetches and decodes remote outputs; it must outlive the store.
    ThumbnailStore(ImageCache &images, const Options &options, QObject *parent = nullptr);
    explicit ThumbnailStore(ImageCache &images, QObject *parent = nullptr);
    ~ThumbnailStore() override;

    /// The smallest size class covering @p devicePixels (a cell's side times its device pixel ratio).
    static ThumbnailSize sizeFor(int devicePixels);
    /// The longest side of a thumbnail of @p size, in pixels.
    static int pixels(ThumbnailSize size);

    /// The thumbnail if it is in memory now; a null image otherwise. Never starts any work: for painting.
    QImage cached(const ThumbnailId &id) const;
    /// Asks for @p id, made from @p source (ThumbnailSource::of()). Answers later, always from the event
    /// loop, with thumbnailReady() or thumbnailFailed(), even when the thumbnail is in memory; unless
    /// setWanted() drops the request before its work starts.
    void request(const ThumbnailId &id, const ThumbnailSource &source);
    /// The thumbnails the view shows now, most wanted first. Waiting requests for any other are dropped
    /// unanswered (ask again when they come back into view); the waiting ones of @p ids start in its order.
    /// Work already started is finished and answered.
    void setWanted(const QList<ThumbnailId> &ids);
    /// Forgets what is kept in memory for @p task (its thumbnails and failures): its saved files changed.
    void forget(const TaskKey &task);

    qint64 memoryInUse() const { return m_memory.totalCost(); }
    qint64 memoryLimit() const { return m_memory.maxCost(); }
    QString sharedRoot() const { return m_sharedRoot; }
    QString ownRoot() const { return m_ownRoot; }

    // Instrumentation for tests and benchmarks.
    int decodeCount() const { return m_decodes; } ///< Originals decoded by the store's own jobs.
    int reuseCount() const { return m_reuses; }   ///< Thumbnails read back from a cache file.
    int fetchCount() const { return m_fetches; }  ///< Remote outputs asked of ImageCache.
    int pendingCount() const { return int(m_jobs.size()); }

Q_SIGNALS:
    void thumbnailReady(const ThumbnailId &id, const QImage &image);
    void thumbnailFailed(const ThumbnailId &id, const QString &reason);

private:
    struct Job
    {
        enum class State {
            Queued,
            Working,
            Fetching
        };
        ThumbnailSource source;
        ThumbnailSize size = ThumbnailSize::Normal;
        QList<ThumbnailId> waiters;
        State state = State::Queued;
        QImage fetched; ///< What ImageCache answered, for the own cache.
    };

    static QString jobKey(const ThumbnailSource &source, ThumbnailSize size);
    void pump();
    void start(const QString &key);
    void onFinished(const QString &key, const ThumbnailOutcome &outcome);
    void onImageReady(const QUrl &url, const QSize &size, const QImage &image);
    void onImageFailed(const QUrl &url, const QString &reason, bool permanent);
    void answer(const QString &key, const QImage &image);
    void fail(const QString &key, const QString &reason, bool permanent);
    void failLater(const ThumbnailId &id, const QString &reason);

    ImageCache &m_images;
    QString m_sharedRoot;
    QString m_ownRoot;
    QCache<ThumbnailId, QImage> m_memory;
    QHash<ThumbnailId, QString> m_failures; ///< Permanent failures, with their reason.
    QHash<QString, Job> m_jobs;             ///< Work asked for and not answered, by jobKey().
    QList<QString> m_queue;                 ///< Jobs waiting for a thread, the next first.
    QHash<QUrl, QList<QString>> m_fetching; ///< Jobs waiting for ImageCache, by URL.
    int m_running = 0;
    int m_decodes = 0;
    int m_reuses = 0;
    int m_fetches = 0;
    /// Last, so that it is destroyed first: its destructor waits for the jobs still running.
    QThreadPool m_workers;
};
