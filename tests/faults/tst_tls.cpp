// The API key and TLS against real TLS servers on loopback. A throwaway CA, a server certificate it signed
// for 127.0.0.1 and localhost, one it signed for another name, and a self-signed one are made with the
// openssl command at the start. The clients trust the test CA on top of the system's through their
// setSslConfiguration() (the system's configuration with that CA added); nothing in the product is
// switched off.
// Checked: an https→http redirect is never followed with the key, by PredictionClient nor FileDownloader;
// an https redirect to another host gets no key; a same-origin https redirect still works; and a
// certificate that is not trusted ends the request with a Network error that says so, before the server
// sees a single header.
#include "FileDownloader.h"
#include "LoopbackHttpServer.h"
#include "PredictionClient.h"
#include "SimProcess.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

struct Credentials
{
    QSslCertificate certificate;
    QSslKey key;
};

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_Tls final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void predictionClientRefusesRedirect_data();
    void predictionClientRefusesRedirect();
    void predictionClientFollowsSameOriginRedirect();
    void downloaderRefusesHttpsToHttpRedirect_data();
    void downloaderRefusesHttpsToHttpRedirect();
    void downloaderDropsKeyOnRedirectToAnotherHost();
    void downloaderFollowsSameOriginRedirectWithKey();
    void untrustedCertificateFailsBeforeAnythingIsSent_data();
    void untrustedCertificateFailsBeforeAnythingIsSent();

private:
    bool openssl(const QStringList &arguments, QString *why);
    bool makeCredentials(QString *why);
    /// A client for the https server on @p port; trusting the test CA unless @p trustTestCa is false.
    std::unique_ptr<PredictionClient> makeClient(quint16 port, bool trustTestCa = true) const;
    std::unique_ptr<FileDownloader> makeDownloader(bool trustTestCa = true) const;
    /// The system's TLS configuration with the test CA added.
    QSslConfiguration trustingTestCa() const;
    QString apiPath(const QString &rest) const;

    QTemporaryDir m_certs;
    QSslCertificate m_ca;
    Credentials m_good;       ///< Signed by the test CA for 127.0.0.1 and localhost.
    Credentials m_wrongHost;  ///< Signed by the test CA for another name.
    Credentials m_selfSigned; ///< For 127.0.0.1, but signed by nobody the client trusts.
    QByteArray m_prediction;
    QString m_predictionId;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    LoopbackHttpServer m_tls;
    LoopbackHttpServer m_plain;
    std::unique_ptr<QTemporaryDir> m_downloads;
};

bool tst_Tls::openssl(const QStringList &arguments, QString *why)
{
    QProcess process;
    process.setWorkingDirectory(m_certs.path());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *why = QStringLiteral("openssl %1: %2 %3")
                   .arg(arguments.join(u' '), process.errorString(), QString::fromLocal8Bit(process.readAll()));
        return false;
    }
    return true;
}

