#include "CallerConnection.h"

#include <sys/socket.h>

#include <utility>

#include <QTcpSocket>

#include "CaptureRouting.h"
#include "PredictionTap.h"
#include "ProblemResponse.h"
#include "SocketSend.h"
#include "UpstreamPool.h"

namespace {

constexpr qint64 readChunk = 64 * 1024;
// Past this much waiting to be written on one side, the other side is not read; below the low mark it is again.
constexpr qint64 highWater = 256 * 1024;
constexpr qint64 lowWater = 64 * 1024;
// How long a closing connection keeps reading (and dropping) what the caller still sends, so that the kernel
// does not answer it with a reset that could destroy the answer before the caller has read it.
constexpr int lingerMs = 2000;

QByteArray rootPath(const QUrl &root)
{
    QByteArray path = root.path(QUrl::FullyEncoded).toLatin1();
    while (path.endsWith('/'))
        path.chop(1);
    return path;
}

// One chunk of a chunked body as one piece, so that it leaves in one send.
QByteArray chunkOf(const char *data, qsizetype size)
{
    QByteArray chunk = QByteArray::number(size, 16);
    chunk.reserve(chunk.size() + size + 4);
    chunk += "\r\n";
    chunk.append(data, size);
    chunk += "\r\n";
    return chunk;
}

} // namespace

