// replimon-sim seen from outside, over loopback HTTP with plain Qt clients: the prediction lifecycle and
// JSON shape, auth, listing, cancel, create validation, output expiry, every fault kind, the request log,
// the generated images, and raw HTTP/1.1 behaviour (keep-alive, HEAD, many connections at once).
#include "SimProcess.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QImage>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

namespace {

struct Response
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    bool finished = false;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &pair : headers) {
            if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
                return pair.second;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

QString Key(const char *name)
{
    return QLatin1String(name);
}

const QRegularExpression Iso9(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z$"));
const QRegularExpression Iso3(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));

qint64 isoToMs(const QString &text)
{
    // Qt parses milliseconds; the extra digits do not matter for these comparisons.
    const QString trimmed = text.left(23) + QLatin1Char('Z');
    return QDateTime::fromString(trimmed, Qt::ISODateWithMs).toMSecsSinceEpoch();
}

} // namespace

class tst_Sim final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void lifecycle();
    void jsonLooksLikeTheSeed();
    void outputShapes_data();
    void outputShapes();
    void unauthorized_data();
    void unauthorized();
    void notFound();
    void listPagination();
    void listUnderRelayPrefix();
    void listSortsOnCreationTimeAndFilters();
    void cancel();
    void createValidation_data();
    void createValidation();
    void createSucceeds();
    void createByVersion();
    void preferWaitHoldsUntilDone();
    void dataRemovedAfterRetention();
    void faults_data();
    void faults();
    void stallHeaders();
    void stallBody();
    void dropAndTruncate_data();
    void dropAndTruncate();
    void redirect();
    void faultMatching();
    void faultRateIsSeeded();
    void logRecordsAuthorizationPresenceOnly();
    void logTimesAndControlRoutesUnlogged();
    void images_data();
    void images();
    void blob();
    void secondHostAnswersEveryRoute();
    void keepAliveAndHead();
    void manyConcurrentConnections();
    void commandLineOptions();
    void scenariosAndSeed();
    void exitsCleanlyOnSigterm();

private:
    Response send(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                  const QList<QPair<QByteArray, QByteArray>> &headers = {}, int transferTimeoutMs = 15000,
                  bool withToken = true);
    Response get(const QString &apiPath, bool withToken = true)
    {
        return send(QByteArrayLiteral("GET"), QUrl(m_sim.apiRoot().toString() + apiPath), {}, {}, 15000, withToken);
    }
    QJsonObject prediction(const QString &id) { return get(QStringLiteral("/predictions/") + id).json(); }
    QString createOne(QJsonObject spec);
    static QByteArray raw(quint16 port, const QByteArray &request, const char *address = "127.0.0.1");

    SimProcess m_sim{SimProcess::Token::SimDefault};
    QNetworkAccessManager m_nam;
};

void tst_Sim::initTestCase()
{
    QVERIFY2(m_sim.start({QStringLiteral("--random-seed"), QStringLiteral("42")}), m_sim.standardError().constData());
    QCOMPARE(m_sim.token(), QStringLiteral("sim-token"));
    QCOMPARE(m_sim.apiRoot().toString(), QStringLiteral("http://127.0.0.1:%1/v1").arg(m_sim.port()));
    QCOMPARE(m_sim.secondHost().host(), QStringLiteral("127.0.0.2"));
}

void tst_Sim::init()
{
    QVERIFY(m_sim.clearFaults());
    QVERIFY(m_sim.clearLog());
}

Response tst_Sim::send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                       const QList<QPair<QByteArray, QByteArray>> &headers, int transferTimeoutMs, bool withToken)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(transferTimeoutMs);
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    if (withToken)
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + m_sim.token().toUtf8());
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    QBuffer *upload = nullptr;
    if (!body.isEmpty()) {
        upload = new QBuffer;
        upload->setData(body);
        upload->open(QIODevice::ReadOnly);
    }
    QNetworkReply *reply = m_nam.sendCustomRequest(request, method, upload);
    if (upload)
        upload->setParent(reply);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Response response;
    response.finished = finished.wait(transferTimeoutMs + 15000) || reply->isFinished();
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.error = reply->error();
    if (reply->isOpen())
        response.body = reply->readAll();
    response.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return response;
}

QString tst_Sim::createOne(QJsonObject spec)
{
    if (!spec.contains(Key("queue_ms")))
        spec.insert(Key("queue_ms"), 0);
    if (!spec.contains(Key("run_ms")))
        spec.insert(Key("run_ms"), 0);
    const QStringList ids = m_sim.createPredictions(spec);
    return ids.size() == 1 ? ids.first() : QString();
}

QByteArray tst_Sim::raw(quint16 port, const QByteArray &request, const char *address)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QLatin1String(address)), port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(request);
    socket.waitForBytesWritten(5000);
    QByteArray out;
    while (socket.waitForReadyRead(2000))
        out += socket.readAll();
    out += socket.readAll();
    return out;
}

void tst_Sim::lifecycle()
{
    const QString id = createOne({{Key("queue_ms"), 400}, {Key("run_ms"), 700}, {Key("prompt"), Key("a red fox")}});
    QVERIFY(!id.isEmpty());

    QJsonObject p = prediction(id);
    QCOMPARE(p.value(Key("status")).toString(), QStringLiteral("starting"));
    QVERIFY(p.value(Key("started_at")).isNull());
    QVERIFY(p.value(Key("completed_at")).isNull());
    QVERIFY(p.value(Key("output")).isNull());
    QCOMPARE(p.value(Key("logs")).toString(), QString());
    QVERIFY(p.value(Key("metrics")).toObject().isEmpty());
    QVERIFY(Iso3.match(p.value(Key("created_at")).toString()).hasMatch());

    QTRY_VERIFY_WITH_TIMEOUT(prediction(id).value(Key("status")).toString() != QLatin1String("starting"), 10000);
    p = prediction(id);
    if (p.value(Key("status")).toString() == QLatin1String("processing")) {
        QVERIFY(Iso9.match(p.value(Key("started_at")).toString()).hasMatch());
        QVERIFY(p.value(Key("completed_at")).isNull());
        QVERIFY(p.value(Key("logs")).toString().startsWith(QStringLiteral("Starting generate image\n")));
        QVERIFY(p.value(Key("output")).isNull());
    }

    QTRY_COMPARE_WITH_TIMEOUT(prediction(id).value(Key("status")).toString(), QStringLiteral("succeeded"), 10000);
    p = prediction(id);
    const QString created = p.value(Key("created_at")).toString();
    const QString started = p.value(Key("started_at")).toString();
    const QString completed = p.value(Key("completed_at")).toString();
    QVERIFY2(Iso9.match(started).hasMatch(), qPrintable(started));
    QVERIFY2(Iso9.match(completed).hasMatch(), qPrintable(completed));
    // Scripted durations, not measured ones: the gaps are exact to the millisecond.
    const qint64 queued = isoToMs(started) - isoToMs(created);
    QVERIFY2(queued >= 399 && queued <= 401, qPrintable(QString::number(queued)));
    const qint64 ran = isoToMs(completed) - isoToMs(started);
    QVERIFY2(ran >= 699 && ran <= 702, qPrintable(QString::number(ran)));

    const QJsonObject metrics = p.value(Key("metrics")).toObject();
    QCOMPARE(metrics.value(Key("image_count")).toInt(), 1);
    QVERIFY(metrics.value(Key("predict_time")).toDouble() >= 0.7);
    QVERIFY(metrics.value(Key("predict_time")).toDouble() < 0.71);
    QVERIFY(metrics.value(Key("total_time")).toDouble() >= 1.1);
    const QString logs = p.value(Key("logs")).toString();
    QVERIFY(logs.contains(QStringLiteral("Total safe images: 1 out of 1")));
    QVERIFY(logs.endsWith(QLatin1Char('\n')));
    QVERIFY(p.value(Key("output")).toString().startsWith(m_sim.secondHost().toString() + QStringLiteral("/files/")));
    QCOMPARE(p.value(Key("data_removed")).toBool(true), false);
}

