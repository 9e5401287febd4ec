// The capture endpoint against replimon-sim, driven by curl: large and chunked uploads with Expect:
// 100-continue, answers byte-identical to going direct, and which answers are reported as predictions.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "CaptureService.h"
#include "CaptureTestSupport.h"
#include "SimProcess.h"

class tst_CaptureForward final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void largeUpload_data();
    void largeUpload();
    void answersMatchDirect_data();
    void answersMatchDirect();
    void listAndCancelAreCaptured();
    void nonPredictionsAreNotCaptured();
    void interimAnswersArePassedOn();

private:
    /// Waits until the reports of every answer forwarded so far have been delivered: answers are reported
    /// in the order they pass, so once a marked GET's report is in, nothing earlier is still on its way.
    /// Returns the marked report's index in @p captured.
    int drainReports(QSignalSpy &captured);
    QString viaCapture(const QString &prefix = QStringLiteral("/v1")) const
    {
        return QStringLiteral("http://127.0.0.1:") + QString::number(m_service.port()) + prefix;
    }

    SimProcess m_sim;
    CaptureService m_service;
    QTemporaryDir m_dir;
    QString m_createdId;
    int m_drains = 0;
};

void tst_CaptureForward::initTestCase()
{
    // Predictions stay `starting` for the whole test, so the same GET gives the same bytes twice.
    QVERIFY(m_sim.start({QStringLiteral("--queue-ms"), QStringLiteral("600000")}));
    CaptureConfig config;
    config.port = 0;
    config.upstreamRoot = m_sim.apiRoot();
    const auto started = m_service.start(config);
    QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error()));
    QVERIFY(m_service.port() != 0);
}

void tst_CaptureForward::largeUpload_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("framing");
    QTest::newRow("content-length, /v1") << QStringLiteral("/v1") << QStringLiteral("Content-Length");
    QTest::newRow("chunked, /replicate/v1") << QStringLiteral("/replicate/v1") << QStringLiteral("chunked");
}

void tst_CaptureForward::largeUpload()
{
    QFETCH(QString, prefix);
    QFETCH(QString, framing);
    QByteArray image(2 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < image.size(); ++i)
        image[i] = char(i * 7919 % 251);
    const QString dataUri = QStringLiteral("data:image/png;base64,") + QString::fromLatin1(image.toBase64());
    const QJsonObject input{{QStringLiteral("prompt"), QStringLiteral("capture upload")},
                            {QStringLiteral("input_image"), dataUri}};
    const QString bodyFile = m_dir.filePath(QStringLiteral("create.json"));
    QFile file(bodyFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(QJsonObject{{QStringLiteral("input"), input}}).toJson(QJsonDocument::Compact));
    file.close();

    QSignalSpy captured(&m_service, &CaptureService::predictionsCaptured);
    QStringList args = {QStringLiteral("-X"),
                        QStringLiteral("POST"),
                        QStringLiteral("-H"),
                        QStringLiteral("Content-Type: application/json"),
                        QStringLiteral("-H"),
                        QStringLiteral("Expect: 100-continue"),
                        QStringLiteral("--data-binary"),
                        QLatin1Char('@') + bodyFile};
    if (framing == QLatin1String("chunked"))
        args << QStringLiteral("-H") << QStringLiteral("Transfer-Encoding: chunked");
    args << viaCapture(prefix) + QStringLiteral("/models/black-forest-labs/flux-kontext-pro/predictions");
    const CurlResult result = runCurl(args, m_sim.token());
    QVERIFY2(result.exitCode == 0, result.error.constData());
    // The endpoint answered the expectation itself, then the upstream's 201 came through.
    QVERIFY2(result.heads.startsWith("HTTP/1.1 100 Continue\r\n"), result.heads.constData());
    QVERIFY2(result.heads.contains("HTTP/1.1 201"), result.heads.constData());
    const QJsonObject created = QJsonDocument::fromJson(result.body).object();
    QCOMPARE(created.value(QLatin1String("input")).toObject().value(QLatin1String("input_image")).toString(), dataUri);

    QTRY_COMPARE(captured.size(), 1);
    const auto reported = captured.at(0).at(0).value<CapturedPredictions>();
    QCOMPARE(reported.kind, CaptureCallKind::Create);
    QVERIFY2(reported.userAgent.startsWith(QLatin1String("curl/")), qPrintable(reported.userAgent));
    QCOMPARE(reported.predictions.size(), 1);
    QCOMPARE(reported.predictions.at(0).id(), created.value(QLatin1String("id")).toString());
    QCOMPARE(reported.predictions.at(0).inputImage(), dataUri);
    m_createdId = reported.predictions.at(0).id();

    // What the upstream saw: the caller's own key, its Host rewritten to the upstream's.
    const QJsonArray log = m_sim.requestLog();
    QVERIFY(!log.isEmpty());
    const QJsonObject last = log.last().toObject();
    QVERIFY(last.value(QLatin1String("authorization")).toBool());
    QCOMPARE(last.value(QLatin1String("path")).toString(),
             QStringLiteral("/v1/models/black-forest-labs/flux-kontext-pro/predictions"));
    QCOMPARE(last.value(QLatin1String("host")).toString(), m_sim.origin().authority());
}

