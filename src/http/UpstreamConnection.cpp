#include "UpstreamConnection.h"

#include <utility>

#include <QLocale>
#include <QSslSocket>

#include "SocketSend.h"

namespace {

constexpr qint64 readChunk = 64 * 1024;

} // namespace

UpstreamConnection::UpstreamConnection(const QUrl &root, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_root(root)
    , m_tls(root.scheme() == QLatin1String("https"))
    , m_socket(m_tls ? std::unique_ptr<QTcpSocket>(new QSslSocket) : std::make_unique<QTcpSocket>())
    , m_timeoutMs(timeoutMs)
{
    m_socket->setReadBufferSize(readChunk);
    m_silence.setSingleShot(true);
    connect(&m_silence, &QTimer::timeout, this, &UpstreamConnection::onSilence);
    connect(m_socket.get(), &QTcpSocket::readyRead, this, &UpstreamConnection::onReadyRead);
    connect(m_socket.get(), &QTcpSocket::disconnected, this, &UpstreamConnection::onDisconnected);
    connect(m_socket.get(), &QTcpSocket::errorOccurred, this, &UpstreamConnection::onErrorOccurred);
    connect(m_socket.get(), &QTcpSocket::bytesWritten, this, [this] {
        touch();
        Q_EMIT drained();
    });

    m_parser.onHead = [this](HttpHead &head) {
        touch();
        // An interim answer comes before the final one. 100 Continue is the endpoint's own to send (Expect is
        // not forwarded) and 101 answers an Upgrade, which is never forwarded either: neither is passed on.
        // The others (102 Processing, 103 Early Hints, …) are, as RFC 9110 §15.2 asks of a proxy.
        m_interim = head.status >= 100 && head.status < 200;
        if (m_interim) {
            if (head.status >= 102)
                Q_EMIT interimReceived(head);
            return false;
        }
        const bool hasBody = !m_headRequest && head.status != 204 && head.status != 304;
        Q_EMIT headReceived(head, m_parser.contentLength(), hasBody);
        return !hasBody;
    };
    m_parser.onBody = [this](const char *data, qsizetype size) { Q_EMIT bodyReceived(data, size); };
    m_parser.onMessageComplete = [this] {
        if (m_interim)
            return;
        m_done = true;
        m_silence.stop();
        m_parser.pause();
        m_reusable = m_parser.keepAlive() && !m_remoteClosed;
        Q_EMIT answerComplete(m_reusable);
    };
}

QUrl UpstreamConnection::originOf(const QUrl &url)
{
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host());
    origin.setPort(url.port());
    return origin;
}

QByteArray UpstreamConnection::requestTarget(const QUrl &url)
{
    const QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    return target.isEmpty() ? QByteArrayLiteral("/") : target;
}

UpstreamConnection::~UpstreamConnection()
{
    m_socket->disconnect(this);
    m_socket->abort();
}

void UpstreamConnection::setSslConfiguration(const QSslConfiguration &configuration)
{
    if (m_tls)
        static_cast<QSslSocket *>(m_socket.get())->setSslConfiguration(configuration);
}

void UpstreamConnection::open()
{
    const quint16 port = quint16(m_root.port(m_tls ? 443 : 80));
    touch();
    const auto onOpened = [this] {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // see CallerConnection
        m_opened = true;
        touch();
        Q_EMIT opened();
    };
    if (m_tls) {
        auto *tls = static_cast<QSslSocket *>(m_socket.get());
        connect(tls, &QSslSocket::encrypted, this, onOpened);
        connect(tls, &QSslSocket::sslErrors, this,
                [this](const QList<QSslError> &errors) { m_certificateErrors += errors; });
        tls->connectToHostEncrypted(m_root.host(), port);
    } else {
        connect(m_socket.get(), &QTcpSocket::connected, this, onOpened);
        m_socket->connectToHost(m_root.host(), port);
    }
}

bool UpstreamConnection::isIdleAndOpen() const
{
    return m_opened && m_done && m_reusable && !m_remoteClosed && !m_readPaused && m_pending.isEmpty()
        && m_socket->state() == QAbstractSocket::ConnectedState && m_socket->bytesAvailable() == 0;
}

void UpstreamConnection::beginExchange()
{
    m_done = m_interim = m_headRequest = m_reusable = false;
    m_parser.resume();
    touch();
}