void tst_Sim::jsonLooksLikeTheSeed()
{
    const QString id = createOne({{Key("output_format"), Key("jpg")}});
    const Response response = get(QStringLiteral("/predictions/") + id);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.header("Content-Type"), QByteArrayLiteral("application/json"));

    // Every key of the seed's example, in its order.
    const char *const keys[] = {"id",         "logs",       "urls",         "error",       "input",
                                "model",      "output",     "status",       "metrics",     "version",
                                "created_at", "started_at", "completed_at", "data_removed"};
    qsizetype last = -1;
    for (const char *key : keys) {
        const qsizetype at = response.body.indexOf(QByteArray(QByteArray("\"") + key + "\":"));
        QVERIFY2(at > last, key);
        last = at;
    }
    const QJsonObject p = response.json();
    QCOMPARE(p.size(), 14);
    QVERIFY(p.value(Key("error")).isNull());
    QCOMPARE(p.value(Key("version")).toString(), QStringLiteral("hidden"));
    QCOMPARE(p.value(Key("model")).toString(), QStringLiteral("black-forest-labs/flux-kontext-pro"));
    const QJsonObject urls = p.value(Key("urls")).toObject();
    QCOMPARE(urls.value(Key("get")).toString(), QStringLiteral("https://api.replicate.com/v1/predictions/") + id);
    QCOMPARE(urls.value(Key("cancel")).toString(),
             QStringLiteral("https://api.replicate.com/v1/predictions/") + id + QStringLiteral("/cancel"));
    QCOMPARE(urls.value(Key("web")).toString(), QStringLiteral("https://replicate.com/p/") + id);
    // The stream is served, on the second host: another origin than the API's, as stream.replicate.com is.
    QVERIFY(urls.value(Key("stream"))
                .toString()
                .startsWith(QStringLiteral("http://127.0.0.2:%1/v1/files/bcwr-").arg(m_sim.secondPort())));
    const QJsonObject input = p.value(Key("input")).toObject();
    for (const char *key :
         {"prompt", "input_image", "aspect_ratio", "output_format", "safety_tolerance", "prompt_upsampling"})
        QVERIFY2(input.contains(Key(key)), key);
    QCOMPARE(input.value(Key("output_format")).toString(), QStringLiteral("jpg"));
    QVERIFY(p.value(Key("output")).toString().endsWith(QStringLiteral("/output-0.jpg")));
    QCOMPARE(id.size(), 26);
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-z]{26}$")).match(id).hasMatch());
}

void tst_Sim::outputShapes_data()
{
    QTest::addColumn<QJsonObject>("spec");
    QTest::addColumn<QString>("shape");
    QTest::addColumn<int>("count");

    QTest::newRow("string") << QJsonObject{{Key("output_shape"), Key("string")}} << QStringLiteral("string") << 1;
    QTest::newRow("array") << QJsonObject{{Key("output_shape"), Key("array")}, {Key("image_count"), 3}}
                           << QStringLiteral("array") << 3;
    QTest::newRow("objects") << QJsonObject{{Key("output_shape"), Key("objects")}, {Key("image_count"), 2}}
                             << QStringLiteral("objects") << 2;
    QTest::newRow("data_uri") << QJsonObject{{Key("output_shape"), Key("data_uri")}} << QStringLiteral("data_uri") << 1;
    QTest::newRow("text") << QJsonObject{{Key("output_shape"), Key("text")}} << QStringLiteral("text") << 0;
    QTest::newRow("null") << QJsonObject{{Key("output_shape"), Key("null")}} << QStringLiteral("null") << 0;
    QTest::newRow("schnell-default") << QJsonObject{{Key("model"), Key("black-forest-labs/flux-schnell")},
                                                    {Key("image_count"), 2}}
                                     << QStringLiteral("webp-array") << 2;
    QTest::newRow("failed") << QJsonObject{{Key("outcome"), Key("failed")}, {Key("error"), Key("boom")}}
                            << QStringLiteral("failed") << 0;
}