CallerConnection::CallerConnection(QTcpSocket *socket, const CaptureConfig &config, UpstreamPool &pool, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_config(config)
    , m_pool(pool)
{
    m_socket->setParent(nullptr);
    m_socket->setReadBufferSize(readChunk);
    // Heads and bodies are written as they come: without this, Nagle's algorithm holds a small write back
    // until the previous one is acknowledged (up to the caller's delayed-ACK time).
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_idle.setSingleShot(true);
    m_idle.setInterval(m_config.callerIdleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, &CallerConnection::onCallerGone);
    m_idle.start();
    connect(m_socket.get(), &QTcpSocket::readyRead, this, &CallerConnection::pumpRequest);
    connect(m_socket.get(), &QTcpSocket::bytesWritten, this, &CallerConnection::onCallerBytesWritten);
    connect(m_socket.get(), &QTcpSocket::disconnected, this, &CallerConnection::onCallerGone);

    m_parser.onHead = [this](HttpHead &head) { return onRequestHead(head); };
    m_parser.onBody = [this](const char *data, qsizetype size) { onRequestBody(data, size); };
    m_parser.onMessageComplete = [this] { onRequestComplete(); };
}

CallerConnection::~CallerConnection()
{
    m_socket->disconnect(this);
    m_socket->abort();
}

void CallerConnection::pumpRequest()
{
    while (!m_closing && m_hold == Hold::None) {
        if (m_inbox.isEmpty())
            m_inbox = m_socket->read(qMin(readChunk, m_socket->bytesAvailable())); // see UpstreamConnection::pump
        if (m_inbox.isEmpty())
            return;
        m_inParser = true;
        const qsizetype consumed = m_parser.feed(m_inbox.constData(), m_inbox.size());
        m_inParser = false;
        m_inbox.remove(0, consumed);
        if (m_parser.hasError()) {
            if (m_responseStarted || m_upstream)
                closeAfterFlush(); // mid-exchange: the upstream saw a cut request too
            else
                answerLocally(
                    ProblemResponse::bytes(400, tr("Bad request"), QString::fromLatin1(m_parser.errorText())));
            dropUpstream();
            return;
        }
    }
    // Closing: what the caller still sends is read and dropped (see lingerMs).
    if (m_closing)
        m_socket->readAll();
}

bool CallerConnection::onRequestHead(HttpHead &head)
{
    m_idle.stop();
    hold(Hold::AwaitUpstream);
    const auto routed = CaptureRouting::route(head, rootPath(m_config.upstreamRoot), m_config.allowedOrigins);
    if (const auto *refusal = std::get_if<CaptureRouting::Refusal>(&routed)) {
        answerLocally(ProblemResponse::bytes(refusal->status, refusal->title, refusal->detail));
        return true;
    }
    if (head.method == "OPTIONS" && head.contains("Origin") && head.contains("Access-Control-Request-Method")) {
        answerPreflight(head);
        return true;
    }
    const QByteArray expect = head.value("Expect");
    if (!expect.isNull() && expect.trimmed().compare("100-continue", Qt::CaseInsensitive) != 0) {
        answerLocally(ProblemResponse::bytes(417, tr("Expectation not supported"),
                                             tr("Only Expect: 100-continue is understood.")));
        return true;
    }
    const auto &route = std::get<CaptureRouting::Route>(routed);
    m_request = head;
    m_upstreamTarget = route.upstreamTarget;
    m_kind = route.kind;
    m_sendContinue = !expect.isNull() && head.isHttp11OrLater();
    m_requestChunked = m_parser.isChunked();
    m_requestLength = m_parser.contentLength();
    m_requestComplete = m_responseStarted = m_responseComplete = false;
    // An HTTP/1.0 caller gets its answer and a close: it may not understand a persistent connection.
    m_keepAlive = m_parser.keepAlive() && head.isHttp11OrLater();

    startUpstream(true);
    return false;
}

void CallerConnection::startUpstream(bool mayReuse)
{
    m_upstreamReused = false;
    m_upstream = mayReuse ? m_pool.acquire(&m_upstreamReused) : m_pool.create();
    m_upstream->setHeadRequest(m_request.method == "HEAD");
    connect(m_upstream.get(), &UpstreamConnection::opened, this, &CallerConnection::onUpstreamOpened);
    connect(m_upstream.get(), &UpstreamConnection::interimReceived, this, &CallerConnection::onUpstreamInterim);
    connect(m_upstream.get(), &UpstreamConnection::headReceived, this, &CallerConnection::onUpstreamHead);
    connect(m_upstream.get(), &UpstreamConnection::bodyReceived, this, &CallerConnection::onUpstreamBody);
    connect(m_upstream.get(), &UpstreamConnection::answerComplete, this, &CallerConnection::onUpstreamComplete);
    connect(m_upstream.get(), &UpstreamConnection::failed, this, &CallerConnection::onUpstreamFailed);
    connect(m_upstream.get(), &UpstreamConnection::drained, this, &CallerConnection::onUpstreamDrained);
    if (!m_upstreamReused) {
        m_upstream->open();
        return;
    }
    m_upstream->beginExchange();
    onUpstreamOpened();
}

void CallerConnection::onUpstreamOpened()
{
    HttpHead upstreamHead;
    upstreamHead.method = m_request.method;
    upstreamHead.target = m_upstreamTarget;
    upstreamHead.fields = m_request.fields;
    upstreamHead.removeHopByHop();
    upstreamHead.remove("Host");
    // The endpoint answers 100 Continue itself (as nginx does) once the upstream is reachable, so the
    // expectation is not passed on.
    upstreamHead.remove("Expect");
    upstreamHead.fields.prepend({"Host", m_upstream->hostField()});
    if (m_requestChunked)
        upstreamHead.append("Transfer-Encoding", "chunked");
    else if (m_requestLength >= 0)
        upstreamHead.append("Content-Length", QByteArray::number(m_requestLength));
    m_upstream->write(upstreamHead.requestBytes());
    m_upstream->flush();
    if (m_sendContinue && !m_requestComplete) {
        static const QByteArray continueLine = "HTTP/1.1 100 Continue\r\n\r\n";
        SocketSend::write(*m_socket, continueLine.constData(), continueLine.size());
    }
    release(Hold::AwaitUpstream);
}

void CallerConnection::onRequestBody(const char *data, qsizetype size)
{
    if (!m_upstream)
        return;
    if (m_requestChunked) {
        m_upstream->write(chunkOf(data, size));
    } else {
        m_upstream->write(data, size);
    }
    if (m_upstream->bytesToWrite() > highWater)
        hold(Hold::Backpressure);
}

void CallerConnection::onRequestComplete()
{
    if (m_closing)
        return;
    m_requestComplete = true;
    if (m_upstream && m_requestChunked)
        m_upstream->write("0\r\n\r\n", 5);
    // A pipelined next request waits until this answer is complete.
    hold(Hold::BetweenMessages);
    if (m_responseComplete)
        finishExchange();
}

void CallerConnection::onUpstreamDrained()
{
    if (m_hold == Hold::Backpressure && m_upstream && m_upstream->bytesToWrite() < lowWater)
        release(Hold::Backpressure);
}

void CallerConnection::onUpstreamInterim(const HttpHead &head)
{
    // An HTTP/1.0 caller does not know interim answers (RFC 9110 §15.2): it gets the final one only.
    if (m_responseStarted || !m_request.isHttp11OrLater())
        return;
    HttpHead interim = head;
    interim.removeHopByHop();
    const QByteArray bytes = interim.responseBytes();
    SocketSend::write(*m_socket, bytes.constData(), bytes.size());
}

void CallerConnection::onUpstreamHead(const HttpHead &head, qint64 contentLength, bool hasBody)
{
    m_responseStarted = true;
    HttpHead answer = head;
    answer.removeHopByHop();
    // CORS is the endpoint's decision alone: the upstream's own Access-Control-* fields are not passed on.
    answer.fields.removeIf(
        [](const QPair<QByteArray, QByteArray> &field) { return field.first.toLower().startsWith("access-control-"); });
    const QByteArray origin = m_request.value("Origin");
    if (!origin.isNull()) {
        answer.append("Access-Control-Allow-Origin", origin);
        answer.append("Vary", "Origin");
    }
    if (!hasBody) {
        m_responseFraming = Framing::None;
        if (contentLength >= 0)
            answer.append("Content-Length", QByteArray::number(contentLength));
    } else if (contentLength >= 0) {
        m_responseFraming = Framing::Length;
        answer.append("Content-Length", QByteArray::number(contentLength));
    } else if (m_request.isHttp11OrLater()) {
        m_responseFraming = Framing::Chunked;
        answer.append("Transfer-Encoding", "chunked");
    } else {
        m_responseFraming = Framing::Close;
        m_keepAlive = false;
    }
    // An answer that comes before the whole request did (a refusal of the upstream's own) ends the connection:
    // the rest of that request is still on its way.
    if (!m_requestComplete)
        m_keepAlive = false;
    if (!m_keepAlive)
        answer.append("Connection", "close");
    // Sent with the first bytes of the body (or at the end): one send for a small answer.
    m_headOut = answer.responseBytes();
    if (PredictionTap::wants(m_kind, head.status, head.value("Content-Type")))
        m_tap = std::make_unique<PredictionTap>(m_kind, head.value("Content-Encoding"), m_config.recordCap);
}

void CallerConnection::onUpstreamBody(const char *data, qsizetype size)
{
    // Out now rather than on the next pass of the event loop: one pass less per answer.
    if (m_responseFraming == Framing::Chunked) {
        const QByteArray chunk = chunkOf(data, size);
        sendToCaller(chunk.constData(), chunk.size());
    } else {
        sendToCaller(data, size);
    }
    if (m_tap)
        m_tap->append(data, size);
    if (m_socket->bytesToWrite() > highWater && m_upstream) {
        m_upstream->setReadPaused(true);
        m_idle.start(); // a caller that stops reading for this long is given up on
    }
}

void CallerConnection::sendToCaller(const char *data, qsizetype size)
{
    if (m_headOut.isEmpty()) {
        SocketSend::write(*m_socket, data, size);
        return;
    }
    QByteArray out = std::exchange(m_headOut, {});
    out.append(data, size);
    SocketSend::write(*m_socket, out.constData(), out.size());
}

void CallerConnection::onCallerBytesWritten()
{
    if (m_upstream && m_responseStarted && m_socket->bytesToWrite() < lowWater) {
        m_upstream->setReadPaused(false);
        m_idle.stop();
    }
    if (m_closing && !m_halfClosed) {
        m_idle.start();
        if (m_socket->bytesToWrite() == 0 && m_socket->state() == QAbstractSocket::ConnectedState) {
            // Everything is out: half-close, so the caller sees the end, and drain until it closes too.
            m_halfClosed = true;
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
            QTimer::singleShot(lingerMs, this, &CallerConnection::onCallerGone);
        }
    }
}

void CallerConnection::onUpstreamComplete(bool reusable)
{
    if (m_responseFraming == Framing::Chunked)
        sendToCaller("0\r\n\r\n", 5);
    else
        sendToCaller(nullptr, 0); // the head, when the answer had no body
    record();
    if (reusable && m_requestComplete) {
        m_upstream->disconnect(this);
        m_pool.release(std::move(m_upstream));
    }
    dropUpstream();
    m_responseComplete = true;
    if (!m_keepAlive || m_responseFraming == Framing::Close || !m_requestComplete)
        closeAfterFlush();
    else
        finishExchange();
}

void CallerConnection::onUpstreamFailed(UpstreamConnection::Failure failure, const QString &detail)
{
    dropUpstream();
    // A pooled connection the upstream closed while it sat idle: a request without a body is sent again on
    // a new one (nothing of it can have been acted on). One with a body cannot be replayed: it gets the 502.
    const bool hasBody = m_requestChunked || m_requestLength > 0;
    if (m_upstreamReused && !m_responseStarted && !hasBody && failure == UpstreamConnection::Failure::Broken) {
        startUpstream(false);
        return;
    }
    m_tap.reset();
    if (m_responseStarted) {
        closeAfterFlush(); // the caller sees a body cut short, as it was upstream
        return;
    }
    if (failure == UpstreamConnection::Failure::TimedOut)
        answerLocally(ProblemResponse::bytes(504, tr("Upstream timed out"), detail));
    else if (failure == UpstreamConnection::Failure::Unreachable)
        answerLocally(ProblemResponse::bytes(502, tr("Upstream unreachable"), detail));
    else
        answerLocally(ProblemResponse::bytes(502, tr("Upstream answer broken"), detail));
}

void CallerConnection::record()
{
    if (!m_tap)
        return;
    auto copy = m_tap->finish();
    m_tap.reset();
    const QString userAgent = QString::fromLatin1(m_request.value("User-Agent"));
    if (copy)
        Q_EMIT answerCaptured({m_kind, userAgent, std::move(copy).value(), {}});
    else
        Q_EMIT answerCaptured({m_kind, userAgent, {}, copy.error()});
}

void CallerConnection::answerPreflight(const HttpHead &head)
{
    HttpHead answer;
    answer.status = 204;
    answer.reason = "No Content";
    answer.append("Access-Control-Allow-Origin", head.value("Origin"));
    answer.append("Access-Control-Allow-Methods", head.value("Access-Control-Request-Method"));
    const QByteArray headers = head.joinedValues("Access-Control-Request-Headers");
    if (!headers.isEmpty())
        answer.append("Access-Control-Allow-Headers", headers);
    answer.append("Access-Control-Max-Age", "600");
    answer.append("Vary", "Origin");
    answer.append("Connection", "close");
    answerLocally(answer.responseBytes());
}

void CallerConnection::answerLocally(const QByteArray &message)
{
    m_socket->write(message);
    closeAfterFlush();
}

void CallerConnection::closeAfterFlush()
{
    if (m_closing)
        return;
    if (!m_headOut.isEmpty())
        sendToCaller(nullptr, 0); // an answer cut short still shows the head it had
    m_closing = true;
    onCallerBytesWritten();
    QMetaObject::invokeMethod(this, &CallerConnection::pumpRequest, Qt::QueuedConnection);
}

void CallerConnection::finishExchange()
{
    m_request = HttpHead();
    m_kind = CaptureCallKind::None;
    m_responseFraming = Framing::None;
    m_responseStarted = m_responseComplete = m_requestComplete = false;
    m_idle.start();
    release(Hold::BetweenMessages);
}

void CallerConnection::dropUpstream()
{
    // Called from the upstream's own signals: it is deleted once they have returned.
    if (m_upstream) {
        m_upstream->disconnect(this);
        m_upstream.release()->deleteLater();
    }
}

void CallerConnection::onCallerGone()
{
    if (m_gone)
        return;
    m_gone = true;
    m_headOut.clear();
    dropUpstream();
    m_tap.reset();
    m_idle.stop();
    m_closing = true;
    m_socket->disconnect(this);
    m_socket->abort();
    Q_EMIT closed();
}

void CallerConnection::hold(Hold reason)
{
    m_hold = reason;
    m_parser.pause();
}

void CallerConnection::release(Hold reason)
{
    if (m_hold != reason)
        return;
    m_hold = Hold::None;
    m_parser.resume();
    // From inside one of the parser's own callbacks, it may not be fed again until that has returned: the loop
    // in pumpRequest() that is feeding it goes on by itself (no queued call, no event-loop pass per request).
    if (!m_inParser)
        pumpRequest();
}
