// PredictionClient against replimon-sim over loopback HTTP: every error kind end to end, the key's
// confinement to the API origin, and retry timing read back from the simulator's request log.
#include "PredictionClient.h"
#include "RetryPolicy.h"
#include "SimProcess.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace std::chrono_literals;

class tst_PredictionClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void fetchSucceeded();
    void fetchUnderRelayPrefix();
    void unauthorizedCarriesServerDetail();
    void missingKeySendsNoHeader();
    void notFound();
    void rateLimited_data();
    void rateLimited();
    void serverErrorThenSuccess();
    void badResponses_data();
    void badResponses();
    void bodyOverCapIsRefused();
    void endlessBodyWithoutLengthIsCut();
    void droppedConnectionIsNetwork();
    void connectionRefusedIsNetwork();
    void stallTimesOutAndDiffersFromAbort();
    void crossHostRedirectIsNotFollowed();
    void optionalEndpointsReportNotSupported();
    void listFollowsCursorOnOurRoot();
    void createValidatesInput();
    void retryAfterHonouredByRetryLoop();
    void changingKeyAbortsInFlight();

private:
    struct Outcome
    {
        bool ok = false;
        Prediction prediction;
        ApiError error;
    };
    Outcome fetchOnce(const QString &id);
    QStringList createOne(const QJsonObject &spec = {});

    SimProcess m_sim;
    QNetworkAccessManager m_nam;
    std::unique_ptr<PredictionClient> m_client;
};

void tst_PredictionClient::initTestCase()
{
    QVERIFY2(m_sim.start(), "replimon-sim did not start");
}

void tst_PredictionClient::init()
{
    QVERIFY(m_sim.clearFaults());
    QVERIFY(m_sim.clearLog());
    m_client = std::make_unique<PredictionClient>(m_nam);
    auto endpoint = ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom, m_sim.apiRoot().toString());
    QVERIFY(endpoint);
    m_client->setEndpoint(endpoint.value());
    m_client->setApiKey(m_sim.token());
}

QStringList tst_PredictionClient::createOne(const QJsonObject &spec)
{
    QJsonObject s = spec;
    if (!s.contains(QStringLiteral("queue_ms")))
        s.insert(QStringLiteral("queue_ms"), 0);
    if (!s.contains(QStringLiteral("run_ms")))
        s.insert(QStringLiteral("run_ms"), 0);
    return m_sim.createPredictions(s);
}

tst_PredictionClient::Outcome tst_PredictionClient::fetchOnce(const QString &id)
{
    QSignalSpy received(m_client.get(), &PredictionClient::predictionReceived);
    QSignalSpy failed(m_client.get(), &PredictionClient::requestFailed);
    const auto requestId = m_client->fetch(id);
    Outcome outcome;
    if (!QTest::qWaitFor([&] { return received.count() + failed.count() > 0; }, 15000))
        return outcome;
    if (!received.isEmpty()) {
        outcome.ok = received.first().at(0).value<PredictionClient::RequestId>() == requestId;
        outcome.prediction = received.first().at(1).value<Prediction>();
    } else {
        outcome.error = failed.first().at(2).value<ApiError>();
    }
    return outcome;
}

void tst_PredictionClient::fetchSucceeded()
{
    const QStringList ids = createOne({{QStringLiteral("prompt"), QStringLiteral("a red fox")}});
    QCOMPARE(ids.size(), 1);
    const Outcome outcome = fetchOnce(ids.first());
    QVERIFY(outcome.ok);
    QCOMPARE(outcome.prediction.id(), ids.first());
    QCOMPARE(outcome.prediction.status(), PredictionStatus::Succeeded);
    QCOMPARE(outcome.prediction.prompt(), QStringLiteral("a red fox"));
    QVERIFY(!outcome.prediction.outputUrls().isEmpty());
    QVERIFY(outcome.prediction.completedAt().isValid());

    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 1);
    const QJsonObject entry = log.first().toObject();
    QCOMPARE(entry.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), QStringLiteral("/v1/predictions/") + ids.first());
    QVERIFY(entry.value(QStringLiteral("authorization")).toBool());
    // The seeds' Accept, and a User-Agent that names us and our version (servers log it; relays rate by it).
    QCOMPARE(entry.value(QStringLiteral("accept")).toString(), QStringLiteral("application/json"));
    QCOMPARE(entry.value(QStringLiteral("user_agent")).toString(), QString::fromLatin1(PredictionClient::userAgent()));
    QVERIFY2(entry.value(QStringLiteral("user_agent"))
                 .toString()
                 .startsWith(QStringLiteral("Replimon/" REPLIMON_VERSION " ")),
             qPrintable(entry.value(QStringLiteral("user_agent")).toString()));
}