bool tst_Tls::makeCredentials(QString *why)
{
    const QStringList ecKey{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    // The CA.
    if (!openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ecKey
                     + QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                                   QStringLiteral("ca.crt"), QStringLiteral("-days"), QStringLiteral("2"),
                                   QStringLiteral("-subj"), QStringLiteral("/CN=Replimon test CA"),
                                   QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                                   QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                 why)) {
        return false;
    }
    // Leaf certificates signed by it.
    const auto signedLeaf = [&](const QString &name, const QString &subjectAltName) {
        QFile extensions(m_certs.filePath(name + QStringLiteral(".ext")));
        if (!extensions.open(QIODevice::WriteOnly))
            return false;
        extensions.write(
            "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=" + subjectAltName.toUtf8() + '\n');
        extensions.close();
        return openssl(QStringList{QStringLiteral("req")} + ecKey
                           + QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                                         QStringLiteral("-out"), name + QStringLiteral(".csr"), QStringLiteral("-subj"),
                                         QStringLiteral("/CN=") + name},
                       why)
            && openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                        name + QStringLiteral(".csr"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
                        QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-set_serial"),
                        QString::number(name.size()), QStringLiteral("-days"), QStringLiteral("2"),
                        QStringLiteral("-extfile"), name + QStringLiteral(".ext"), QStringLiteral("-out"),
                        name + QStringLiteral(".crt")},
                       why);
    };
    if (!signedLeaf(QStringLiteral("good"), QStringLiteral("IP:127.0.0.1,DNS:localhost"))
        || !signedLeaf(QStringLiteral("wronghost"), QStringLiteral("DNS:wrong-host.invalid"))) {
        return false;
    }
    if (!openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ecKey
                     + QStringList{QStringLiteral("-keyout"), QStringLiteral("selfsigned.key"), QStringLiteral("-out"),
                                   QStringLiteral("selfsigned.crt"), QStringLiteral("-days"), QStringLiteral("2"),
                                   QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                                   QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost")},
                 why)) {
        return false;
    }

    const auto load = [this](const QString &name) {
        return Credentials{QSslCertificate(readFile(m_certs.filePath(name + QStringLiteral(".crt"))), QSsl::Pem),
                           QSslKey(readFile(m_certs.filePath(name + QStringLiteral(".key"))), QSsl::Ec, QSsl::Pem)};
    };
    m_ca = QSslCertificate(readFile(m_certs.filePath(QStringLiteral("ca.crt"))), QSsl::Pem);
    m_good = load(QStringLiteral("good"));
    m_wrongHost = load(QStringLiteral("wronghost"));
    m_selfSigned = load(QStringLiteral("selfsigned"));
    for (const Credentials *credentials : {&m_good, &m_wrongHost, &m_selfSigned}) {
        if (credentials->certificate.isNull() || credentials->key.isNull()) {
            *why = QStringLiteral("a generated certificate or key did not load");
            return false;
        }
    }
    if (m_ca.isNull()) {
        *why = QStringLiteral("the generated CA did not load");
        return false;
    }
    return true;
}

void tst_Tls::initTestCase()
{
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend here");
    QVERIFY(m_certs.isValid());
    QString why;
    QVERIFY2(makeCredentials(&why), qPrintable(why));
    m_nam = std::make_unique<QNetworkAccessManager>();

    QFile fixture(QStringLiteral(REPLIMON_FIXTURES_DIR "/prediction_seed_success.json"));
    QVERIFY(fixture.open(QIODevice::ReadOnly));
    m_prediction = fixture.readAll();
    m_predictionId = QStringLiteral("w44zs9cet5rmc0cqzp49gpkhf8");
    QVERIFY(m_prediction.contains(m_predictionId.toUtf8()));

    m_tls.setTls(m_good.certificate, m_good.key);
    QVERIFY(m_tls.start());
    QVERIFY(m_plain.start());
}

void tst_Tls::init()
{
    m_tls.clearRecords();
    m_plain.clearRecords();
    const QByteArray prediction = m_prediction;
    const LoopbackHttpServer::Handler answer = [prediction](const LoopbackHttpServer::Request &request) {
        if (request.target.startsWith("/files/"))
            return LoopbackHttpServer::Response{200, {{"Content-Type", "text/plain"}}, QByteArrayLiteral("file bytes")};
        return LoopbackHttpServer::Response{200, {{"Content-Type", "application/json"}}, prediction};
    };
    // The plain server answers everything it is asked, so a client that followed a redirect there would
    // succeed: the tests below fail on that, not on a missing server.
    m_plain.setHandler(answer);
    m_tls.setHandler(answer);
    m_downloads = std::make_unique<QTemporaryDir>();
    QVERIFY(m_downloads->isValid());
}

QSslConfiguration tst_Tls::trustingTestCa() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.addCaCertificate(m_ca);
    return configuration;
}

std::unique_ptr<PredictionClient> tst_Tls::makeClient(quint16 port, bool trustTestCa) const
{
    auto client = std::make_unique<PredictionClient>(*m_nam);
    if (trustTestCa)
        client->setSslConfiguration(trustingTestCa());
    const auto endpoint = ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom,
                                                QStringLiteral("https://127.0.0.1:%1/v1").arg(port));
    if (endpoint)
        client->setEndpoint(endpoint.value());
    client->setApiKey(SimProcess::testKey());
    client->setTransferTimeout(std::chrono::milliseconds(10000));
    return client;
}

