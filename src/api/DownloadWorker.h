#pragma once

#include "ApiEndpoint.h"
#include "ApiError.h"
#include "CrossThreadQueue.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <chrono>
#include <deque>
#include <memory>

struct HttpHead;

/// One download as FileDownloader hands it to its worker, with a copy of the settings it goes out with.
struct DownloadRequest
{
    quint64 id = 0;
    QUrl url;
    QString directory;
    QString baseName; ///< Already made safe.
    ApiEndpoint endpoint;
    QString apiKey;
    qint64 maxBytes = 0;
    std::chrono::milliseconds transferTimeout{60000};
    QSslConfiguration sslConfiguration; ///< Null: QSslSocket's defaults.
};

/// What a download did, for FileDownloader to announce on its own thread.
struct DownloadEvent
{
    enum class Kind {
        Progress,
        Finished,
        Failed
    };
    Kind kind = Kind::Progress;
    quint64 id = 0;
    qint64 received = 0;
    qint64 total = -1;
    QString path;
    ApiError error;
};

/// FileDownloader's working half. It lives on the downloader's network thread and does everything a
/// download takes there: the HTTP/1.1 exchange on a connection of its own (UpstreamConnection), redirects
/// (the key only ever on the API's origin), writing the file through QSaveFile as the bytes arrive, and the
/// sync and rename at the end, so that none of it runs on the thread of the downloader's user (the GUI
/// thread, in the app). Events go back in batches, a download's progress reports folded into its latest.
/// At most six transfer at once; the others wait, in the order they were started.
class DownloadWorker final : public QObject
{
    Q_OBJECT

public:
    struct Command
    {
        enum class Kind {
            Start,
            Cancel,   ///< the download whose id is request.id
            CancelAll ///< every download started before this command
        };
        Kind kind = Kind::Start;
        DownloadRequest request;
    };

    DownloadWorker();
    ~DownloadWorker() override;

    /// Thread-safe: queues @p command for the worker's thread (one wake-up for a run of commands).
    void post(Command command);
    /// Thread-safe: the events since the last call, in order.
    QList<DownloadEvent> takeEvents();

Q_SIGNALS:
    /// Events wait for takeEvents(); emitted once until they are taken.
    void eventsReady();

private:
    struct Download;

    void runPosted();
    void start(const DownloadRequest &request);
    void begin(Download &download);
    void startQueued();
    /// A download that was transferring has ended: the next waiting one may go.
    void endTransfer(bool transferring);
    void startData(Download &download);
    void startRequest(Download &download, const QUrl &url, bool withKey);
    void onHead(quint64 id, const HttpHead &head, qint64 contentLength);
    void onBody(quint64 id, const char *data, qsizetype size);
    void onComplete(quint64 id);
    void onFailed(quint64 id, int failure, const QString &detail);
    bool openTarget(Download &download, const QByteArray &contentType);
    bool write(Download &download, const char *data, qsizetype size);
    void finish(Download &download);
    void fail(quint64 id, const ApiError &error);
    void failWrite(Download &download, int errorNumber);
    void cancel(quint64 id);
    void report(DownloadEvent event);

    QHash<quint64, std::shared_ptr<Download>> m_downloads;
    std::deque<quint64> m_queue; ///< Started, waiting for a free transfer, in order.
    int m_transfers = 0;
    bool m_startQueuedPosted = false;
    CrossThreadQueue<Command> m_posted;
    QMutex m_eventsMutex;
    QList<DownloadEvent> m_events;          ///< Guarded by m_eventsMutex.
    QHash<quint64, qsizetype> m_progressAt; ///< Guarded by m_eventsMutex: a download's progress event in m_events.
};