void tst_PredictionClient::fetchUnderRelayPrefix()
{
    auto endpoint = ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom,
                                          m_sim.apiRoot(QStringLiteral("/replicate/v1")).toString());
    QVERIFY(endpoint);
    m_client->setEndpoint(endpoint.value());
    const QStringList ids = createOne();
    const Outcome outcome = fetchOnce(ids.first());
    QVERIFY(outcome.ok);
    QCOMPARE(m_sim.requestLog().first().toObject().value(QStringLiteral("path")).toString(),
             QStringLiteral("/replicate/v1/predictions/") + ids.first());
}

void tst_PredictionClient::unauthorizedCarriesServerDetail()
{
    const QStringList ids = createOne();
    m_client->setApiKey(QStringLiteral("wrong-key"));
    const Outcome outcome = fetchOnce(ids.first());
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.error.kind, ApiError::Kind::Unauthorized);
    QCOMPARE(outcome.error.httpStatus, 401);
    QCOMPARE(outcome.error.message, QStringLiteral("You did not pass a valid authentication token"));
}

void tst_PredictionClient::missingKeySendsNoHeader()
{
    const QStringList ids = createOne();
    m_client->setApiKey(QString());
    QVERIFY(!m_client->hasApiKey());
    const Outcome outcome = fetchOnce(ids.first());
    QCOMPARE(outcome.error.kind, ApiError::Kind::Unauthorized);
    QVERIFY(!m_sim.requestLog().first().toObject().value(QStringLiteral("authorization")).toBool());
}

void tst_PredictionClient::notFound()
{
    const Outcome outcome = fetchOnce(QStringLiteral("zzzzzzzzzzzzzzzzzzzzzzzzz9"));
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.error.kind, ApiError::Kind::NotFound);
    QCOMPARE(outcome.error.message, QStringLiteral("The requested resource could not be found."));
}

void tst_PredictionClient::rateLimited_data()
{
    QTest::addColumn<QJsonObject>("rule");
    QTest::addColumn<qint64>("minimumMs");
    QTest::addColumn<qint64>("maximumMs");

    QTest::newRow("seconds") << QJsonObject{{QStringLiteral("retry_after"), QStringLiteral("7")}} << qint64(7000)
                             << qint64(7000);
    QTest::newRow("http-date") << QJsonObject{{QStringLiteral("retry_after"), QStringLiteral("http-date:+30")}}
                               << qint64(27000) << qint64(31000);
    QTest::newRow("body") << QJsonObject{{QStringLiteral("body_retry_after"), 5}} << qint64(5000) << qint64(5000);
}

void tst_PredictionClient::rateLimited()
{
    QFETCH(QJsonObject, rule);
    QFETCH(qint64, minimumMs);
    QFETCH(qint64, maximumMs);
    const QStringList ids = createOne();
    rule.insert(QStringLiteral("kind"), QStringLiteral("status"));
    rule.insert(QStringLiteral("status"), 429);
    QVERIFY(m_sim.setFaults({rule}));

    const Outcome outcome = fetchOnce(ids.first());
    QCOMPARE(outcome.error.kind, ApiError::Kind::RateLimited);
    QCOMPARE(outcome.error.httpStatus, 429);
    QVERIFY(outcome.error.retryAfter.has_value());
    QCOMPARE_GE(outcome.error.retryAfter->count(), minimumMs);
    QCOMPARE_LE(outcome.error.retryAfter->count(), maximumMs);
    QVERIFY(outcome.error.message.contains(QStringLiteral("throttled")));
}

