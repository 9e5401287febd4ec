#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>

#include <functional>

class QSslSocket;

/// A minimal HTTP/1.1 server on loopback for the TLS tests, plain or TLS.
///
/// It records every request it parses (headers included, which replimon-sim only reports as "present"),
/// how many connections arrived and how many TLS handshakes failed, and answers through a handler the
/// test sets. One request per connection (`Connection: close`), so each redirect or retry is a new
/// connection and a new handshake.
class LoopbackHttpServer final : public QTcpServer
{
    Q_OBJECT

public:
    struct Request
    {
        bool encrypted = false;
        QByteArray method;
        QByteArray target;                     ///< Path and query as sent.
        QHash<QByteArray, QByteArray> headers; ///< Names in lower case.
        QByteArray body;
    };
    struct Response
    {
        int status = 200;
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;
    };
    using Handler = std::function<Response(const Request &)>;

    explicit LoopbackHttpServer(QObject *parent = nullptr);

    /// Every later connection must complete a TLS handshake with this certificate first.
    void setTls(const QSslCertificate &certificate, const QSslKey &key);
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    /// Listens on 127.0.0.1 at a free port.
    bool start();
    quint16 boundPort() const { return serverPort(); }

    const QList<Request> &requests() const { return m_requests; }
    int connectionCount() const { return m_connections; }
    int failedHandshakes() const { return m_failedHandshakes; }
    void clearRecords();

Q_SIGNALS:
    void requestReceived();
    void handshakeFailed();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void onReadyRead(QSslSocket *socket);

    QSslCertificate m_certificate;
    QSslKey m_key;
    Handler m_handler;
    QList<Request> m_requests;
    QHash<QSslSocket *, QByteArray> m_buffers;
    int m_connections = 0;
    int m_failedHandshakes = 0;
};