std::unique_ptr<FileDownloader> tst_Tls::makeDownloader(bool trustTestCa) const
{
    auto downloader = std::make_unique<FileDownloader>(*m_nam);
    if (trustTestCa)
        downloader->setSslConfiguration(trustingTestCa());
    const auto endpoint = ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom,
                                                QStringLiteral("https://127.0.0.1:%1/v1").arg(m_tls.boundPort()));
    if (endpoint)
        downloader->setEndpoint(endpoint.value());
    downloader->setApiKey(SimProcess::testKey());
    downloader->setTransferTimeout(std::chrono::milliseconds(10000));
    return downloader;
}

void tst_Tls::predictionClientRefusesRedirect_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("expectedWords");
    // {tls} is the TLS server's port, {plain} the plain one's.
    QTest::newRow("302 to http, another port")
        << 302 << QStringLiteral("http://127.0.0.1:{plain}/v1/predictions/ID") << QStringLiteral("insecure address");
    QTest::newRow("307 to http, same host and port")
        << 307 << QStringLiteral("http://127.0.0.1:{tls}/v1/predictions/ID") << QStringLiteral("insecure address");
    QTest::newRow("308 to http") << 308 << QStringLiteral("http://127.0.0.1:{plain}/v1/predictions/ID")
                                 << QStringLiteral("insecure address");
    // A valid certificate for that name, so only the policy stops it.
    QTest::newRow("302 to https, another host") << 302 << QStringLiteral("https://localhost:{tls}/v1/predictions/ID")
                                                << QStringLiteral("another address (localhost)");
}

void tst_Tls::predictionClientRefusesRedirect()
{
    QFETCH(int, status);
    QFETCH(QString, target);
    QFETCH(QString, expectedWords);
    const QByteArray location = QString(target)
                                    .replace(QStringLiteral("{tls}"), QString::number(m_tls.boundPort()))
                                    .replace(QStringLiteral("{plain}"), QString::number(m_plain.boundPort()))
                                    .replace(QStringLiteral("ID"), m_predictionId)
                                    .toUtf8();
    m_tls.setHandler([status, location](const LoopbackHttpServer::Request &request) {
        if (request.headers.value("host").startsWith("localhost"))
            return LoopbackHttpServer::Response{200, {}, QByteArrayLiteral("{}")};
        return LoopbackHttpServer::Response{status, {{"Location", location}}, {}};
    });

    auto client = makeClient(m_tls.boundPort());
    QSignalSpy received(client.get(), &PredictionClient::predictionReceived);
    QSignalSpy failed(client.get(), &PredictionClient::requestFailed);
    client->fetch(m_predictionId);
    QVERIFY(failed.wait(15000));
    QCOMPARE(received.count(), 0);
    const auto error = failed.first().at(2).value<ApiError>();
    QCOMPARE(error.kind, ApiError::Kind::BadResponse);
    QVERIFY2(error.message.contains(expectedWords), qPrintable(error.message));
    qInfo("%s", qPrintable(error.message));

    // The one request that reached anyone is the original, encrypted, to the API origin.
    QCOMPARE(m_tls.requests().size(), 1);
    QVERIFY(m_tls.requests().first().encrypted);
    QVERIFY(m_tls.requests().first().headers.contains("authorization"));
    QCOMPARE(m_plain.connectionCount(), 0);
    QCOMPARE(m_plain.requests().size(), 0);
}

void tst_Tls::predictionClientFollowsSameOriginRedirect()
{
    // The product follows a redirect that stays on the API origin over https (a relay moving its routes).
    const QByteArray prediction = m_prediction;
    const QByteArray location =
        QStringLiteral("https://127.0.0.1:%1/v1/moved/%2").arg(m_tls.boundPort()).arg(m_predictionId).toUtf8();
    m_tls.setHandler([prediction, location](const LoopbackHttpServer::Request &request) {
        if (request.target.startsWith("/v1/moved/"))
            return LoopbackHttpServer::Response{200, {{"Content-Type", "application/json"}}, prediction};
        return LoopbackHttpServer::Response{307, {{"Location", location}}, {}};
    });
    auto client = makeClient(m_tls.boundPort());
    QSignalSpy received(client.get(), &PredictionClient::predictionReceived);
    QSignalSpy failed(client.get(), &PredictionClient::requestFailed);
    client->fetch(m_predictionId);
    QVERIFY(received.wait(15000));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(received.first().at(1).value<Prediction>().id(), m_predictionId);

    QCOMPARE(m_tls.requests().size(), 2);
    const LoopbackHttpServer::Request &second = m_tls.requests().at(1);
    QVERIFY(second.target.startsWith("/v1/moved/"));
    QVERIFY(second.encrypted);
    QCOMPARE(second.headers.value("authorization"), "Bearer " + SimProcess::testKey().toUtf8());
}