void tst_CaptureForward::answersMatchDirect_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("get") << QStringLiteral("/predictions/ID") << 200;
    QTest::newRow("list") << QStringLiteral("/predictions") << 200;
    QTest::newRow("unknown id") << QStringLiteral("/predictions/nosuchid") << 404;
    QTest::newRow("unknown route") << QStringLiteral("/nowhere?x=1") << 404;
}

void tst_CaptureForward::answersMatchDirect()
{
    QFETCH(QString, path);
    QFETCH(int, status);
    QVERIFY2(!m_createdId.isEmpty(), "largeUpload runs first");
    path.replace(QLatin1String("ID"), m_createdId);
    for (const QString &prefix : {QStringLiteral("/v1"), QStringLiteral("/replicate/v1")}) {
        QUrl directRoot = m_sim.apiRoot(prefix);
        const CurlResult direct = runCurl({directRoot.toString() + path}, m_sim.token());
        const CurlResult proxied = runCurl({viaCapture(prefix) + path}, m_sim.token());
        QCOMPARE(proxied.exitCode, 0);
        QVERIFY2(proxied.heads.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status))),
                 proxied.heads.constData());
        QCOMPARE(proxied.body, direct.body);
        QVERIFY(proxied.heads.contains("Content-Type: application/"));
    }
}

int tst_CaptureForward::drainReports(QSignalSpy &captured)
{
    const QString marker = QStringLiteral("drain-%1").arg(++m_drains);
    const CurlResult marked = runCurl(
        {QStringLiteral("-A"), marker, viaCapture() + QStringLiteral("/predictions/") + m_createdId}, m_sim.token());
    if (marked.exitCode != 0)
        return -1;
    const auto markedAt = [&] {
        for (int i = 0; i < captured.size(); ++i) {
            if (captured.at(i).at(0).value<CapturedPredictions>().userAgent == marker)
                return i;
        }
        return -1;
    };
    return QTest::qWaitFor([&] { return markedAt() >= 0; }, 30000) ? markedAt() : -1;
}

void tst_CaptureForward::listAndCancelAreCaptured()
{
    QSignalSpy earlier(&m_service, &CaptureService::predictionsCaptured);
    QVERIFY(drainReports(earlier) >= 0); // reports of the earlier calls are delivered before counting starts
    QSignalSpy captured(&m_service, &CaptureService::predictionsCaptured);
    QVERIFY(m_sim.createPredictions({{QStringLiteral("count"), 3}}).size() == 3);
    const CurlResult list = runCurl({viaCapture() + QStringLiteral("/predictions")}, m_sim.token());
    QCOMPARE(list.exitCode, 0);
    QTRY_COMPARE(captured.size(), 1);
    auto reported = captured.at(0).at(0).value<CapturedPredictions>();
    QCOMPARE(reported.kind, CaptureCallKind::List);
    QCOMPARE(reported.predictions.size(),
             QJsonDocument::fromJson(list.body).object().value(QLatin1String("results")).toArray().size());
    QVERIFY(reported.predictions.size() >= 4);

    const CurlResult cancel = runCurl(
        {QStringLiteral("-X"), QStringLiteral("POST"),
         viaCapture() + QStringLiteral("/predictions/") + m_createdId + QStringLiteral("/cancel")},
        m_sim.token());
    QCOMPARE(cancel.exitCode, 0);
    QTRY_COMPARE(captured.size(), 2);
    reported = captured.at(1).at(0).value<CapturedPredictions>();
    QCOMPARE(reported.kind, CaptureCallKind::Cancel);
    QCOMPARE(reported.predictions.at(0).id(), m_createdId);
    QCOMPARE(reported.predictions.at(0).statusText(), QStringLiteral("canceled"));
}

