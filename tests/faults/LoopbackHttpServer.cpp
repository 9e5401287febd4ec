#include "LoopbackHttpServer.h"

#include <QHostAddress>
#include <QSslSocket>

#include <memory>

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 404:
        return "Not Found";
    default:
        return "Status";
    }
}

} // namespace

LoopbackHttpServer::LoopbackHttpServer(QObject *parent)
    : QTcpServer(parent)
{
    m_handler = [](const Request &) { return Response{404, {}, QByteArrayLiteral("{\"detail\":\"Not found.\"}")}; };
}

void LoopbackHttpServer::setTls(const QSslCertificate &certificate, const QSslKey &key)
{
    m_certificate = certificate;
    m_key = key;
}

bool LoopbackHttpServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

void LoopbackHttpServer::clearRecords()
{
    m_requests.clear();
    m_connections = 0;
    m_failedHandshakes = 0;
}

void LoopbackHttpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    ++m_connections;
    const bool tls = !m_certificate.isNull();
    // Whether this connection got as far as an encrypted channel; a client that rejects the certificate
    // closes it before.
    auto encrypted = std::make_shared<bool>(false);
    connect(socket, &QSslSocket::encrypted, this, [encrypted] { *encrypted = true; });
    connect(socket, &QSslSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QSslSocket::disconnected, this, [this, socket, tls, encrypted] {
        m_buffers.remove(socket);
        if (tls && !*encrypted) {
            ++m_failedHandshakes;
            Q_EMIT handshakeFailed();
        }
        socket->deleteLater();
    });
    if (tls) {
        socket->setLocalCertificate(m_certificate);
        socket->setPrivateKey(m_key);
        socket->startServerEncryption();
    }
}

void LoopbackHttpServer::onReadyRead(QSslSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;

    Request request;
    request.encrypted = socket->isEncrypted();
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length").toLongLong();
    if (buffer.size() < headerEnd + 4 + length)
        return; // the rest of the body is still on its way
    request.body = buffer.mid(headerEnd + 4, length);
    m_buffers.remove(socket);

    m_requests.append(request);
    const Response response = m_handler(request);
    QByteArray raw = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    for (const auto &[name, value] : response.headers)
        raw += name + ": " + value + "\r\n";
    raw += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\nConnection: close\r\n\r\n";
    raw += response.body;
    socket->write(raw);
    socket->disconnectFromHost();
    Q_EMIT requestReceived();
}