void tst_Tls::downloaderRefusesHttpsToHttpRedirect_data()
{
    QTest::addColumn<bool>("viaAnotherHost");
    QTest::newRow("from the API origin") << false;
    // The second leg starts over without the key at the other host; its own redirect is checked too.
    QTest::newRow("after a hop to another https host") << true;
}

void tst_Tls::downloaderRefusesHttpsToHttpRedirect()
{
    QFETCH(bool, viaAnotherHost);
    const QByteArray insecure = QStringLiteral("http://127.0.0.1:%1/files/out.txt").arg(m_plain.boundPort()).toUtf8();
    const QByteArray hop = QStringLiteral("https://localhost:%1/files/hop.txt").arg(m_tls.boundPort()).toUtf8();
    m_tls.setHandler([=](const LoopbackHttpServer::Request &request) {
        const bool atApi = !request.headers.value("host").startsWith("localhost");
        const QByteArray location = atApi && viaAnotherHost ? hop : insecure;
        return LoopbackHttpServer::Response{302, {{"Location", location}}, {}};
    });
    auto downloader = makeDownloader();
    QSignalSpy finished(downloader.get(), &FileDownloader::finished);
    QSignalSpy failed(downloader.get(), &FileDownloader::failed);
    downloader->download(QUrl(QStringLiteral("https://127.0.0.1:%1/files/out.txt").arg(m_tls.boundPort())),
                         m_downloads->path(), QStringLiteral("out"));
    QVERIFY(failed.wait(15000));
    QCOMPARE(finished.count(), 0);
    const auto error = failed.first().at(1).value<ApiError>();
    QCOMPARE(error.kind, ApiError::Kind::BadResponse);
    QVERIFY2(error.message.contains(QStringLiteral("insecure address")), qPrintable(error.message));

    QCOMPARE(m_tls.requests().size(), viaAnotherHost ? 2 : 1);
    QVERIFY(m_tls.requests().first().headers.contains("authorization")); // the API origin itself
    if (viaAnotherHost)
        QVERIFY(!m_tls.requests().at(1).headers.contains("authorization"));
    QCOMPARE(m_plain.connectionCount(), 0);
    QCOMPARE(QDir(m_downloads->path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

void tst_Tls::downloaderDropsKeyOnRedirectToAnotherHost()
{
    // Files do move to other hosts (replicate.delivery): followed, but without the key.
    const QByteArray location = QStringLiteral("https://localhost:%1/files/out.txt").arg(m_tls.boundPort()).toUtf8();
    m_tls.setHandler([location](const LoopbackHttpServer::Request &request) {
        if (request.headers.value("host").startsWith("localhost"))
            return LoopbackHttpServer::Response{200, {{"Content-Type", "text/plain"}}, QByteArrayLiteral("file bytes")};
        return LoopbackHttpServer::Response{302, {{"Location", location}}, {}};
    });
    auto downloader = makeDownloader();
    QSignalSpy finished(downloader.get(), &FileDownloader::finished);
    QSignalSpy failed(downloader.get(), &FileDownloader::failed);
    downloader->download(QUrl(QStringLiteral("https://127.0.0.1:%1/files/out.txt").arg(m_tls.boundPort())),
                         m_downloads->path(), QStringLiteral("out"));
    QVERIFY(finished.wait(15000));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(readFile(finished.first().at(1).toString()), QByteArrayLiteral("file bytes"));

    QCOMPARE(m_tls.requests().size(), 2);
    QVERIFY(m_tls.requests().at(0).headers.contains("authorization"));
    QVERIFY(m_tls.requests().at(1).headers.value("host").startsWith("localhost"));
    QVERIFY(m_tls.requests().at(1).encrypted);
    QVERIFY(!m_tls.requests().at(1).headers.contains("authorization"));
    QCOMPARE(m_plain.connectionCount(), 0);
}

void tst_Tls::downloaderFollowsSameOriginRedirectWithKey()
{
    const QByteArray location = QStringLiteral("https://127.0.0.1:%1/files/moved.txt").arg(m_tls.boundPort()).toUtf8();
    m_tls.setHandler([location](const LoopbackHttpServer::Request &request) {
        if (request.target == "/files/moved.txt")
            return LoopbackHttpServer::Response{
                200, {{"Content-Type", "text/plain"}}, QByteArrayLiteral("moved bytes")};
        return LoopbackHttpServer::Response{302, {{"Location", location}}, {}};
    });
    auto downloader = makeDownloader();
    QSignalSpy finished(downloader.get(), &FileDownloader::finished);
    downloader->download(QUrl(QStringLiteral("https://127.0.0.1:%1/files/out.txt").arg(m_tls.boundPort())),
                         m_downloads->path(), QStringLiteral("out"));
    QVERIFY(finished.wait(15000));
    QCOMPARE(readFile(finished.first().at(1).toString()), QByteArrayLiteral("moved bytes"));
    QCOMPARE(m_tls.requests().size(), 2);
    QVERIFY(m_tls.requests().at(1).encrypted);
    QCOMPARE(m_tls.requests().at(1).headers.value("authorization"), "Bearer " + SimProcess::testKey().toUtf8());
}

void tst_Tls::untrustedCertificateFailsBeforeAnythingIsSent_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<bool>("trustTestCa");
    QTest::addColumn<QString>("reason"); // a word of Qt's own description of the problem

    QTest::newRow("self-signed") << QStringLiteral("selfsigned") << true << QStringLiteral("self-signed");
    QTest::newRow("signed for another host") << QStringLiteral("wronghost") << true << QStringLiteral("host name");
    // The product's own trust (the system's CAs) does not know the test CA.
    QTest::newRow("unknown CA, default trust") << QStringLiteral("good") << false << QStringLiteral("issuer");
}

void tst_Tls::untrustedCertificateFailsBeforeAnythingIsSent()
{
    QFETCH(QString, certificate);
    QFETCH(bool, trustTestCa);
    QFETCH(QString, reason);
    const Credentials &credentials = certificate == u"selfsigned" ? m_selfSigned
        : certificate == u"wronghost"                             ? m_wrongHost
                                                                  : m_good;
    LoopbackHttpServer server;
    server.setTls(credentials.certificate, credentials.key);
    QVERIFY(server.start());

    {
        auto client = makeClient(server.boundPort(), trustTestCa);
        QSignalSpy received(client.get(), &PredictionClient::predictionReceived);
        QSignalSpy failed(client.get(), &PredictionClient::requestFailed);
        client->create(QStringLiteral("black-forest-labs/flux-schnell"),
                       QJsonObject{{QStringLiteral("prompt"), QStringLiteral("a secret prompt")}});
        QVERIFY(failed.wait(15000));
        QCOMPARE(received.count(), 0);
        const auto error = failed.first().at(2).value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Network);
        QVERIFY2(error.message.contains(QStringLiteral("certificate is not trusted")), qPrintable(error.message));
        QVERIFY2(error.message.contains(reason, Qt::CaseInsensitive), qPrintable(error.message));
        qInfo("%s", qPrintable(error.message));
    }
    {
        auto downloader = makeDownloader(trustTestCa);
        downloader->setEndpoint(ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom,
                                                      QStringLiteral("https://127.0.0.1:%1/v1").arg(server.boundPort()))
                                    .value());
        QSignalSpy failed(downloader.get(), &FileDownloader::failed);
        downloader->download(QUrl(QStringLiteral("https://127.0.0.1:%1/files/out.txt").arg(server.boundPort())),
                             m_downloads->path(), QStringLiteral("out"));
        QVERIFY(failed.wait(15000));
        const auto error = failed.first().at(1).value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Network);
        QVERIFY2(error.message.contains(QStringLiteral("certificate is not trusted")), qPrintable(error.message));
    }
    // The server saw both connections end in the handshake, and not one request line or header.
    QTRY_COMPARE(server.failedHandshakes(), server.connectionCount());
    QCOMPARE_GE(server.connectionCount(), 2);
    QCOMPARE(server.requests().size(), 0);
    QCOMPARE(QDir(m_downloads->path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

QTEST_GUILESS_MAIN(tst_Tls)
#include "tst_tls.moc"
