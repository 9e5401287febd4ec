// PredictionClient's own HTTP/1.1 connections, against a keep-alive server written here so that the test
// decides what each connection does: requests past the connection limit wait for a free one and go on it
// (the server never sees more at once, and every connection carries several requests), and a kept-alive
// connection the server closes just as a request arrives costs a fetch nothing (sent again on a fresh
// connection), while a create, which must not be sent twice, fails with the reason.
#include "PredictionClient.h"
#include "PredictionWorker.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

namespace {

/// Reads HTTP/1.1 requests off keep-alive connections and lets the test answer each one (or not).
class KeepAliveServer final : public QTcpServer
{
public:
    struct Pending
    {
        QTcpSocket *socket = nullptr;
        QByteArray method;
        QByteArray target;
        int connection = 0;   ///< Which connection, counting from 1.
        int onConnection = 0; ///< Which request on that connection, counting from 1.
    };
    /// Called for each request as it arrives.
    std::function<void(const Pending &)> onRequest;

    KeepAliveServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                ++m_connections;
                socket->setProperty("connection", m_connections);
                socket->setProperty("served", 0);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    int connections() const { return m_connections; }
    int mostAtOnce() const { return m_mostAtOnce; }
    int waiting() const { return int(m_pending.size()); }
    int requests() const { return m_requests; }

    void answer(const Pending &pending, const QByteArray &body)
    {
        m_pending.removeIf([&](const Pending &other) { return other.socket == pending.socket; });
        pending.socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                              + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }
    void answerAll(const std::function<QByteArray(const Pending &)> &body)
    {
        const QList<Pending> pending = m_pending;
        for (const Pending &each : pending)
            answer(each, body(each));
    }
    /// Closes the request's connection without a word, as a server does with one it let sit idle too long.
    void closeWithoutAnswer(const Pending &pending)
    {
        m_pending.removeIf([&](const Pending &other) { return other.socket == pending.socket; });
        pending.socket->abort();
    }

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            qsizetype length = 0;
            for (const QByteArray &line : lines) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return;
            buffer.remove(0, end + 4 + length);
            const QList<QByteArray> start = lines.first().trimmed().split(' ');
            const int served = socket->property("served").toInt() + 1;
            socket->setProperty("served", served);
            const Pending pending{socket, start.value(0), start.value(1), socket->property("connection").toInt(),
                                  served};
            m_pending.append(pending);
            ++m_requests;
            m_mostAtOnce = std::max(m_mostAtOnce, int(m_pending.size()));
            if (onRequest)
                onRequest(pending);
        }
    }

    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Pending> m_pending;
    int m_connections = 0;
    int m_mostAtOnce = 0;
    int m_requests = 0;
};

QByteArray predictionFor(const QByteArray &target)
{
    QFile fixture(QStringLiteral(REPLIMON_FIXTURES_DIR "/prediction_seed_success.json"));
    if (!fixture.open(QIODevice::ReadOnly))
        return {};
    QJsonObject object = QJsonDocument::fromJson(fixture.readAll()).object();
    object.insert(QStringLiteral("id"), QString::fromLatin1(target.mid(target.lastIndexOf('/') + 1)));
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_PredictionTransport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void requestsPastTheLimitWaitForAFreeConnection();
    void closedKeptAliveConnectionIsSentAgainForAFetch();
    void closedKeptAliveConnectionFailsACreate();

private:
    std::unique_ptr<PredictionClient> newClient();
    /// The first request on each connection is answered; a second one on the same connection finds it
    /// closed, as if the server's idle timeout ran out just then.
    void closeEachConnectionAfterOneAnswer();

    QNetworkAccessManager m_nam;
    std::unique_ptr<KeepAliveServer> m_server;
};

void tst_PredictionTransport::init()
{
    m_server = std::make_unique<KeepAliveServer>();
    QVERIFY(m_server->listen(QHostAddress::LocalHost));
}

std::unique_ptr<PredictionClient> tst_PredictionTransport::newClient()
{
    auto client = std::make_unique<PredictionClient>(m_nam);
    const auto endpoint = ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom,
                                                QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server->serverPort()));
    if (endpoint)
        client->setEndpoint(endpoint.value());
    client->setApiKey(QStringLiteral("r8_transport_test_key"));
    return client;
}

