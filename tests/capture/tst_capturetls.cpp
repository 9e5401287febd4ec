// The capture endpoint to an https upstream: the certificate is verified with the default configuration, as
// for every other request. An untrusted one is a 502 before a byte of the request reaches the server; once
// the process trusts its CA (the only switch a test has), the same call goes through.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>

#include "CaptureService.h"
#include "CaptureTestSupport.h"
#include "LoopbackHttpServer.h"

class tst_CaptureTls final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void upstreamCertificateIsVerified();
};

void tst_CaptureTls::upstreamCertificateIsVerified()
{
    QTemporaryDir dir;
    QProcess openssl;
    openssl.setWorkingDirectory(dir.path());
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                   QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-keyout"), QStringLiteral("key.pem"), QStringLiteral("-out"),
                   QStringLiteral("cert.pem"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1")});
    if (!openssl.waitForStarted())
        QSKIP("openssl is not installed");
    QVERIFY2(openssl.waitForFinished(30000) && openssl.exitCode() == 0, openssl.readAll().constData());
    QFile certFile(dir.filePath(QStringLiteral("cert.pem")));
    QFile keyFile(dir.filePath(QStringLiteral("key.pem")));
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    const QSslCertificate certificate(certFile.readAll());
    const QSslKey key(keyFile.readAll(), QSsl::Ec);
    QVERIFY(!certificate.isNull() && !key.isNull());

    LoopbackHttpServer server;
    server.setTls(certificate, key);
    server.setHandler([](const LoopbackHttpServer::Request &request) {
        return LoopbackHttpServer::Response{
            200, {{"Content-Type", "application/json"}}, "{\"path\":\"" + request.target + "\"}"};
    });
    QVERIFY(server.start());
    CaptureService service;
    CaptureConfig config;
    config.port = 0;
    config.upstreamRoot = QUrl(QStringLiteral("https://127.0.0.1:%1/v1").arg(server.boundPort()));
    QVERIFY(service.start(config).ok());
    const QString url = QStringLiteral("http://127.0.0.1:%1/v1/models").arg(service.port());

    const CurlResult refused = runCurl({url});
    QVERIFY2(refused.heads.startsWith("HTTP/1.1 502 "), refused.heads.constData());
    QCOMPARE(QJsonDocument::fromJson(refused.body).object().value(QLatin1String("title")).toString(),
             QStringLiteral("Upstream unreachable"));
    QCOMPARE(server.requests().size(), 0);
    QTRY_VERIFY(server.failedHandshakes() >= 1);

    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.addCaCertificate(certificate);
    QSslConfiguration::setDefaultConfiguration(trusting);
    const CurlResult passed = runCurl({url});
    QVERIFY2(passed.heads.startsWith("HTTP/1.1 200 "), passed.heads.constData());
    QCOMPARE(passed.body, QByteArray("{\"path\":\"/v1/models\"}"));
    QCOMPARE(server.requests().size(), 1);
    QVERIFY(server.requests().first().encrypted);
}

QTEST_GUILESS_MAIN(tst_CaptureTls)
#include "tst_capturetls.moc"