void tst_Sim::outputShapes()
{
    QFETCH(QJsonObject, spec);
    QFETCH(QString, shape);
    QFETCH(int, count);
    const QString id = createOne(spec);
    QVERIFY(!id.isEmpty());
    const QJsonObject p = prediction(id);
    const QJsonValue output = p.value(Key("output"));
    const QString files = m_sim.secondHost().toString() + QStringLiteral("/files/") + id + QStringLiteral("/output-");

    if (shape == QLatin1String("string")) {
        QCOMPARE(output.toString(), files + QStringLiteral("0.png"));
    } else if (shape == QLatin1String("array") || shape == QLatin1String("webp-array")) {
        const QString extension = shape == QLatin1String("array") ? QStringLiteral(".png") : QStringLiteral(".webp");
        QVERIFY(output.isArray());
        QCOMPARE(output.toArray().size(), count);
        for (int i = 0; i < count; ++i)
            QCOMPARE(output.toArray().at(i).toString(), files + QString::number(i) + extension);
        if (shape == QLatin1String("webp-array")) {
            QCOMPARE(p.value(Key("input")).toObject().value(Key("output_format")).toString(), QStringLiteral("webp"));
            QCOMPARE(p.value(Key("input")).toObject().value(Key("num_outputs")).toInt(), 2);
        }
    } else if (shape == QLatin1String("objects")) {
        QCOMPARE(output.toArray().size(), count);
        QCOMPARE(output.toArray().at(1).toObject().value(Key("file")).toString(), files + QStringLiteral("1.png"));
    } else if (shape == QLatin1String("data_uri")) {
        const QString uri = output.toString();
        QVERIFY(uri.startsWith(QStringLiteral("data:image/png;base64,")));
        const QByteArray bytes = QByteArray::fromBase64(uri.mid(uri.indexOf(QLatin1Char(',')) + 1).toLatin1());
        QVERIFY(!QImage::fromData(bytes).isNull());
    } else if (shape == QLatin1String("text")) {
        QVERIFY(output.isArray());
        QVERIFY(!output.toArray().isEmpty());
        for (const QJsonValue &token : output.toArray())
            QVERIFY(token.isString() && !token.toString().startsWith(QStringLiteral("http")));
        QCOMPARE(p.value(Key("metrics")).toObject().value(Key("image_count")).toInt(), 0);
    } else if (shape == QLatin1String("null")) {
        QVERIFY(output.isNull());
        QCOMPARE(p.value(Key("status")).toString(), QStringLiteral("succeeded"));
    } else if (shape == QLatin1String("failed")) {
        QCOMPARE(p.value(Key("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(p.value(Key("error")).toString(), QStringLiteral("boom"));
        QVERIFY(output.isNull());
        QVERIFY(p.value(Key("logs")).toString().contains(QStringLiteral("boom")));
    }
}

void tst_Sim::unauthorized_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");

    QTest::newRow("none") << QByteArray() << 401;
    QTest::newRow("wrong") << QByteArrayLiteral("Bearer not-the-token") << 401;
    QTest::newRow("quoted") << QByteArrayLiteral("Bearer \"sim-token\"") << 401;
    QTest::newRow("double-space") << QByteArrayLiteral("Bearer  sim-token") << 401;
    QTest::newRow("lower-case-value") << QByteArrayLiteral("Bearer SIM-TOKEN") << 401;
    QTest::newRow("bearer") << QByteArrayLiteral("Bearer sim-token") << 200;
    QTest::newRow("token-scheme") << QByteArrayLiteral("Token sim-token") << 200;
}

void tst_Sim::unauthorized()
{
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    const QString id = createOne({});
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!authorization.isEmpty())
        headers.append({QByteArrayLiteral("Authorization"), authorization});
    const Response response = send(QByteArrayLiteral("GET"),
                                   QUrl(m_sim.apiRoot().toString() + QStringLiteral("/predictions/") + id), {}, headers,
                                   15000, false);
    QCOMPARE(response.status, status);
    if (status == 401) {
        QCOMPARE(response.header("Content-Type"), QByteArrayLiteral("application/problem+json"));
        const QJsonObject body = response.json();
        QCOMPARE(body.value(Key("title")).toString(), QStringLiteral("Unauthenticated"));
        QCOMPARE(body.value(Key("detail")).toString(), QStringLiteral("You did not pass a valid authentication token"));
        QCOMPARE(body.value(Key("status")).toInt(), 401);
    }
    // Files need no token, as on replicate.delivery.
    const QString file = prediction(id).value(Key("output")).toString();
    QCOMPARE(send(QByteArrayLiteral("GET"), QUrl(file), {}, {}, 15000, false).status, 200);
}

void tst_Sim::notFound()
{
    const Response response = get(QStringLiteral("/predictions/doesnotexist0000000000000"));
    QCOMPARE(response.status, 404);
    QCOMPARE(response.header("Content-Type"), QByteArrayLiteral("application/problem+json"));
    QCOMPARE(response.json().value(Key("detail")).toString(),
             QStringLiteral("The requested resource could not be found."));
    QCOMPARE(response.json().value(Key("status")).toInt(), 404);
    QCOMPARE(get(QStringLiteral("/no/such/route")).status, 404);
    QCOMPARE(send(QByteArrayLiteral("GET"), QUrl(m_sim.origin().toString() + QStringLiteral("/elsewhere"))).status,
             404);
}

void tst_Sim::listPagination()
{
    QVERIFY(m_sim.reset());
    const QStringList ids = m_sim.createPredictions({{Key("count"), 250}, {Key("queue_ms"), 0}, {Key("run_ms"), 0}});
    QCOMPARE(ids.size(), 250);

    QStringList seen;
    QUrl next(m_sim.apiRoot().toString() + QStringLiteral("/predictions"));
    QList<int> pageSizes;
    while (next.isValid() && pageSizes.size() < 10) {
        const Response response = send(QByteArrayLiteral("GET"), next);
        QCOMPARE(response.status, 200);
        const QJsonObject page = response.json();
        QVERIFY(page.contains(Key("previous")));
        QVERIFY(page.value(Key("previous")).isNull());
        const QJsonArray results = page.value(Key("results")).toArray();
        pageSizes << int(results.size());
        for (const QJsonValue &value : results)
            seen << value.toObject().value(Key("id")).toString();
        const QJsonValue nextValue = page.value(Key("next"));
        if (nextValue.isNull()) {
            next = QUrl();
        } else {
            next = QUrl(nextValue.toString());
            QCOMPARE(next.host(), QStringLiteral("127.0.0.1"));
            QCOMPARE(next.port(), int(m_sim.port()));
            QCOMPARE(next.path(), QStringLiteral("/v1/predictions"));
            QVERIFY(next.query().contains(QStringLiteral("cursor=")));
        }
    }
    QCOMPARE(pageSizes, QList<int>({100, 100, 50}));
    // Newest first: the reverse of creation order.
    QStringList expected = ids;
    std::reverse(expected.begin(), expected.end());
    QCOMPARE(seen, expected);

    QCOMPARE(get(QStringLiteral("/predictions?cursor=%%%")).status, 400);
}

void tst_Sim::listUnderRelayPrefix()
{
    QVERIFY(m_sim.reset());
    QCOMPARE(m_sim.createPredictions({{Key("count"), 101}}).size(), 101);
    const Response response = send(
        QByteArrayLiteral("GET"),
        QUrl(m_sim.apiRoot(QStringLiteral("/replicate/v1")).toString() + QStringLiteral("/predictions")));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(Key("results")).toArray().size(), 100);
    const QUrl next(response.json().value(Key("next")).toString());
    QCOMPARE(next.path(), QStringLiteral("/replicate/v1/predictions"));
    const Response second = send(QByteArrayLiteral("GET"), next);
    QCOMPARE(second.json().value(Key("results")).toArray().size(), 1);
    QVERIFY(second.json().value(Key("next")).isNull());
}

void tst_Sim::listSortsOnCreationTimeAndFilters()
{
    QVERIFY(m_sim.reset());
    const QString recent = createOne({});
    const QString old = createOne({{Key("age_ms"), 120000}});
    const QString older = createOne({{Key("age_ms"), 240000}});
    const QString newest = createOne({});
    const auto ids = [](const Response &response) {
        QStringList out;
        const QJsonArray results = response.json().value(Key("results")).toArray();
        for (const QJsonValue &value : results)
            out << value.toObject().value(Key("id")).toString();
        return out;
    };
    QCOMPARE(ids(get(QStringLiteral("/predictions"))), QStringList({newest, recent, old, older}));

    const QString oldCreated = prediction(old).value(Key("created_at")).toString();
    const Response after = get(QStringLiteral("/predictions?created_after=") + oldCreated);
    QCOMPARE(after.status, 200);
    QCOMPARE(ids(after), QStringList({newest, recent}));
    const Response before = get(QStringLiteral("/predictions?created_before=") + oldCreated);
    QCOMPARE(ids(before), QStringList({older}));
    QCOMPARE(get(QStringLiteral("/predictions?created_after=yesterday")).status, 400);
}

void tst_Sim::cancel()
{
    const QString running = createOne({{Key("run_ms"), 600000}});
    const QUrl cancelUrl(m_sim.apiRoot().toString() + QStringLiteral("/predictions/") + running
                         + QStringLiteral("/cancel"));
    Response response = send(QByteArrayLiteral("POST"), cancelUrl);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(Key("status")).toString(), QStringLiteral("canceled"));
    QVERIFY(Iso9.match(response.json().value(Key("completed_at")).toString()).hasMatch());
    QVERIFY(response.json().value(Key("output")).isNull());
    QCOMPARE(prediction(running).value(Key("status")).toString(), QStringLiteral("canceled"));
    const QString completed = prediction(running).value(Key("completed_at")).toString();

    // Canceling again changes nothing.
    response = send(QByteArrayLiteral("POST"), cancelUrl);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(Key("completed_at")).toString(), completed);

    // A finished prediction stays finished.
    const QString done = createOne({});
    response = send(
        QByteArrayLiteral("POST"),
        QUrl(m_sim.apiRoot().toString() + QStringLiteral("/predictions/") + done + QStringLiteral("/cancel")));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(Key("status")).toString(), QStringLiteral("succeeded"));

    response = send(QByteArrayLiteral("POST"),
                    QUrl(m_sim.apiRoot().toString() + QStringLiteral("/predictions/nope/cancel")));
    QCOMPARE(response.status, 404);
    QCOMPARE(send(QByteArrayLiteral("GET"), cancelUrl).status, 405);
}

