// The capture endpoint when things go wrong: refusals (it is not an open proxy), CORS only for listed origins,
// an upstream that is down, silent or cut mid-answer, callers that leave mid-upload or mid-download, and a
// 200 MB answer passing with bounded memory.
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include "CaptureService.h"
#include "CaptureTestSupport.h"
#include "SimProcess.h"

namespace {

/// A TCP relay in front of the sim that counts the connections made to it: how many upstream connections
/// the endpoint opened.
class CountingRelay final : public QObject
{
public:
    explicit CountingRelay(const QUrl &target)
        : m_target(target)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &CountingRelay::accept);
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    quint16 port() const { return m_server.serverPort(); }
    int accepted() const { return m_accepted; }

private:
    void accept()
    {
        while (QTcpSocket *inbound = m_server.nextPendingConnection()) {
            ++m_accepted;
            auto *outbound = new QTcpSocket(inbound);
            connect(inbound, &QTcpSocket::readyRead, outbound,
                    [inbound, outbound] { outbound->write(inbound->readAll()); });
            connect(outbound, &QTcpSocket::readyRead, inbound,
                    [inbound, outbound] { inbound->write(outbound->readAll()); });
            connect(inbound, &QTcpSocket::disconnected, inbound, &QObject::deleteLater);
            connect(outbound, &QTcpSocket::disconnected, inbound, &QTcpSocket::disconnectFromHost);
            outbound->connectToHost(m_target.host(), quint16(m_target.port()));
        }
    }

    QUrl m_target;
    QTcpServer m_server;
    int m_accepted = 0;
};

} // namespace

class tst_CaptureFaults final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void refusals_data();
    void refusals();
    void corsOnlyForListedOrigins();
    void upstreamDown();
    void upstreamSilent();
    void upstreamResetMidBody();
    void callerGoneMidUpload();
    void callerGoneMidDownload();
    void largeAnswerBoundedMemory();
    void upstreamConnectionsArePooled();

private:
    static CaptureConfig configFor(const QUrl &root)
    {
        CaptureConfig config;
        config.port = 0;
        config.upstreamRoot = root;
        return config;
    }
    QString url(const CaptureService &service, const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:") + QString::number(service.port()) + path;
    }
    void verifyStillServing();

    SimProcess m_sim;
    CaptureService m_api;   ///< upstream: the sim's /v1 root
    CaptureService m_files; ///< upstream: the sim's origin, so that /v1/files/blob/N reaches its blobs
    QString m_id;
};

void tst_CaptureFaults::initTestCase()
{
    QVERIFY(m_sim.start({QStringLiteral("--queue-ms"), QStringLiteral("600000")}));
    CaptureConfig api = configFor(m_sim.apiRoot());
    api.upstreamTimeoutMs = 1000;
    QVERIFY(m_api.start(api).ok());
    QVERIFY(m_files.start(configFor(m_sim.origin())).ok());
    const QStringList ids = m_sim.createPredictions();
    QCOMPARE(ids.size(), 1);
    m_id = ids.first();
}

void tst_CaptureFaults::verifyStillServing()
{
    const CurlResult after = runCurl({url(m_api, QStringLiteral("/v1/predictions/") + m_id)}, m_sim.token());
    QVERIFY2(after.heads.startsWith("HTTP/1.1 200"), after.heads.constData());
    QTRY_COMPARE(m_api.connectionCount(), 0);
    QTRY_COMPARE(m_files.connectionCount(), 0);
}

void tst_CaptureFaults::refusals_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray loopback = "Host: 127.0.0.1\r\n";
    QTest::newRow("foreign host (DNS rebinding)")
        << QByteArray("GET /v1/predictions HTTP/1.1\r\nHost: attacker.example:5088\r\n\r\n") << 421;
    QTest::newRow("no host") << QByteArray("GET /v1/predictions HTTP/1.0\r\n\r\n") << 421;
    QTest::newRow("absolute-form") << "GET http://127.0.0.1/v1/predictions HTTP/1.1\r\n" + loopback + "\r\n" << 400;
    QTest::newRow("CONNECT") << "CONNECT api.replicate.com:443 HTTP/1.1\r\n" + loopback + "\r\n" << 405;
    QTest::newRow("outside the roots") << "GET /_sim/log HTTP/1.1\r\n" + loopback + "\r\n" << 404;
    QTest::newRow("root prefix only") << "GET /v1x/predictions HTTP/1.1\r\n" + loopback + "\r\n" << 404;
    QTest::newRow("dot segments") << "GET /v1/../_sim/log HTTP/1.1\r\n" + loopback + "\r\n" << 400;
    QTest::newRow("encoded dot segments") << "GET /v1/%2E%2e/_sim/log HTTP/1.1\r\n" + loopback + "\r\n" << 400;
    QTest::newRow("origin not listed") << "GET /v1/predictions HTTP/1.1\r\n" + loopback
            + "Origin: https://attacker.example\r\n\r\n"
                                       << 403;
    QTest::newRow("upgrade") << "GET /v1/predictions HTTP/1.1\r\n" + loopback
            + "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
                             << 400;
    QTest::newRow("expectation") << "POST /v1/predictions HTTP/1.1\r\n" + loopback
            + "Expect: something-else\r\nContent-Length: 2\r\n\r\n{}"
                                 << 417;
}

