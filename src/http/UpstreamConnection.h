#pragma once

#include <QAbstractSocket>
#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QSslConfiguration>
#include <QSslError>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

#include "HttpHead.h"
#include "HttpParser.h"

class QTcpSocket;

/// One HTTP/1.1 connection to the upstream API root, for one exchange at a time.
///
/// It is a small client of its own rather than QNetworkAccessManager, which would queue past six
/// connections per host (a `Prefer: wait` create holds one for up to a minute), adds and rewrites header
/// fields (Accept-Encoding, Accept-Language, User-Agent, Connection) and inflates gzip it asked for: a proxy
/// must send the caller's request as it came. TLS goes through QSslSocket's default configuration and its
/// errors are never ignored. The answer's body is handed on as it arrives; setReadPaused() stops reading
/// from the socket (and so, through TCP, the upstream) while the caller's side is full.
class UpstreamConnection final : public QObject
{
    Q_OBJECT

public:
    enum class Failure {
        Unreachable, ///< Connecting (or the TLS handshake) failed.
        TimedOut,    ///< Nothing moved for the configured time.
        Broken,      ///< It closed (or the connection broke) before the answer was complete.
        Malformed,   ///< It sent something that is not HTTP.
    };
    Q_ENUM(Failure)

    UpstreamConnection(const QUrl &root, int timeoutMs, QObject *parent = nullptr);

    /// Scheme, host and port of @p url: what a connection is for.
    static QUrl originOf(const QUrl &url);
    /// The request-target of @p url in origin form: its path and query ("/" when it has no path).
    static QByteArray requestTarget(const QUrl &url);
    ~UpstreamConnection() override;

    /// The TLS settings for an https root (QSslSocket's defaults when never set); before open().
    void setSslConfiguration(const QSslConfiguration &configuration);
    /// Connects; opened() or failed() follows.
    void open();
    /// Whether the last answer is complete and the connection can carry another request (a pooled one).
    bool isIdleAndOpen() const;
    /// Starts another request on a connection that isIdleAndOpen().
    void beginExchange();
    /// Queues @p bytes (already framed) for the upstream.
    void write(const QByteArray &bytes);
    void write(const char *data, qsizetype size);
    qint64 bytesToWrite() const;
    /// Hands what is queued to the system now instead of on the next pass of the event loop.
    void flush();
    /// The request was HEAD: its answer has no body whatever its header fields say.
    void setHeadRequest(bool head) { m_headRequest = head; }
    void setReadPaused(bool paused);
    /// The upstream's `host[:port]`, for the Host field of forwarded requests.
    QByteArray hostField() const;
    /// After failed(): the socket's error (UnknownSocketError when it was none of the socket's: a close,
    /// an answer that is not HTTP, the silence).
    QAbstractSocket::SocketError socketError() const { return m_socketError; }
    /// The certificate problems the TLS handshake met (never ignored: the handshake fails on them).
    const QList<QSslError> &certificateErrors() const { return m_certificateErrors; }

Q_SIGNALS:
    void opened();
    /// An interim answer other than 100 and 101 (102 Processing, 103 Early Hints), before the final one.
    void interimReceived(const HttpHead &head);
    /// The final (non-1xx) answer's head. @p contentLength is -1 when the upstream gave none; @p hasBody is
    /// false for HEAD, 204 and 304.
    void headReceived(const HttpHead &head, qint64 contentLength, bool hasBody);
    void bodyReceived(const char *data, qsizetype size);
    /// The whole answer arrived. @p reusable: the upstream keeps the connection open.
    void answerComplete(bool reusable);
    void failed(UpstreamConnection::Failure failure, const QString &detail);
    /// Written data left the process (bytesToWrite() went down): the caller may send more.
    void drained();

private:
    void onReadyRead();
    void onDisconnected();
    void onErrorOccurred();
    void touch();
    void onSilence();
    void pump();
    void fail(Failure failure, const QString &detail);

    QUrl m_root;
    bool m_tls = false;
    /// A QSslSocket for https; a plain QTcpSocket for http, which spares every read and write the hop
    /// through QSslSocket's inner socket and the signals it relays.
    std::unique_ptr<QTcpSocket> m_socket;
    QAbstractSocket::SocketError m_socketError = QAbstractSocket::UnknownSocketError;
    QList<QSslError> m_certificateErrors;
    HttpParser m_parser{HttpParser::Kind::Response};
    int m_timeoutMs;
    QTimer m_silence;
    QElapsedTimer m_activity; ///< Since the last sign of life; m_silence fires no earlier than m_timeoutMs after it.
    QByteArray m_pending;     ///< Read from the socket, not yet consumed by the parser (it was paused).
    bool m_opened = false;
    bool m_headRequest = false;
    bool m_readPaused = false;
    bool m_remoteClosed = false;
    bool m_done = false;
    bool m_reusable = false;
    bool m_interim = false;
};
