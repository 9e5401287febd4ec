#pragma once

#include "PredictionRenderer.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class QTcpSocket;
class RequestLog;
class SimStore;

/// One answer to a prediction's stream URL: server-sent events, as Replicate sends them, for as long as
/// the prediction runs. `logs` for each log line as it appears, `output` for each output once there is
/// one, `error` with the message of a failed prediction, then `done` (`{}`, or `{"reason":"canceled"}`)
/// and the end of the body. The body is chunked, so the connection stays open for the next request.
///
/// Events are sent at the moment the prediction reaches them (its timeline is known in advance), and at
/// least every quarter second it looks again, for a cancel.
class StreamSession final : public QObject
{
    Q_OBJECT

public:
    /// `seq` is the RequestLog entry to complete when the stream ends.
    StreamSession(QTcpSocket *socket, const SimStore &store, const PredictionRenderer &renderer,
                  PredictionRenderer::Urls urls, QString id, RequestLog *log, qint64 seq, bool keepAlive);

    /// Sends the headers and whatever is due now.
    void start();
    /// Closes the connection after the headers, with no event (a dropped stream).
    void dropAfterHeaders();

    /// One event on the wire: `event:`, `id:`, one `data:` line per line of @p data, an empty line.
    static QByteArray frame(const QByteArray &event, qint64 id, const QString &data);

private:
    void writeHead(bool keepAlive);
    void tick();
    void sendEvent(const QByteArray &event, const QString &data);
    void writeChunk(const QByteArray &bytes);
    void end(bool closeConnection);

    QPointer<QTcpSocket> m_socket;
    const SimStore &m_store;
    const PredictionRenderer &m_renderer;
    PredictionRenderer::Urls m_urls;
    QString m_id;
    RequestLog *m_log;
    qint64 m_seq;
    bool m_keepAlive;
    bool m_ended = false;
    qint64 m_nextEventId = 1;
    int m_logLinesSent = 0;
    QTimer m_timer;
};