void tst_PredictionClient::serverErrorThenSuccess()
{
    const QStringList ids = createOne();
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 500},
                                         {QStringLiteral("count"), 1}}}));
    const Outcome first = fetchOnce(ids.first());
    QCOMPARE(first.error.kind, ApiError::Kind::Server);
    QCOMPARE(first.error.httpStatus, 500);
    QVERIFY(first.error.isTransient());
    const Outcome second = fetchOnce(ids.first());
    QVERIFY(second.ok);
    QCOMPARE(second.prediction.status(), PredictionStatus::Succeeded);
}

void tst_PredictionClient::badResponses_data()
{
    QTest::addColumn<QJsonObject>("rule");
    QTest::addColumn<int>("expectedKind");
    QTest::addColumn<QString>("messagePart");

    const auto rule = [](const char *kind) { return QJsonObject{{QStringLiteral("kind"), QLatin1String(kind)}}; };
    QTest::newRow("malformed") << rule("malformed") << int(ApiError::Kind::BadResponse) << QStringLiteral("JSON");
    QTest::newRow("wrong-schema") << rule("wrong_schema") << int(ApiError::Kind::BadResponse)
                                  << QStringLiteral("not a prediction");
    QTest::newRow("html-502") << rule("not_json") << int(ApiError::Kind::Server) << QStringLiteral("502");
}

void tst_PredictionClient::badResponses()
{
    QFETCH(QJsonObject, rule);
    QFETCH(int, expectedKind);
    QFETCH(QString, messagePart);
    const QStringList ids = createOne();
    QVERIFY(m_sim.setFaults({rule}));
    const Outcome outcome = fetchOnce(ids.first());
    QVERIFY(!outcome.ok);
    QCOMPARE(int(outcome.error.kind), expectedKind);
    QVERIFY2(outcome.error.message.contains(messagePart, Qt::CaseInsensitive), qPrintable(outcome.error.message));
}

void tst_PredictionClient::bodyOverCapIsRefused()
{
    const QStringList ids = createOne();
    m_client->setMaxBodyBytes(64);
    const Outcome outcome = fetchOnce(ids.first());
    QCOMPARE(outcome.error.kind, ApiError::Kind::BadResponse);
    QVERIFY(outcome.error.message.contains(QStringLiteral("larger")));
}

void tst_PredictionClient::endlessBodyWithoutLengthIsCut()
{
    // A server that announces no length and never stops: the cap must end it as the bytes arrive, not
    // after they have all been buffered.
    constexpr qint64 cap = 1024 * 1024;
    constexpr qint64 offered = 256 * 1024 * 1024;
    qint64 sent = 0;
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    connect(&server, &QTcpServer::newConnection, this, [&server, &sent] {
        QTcpSocket *socket = server.nextPendingConnection();
        const auto feed = [socket, &sent] {
            // Keep a little queued, like a server writing as the socket drains.
            if (socket->state() != QAbstractSocket::ConnectedState || sent >= offered || socket->bytesToWrite() > 0)
                return;
            const QByteArray chunk(64 * 1024, ' ');
            sent += socket->write(chunk);
        };
        connect(socket, &QTcpSocket::readyRead, socket, [socket, feed] {
            if (!socket->readAll().contains("\r\n\r\n"))
                return;
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"id\": \"");
            feed();
        });
        connect(socket, &QTcpSocket::bytesWritten, socket, feed);
    });

    auto endpoint = ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom,
                                          QStringLiteral("http://127.0.0.1:%1/v1").arg(server.serverPort()));
    QVERIFY(endpoint);
    m_client->setEndpoint(endpoint.value());
    m_client->setMaxBodyBytes(cap);
    const Outcome outcome = fetchOnce(QStringLiteral("endless0000000000000000000"));
    QCOMPARE(outcome.error.kind, ApiError::Kind::BadResponse);
    QVERIFY2(outcome.error.message.contains(QStringLiteral("larger")), qPrintable(outcome.error.message));
    qInfo("the server had sent %lld bytes when the client hung up (cap %lld)", sent, cap);
    QCOMPARE_LT(sent, 16 * cap);
}