void tst_Sim::createValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("type");

    QTest::newRow("bad-output-format") << QByteArrayLiteral(R"({"input":{"prompt":"x","output_format":"tiff"}})")
                                       << QStringLiteral("input.output_format") << QStringLiteral("enum");
    QTest::newRow("safety-7") << QByteArrayLiteral(R"({"input":{"prompt":"x","safety_tolerance":7}})")
                              << QStringLiteral("input.safety_tolerance") << QStringLiteral("number_lte");
    QTest::newRow("safety-string") << QByteArrayLiteral(R"({"input":{"prompt":"x","safety_tolerance":"2"}})")
                                   << QStringLiteral("input.safety_tolerance") << QStringLiteral("invalid_type");
    QTest::newRow("missing-prompt") << QByteArrayLiteral(R"({"input":{"aspect_ratio":"1:1"}})")
                                    << QStringLiteral("input") << QStringLiteral("required");
    QTest::newRow("bad-aspect") << QByteArrayLiteral(R"({"input":{"prompt":"x","aspect_ratio":"7:5"}})")
                                << QStringLiteral("input.aspect_ratio") << QStringLiteral("enum");
    QTest::newRow("upsampling-not-bool") << QByteArrayLiteral(R"({"input":{"prompt":"x","prompt_upsampling":"yes"}})")
                                         << QStringLiteral("input.prompt_upsampling") << QStringLiteral("invalid_type");
    QTest::newRow("no-input") << QByteArrayLiteral(R"({"inputs":{}})") << QStringLiteral("input")
                              << QStringLiteral("invalid_type");
}

void tst_Sim::createValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    QFETCH(QString, type);
    const QUrl url(m_sim.apiRoot().toString()
                   + QStringLiteral("/models/black-forest-labs/flux-kontext-pro/predictions"));
    const Response response = send(QByteArrayLiteral("POST"), url, body);
    QCOMPARE(response.status, 422);
    QCOMPARE(response.header("Content-Type"), QByteArrayLiteral("application/problem+json"));
    const QJsonObject problem = response.json();
    QCOMPARE(problem.value(Key("title")).toString(), QStringLiteral("Input validation failed"));
    QCOMPARE(problem.value(Key("status")).toInt(), 422);
    QVERIFY2(problem.value(Key("detail")).toString().startsWith(QStringLiteral("- ") + field + QStringLiteral(": ")),
             qPrintable(problem.value(Key("detail")).toString()));
    const QJsonArray fields = problem.value(Key("invalid_fields")).toArray();
    QCOMPARE(fields.size(), 1);
    QCOMPARE(fields.at(0).toObject().value(Key("field")).toString(), field);
    QCOMPARE(fields.at(0).toObject().value(Key("type")).toString(), type);

    QCOMPARE(send(QByteArrayLiteral("POST"), url, QByteArrayLiteral("not json")).status, 400);
}

void tst_Sim::createSucceeds()
{
    const QUrl url(m_sim.apiRoot().toString()
                   + QStringLiteral("/models/black-forest-labs/flux-kontext-max/predictions"));
    const Response response = send(QByteArrayLiteral("POST"), url,
                                   QByteArrayLiteral(R"({"input":{"prompt":"a lighthouse","safety_tolerance":6,)"
                                                     R"("output_format":"jpg","seed":7}})"));
    QCOMPARE(response.status, 201);
    const QJsonObject p = response.json();
    QCOMPARE(p.value(Key("status")).toString(), QStringLiteral("starting"));
    QCOMPARE(p.value(Key("model")).toString(), QStringLiteral("black-forest-labs/flux-kontext-max"));
    QCOMPARE(p.value(Key("input")).toObject().value(Key("prompt")).toString(), QStringLiteral("a lighthouse"));
    const QString id = p.value(Key("id")).toString();
    QCOMPARE(prediction(id).value(Key("id")).toString(), id);

    // The schnell schema differs: num_outputs is allowed there, up to 4.
    const QUrl schnell(m_sim.apiRoot().toString()
                       + QStringLiteral("/models/black-forest-labs/flux-schnell/predictions"));
    QCOMPARE(send(QByteArrayLiteral("POST"), schnell, QByteArrayLiteral(R"({"input":{"prompt":"x","num_outputs":4}})"))
                 .status,
             201);
    QCOMPARE(send(QByteArrayLiteral("POST"), schnell, QByteArrayLiteral(R"({"input":{"prompt":"x","num_outputs":5}})"))
                 .status,
             422);
}

void tst_Sim::createByVersion()
{
    const QUrl url(m_sim.apiRoot().toString() + QStringLiteral("/predictions"));
    Response response = send(
        QByteArrayLiteral("POST"), url,
        QByteArrayLiteral(R"({"version":"black-forest-labs/flux-schnell:abc123","input":{"prompt":"x"}})"));
    QCOMPARE(response.status, 201);
    QCOMPARE(response.json().value(Key("model")).toString(), QStringLiteral("black-forest-labs/flux-schnell"));
    QCOMPARE(response.json().value(Key("version")).toString(), QStringLiteral("abc123"));
    response = send(QByteArrayLiteral("POST"), url, QByteArrayLiteral(R"({"input":{"prompt":"x"}})"));
    QCOMPARE(response.status, 422);
    QCOMPARE(response.json().value(Key("invalid_fields")).toArray().at(0).toObject().value(Key("field")).toString(),
             QStringLiteral("version"));
}