QByteArray UpstreamConnection::hostField() const
{
    QByteArray host = m_root.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int port = m_root.port();
    if (port >= 0 && port != (m_tls ? 443 : 80))
        host += ':' + QByteArray::number(port);
    return host;
}

void UpstreamConnection::write(const QByteArray &bytes)
{
    write(bytes.constData(), bytes.size());
}

void UpstreamConnection::write(const char *data, qsizetype size)
{
    if (size <= 0 || !m_socket->isOpen())
        return;
    if (m_tls) {
        m_socket->write(data, size);
        return;
    }
    SocketSend::write(*m_socket, data, size);
    touch(); // what leaves directly emits no bytesWritten(), which would have counted
}

void UpstreamConnection::flush()
{
    m_socket->flush();
}

qint64 UpstreamConnection::bytesToWrite() const
{
    const qint64 queued = m_socket->bytesToWrite();
    return m_tls ? queued + static_cast<const QSslSocket *>(m_socket.get())->encryptedBytesToWrite() : queued;
}

void UpstreamConnection::setReadPaused(bool paused)
{
    if (m_readPaused == paused)
        return;
    m_readPaused = paused;
    if (paused) {
        m_parser.pause();
        m_silence.stop();
    } else if (!m_done) {
        m_parser.resume();
        touch();
        QMetaObject::invokeMethod(this, &UpstreamConnection::pump, Qt::QueuedConnection);
    }
}

void UpstreamConnection::onReadyRead()
{
    touch();
    pump();
}

// Feeds the parser until it pauses (the caller's side is full, or the answer is complete) or the socket
// has nothing more. A close seen earlier is acted on only once everything before it was consumed.
void UpstreamConnection::pump()
{
    while (!m_done && !m_readPaused) {
        // What is being fed is out of m_pending meanwhile: the answer may complete inside the feed, and the
        // connection is judged reusable (isIdleAndOpen) right then. Reads are no larger than what is there,
        // so that a small answer neither allocates a whole read chunk nor is copied out of the socket's buffer.
        QByteArray chunk = std::exchange(m_pending, {});
        if (chunk.isEmpty())
            chunk = m_socket->read(qMin(readChunk, m_socket->bytesAvailable()));
        if (chunk.isEmpty())
            break;
        const qsizetype consumed = m_parser.feed(chunk.constData(), chunk.size());
        if (consumed < chunk.size())
            m_pending = chunk.sliced(consumed);
        if (m_parser.hasError()) {
            fail(Failure::Malformed,
                 tr("The upstream's answer is not valid HTTP (%1).").arg(QString::fromLatin1(m_parser.errorText())));
            return;
        }
    }
    if (m_remoteClosed && !m_done && !m_readPaused && m_pending.isEmpty() && m_socket->bytesAvailable() == 0)
        onDisconnected();
}

void UpstreamConnection::onDisconnected()
{
    m_remoteClosed = true;
    if (m_done || m_readPaused || !m_pending.isEmpty() || m_socket->bytesAvailable() > 0)
        return;
    m_parser.finish(); // an answer delimited by the close ends here
    if (!m_done)
        fail(Failure::Broken, tr("The upstream closed the connection before its answer was complete."));
}

void UpstreamConnection::onErrorOccurred()
{
    const auto error = m_socket->error();
    if (error == QAbstractSocket::RemoteHostClosedError) {
        onDisconnected();
        return;
    }
    m_socketError = error;
    fail(m_opened ? Failure::Broken : Failure::Unreachable, m_socket->errorString());
}

// Something moved. The timer is not restarted each time (several times per exchange, each a timer
// unregistered and registered again): it runs on, and when it fires, it is re-armed for what is left.
void UpstreamConnection::touch()
{
    m_activity.start();
    if (!m_silence.isActive())
        m_silence.start(m_timeoutMs);
}

void UpstreamConnection::onSilence()
{
    const qint64 left = m_timeoutMs - m_activity.elapsed();
    if (left > 0) {
        m_silence.start(int(left));
        return;
    }
    fail(Failure::TimedOut, tr("The upstream sent nothing for %1 s.").arg(QLocale().toString(m_timeoutMs / 1000.0)));
}

void UpstreamConnection::fail(Failure failure, const QString &detail)
{
    if (m_done)
        return;
    m_done = true;
    m_reusable = false;
    m_silence.stop();
    m_socket->disconnect(this);
    m_socket->abort();
    Q_EMIT failed(failure, detail);
}