void tst_PredictionClient::droppedConnectionIsNetwork()
{
    const QStringList ids = createOne();
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("drop")}}}));
    const Outcome outcome = fetchOnce(ids.first());
    QCOMPARE(outcome.error.kind, ApiError::Kind::Network);
    QVERIFY(outcome.error.isTransient());
}

void tst_PredictionClient::connectionRefusedIsNetwork()
{
    // A port that was free a moment ago: nothing listens there now.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    auto endpoint = ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom,
                                          QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
    QVERIFY(endpoint);
    m_client->setEndpoint(endpoint.value());
    const Outcome outcome = fetchOnce(QStringLiteral("abcdefghij0123456789abcdef"));
    QCOMPARE(outcome.error.kind, ApiError::Kind::Network);
    QCOMPARE(outcome.error.httpStatus, 0);
}

void tst_PredictionClient::stallTimesOutAndDiffersFromAbort()
{
    const QStringList ids = createOne();
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("stall")},
                                         {QStringLiteral("phase"), QStringLiteral("body")}}}));
    QCOMPARE(m_client->transferTimeout(), 30s);
    m_client->setTransferTimeout(400ms);
    const Outcome timedOut = fetchOnce(ids.first());
    QCOMPARE(timedOut.error.kind, ApiError::Kind::Timeout);

    // The same stall, ended by us: Canceled, not Timeout.
    m_client->setTransferTimeout(30s);
    QSignalSpy failed(m_client.get(), &PredictionClient::requestFailed);
    const auto requestId = m_client->fetch(ids.first());
    QCOMPARE(m_client->requestsInFlight(), 1);
    QTest::qWait(100);
    m_client->abort(requestId);
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(2).value<ApiError>().kind, ApiError::Kind::Canceled);
    QCOMPARE(m_client->requestsInFlight(), 0);
}

void tst_PredictionClient::crossHostRedirectIsNotFollowed()
{
    const QStringList ids = createOne();
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("redirect")}}}));
    const Outcome outcome = fetchOnce(ids.first());
    QCOMPARE(outcome.error.kind, ApiError::Kind::BadResponse);
    QVERIFY(outcome.error.message.contains(m_sim.secondHost().host()));

    // Nothing reached the second host: the key could not have gone there.
    const QJsonArray log = m_sim.requestLog();
    for (const QJsonValue &value : log) {
        const QJsonObject entry = value.toObject();
        QVERIFY2(!entry.value(QStringLiteral("host")).toString().contains(m_sim.secondHost().host()),
                 "a request reached the second host");
    }
}

void tst_PredictionClient::optionalEndpointsReportNotSupported()
{
    const QStringList ids = createOne({{QStringLiteral("run_ms"), 60000}});
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 404},
                                         {QStringLiteral("path"), QStringLiteral("/cancel")}},
                             QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 405},
                                         {QStringLiteral("method"), QStringLiteral("GET")},
                                         {QStringLiteral("path"), QStringLiteral("/v1/predictions")}}}));
    QSignalSpy failed(m_client.get(), &PredictionClient::requestFailed);
    m_client->cancel(ids.first());
    m_client->list();
    QTRY_COMPARE(failed.count(), 2);
    QCOMPARE(failed.at(0).at(2).value<ApiError>().kind, ApiError::Kind::NotSupported);
    QCOMPARE(failed.at(1).at(2).value<ApiError>().kind, ApiError::Kind::NotSupported);
}

void tst_PredictionClient::listFollowsCursorOnOurRoot()
{
    QVERIFY(m_sim.reset());
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("count"), 150}});
    QCOMPARE(ids.size(), 150);
    QSignalSpy pages(m_client.get(), &PredictionClient::pageReceived);
    m_client->list();
    QTRY_COMPARE(pages.count(), 1);
    const auto first = pages.first().at(1).value<PredictionPage>();
    QCOMPARE(first.predictions.size(), 100);
    QVERIFY(!first.nextCursor.isEmpty());
    m_client->list(first.nextCursor);
    QTRY_COMPARE(pages.count(), 2);
    const auto second = pages.at(1).at(1).value<PredictionPage>();
    QCOMPARE(second.predictions.size(), 50);
    QVERIFY(second.nextCursor.isEmpty());
    QSet<QString> seen;
    for (const auto &page : {first, second}) {
        for (const Prediction &p : page.predictions)
            seen.insert(p.id());
    }
    QCOMPARE(seen.size(), 150);
}