void tst_Sim::preferWaitHoldsUntilDone()
{
    SimProcess quick{SimProcess::Token::SimDefault};
    QVERIFY(quick.start(
        {QStringLiteral("--queue-ms"), QStringLiteral("100"), QStringLiteral("--run-ms"), QStringLiteral("200")}));
    QNetworkRequest request(
        QUrl(quick.apiRoot().toString() + QStringLiteral("/models/black-forest-labs/flux-kontext-pro/predictions")));
    request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer sim-token"));
    request.setRawHeader(QByteArrayLiteral("Prefer"), QByteArrayLiteral("wait=30"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_nam.post(request, QByteArrayLiteral(R"({"input":{"prompt":"wait for me"}})"));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(30000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    const QJsonObject p = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(p.value(Key("status")).toString(), QStringLiteral("succeeded"));
    QVERIFY(!p.value(Key("output")).toString().isEmpty());
    reply->deleteLater();

    // wait=0 answers at once.
    request.setRawHeader(QByteArrayLiteral("Prefer"), QByteArrayLiteral("wait=0"));
    reply = m_nam.post(request, QByteArrayLiteral(R"({"input":{"prompt":"no wait"}})"));
    QSignalSpy finishedAgain(reply, &QNetworkReply::finished);
    QVERIFY(finishedAgain.wait(30000));
    QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object().value(Key("status")).toString(),
             QStringLiteral("starting"));
    reply->deleteLater();
}

void tst_Sim::dataRemovedAfterRetention()
{
    const QString id = createOne({{Key("retention_ms"), 600}, {Key("output_shape"), Key("array")}});
    const QJsonObject before = prediction(id);
    QCOMPARE(before.value(Key("data_removed")).toBool(), false);
    const QString file = before.value(Key("output")).toArray().at(0).toString();
    const QString input = before.value(Key("input")).toObject().value(Key("input_image")).toString();
    QVERIFY(input.startsWith(m_sim.secondHost().toString()));
    QCOMPARE(send(QByteArrayLiteral("GET"), QUrl(file), {}, {}, 15000, false).status, 200);
    QCOMPARE(send(QByteArrayLiteral("GET"), QUrl(input), {}, {}, 15000, false).status, 200);

    QTRY_VERIFY_WITH_TIMEOUT(prediction(id).value(Key("data_removed")).toBool(), 10000);
    const QJsonObject after = prediction(id);
    QVERIFY(after.value(Key("output")).isNull());
    QCOMPARE(after.value(Key("logs")).toString(), QString());
    QCOMPARE(after.value(Key("status")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(send(QByteArrayLiteral("GET"), QUrl(file), {}, {}, 15000, false).status, 404);
    QCOMPARE(send(QByteArrayLiteral("GET"), QUrl(input), {}, {}, 15000, false).status, 404);

    // Backdated: removed from the start.
    const QString old = createOne({{Key("age_ms"), 2 * 3600 * 1000}});
    QVERIFY(prediction(old).value(Key("data_removed")).toBool());
}

void tst_Sim::faults_data()
{
    QTest::addColumn<QJsonObject>("rule");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("bodyPart");
    QTest::addColumn<QByteArray>("retryAfter");

    const auto rule = [](std::initializer_list<QPair<QString, QJsonValue>> pairs) {
        QJsonObject object;
        for (const auto &pair : pairs)
            object.insert(pair.first, pair.second);
        return object;
    };
    QTest::newRow("status-500") << rule({{Key("kind"), Key("status")}}) << 500
                                << QByteArrayLiteral("application/problem+json")
                                << QStringLiteral("Internal server error") << QByteArray();
    QTest::newRow("status-503-retry") << rule(
        {{Key("kind"), Key("status")}, {Key("status"), 503}, {Key("retry_after"), Key("2")}})
                                      << 503 << QByteArrayLiteral("application/problem+json")
                                      << QStringLiteral("\"status\":503") << QByteArrayLiteral("2");
    QTest::newRow("status-429-body")
        << rule({{Key("kind"), Key("status")}, {Key("status"), 429}, {Key("body_retry_after"), 5}}) << 429
        << QByteArrayLiteral("application/problem+json")
        << QStringLiteral("{\"detail\":\"Request was throttled. Your rate limit resets in ~5s.\",\"status\":429,"
                          "\"retry_after\":5}")
        << QByteArray();
    QTest::newRow("status-raw-body") << rule(
        {{Key("kind"), Key("status")}, {Key("status"), 402}, {Key("body"), Key("insufficient balance")}})
                                     << 402 << QByteArrayLiteral("text/plain; charset=utf-8")
                                     << QStringLiteral("insufficient balance") << QByteArray();
    QTest::newRow("latency") << rule({{Key("kind"), Key("latency")}, {Key("ms"), 300}}) << 200
                             << QByteArrayLiteral("application/json") << QStringLiteral("\"status\":\"succeeded\"")
                             << QByteArray();
    QTest::newRow("malformed") << rule({{Key("kind"), Key("malformed")}}) << 200
                               << QByteArrayLiteral("application/json") << QStringLiteral("\"status\":\"proc")
                               << QByteArray();
    QTest::newRow("wrong_schema") << rule({{Key("kind"), Key("wrong_schema")}}) << 200
                                  << QByteArrayLiteral("application/json") << QStringLiteral("\"data\":[{\"url\":")
                                  << QByteArray();
    QTest::newRow("not_json") << rule({{Key("kind"), Key("not_json")}}) << 502 << QByteArrayLiteral("text/html")
                              << QStringLiteral("<h1>502 Bad Gateway</h1>") << QByteArray();
    QTest::newRow("not_json-504") << rule({{Key("kind"), Key("not_json")}, {Key("status"), 504}}) << 504
                                  << QByteArrayLiteral("text/html") << QStringLiteral("504 Gateway Timeout")
                                  << QByteArray();
}

void tst_Sim::faults()
{
    QFETCH(QJsonObject, rule);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, bodyPart);
    QFETCH(QByteArray, retryAfter);
    const QString id = createOne({});
    QVERIFY(m_sim.setFaults({rule}));
    const Response response = get(QStringLiteral("/predictions/") + id);
    QCOMPARE(response.status, status);
    QCOMPARE(response.header("Content-Type"), contentType);
    QVERIFY2(response.body.contains(bodyPart.toUtf8()), response.body.constData());
    QCOMPARE(response.header("Retry-After"), retryAfter);
    if (rule.value(Key("kind")).toString() == QLatin1String("malformed")) {
        QJsonParseError error;
        QJsonDocument::fromJson(response.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
    }

    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 1);
    const QJsonObject entry = log.first().toObject();
    QCOMPARE(entry.value(Key("fault")).toString(), rule.value(Key("kind")).toString());
    QCOMPARE(entry.value(Key("status")).toInt(), status);
    if (rule.value(Key("kind")).toString() == QLatin1String("latency"))
        QVERIFY(entry.value(Key("done_ms")).toInteger() - entry.value(Key("t_ms")).toInteger() >= 300);
}

void tst_Sim::stallHeaders()
{
    const QString id = createOne({});
    QVERIFY(m_sim.setFaults({QJsonObject{{Key("kind"), Key("stall")}}}));
    const Response response = send(
        QByteArrayLiteral("GET"), QUrl(m_sim.apiRoot().toString() + QStringLiteral("/predictions/") + id), {}, {}, 500);
    QVERIFY(response.finished);
    QCOMPARE(response.error, QNetworkReply::OperationCanceledError);
    QCOMPARE(response.status, 0);
    QTRY_VERIFY(!m_sim.requestLog().first().toObject().value(Key("done_ms")).isNull());
    const QJsonObject entry = m_sim.requestLog().first().toObject();
    QCOMPARE(entry.value(Key("status")).toInt(), 0);
    QCOMPARE(entry.value(Key("fault")).toString(), QStringLiteral("stall"));
    QVERIFY(entry.value(Key("done_ms")).toInteger() >= entry.value(Key("t_ms")).toInteger());
}

void tst_Sim::stallBody()
{
    const QString id = createOne({});
    QVERIFY(m_sim.setFaults({QJsonObject{{Key("kind"), Key("stall")}, {Key("phase"), Key("body")}}}));
    const Response response = send(
        QByteArrayLiteral("GET"), QUrl(m_sim.apiRoot().toString() + QStringLiteral("/predictions/") + id), {}, {}, 500);
    QCOMPARE(response.error, QNetworkReply::OperationCanceledError);
    QCOMPARE(response.status, 200);
    QVERIFY(response.body.isEmpty());
    QVERIFY(response.header("Content-Length").toInt() > 0);
}

void tst_Sim::dropAndTruncate_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("target");
    QTest::newRow("drop-api") << QStringLiteral("drop") << QStringLiteral("api");
    QTest::newRow("truncate-api") << QStringLiteral("truncate") << QStringLiteral("api");
    QTest::newRow("drop-file") << QStringLiteral("drop") << QStringLiteral("files");
    QTest::newRow("truncate-file") << QStringLiteral("truncate") << QStringLiteral("files");
}

void tst_Sim::dropAndTruncate()
{
    QFETCH(QString, kind);
    QFETCH(QString, target);
    const QString id = createOne({});
    const QUrl url = target == QLatin1String("api")
        ? QUrl(m_sim.apiRoot().toString() + QStringLiteral("/predictions/") + id)
        : QUrl(prediction(id).value(Key("output")).toString());
    QVERIFY(m_sim.setFaults({QJsonObject{{Key("kind"), kind}, {Key("target"), target}}}));
    const Response response = send(QByteArrayLiteral("GET"), url);
    QVERIFY(response.finished);
    QVERIFY2(response.error != QNetworkReply::NoError, qPrintable(QString::number(response.error)));
    QVERIFY(response.error != QNetworkReply::OperationCanceledError);

    // On the wire: a Content-Length the body never reaches, then the connection closes.
    const QByteArray wire = raw(quint16(url.port()),
                                "GET " + url.path().toUtf8()
                                    + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sim-token\r\n\r\n",
                                target == QLatin1String("api") ? "127.0.0.1" : "127.0.0.2");
    const qsizetype headerEnd = wire.indexOf("\r\n\r\n");
    QVERIFY(headerEnd > 0);
    const QRegularExpression lengthHeader(QStringLiteral("Content-Length: (\\d+)"));
    const auto match = lengthHeader.match(QString::fromLatin1(wire.left(headerEnd)));
    QVERIFY(match.hasMatch());
    QVERIFY(wire.size() - headerEnd - 4 < match.captured(1).toLongLong());
    QVERIFY(wire.left(headerEnd).contains("Connection: close"));
}

void tst_Sim::redirect()
{
    const QString id = createOne({});
    QVERIFY(m_sim.setFaults({QJsonObject{{Key("kind"), Key("redirect")}, {Key("count"), 1}}}));
    Response response = get(QStringLiteral("/predictions/") + id);
    QCOMPARE(response.status, 302);
    const QUrl location(QString::fromUtf8(response.header("Location")));
    QCOMPARE(location.host(), QStringLiteral("127.0.0.2"));
    QCOMPARE(location.port(), int(m_sim.secondPort()));
    QCOMPARE(location.path(), QStringLiteral("/v1/predictions/") + id);
    // The second host answers the API too (with the token): following the redirect works.
    QCOMPARE(send(QByteArrayLiteral("GET"), location).status, 200);

    QVERIFY(m_sim.setFaults({QJsonObject{
        {Key("kind"), Key("redirect")}, {Key("status"), 307}, {Key("to"), Key("http://example.invalid/x")}}}));
    response = get(QStringLiteral("/predictions/") + id);
    QCOMPARE(response.status, 307);
    QCOMPARE(response.header("Location"), QByteArrayLiteral("http://example.invalid/x"));
}

void tst_Sim::faultMatching()
{
    const QString a = createOne({});
    const QString b = createOne({});
    const auto status = [&](const QString &id) { return get(QStringLiteral("/predictions/") + id).status; };

    // ids
    QVERIFY(m_sim.setFaults({QJsonObject{{Key("kind"), Key("status")}, {Key("ids"), QJsonArray{a}}}}));
    QCOMPARE(status(a), 500);
    QCOMPARE(status(b), 200);

    // count: only the first N matching requests
    QVERIFY(m_sim.setFaults({QJsonObject{{Key("kind"), Key("status")}, {Key("status"), 503}, {Key("count"), 2}}}));
    QCOMPARE(status(a), 503);
    QCOMPARE(status(b), 503);
    QCOMPARE(status(a), 200);

    // method and path
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{Key("kind"), Key("status")}, {Key("method"), Key("post")}, {Key("path"), Key("/cancel")}}}));
    QCOMPARE(status(a), 200);
    QCOMPARE(send(QByteArrayLiteral("POST"),
                  QUrl(m_sim.apiRoot().toString() + QStringLiteral("/predictions/") + a + QStringLiteral("/cancel")))
                 .status,
             500);

    // target: the default leaves files alone; files hits only files; the first matching rule wins.
    const QUrl file(prediction(a).value(Key("output")).toString());
    QVERIFY(m_sim.setFaults({QJsonObject{{Key("kind"), Key("status")}, {Key("status"), 502}}}));
    QCOMPARE(send(QByteArrayLiteral("GET"), file).status, 200);
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{Key("kind"), Key("status")}, {Key("status"), 410}, {Key("target"), Key("files")}},
         QJsonObject{{Key("kind"), Key("status")}, {Key("status"), 418}, {Key("target"), Key("all")}}}));
    QCOMPARE(send(QByteArrayLiteral("GET"), file).status, 410);
    QCOMPARE(status(a), 418);

    // Control routes are never faulted.
    QVERIFY(m_sim.setFaults({QJsonObject{{Key("kind"), Key("stall")}, {Key("target"), Key("all")}}}));
    QCOMPARE(m_sim.createPredictions({}).size(), 1);
    QVERIFY(m_sim.clearFaults());
    QCOMPARE(status(a), 200);

    // Bad rules are refused and leave the old ones in place.
    QVERIFY(!m_sim.setFaults({QJsonObject{{Key("kind"), Key("explode")}}}));
    QVERIFY(!m_sim.setFaults({QJsonObject{{Key("kind"), Key("status")}, {Key("rate"), 2}}}));
}