void tst_PredictionTransport::closeEachConnectionAfterOneAnswer()
{
    m_server->onRequest = [this](const KeepAliveServer::Pending &pending) {
        if (pending.onConnection == 1)
            m_server->answer(pending, predictionFor(pending.target));
        else
            m_server->closeWithoutAnswer(pending);
    };
}

void tst_PredictionTransport::requestsPastTheLimitWaitForAFreeConnection()
{
    auto client = newClient();
    QSignalSpy received(client.get(), &PredictionClient::predictionReceived);
    QSignalSpy failed(client.get(), &PredictionClient::requestFailed);
    constexpr int count = 30;
    for (int i = 0; i < count; ++i)
        client->fetch(QStringLiteral("p%1").arg(i));

    // The server holds every answer: only the first six reach it, one per connection.
    QTRY_COMPARE(m_server->waiting(), PredictionWorker::maxConnections);
    QTest::qWait(200);
    QCOMPARE(m_server->waiting(), PredictionWorker::maxConnections);
    QCOMPARE(m_server->connections(), PredictionWorker::maxConnections);

    // From now on each answer lets the next request out, on the connection that carried it.
    m_server->answerAll([](const KeepAliveServer::Pending &pending) { return predictionFor(pending.target); });
    m_server->onRequest = [this](const KeepAliveServer::Pending &pending) {
        QTimer::singleShot(1, m_server.get(),
                           [this, pending] { m_server->answer(pending, predictionFor(pending.target)); });
    };
    QTRY_COMPARE(received.count(), count);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(m_server->requests(), count);
    QCOMPARE(m_server->mostAtOnce(), PredictionWorker::maxConnections);
    QCOMPARE(m_server->connections(), PredictionWorker::maxConnections);
    QCOMPARE(client->requestsInFlight(), 0);
    QStringList answered;
    for (const QList<QVariant> &arguments : std::as_const(received))
        answered.append(arguments.at(1).value<Prediction>().id());
    QCOMPARE(answered.size(), count);
    QCOMPARE(QSet<QString>(answered.cbegin(), answered.cend()).size(), count);
}

void tst_PredictionTransport::closedKeptAliveConnectionIsSentAgainForAFetch()
{
    auto client = newClient();
    QSignalSpy received(client.get(), &PredictionClient::predictionReceived);
    QSignalSpy failed(client.get(), &PredictionClient::requestFailed);
    closeEachConnectionAfterOneAnswer();
    client->fetch(QStringLiteral("first"));
    QTRY_COMPARE(received.count(), 1);
    client->fetch(QStringLiteral("second"));
    QTRY_COMPARE(received.count(), 2);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(received.at(1).at(1).value<Prediction>().id(), QStringLiteral("second"));
    // It went out twice: on the kept-alive connection, then on a new one.
    QCOMPARE(m_server->requests(), 3);
    QCOMPARE(m_server->connections(), 2);
}

void tst_PredictionTransport::closedKeptAliveConnectionFailsACreate()
{
    auto client = newClient();
    QSignalSpy received(client.get(), &PredictionClient::predictionReceived);
    QSignalSpy failed(client.get(), &PredictionClient::requestFailed);
    closeEachConnectionAfterOneAnswer();
    client->fetch(QStringLiteral("first"));
    QTRY_COMPARE(received.count(), 1);
    // The server may have acted on it before closing: a prediction created twice is paid for twice.
    client->create(QStringLiteral("black-forest-labs/flux-schnell"),
                   QJsonObject{{QStringLiteral("prompt"), QStringLiteral("a lighthouse")}});
    QTRY_COMPARE(failed.count(), 1);
    const auto error = failed.first().at(2).value<ApiError>();
    QCOMPARE(error.kind, ApiError::Kind::Network);
    QVERIFY2(error.message.contains(QStringLiteral("closed before the answer was complete")),
             qPrintable(error.message));
    QCOMPARE(m_server->requests(), 2);
    QCOMPARE(received.count(), 1);
}

QTEST_GUILESS_MAIN(tst_PredictionTransport)
#include "tst_predictiontransport.moc"
