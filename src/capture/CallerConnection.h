#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <memory>

#include "CaptureConfig.h"
#include "HttpParser.h"
#include "UpstreamConnection.h"

class PredictionTap;
class QTcpSocket;
class UpstreamPool;

/// One caller's connection to the capture endpoint: its requests, one at a time, each checked by
/// CaptureRouting and forwarded over a fresh UpstreamConnection, the answer streamed back as it comes.
///
/// Memory stays bounded whatever the body sizes: the caller's socket is read only while the upstream's
/// write buffer is below a high-water mark, and the upstream is read only while the caller's is. Framing
/// is redone per hop (Content-Length kept, chunked re-chunked, close-delimited sent chunked to HTTP/1.1).
class CallerConnection final : public QObject
{
    Q_OBJECT

public:
    /// Takes @p socket (connected, in this thread). Upstream connections come from @p pool, which outlives it.
    CallerConnection(QTcpSocket *socket, const CaptureConfig &config, UpstreamPool &pool, QObject *parent = nullptr);
    ~CallerConnection() override;

Q_SIGNALS:
    /// An answer meant for recording passed (its body not read yet: CaptureReader does that).
    void answerCaptured(const CapturedAnswer &answer);
    /// The caller's connection is gone; the object may be deleted.
    void closed();

private:
    enum class Hold {
        None,
        AwaitUpstream,
        Backpressure,
        BetweenMessages
    };
    enum class Framing {
        None,
        Length,
        Chunked,
        Close
    };

    void pumpRequest();
    bool onRequestHead(HttpHead &head);
    void onRequestBody(const char *data, qsizetype size);
    void onRequestComplete();
    void startUpstream(bool mayReuse);
    void onUpstreamOpened();
    void onUpstreamInterim(const HttpHead &head);
    void onUpstreamHead(const HttpHead &head, qint64 contentLength, bool hasBody);
    void onUpstreamBody(const char *data, qsizetype size);
    void onUpstreamComplete(bool reusable);
    void onUpstreamFailed(UpstreamConnection::Failure failure, const QString &detail);
    void onUpstreamDrained();
    void onCallerBytesWritten();
    void onCallerGone();
    void hold(Hold reason);
    void release(Hold reason);
    void answerLocally(const QByteArray &message);
    void answerPreflight(const HttpHead &head);
    void closeAfterFlush();
    void finishExchange();
    void dropUpstream();
    void record();
    void sendToCaller(const char *data, qsizetype size);

    std::unique_ptr<QTcpSocket> m_socket;
    const CaptureConfig m_config;
    UpstreamPool &m_pool;
    HttpParser m_parser{HttpParser::Kind::Request};
    QByteArray m_inbox; ///< Read from the caller, not yet consumed by the parser (it was held).
    Hold m_hold = Hold::None;
    bool m_inParser = false;
    QTimer m_idle;

    std::unique_ptr<UpstreamConnection> m_upstream;
    bool m_upstreamReused = false;
    std::unique_ptr<PredictionTap> m_tap;
    HttpHead m_request;
    QByteArray m_upstreamTarget;
    CaptureCallKind m_kind = CaptureCallKind::None;
    bool m_sendContinue = false;
    bool m_requestChunked = false;
    qint64 m_requestLength = -1;
    bool m_requestComplete = false;
    QByteArray m_headOut; ///< The answer's head, not sent yet: it goes out with the first body bytes.
    bool m_responseStarted = false;
    bool m_responseComplete = false;
    Framing m_responseFraming = Framing::None;
    bool m_keepAlive = true;
    bool m_closing = false;
    bool m_halfClosed = false;
    bool m_gone = false;
};