void tst_Sim::faultRateIsSeeded()
{
    const QString id = createOne({});
    const auto pattern = [&](SimProcess &sim, const QString &predictionId) {
        QString out;
        for (int i = 0; i < 40; ++i) {
            const Response r = send(QByteArrayLiteral("GET"),
                                    QUrl(sim.apiRoot().toString() + QStringLiteral("/predictions/") + predictionId));
            out += r.status == 200 ? QLatin1Char('.') : QLatin1Char('x');
        }
        return out;
    };
    const QJsonArray rules{QJsonObject{{Key("kind"), Key("status")}, {Key("rate"), 0.5}}};
    QVERIFY(m_sim.setFaults(rules));
    const QString first = pattern(m_sim, id);
    QVERIFY2(first.contains(QLatin1Char('x')) && first.contains(QLatin1Char('.')), qPrintable(first));

    // Same seed, same draws.
    SimProcess again{SimProcess::Token::SimDefault};
    QVERIFY(again.start({QStringLiteral("--random-seed"), QStringLiteral("42")}));
    QVERIFY(again.setFaults(rules));
    const QString againId = again.createPredictions({{Key("queue_ms"), 0}, {Key("run_ms"), 0}}).value(0);
    QCOMPARE(pattern(again, againId), first);

    QVERIFY(m_sim.setFaults({QJsonObject{{Key("kind"), Key("status")}, {Key("rate"), 0}}}));
    QCOMPARE(pattern(m_sim, id), QString(40, QLatin1Char('.')));
}