void tst_PredictionClient::createValidatesInput()
{
    QSignalSpy received(m_client.get(), &PredictionClient::predictionReceived);
    QSignalSpy failed(m_client.get(), &PredictionClient::requestFailed);
    m_client->create(QStringLiteral("black-forest-labs/flux-kontext-pro"),
                     {{QStringLiteral("prompt"), QStringLiteral("a lighthouse")},
                      {QStringLiteral("output_format"), QStringLiteral("tiff")}});
    QTRY_COMPARE(failed.count(), 1);
    const ApiError error = failed.first().at(2).value<ApiError>();
    QCOMPARE(error.kind, ApiError::Kind::InvalidInput);
    QVERIFY(error.message.contains(QStringLiteral("output_format")));
    // Field by field, as Replicate's invalid_fields give them.
    QCOMPARE(error.invalidFields.size(), 1);
    QCOMPARE(error.invalidFields.first().field, QStringLiteral("input.output_format"));
    QCOMPARE(error.invalidFields.first().type, QStringLiteral("enum"));
    QVERIFY(error.invalidFields.first().description.contains(QStringLiteral("png")));
    QVERIFY(!error.isTransient());

    // No balance left: its own kind, never retried.
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 402},
                                         {QStringLiteral("method"), QStringLiteral("POST")},
                                         {QStringLiteral("count"), 1}}}));
    m_client->create(QStringLiteral("black-forest-labs/flux-kontext-pro"),
                     {{QStringLiteral("prompt"), QStringLiteral("a lighthouse")}});
    QTRY_COMPARE(failed.count(), 2);
    const ApiError noBalance = failed.at(1).at(2).value<ApiError>();
    QCOMPARE(noBalance.kind, ApiError::Kind::PaymentRequired);
    QCOMPARE(noBalance.httpStatus, 402);
    QVERIFY(!noBalance.isTransient());
    QVERIFY(!RetryPolicy().delayAfter(noBalance, 1).has_value());

    m_client->create(QStringLiteral("black-forest-labs/flux-kontext-pro"),
                     {{QStringLiteral("prompt"), QStringLiteral("a lighthouse")}});
    QTRY_COMPARE(received.count(), 1);
    const auto prediction = received.first().at(1).value<Prediction>();
    QCOMPARE(prediction.status(), PredictionStatus::Starting);
    QCOMPARE(prediction.prompt(), QStringLiteral("a lighthouse"));
}

void tst_PredictionClient::retryAfterHonouredByRetryLoop()
{
    const QStringList ids = createOne();
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 429},
                                         {QStringLiteral("retry_after"), QStringLiteral("1")},
                                         {QStringLiteral("count"), 2}}}));
    const RetryPolicy policy;
    int attempt = 0;
    Outcome outcome;
    for (;;) {
        outcome = fetchOnce(ids.first());
        if (outcome.ok)
            break;
        const auto delay = policy.delayAfter(outcome.error, ++attempt);
        QVERIFY(delay.has_value());
        QCOMPARE(delay->count(), 1000);
        QTest::qWait(int(delay->count()));
    }
    QCOMPARE(attempt, 2);
    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 3);
    for (int i = 1; i < log.size(); ++i) {
        const qint64 gap = log.at(i).toObject().value(QStringLiteral("t_ms")).toInteger()
            - log.at(i - 1).toObject().value(QStringLiteral("t_ms")).toInteger();
        QCOMPARE_GE(gap, 1000);
    }
}

void tst_PredictionClient::changingKeyAbortsInFlight()
{
    const QStringList ids = createOne();
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{QStringLiteral("kind"), QStringLiteral("latency")}, {QStringLiteral("ms"), 2000}}}));
    QSignalSpy failed(m_client.get(), &PredictionClient::requestFailed);
    m_client->fetch(ids.first());
    m_client->setApiKey(QStringLiteral("another-key"));
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(2).value<ApiError>().kind, ApiError::Kind::Canceled);
}

QTEST_GUILESS_MAIN(tst_PredictionClient)
#include "tst_predictionclient.moc"