void tst_CaptureFaults::refusals()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QVERIFY(m_sim.clearLog());
    const QByteArray answer = rawExchange(m_api.port(), request);
    QVERIFY2(answer.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ')), answer.constData());
    QVERIFY(answer.contains("Content-Type: application/problem+json\r\n"));
    QVERIFY(!answer.contains("Access-Control"));
    const QJsonObject problem = QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
    QCOMPARE(problem.value(QLatin1String("status")).toInt(), status);
    QVERIFY(!problem.value(QLatin1String("detail")).toString().isEmpty());
    QCOMPARE(m_sim.requestLog().size(), 0); // nothing went upstream
}

void tst_CaptureFaults::corsOnlyForListedOrigins()
{
    const QString origin = QStringLiteral("https://app.example");
    CaptureService cors;
    CaptureConfig config = configFor(m_sim.apiRoot());
    config.allowedOrigins = {origin};
    QVERIFY(cors.start(config).ok());
    const CurlResult preflight = runCurl({QStringLiteral("-X"), QStringLiteral("OPTIONS"), QStringLiteral("-H"),
                                          QStringLiteral("Origin: ") + origin, QStringLiteral("-H"),
                                          QStringLiteral("Access-Control-Request-Method: POST"), QStringLiteral("-H"),
                                          QStringLiteral("Access-Control-Request-Headers: authorization"),
                                          url(cors, QStringLiteral("/v1/predictions"))});
    QVERIFY2(preflight.heads.startsWith("HTTP/1.1 204"), preflight.heads.constData());
    QVERIFY(preflight.heads.contains("Access-Control-Allow-Origin: https://app.example\r\n"));
    QVERIFY(preflight.heads.contains("Access-Control-Allow-Headers: authorization\r\n"));
    const CurlResult get = runCurl({QStringLiteral("-H"), QStringLiteral("Origin: ") + origin,
                                    url(cors, QStringLiteral("/v1/predictions/") + m_id)},
                                   m_sim.token());
    QVERIFY(get.heads.startsWith("HTTP/1.1 200"));
    QVERIFY(get.heads.contains("Access-Control-Allow-Origin: https://app.example\r\n"));
    // Without an Origin, or on an endpoint with no list: no CORS field at all.
    const CurlResult plain = runCurl({url(m_api, QStringLiteral("/v1/predictions/") + m_id)}, m_sim.token());
    QVERIFY(plain.heads.startsWith("HTTP/1.1 200"));
    QVERIFY(!plain.heads.contains("Access-Control"));
}

void tst_CaptureFaults::upstreamDown()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    CaptureService down;
    QVERIFY(down.start(configFor(QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port)))).ok());
    const CurlResult result = runCurl({url(down, QStringLiteral("/v1/predictions/") + m_id)}, m_sim.token());
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.heads.startsWith("HTTP/1.1 502 "), result.heads.constData());
    QVERIFY(result.heads.contains("Content-Type: application/problem+json"));
    QCOMPARE(QJsonDocument::fromJson(result.body).object().value(QLatin1String("title")).toString(),
             QStringLiteral("Upstream unreachable"));
}

void tst_CaptureFaults::upstreamSilent()
{
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{QStringLiteral("kind"), QStringLiteral("stall")}, {QStringLiteral("count"), 1}}}));
    QElapsedTimer clock;
    clock.start();
    const CurlResult result = runCurl({url(m_api, QStringLiteral("/v1/predictions/") + m_id)}, m_sim.token());
    QVERIFY2(result.heads.startsWith("HTTP/1.1 504 "), result.heads.constData());
    QCOMPARE(QJsonDocument::fromJson(result.body).object().value(QLatin1String("title")).toString(),
             QStringLiteral("Upstream timed out"));
    QVERIFY(clock.elapsed() < 10000);
    QVERIFY(m_sim.clearFaults());
    verifyStillServing();
}