void tst_Sim::logRecordsAuthorizationPresenceOnly()
{
    const QString id = createOne({});
    QVERIFY(m_sim.clearLog());
    get(QStringLiteral("/predictions/") + id);
    get(QStringLiteral("/predictions/") + id, false);
    send(QByteArrayLiteral("GET"), QUrl(m_sim.apiRoot().toString() + QStringLiteral("/predictions/") + id), {},
         {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer very-secret-value-123")}}, 15000, false);

    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 3);
    QCOMPARE(log.at(0).toObject().value(Key("authorization")).toBool(), true);
    QCOMPARE(log.at(0).toObject().value(Key("status")).toInt(), 200);
    QCOMPARE(log.at(1).toObject().value(Key("authorization")).toBool(), false);
    QCOMPARE(log.at(1).toObject().value(Key("status")).toInt(), 401);
    QCOMPARE(log.at(2).toObject().value(Key("authorization")).toBool(), true);
    const QByteArray text = QJsonDocument(log).toJson();
    QVERIFY(!text.contains("sim-token"));
    QVERIFY(!text.contains("very-secret-value-123"));
    QVERIFY(!text.contains("Bearer"));
}

void tst_Sim::logTimesAndControlRoutesUnlogged()
{
    const QString id = createOne({});
    QVERIFY(m_sim.clearLog());
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(send(QByteArrayLiteral("GET"),
                  QUrl(m_sim.apiRoot().toString() + QStringLiteral("/predictions/") + id + QStringLiteral("?x=1")))
                 .status,
             200);
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    m_sim.createPredictions({});
    m_sim.requestLog();

    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 1);
    const QJsonObject entry = log.first().toObject();
    for (const char *key : {"seq", "t_ms", "done_ms", "method", "path", "host", "authorization", "status", "fault"})
        QVERIFY2(entry.contains(Key(key)), key);
    QCOMPARE(entry.value(Key("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(entry.value(Key("path")).toString(), QStringLiteral("/v1/predictions/") + id);
    QCOMPARE(entry.value(Key("query")).toString(), QStringLiteral("x=1"));
    QCOMPARE(entry.value(Key("host")).toString(), QStringLiteral("127.0.0.1:%1").arg(m_sim.port()));
    QVERIFY(entry.value(Key("fault")).isNull());
    const qint64 t = entry.value(Key("t_ms")).toInteger();
    const qint64 done = entry.value(Key("done_ms")).toInteger();
    QVERIFY(t >= before - 5 && t <= after + 5);
    QVERIFY(done >= t);

    // since: only what came after.
    const qint64 seq = entry.value(Key("seq")).toInteger();
    get(QStringLiteral("/predictions/") + id);
    QCOMPARE(m_sim.requestLog(seq).size(), 1);
    QCOMPARE(m_sim.requestLog(seq).first().toObject().value(Key("seq")).toInteger(), seq + 1);
}

void tst_Sim::images_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("readerFormat");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("png") << QStringLiteral("png") << QByteArrayLiteral("png") << QByteArrayLiteral("image/png");
    QTest::newRow("jpg") << QStringLiteral("jpg") << QByteArrayLiteral("jpeg") << QByteArrayLiteral("image/jpeg");
    QTest::newRow("webp") << QStringLiteral("webp") << QByteArrayLiteral("webp") << QByteArrayLiteral("image/webp");
    QTest::newRow("gif") << QStringLiteral("gif") << QByteArrayLiteral("gif") << QByteArrayLiteral("image/gif");
}

void tst_Sim::images()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, readerFormat);
    QFETCH(QByteArray, contentType);
    if (!QImageReader::supportedImageFormats().contains(readerFormat))
        QSKIP("this Qt cannot read the format (WebP needs qt6-image-formats-plugins)");

    const QString id = createOne({{Key("output_format"), format},
                                  {Key("output_shape"), Key("array")},
                                  {Key("image_count"), 2},
                                  {Key("input"), QJsonObject{{Key("aspect_ratio"), Key("16:9")}}}});
    const QJsonArray output = prediction(id).value(Key("output")).toArray();
    QCOMPARE(output.size(), 2);
    QImage images[2];
    for (int i = 0; i < 2; ++i) {
        const Response response = send(QByteArrayLiteral("GET"), QUrl(output.at(i).toString()), {}, {}, 15000, false);
        QCOMPARE(response.status, 200);
        QCOMPARE(response.header("Content-Type"), contentType);
        QBuffer buffer;
        buffer.setData(response.body);
        buffer.open(QIODevice::ReadOnly);
        QImageReader reader(&buffer);
        QCOMPARE(reader.format(), readerFormat);
        images[i] = reader.read();
        QVERIFY2(!images[i].isNull(), qPrintable(reader.errorString()));
        QCOMPARE(images[i].size(), QSize(512, 288));
    }
    QVERIFY(images[0] != images[1]);
    // Cached: the same bytes again.
    QCOMPARE(send(QByteArrayLiteral("GET"), QUrl(output.at(0).toString())).body.size(),
             send(QByteArrayLiteral("GET"), QUrl(output.at(0).toString())).body.size());

    // The wrong extension, an index past the end, and an unknown id are 404.
    QString wrong = output.at(0).toString();
    wrong.replace(QStringLiteral(".") + format,
                  format == QLatin1String("png") ? QStringLiteral(".jpg") : QStringLiteral(".png"));
    QCOMPARE(send(QByteArrayLiteral("GET"), QUrl(wrong)).status, 404);
    QString past = output.at(0).toString();
    past.replace(QStringLiteral("output-0"), QStringLiteral("output-2"));
    QCOMPARE(send(QByteArrayLiteral("GET"), QUrl(past)).status, 404);

    const Response input = send(
        QByteArrayLiteral("GET"),
        QUrl(m_sim.secondHost().toString() + QStringLiteral("/files/") + id + QStringLiteral("/input.png")));
    QCOMPARE(input.status, 200);
    QVERIFY(!QImage::fromData(input.body, "png").isNull());
}

void tst_Sim::blob()
{
    const qint64 size = 3 * 1024 * 1024 + 17;
    const Response response = send(QByteArrayLiteral("GET"),
                                   QUrl(m_sim.secondHost().toString() + QStringLiteral("/files/blob/%1").arg(size)), {},
                                   {}, 15000, false);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.size(), size);
    QVERIFY(response.body.startsWith("\x89PNG\r\n\x1a\n"));
    QCOMPARE(response.header("Content-Type"), QByteArrayLiteral("image/png"));
    QCOMPARE(
        send(QByteArrayLiteral("GET"), QUrl(m_sim.secondHost().toString() + QStringLiteral("/files/blob/-1"))).status,
        400);
}

void tst_Sim::secondHostAnswersEveryRoute()
{
    const QString id = createOne({});
    QVERIFY(m_sim.clearLog());
    const Response api = send(QByteArrayLiteral("GET"),
                              QUrl(m_sim.secondHost().toString() + QStringLiteral("/v1/predictions/") + id));
    QCOMPARE(api.status, 200);
    const QString file = prediction(id).value(Key("output")).toString();
    QString onFirst = file;
    onFirst.replace(m_sim.secondHost().toString(), m_sim.origin().toString());
    QCOMPARE(send(QByteArrayLiteral("GET"), QUrl(onFirst)).status, 200);
    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 3);
    QCOMPARE(log.at(0).toObject().value(Key("host")).toString(),
             QStringLiteral("127.0.0.2:%1").arg(m_sim.secondPort()));
}

