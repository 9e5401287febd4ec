#include "CaptureServer.h"

#include <utility>

#include <QTcpSocket>

#include "CallerConnection.h"
#include "UpstreamPool.h"

namespace {

// An IPv6 loopback that the system does not have (IPv6 off) is no reason to refuse to start; a taken port is.
bool ipv6Missing(const QTcpServer &server)
{
    const auto error = server.serverError();
    return error == QAbstractSocket::SocketAddressNotAvailableError
        || error == QAbstractSocket::UnsupportedSocketOperationError;
}

} // namespace

CaptureServer::CaptureServer(QObject *parent)
    : QObject(parent)
{
    m_flush.setSingleShot(true);
    m_flush.setInterval(0);
    connect(&m_flush, &QTimer::timeout, this, &CaptureServer::flushCaptured);
}

CaptureServer::~CaptureServer()
{
    close();
}

quint16 CaptureServer::port() const
{
    return m_ipv4 ? m_ipv4->serverPort() : 0;
}

Result<quint16, QString> CaptureServer::listen(const CaptureConfig &config)
{
    close();
    const QUrl root = config.upstreamRoot;
    const QString scheme = root.scheme();
    if (!root.isValid() || root.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) || root.hasQuery()
        || root.hasFragment())
        return tr("The upstream API root %1 is not an http(s) URL.").arg(root.toDisplayString());
    m_config = config;
    m_pool = std::make_unique<UpstreamPool>(config.upstreamRoot, config.upstreamTimeoutMs);

    // With port 0 the IPv4 side picks; should ::1 have that port taken already, pick again (a few times).
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_ipv4 = std::make_unique<QTcpServer>();
        m_ipv6 = std::make_unique<QTcpServer>();
        if (!m_ipv4->listen(QHostAddress::LocalHost, config.port)) {
            const QString why = m_ipv4->errorString();
            const bool taken = m_ipv4->serverError() == QAbstractSocket::AddressInUseError;
            close();
            if (taken)
                return tr("Port %1 is in use by another program. Choose another port in Settings → Capture, or "
                          "close the program using it.")
                    .arg(config.port);
            return tr("Cannot listen on 127.0.0.1:%1: %2").arg(config.port).arg(why);
        }
        if (m_ipv6->listen(QHostAddress::LocalHostIPv6, m_ipv4->serverPort()) || ipv6Missing(*m_ipv6))
            break;
        const QString why = m_ipv6->errorString();
        close();
        if (config.port != 0)
            return tr("Port %1 is in use by another program on [::1]. Choose another port in Settings → Capture, "
                      "or close the program using it.")
                .arg(config.port);
        if (attempt == 4)
            return tr("Cannot listen on [::1]: %1").arg(why);
    }
    for (QTcpServer *server : {m_ipv4.get(), m_ipv6.get()}) {
        connect(server, &QTcpServer::newConnection, this, [this, server] { onNewConnection(server); });
    }
    return port();
}

void CaptureServer::close()
{
    flushCaptured(); // answers already forwarded are still reported
    m_ipv4.reset();
    m_ipv6.reset();
    const QList<CallerConnection *> connections = std::exchange(m_connections, {});
    qDeleteAll(connections);
    m_pool.reset();
}

void CaptureServer::onNewConnection(QTcpServer *server)
{
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        auto *connection = new CallerConnection(socket, m_config, *m_pool, this);
        m_connections.append(connection);
        connect(connection, &CallerConnection::answerCaptured, this, &CaptureServer::onAnswerCaptured);
        connect(connection, &CallerConnection::closed, this, [this, connection] { onConnectionClosed(connection); });
    }
}

void CaptureServer::onConnectionClosed(CallerConnection *connection)
{
    if (m_connections.removeOne(connection))
        connection->deleteLater();
}

void CaptureServer::onAnswerCaptured(const CapturedAnswer &answer)
{
    m_captured.append(answer);
    if (!m_flush.isActive())
        m_flush.start();
}

void CaptureServer::flushCaptured()
{
    m_flush.stop();
    if (!m_captured.isEmpty())
        Q_EMIT answersCaptured(std::exchange(m_captured, {}));
}
