#include "UpstreamConnection.h"

#include <QLocale>
#include <QSslSocket>

namespace {

constexpr qint64 readChunk = 64 * 1024;

} // namespace

UpstreamConnection::UpstreamConnection(const QUrl &root, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_root(root)
    , m_socket(std::make_unique<QSslSocket>())
{
    m_socket->setReadBufferSize(readChunk);
    m_silence.setSingleShot(true);
    m_silence.setInterval(timeoutMs);
    connect(&m_silence, &QTimer::timeout, this, &UpstreamConnection::onSilence);
    connect(m_socket.get(), &QSslSocket::readyRead, this, &UpstreamConnection::onReadyRead);
    connect(m_socket.get(), &QSslSocket::disconnected, this, &UpstreamConnection::onDisconnected);
    connect(m_socket.get(), &QSslSocket::errorOccurred, this, &UpstreamConnection::onErrorOccurred);
    connect(m_socket.get(), &QSslSocket::bytesWritten, this, [this] {
        m_silence.start();
        Q_EMIT drained();
    });

    m_parser.onHead = [this](HttpHead &head) {
        m_silence.start();
        // 1xx answers (103 Early Hints; 100 never comes, Expect is not forwarded) are not passed on.
        m_interim = head.status >= 100 && head.status < 200;
        if (m_interim)
            return false;
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

UpstreamConnection::~UpstreamConnection()
{
    m_socket->disconnect(this);
    m_socket->abort();
}

void UpstreamConnection::open()
{
    const bool tls = m_root.scheme() == QLatin1String("https");
    const quint16 port = quint16(m_root.port(tls ? 443 : 80));
    m_silence.start();
    const auto onOpened = [this] {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // see CallerConnection
        m_opened = true;
        m_silence.start();
        Q_EMIT opened();
    };
    if (tls) {
        connect(m_socket.get(), &QSslSocket::encrypted, this, onOpened);
        m_socket->connectToHostEncrypted(m_root.host(), port);
    } else {
        connect(m_socket.get(), &QSslSocket::connected, this, onOpened);
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
    m_silence.start();
}

QByteArray UpstreamConnection::hostField() const
{
    const bool tls = m_root.scheme() == QLatin1String("https");
    QByteArray host = m_root.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int port = m_root.port();
    if (port >= 0 && port != (tls ? 443 : 80))
        host += ':' + QByteArray::number(port);
    return host;
}

void UpstreamConnection::write(const QByteArray &bytes)
{
    write(bytes.constData(), bytes.size());
}

void UpstreamConnection::write(const char *data, qsizetype size)
{
    if (size > 0 && m_socket->isOpen())
        m_socket->write(data, size);
}

void UpstreamConnection::flush()
{
    m_socket->flush();
}

qint64 UpstreamConnection::bytesToWrite() const
{
    return m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite();
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
        m_silence.start();
        QMetaObject::invokeMethod(this, &UpstreamConnection::pump, Qt::QueuedConnection);
    }
}

void UpstreamConnection::onReadyRead()
{
    m_silence.start();
    pump();
}

// Feeds the parser until it pauses (the caller's side is full, or the answer is complete) or the socket
// has nothing more. A close seen earlier is acted on only once everything before it was consumed.
void UpstreamConnection::pump()
{
    while (!m_done && !m_readPaused) {
        if (m_pending.isEmpty())
            m_pending = m_socket->read(readChunk);
        if (m_pending.isEmpty())
            break;
        const qsizetype consumed = m_parser.feed(m_pending.constData(), m_pending.size());
        m_pending.remove(0, consumed);
        if (m_parser.hasError()) {
            fail(Failure::Broken,
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
    fail(m_opened ? Failure::Broken : Failure::Unreachable, m_socket->errorString());
}

void UpstreamConnection::onSilence()
{
    fail(Failure::TimedOut,
         tr("The upstream sent nothing for %1 s.").arg(QLocale().toString(m_silence.interval() / 1000.0)));
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