void tst_CaptureFaults::upstreamResetMidBody()
{
    QVERIFY(
        m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("drop")}, {QStringLiteral("count"), 1}}}));
    const CurlResult result = runCurl({url(m_api, QStringLiteral("/v1/predictions/") + m_id)}, m_sim.token());
    // The head had gone out: the caller sees the body cut short, as it was (curl: 18, partial file).
    QVERIFY2(result.heads.startsWith("HTTP/1.1 200 "), result.heads.constData());
    QCOMPARE(result.exitCode, 18);
    QVERIFY(m_sim.clearFaults());
    verifyStillServing();
}

void tst_CaptureFaults::callerGoneMidUpload()
{
    QTcpSocket caller;
    caller.connectToHost(QStringLiteral("127.0.0.1"), m_api.port());
    QVERIFY(caller.waitForConnected(5000));
    caller.write("POST /v1/predictions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Content-Length: 8388608\r\n\r\n{\"input\": \"");
    caller.write(QByteArray(1024 * 1024, 'x'));
    QVERIFY(caller.waitForBytesWritten(5000));
    QTest::qWait(300);
    caller.abort();
    QTRY_COMPARE(m_api.connectionCount(), 0);
    verifyStillServing();
}

void tst_CaptureFaults::callerGoneMidDownload()
{
    QVERIFY(m_sim.clearLog());
    QTcpSocket caller;
    caller.connectToHost(QStringLiteral("127.0.0.1"), m_files.port());
    QVERIFY(caller.waitForConnected(5000));
    caller.write("GET /v1/files/blob/1073741824 HTTP/1.1\r\nHost: localhost\r\n\r\n");
    qint64 received = 0;
    while (received < 4 * 1024 * 1024 && caller.waitForReadyRead(5000))
        received += caller.readAll().size();
    QVERIFY(received >= 4 * 1024 * 1024);
    caller.abort();
    QTRY_COMPARE(m_files.connectionCount(), 0);
    // The upstream connection went with it: the sim saw its blob request end.
    QTRY_VERIFY(!m_sim.requestLog().isEmpty()
                && !m_sim.requestLog().last().toObject().value(QLatin1String("done_ms")).isNull());
    verifyStillServing();
}

void tst_CaptureFaults::largeAnswerBoundedMemory()
{
    const qint64 size = 200LL * 1024 * 1024;
    const double before = residentMiB();
    double peak = before;
    QProcess curl;
    curl.start(QStringLiteral("curl"),
               {QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                QStringLiteral("%{http_code} %{size_download}"),
                url(m_files, QStringLiteral("/v1/files/blob/") + QString::number(size))});
    QVERIFY(curl.waitForStarted());
    QElapsedTimer clock;
    clock.start();
    while (curl.state() != QProcess::NotRunning && clock.elapsed() < 120000) {
        QTest::qWait(20);
        peak = qMax(peak, residentMiB());
    }
    QCOMPARE(curl.exitCode(), 0);
    QCOMPARE(curl.readAllStandardOutput(), QByteArray("200 " + QByteArray::number(size)));
    qInfo("RSS before %.1f MiB, peak %.1f MiB while 200 MiB passed", before, peak);
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer keeps freed blocks in its quarantine (256 MB by default), so every chunk that passed
    // stays resident: the bound is checked in the ordinary build, the transfer itself here.
    QSKIP("RSS is not bounded under AddressSanitizer's quarantine");
#endif
    QVERIFY2(peak - before < 16, qPrintable(QString::number(peak - before)));
}

void tst_CaptureFaults::upstreamConnectionsArePooled()
{
    // Ten callers one after another (each curl is a new connection to the endpoint): the endpoint keeps its
    // upstream connection alive and reuses it instead of opening one per request.
    CountingRelay relay(m_sim.origin());
    QVERIFY(relay.listen());
    CaptureService pooled;
    QVERIFY(pooled.start(configFor(QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(relay.port())))).ok());
    constexpr int requests = 10;
    for (int i = 0; i < requests; ++i) {
        const CurlResult result = runCurl({url(pooled, QStringLiteral("/v1/predictions/") + m_id)}, m_sim.token());
        QVERIFY2(result.heads.startsWith("HTTP/1.1 200"), result.heads.constData());
    }
    QVERIFY2(relay.accepted() >= 1 && relay.accepted() <= 2,
             qPrintable(QStringLiteral("%1 upstream connections for %2 requests").arg(relay.accepted()).arg(requests)));
}

QTEST_GUILESS_MAIN(tst_CaptureFaults)
#include "tst_capturefaults.moc"