void tst_Sim::keepAliveAndHead()
{
    const QString id = createOne({});
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_sim.port());
    QVERIFY(socket.waitForConnected(5000));
    const QByteArray request = "GET /v1/predictions/" + id.toLatin1()
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sim-token\r\n\r\n";

    const auto readResponse = [&socket]() -> QPair<QByteArray, QByteArray> {
        QByteArray data;
        qsizetype headerEnd = -1;
        while ((headerEnd = data.indexOf("\r\n\r\n")) < 0) {
            if (!socket.waitForReadyRead(5000))
                return {};
            data += socket.readAll();
        }
        const QByteArray head = data.left(headerEnd);
        const QRegularExpression lengthHeader(QStringLiteral("Content-Length: (\\d+)"));
        const qint64 length = lengthHeader.match(QString::fromLatin1(head)).captured(1).toLongLong();
        QByteArray body = data.mid(headerEnd + 4);
        while (body.size() < length) {
            if (!socket.waitForReadyRead(5000))
                break;
            body += socket.readAll();
        }
        return {head, body};
    };

    for (int i = 0; i < 3; ++i) {
        socket.write(request);
        const auto [head, body] = readResponse();
        QVERIFY(head.startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(head.contains("\r\nConnection: keep-alive"));
        QVERIFY(head.contains("\r\nDate: "));
        QCOMPARE(QJsonDocument::fromJson(body).object().value(Key("id")).toString(), id);
    }

    // HEAD: the headers of a GET and no body, which the next answer on the connection proves.
    socket.write("HEAD /v1/predictions/" + id.toLatin1()
                 + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sim-token\r\n\r\n");
    QByteArray headOnly;
    while (!headOnly.contains("\r\n\r\n") && socket.waitForReadyRead(5000))
        headOnly += socket.readAll();
    QVERIFY(headOnly.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(headOnly.endsWith("\r\n\r\n"));
    QVERIFY(headOnly.contains("Content-Length: "));
    socket.write(request);
    {
        const auto [head, body] = readResponse();
        QVERIFY(head.startsWith("HTTP/1.1 200 OK\r\n"));
        QCOMPARE(QJsonDocument::fromJson(body).object().value(Key("id")).toString(), id);
    }

    // Connection: close is honoured.
    socket.write("GET /v1/predictions/" + id.toLatin1()
                 + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sim-token\r\nConnection: close\r\n\r\n");
    const auto [head, body] = readResponse();
    QVERIFY(head.contains("\r\nConnection: close"));
    QVERIFY(!body.isEmpty());
    QVERIFY(socket.state() == QAbstractSocket::UnconnectedState || socket.waitForDisconnected(5000));
}

void tst_Sim::manyConcurrentConnections()
{
    const QString id = createOne({});
    QVERIFY(m_sim.clearLog());
    const int count = 300;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    std::vector<QByteArray> received(count);
    int connected = 0;
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QTcpSocket *s = socket.get();
        connect(s, &QTcpSocket::connected, this, [s, id, &connected] {
            ++connected;
            s->write("GET /v1/predictions/" + id.toLatin1()
                     + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sim-token\r\nConnection: close\r\n\r\n");
        });
        connect(s, &QTcpSocket::readyRead, this, [s, i, &received] { received[size_t(i)] += s->readAll(); });
        s->connectToHost(QHostAddress::LocalHost, m_sim.port());
        sockets.push_back(std::move(socket));
    }
    const auto allDone = [&] {
        for (const auto &s : sockets) {
            if (s->state() != QAbstractSocket::UnconnectedState)
                return false;
        }
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allDone(), 60000);
    QCOMPARE(connected, count);
    for (int i = 0; i < count; ++i)
        QVERIFY2(received[size_t(i)].startsWith("HTTP/1.1 200 OK"), qPrintable(QString::number(i)));

    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), count);
    for (const QJsonValue &entry : log)
        QVERIFY(entry.toObject().value(Key("done_ms")).toInteger() >= entry.toObject().value(Key("t_ms")).toInteger());
}

void tst_Sim::commandLineOptions()
{
    SimProcess other;
    QVERIFY(other.start({QStringLiteral("--token"), QStringLiteral("other-token"), QStringLiteral("--urls"),
                         QStringLiteral("self"), QStringLiteral("--page-size"), QStringLiteral("7"),
                         QStringLiteral("--image-size"), QStringLiteral("64")}));
    QCOMPARE(other.token(), QStringLiteral("other-token"));
    const QString id = other.createPredictions({{Key("queue_ms"), 0}, {Key("run_ms"), 0}}).value(0);
    QNetworkRequest request(
        QUrl(other.apiRoot(QStringLiteral("/replicate/v1")).toString() + QStringLiteral("/predictions/") + id));
    request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer other-token"));
    QNetworkReply *reply = m_nam.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(15000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QJsonObject p = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    const QJsonObject urls = p.value(Key("urls")).toObject();
    QCOMPARE(urls.value(Key("get")).toString(),
             other.apiRoot(QStringLiteral("/replicate/v1")).toString() + QStringLiteral("/predictions/") + id);
    QCOMPARE(urls.value(Key("web")).toString(), QStringLiteral("https://replicate.com/p/") + id);
    QImage image;
    QVERIFY(image.loadFromData(send(QByteArrayLiteral("GET"), QUrl(p.value(Key("output")).toString())).body));
    QCOMPARE(qMax(image.width(), image.height()), 64);

    SimProcess open;
    QVERIFY(open.start({QStringLiteral("--no-auth"), QStringLiteral("--seed"), QStringLiteral("12")}));
    QNetworkReply *list = m_nam.get(QNetworkRequest(QUrl(open.apiRoot().toString() + QStringLiteral("/predictions"))));
    QSignalSpy listed(list, &QNetworkReply::finished);
    QVERIFY(listed.wait(15000));
    QCOMPARE(list->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(QJsonDocument::fromJson(list->readAll()).object().value(Key("results")).toArray().size(), 12);
    list->deleteLater();

    // --faults (inline and @file) and --log.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString logFile = dir.filePath(QStringLiteral("requests.jsonl"));
    const QString faultsFile = dir.filePath(QStringLiteral("faults.json"));
    QFile faults(faultsFile);
    QVERIFY(faults.open(QIODevice::WriteOnly));
    faults.write(R"({"rules":[{"kind":"status","status":418,"count":1}]})");
    faults.close();
    for (const QString &faultsArgument : {QStringLiteral(R"({"rules":[{"kind":"status","status":418,"count":1}]})"),
                                          QString(QLatin1Char('@') + faultsFile)}) {
        SimProcess faulty{SimProcess::Token::SimDefault};
        QVERIFY(faulty.start({QStringLiteral("--faults"), faultsArgument, QStringLiteral("--log"), logFile}));
        QNetworkRequest probe(QUrl(faulty.apiRoot().toString() + QStringLiteral("/predictions/x")));
        probe.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer sim-token"));
        for (const int expected : {418, 404}) {
            QNetworkReply *r = m_nam.get(probe);
            QSignalSpy done(r, &QNetworkReply::finished);
            QVERIFY(done.wait(15000));
            QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), expected);
            r->deleteLater();
        }
    }
    QFile written(logFile);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = written.readAll().split('\n');
    QCOMPARE(lines.size(), 5); // four requests and the final newline
    const QJsonObject firstLine = QJsonDocument::fromJson(lines.first()).object();
    QCOMPARE(firstLine.value(Key("status")).toInt(), 418);
    QCOMPARE(firstLine.value(Key("fault")).toString(), QStringLiteral("status"));
    QCOMPARE(firstLine.value(Key("path")).toString(), QStringLiteral("/v1/predictions/x"));

    // Bad options fail fast instead of starting.
    QVERIFY(!SimProcess().start({QStringLiteral("--urls"), QStringLiteral("elsewhere")}));
    QVERIFY(!SimProcess().start({QStringLiteral("--faults"), QStringLiteral(R"({"rules":[{"kind":"nope"}]})")}));
}

void tst_Sim::scenariosAndSeed()
{
    SimProcess demo{SimProcess::Token::SimDefault};
    QVERIFY(demo.start(
        {QStringLiteral("--scenario"), QStringLiteral("demo"), QStringLiteral("--seed"), QStringLiteral("30")}));
    QNetworkRequest request(QUrl(demo.apiRoot().toString() + QStringLiteral("/predictions")));
    request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer sim-token"));
    QNetworkReply *reply = m_nam.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(15000));
    const QJsonArray results = QJsonDocument::fromJson(reply->readAll()).object().value(Key("results")).toArray();
    reply->deleteLater();
    QCOMPARE(results.size(), 42);
    QSet<QString> statuses;
    int removed = 0;
    for (const QJsonValue &value : results) {
        statuses.insert(value.toObject().value(Key("status")).toString());
        removed += value.toObject().value(Key("data_removed")).toBool() ? 1 : 0;
    }
    for (const char *status : {"starting", "processing", "succeeded", "failed", "canceled", "aborted"})
        QVERIFY2(statuses.contains(Key(status)), status);
    QVERIFY(removed >= 1);
}

void tst_Sim::exitsCleanlyOnSigterm()
{
    SimProcess process;
    QVERIFY(process.start());
    QVERIFY(process.isRunning());
    QVERIFY(process.stop());
    QVERIFY(!process.isRunning());
}

QTEST_GUILESS_MAIN(tst_Sim)
#include "tst_sim.moc"