void tst_CaptureForward::nonPredictionsAreNotCaptured()
{
    QSignalSpy earlier(&m_service, &CaptureService::predictionsCaptured);
    QVERIFY(drainReports(earlier) >= 0);
    QSignalSpy captured(&m_service, &CaptureService::predictionsCaptured);
    QSignalSpy failed(&m_service, &CaptureService::recordingFailed);
    // An error, an HTML error page, a 401: passed on, never reported.
    QCOMPARE(runCurl({viaCapture() + QStringLiteral("/predictions/nosuchid")}, m_sim.token()).exitCode, 0);
    QCOMPARE(runCurl({viaCapture() + QStringLiteral("/predictions/") + m_createdId}, QStringLiteral("wrong")).exitCode,
             0);
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{QStringLiteral("kind"), QStringLiteral("not_json")}, {QStringLiteral("count"), 1}}}));
    const CurlResult html = runCurl({viaCapture() + QStringLiteral("/predictions/") + m_createdId}, m_sim.token());
    QVERIFY(html.heads.startsWith("HTTP/1.1 502"));
    // 200 JSON that is not a prediction: passed on unchanged, reported as a recording failure.
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{QStringLiteral("kind"), QStringLiteral("wrong_schema")}, {QStringLiteral("count"), 1}}}));
    const CurlResult wrong = runCurl({viaCapture() + QStringLiteral("/predictions/") + m_createdId}, m_sim.token());
    QVERIFY(wrong.heads.startsWith("HTTP/1.1 200"));
    QVERIFY(wrong.body.startsWith("{\"created\""));
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).value<CaptureRecordingFailure>().kind, CaptureCallKind::Get);
    QVERIFY(m_sim.clearFaults());
    // Everything above has been reported once the marked GET has: its report is the only one.
    QCOMPARE(drainReports(captured), 0);
    QCOMPARE(captured.size(), 1);
}

void tst_CaptureForward::interimAnswersArePassedOn()
{
    // An upstream that hints before it answers, as a CDN in front of an API may (103 Early Hints), and says
    // it is still working (102 Processing).
    const QByteArray body = R"({"id":"early1","status":"starting","input":{"prompt":"a fox"}})";
    const QByteArray answer = "HTTP/1.1 102 Processing\r\n\r\n"
                              "HTTP/1.1 103 Early Hints\r\nLink: </files/a.png>; rel=preload\r\n\r\n"
                              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    QTcpServer upstream;
    QVERIFY(upstream.listen(QHostAddress::LocalHost));
    connect(&upstream, &QTcpServer::newConnection, this, [&upstream, answer] {
        while (QTcpSocket *socket = upstream.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket, answer] {
                if (socket->property("answered").toBool() || !socket->peek(1 << 16).contains("\r\n\r\n"))
                    return;
                socket->setProperty("answered", true);
                socket->write(answer);
                socket->disconnectFromHost();
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    CaptureService service;
    CaptureConfig config;
    config.port = 0;
    config.upstreamRoot = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(upstream.serverPort()));
    QVERIFY(service.start(config).ok());
    QSignalSpy captured(&service, &CaptureService::predictionsCaptured);
    const QString url = QStringLiteral("http://127.0.0.1:%1/v1/predictions/early1").arg(service.port());

    const CurlResult hinted = runCurl({url});
    QCOMPARE(hinted.exitCode, 0);
    QVERIFY2(hinted.heads.startsWith("HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
                                     "Link: </files/a.png>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\n"),
             hinted.heads.constData());
    QCOMPARE(hinted.body, body);
    QTRY_COMPARE(captured.size(), 1);
    QCOMPARE(captured.at(0).at(0).value<CapturedPredictions>().predictions.at(0).id(), QStringLiteral("early1"));

    // An HTTP/1.0 caller cannot take an interim answer: it gets the final one alone.
    const CurlResult plain = runCurl({QStringLiteral("--http1.0"), url});
    QCOMPARE(plain.exitCode, 0);
    QVERIFY2(plain.heads.startsWith("HTTP/1.1 200 OK\r\n"), plain.heads.constData());
    QCOMPARE(plain.body, body);
}

QTEST_GUILESS_MAIN(tst_CaptureForward)
#include "tst_captureforward.moc"
