#pragma once

#include "ApiError.h"
#include "SseParser.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

/// Follows predictions' stream URLs (urls.stream: server-sent events `output`, `logs`, `error`, `done`),
/// many at once, and says when each is done, so that a caller can stop polling a prediction while its
/// stream is open and fetch it once at the end.
///
/// A stream URL is a capability: the request carries no Authorization header, ever. A relay hands out
/// Replicate's own stream URL, where a relay key must not go; Replicate's own URL needs none. When the
/// stream is refused (401, 404, …), is not an event stream, or ends before `done`, failed() says so and the
/// caller goes back to polling; nothing is retried here.
///
/// Qt opens at most six HTTP/1.1 connections per host and manager, and an open stream holds one. The
/// streams therefore use managers of their own (never the caller's, whose connections the API requests
/// need), a new one for every six streams, up to maxStreams() streams in all.
class PredictionStreams final : public QObject
{
    Q_OBJECT

public:
    explicit PredictionStreams(QObject *parent = nullptr);
    ~PredictionStreams() override;

    /// How many streams may be open at once (default 60).
    void setMaxStreams(int count) { m_maxStreams = count; }
    int maxStreams() const { return m_maxStreams; }
    /// A stream that moves no byte for this long fails (default 60 s).
    void setIdleTimeout(std::chrono::milliseconds timeout) { m_idleTimeout = timeout; }

    /// Whether @p url is one this class can follow (http or https, with a host).
    static bool canFollow(const QUrl &url);
    /// Opens the stream of prediction @p id. False (and no signal) when the URL cannot be followed, the
    /// prediction already has one open, or maxStreams() are open.
    bool open(const QString &id, const QUrl &url);
    /// Closes the stream of @p id without a signal.
    void close(const QString &id);
    void closeAll();
    bool isOpen(const QString &id) const { return m_streams.contains(id); }
    int openCount() const { return int(m_streams.size()); }

Q_SIGNALS:
    void outputReceived(const QString &id, const QString &data);
    void logsReceived(const QString &id, const QString &line);
    /// An `error` event: the prediction failed with this message (done() follows).
    void errorReported(const QString &id, const QString &message);
    /// The `done` event; @p reason is its `reason` (e.g. "canceled"), empty for `{}`. The stream is closed.
    void finished(const QString &id, const QString &reason);
    /// The stream was refused or ended without `done`. The stream is closed.
    void failed(const QString &id, const ApiError &error);

private:
    struct Stream
    {
        QNetworkReply *reply = nullptr;
        SseParser parser;
        int manager = 0;
        bool checked = false; ///< Status and content type looked at.
    };

    void onReadyRead(const QString &id);
    void onFinished(const QString &id);
    /// Looks at the status and type once they are there. False when the stream cannot be read (yet: a
    /// refusal waits for @p ended; failed() is emitted when it is known).
    bool check(const QString &id, Stream &stream, bool ended);
    void fail(const QString &id, const ApiError &error);
    void release(const QString &id);
    int managerWithRoom();

    std::vector<std::unique_ptr<QNetworkAccessManager>> m_managers;
    std::vector<int> m_streamsPerManager;
    QHash<QString, std::shared_ptr<Stream>> m_streams;
    int m_maxStreams = 60;
    std::chrono::milliseconds m_idleTimeout{60000};
};
