// Prediction event streams: replimon-sim's stream (urls.stream) read over loopback by a plain Qt client,
// and PredictionStreams following it: events, the end, refusals, and the key that never goes there.
#include "PredictionClient.h"
#include "PredictionStreams.h"
#include "SimLog.h"
#include "TestBackend.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

namespace {

QString key(const char *text)
{
    return QString::fromLatin1(text);
}

} // namespace

class tst_PredictionStreams final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void simFramesEventsAsReplicateDoes();
    void followerReportsOutputsLogsAndDone();
    void canceledStreamSaysWhy();
    void keyNeverGoesToTheStreamHost();
    void refusedOrBrokenStreamFails_data();
    void refusedOrBrokenStreamFails();
    void unusableUrlIsNotOpened();

private:
    /// Creates one prediction from @p spec and fetches it once (with the key): its stream URL.
    QUrl streamUrlOf(const QJsonObject &spec, QString *id);

    TestBackend m_backend;
    SimProcess &m_sim = m_backend.sim();
};

void tst_PredictionStreams::initTestCase()
{
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

void tst_PredictionStreams::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
}

void tst_PredictionStreams::cleanup()
{
    m_backend.close();
}

QUrl tst_PredictionStreams::streamUrlOf(const QJsonObject &spec, QString *id)
{
    const QStringList ids = m_sim.createPredictions(spec);
    if (ids.size() != 1)
        return {};
    *id = ids.first();
    QSignalSpy received(&m_backend.client(), &PredictionClient::predictionReceived);
    m_backend.client().fetch(*id);
    if (!received.wait(10000))
        return {};
    return received.first().at(1).value<Prediction>().reportedStreamUrl();
}

void tst_PredictionStreams::simFramesEventsAsReplicateDoes()
{
    QString id;
    const QUrl url = streamUrlOf({{key("queue_ms"), 0},
                                  {key("run_ms"), 300},
                                  {key("outcome"), key("failed")},
                                  {key("error"), key("first line\nsecond line")}},
                                 &id);
    // On another host than the API, as stream.replicate.com is.
    QCOMPARE(url.host(), QStringLiteral("127.0.0.2"));
    QVERIFY(url.path().startsWith(key("/v1/files/bcwr-")));

    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/event-stream");
    QNetworkReply *reply = nam.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(), QStringLiteral("text/event-stream"));
    const QString body = QString::fromUtf8(reply->readAll());
    reply->deleteLater();

    QVERIFY2(body.startsWith(key("event: logs\nid: 1\ndata: Starting generate image\n\n")), qPrintable(body));
    // The message's two lines are two data lines of one event.
    static const QRegularExpression error(key("\nevent: error\nid: (\\d+)\ndata: first line\ndata: second line\n\n"));
    const QRegularExpressionMatch errorMatch = error.match(body);
    QVERIFY2(errorMatch.hasMatch(), qPrintable(body));
    static const QRegularExpression done(key("\nevent: done\nid: (\\d+)\ndata: \\{\\}\n\n$"));
    const QRegularExpressionMatch doneMatch = done.match(body);
    QVERIFY2(doneMatch.hasMatch(), qPrintable(body));
    QCOMPARE(doneMatch.captured(1).toInt(), errorMatch.captured(1).toInt() + 1);
    QVERIFY(!body.contains(key("event: output")));
}

void tst_PredictionStreams::followerReportsOutputsLogsAndDone()
{
    QString id;
    const QUrl url = streamUrlOf({{key("queue_ms"), 0},
                                  {key("run_ms"), 400},
                                  {key("model"), key("black-forest-labs/flux-schnell")},
                                  {key("image_count"), 2}},
                                 &id);
    PredictionStreams streams;
    QSignalSpy outputs(&streams, &PredictionStreams::outputReceived);
    QSignalSpy logs(&streams, &PredictionStreams::logsReceived);
    QSignalSpy finished(&streams, &PredictionStreams::finished);
    QSignalSpy failed(&streams, &PredictionStreams::failed);
    QVERIFY(streams.open(id, url));
    QVERIFY(streams.isOpen(id));
    QVERIFY(!streams.open(id, url)); // one stream a prediction
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.first().at(0).toString(), id);
    QCOMPARE(finished.first().at(1).toString(), QString());
    QCOMPARE(failed.count(), 0);
    QCOMPARE(outputs.count(), 2);
    QVERIFY(outputs.at(0).at(1).toString().endsWith(key("/") + id + key("/output-0.webp")));
    QVERIFY(outputs.at(1).at(1).toString().endsWith(key("/") + id + key("/output-1.webp")));
    QCOMPARE(logs.first().at(1).toString(), QStringLiteral("Starting generate image"));
    QCOMPARE(logs.last().at(1).toString().left(20), QStringLiteral("generate image took "));
    QVERIFY(!streams.isOpen(id));
    QCOMPARE(streams.openCount(), 0);
}

void tst_PredictionStreams::canceledStreamSaysWhy()
{
    QString id;
    const QUrl url = streamUrlOf({{key("queue_ms"), 0}, {key("run_ms"), 60000}}, &id);
    PredictionStreams streams;
    QSignalSpy logs(&streams, &PredictionStreams::logsReceived);
    QSignalSpy finished(&streams, &PredictionStreams::finished);
    QVERIFY(streams.open(id, url));
    QTRY_VERIFY_WITH_TIMEOUT(logs.count() >= 2, 10000); // the stream is open and running
    QCOMPARE(finished.count(), 0);
    m_backend.client().cancel(id);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.first().at(1).toString(), QStringLiteral("canceled"));
}

void tst_PredictionStreams::keyNeverGoesToTheStreamHost()
{
    QString id;
    const QUrl url = streamUrlOf({{key("queue_ms"), 0}, {key("run_ms"), 200}}, &id);
    PredictionStreams streams;
    QSignalSpy finished(&streams, &PredictionStreams::finished);
    QVERIFY(streams.open(id, url));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);

    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 2);
    const QJsonObject get = log.at(0).toObject();
    QCOMPARE(get.value(key("path")).toString(), QStringLiteral("/v1/predictions/") + id);
    QVERIFY(get.value(key("authorization")).toBool()); // the API's own origin has the key
    const QList<QJsonObject> stream = SimLog::streamRequests(log);
    QCOMPARE(stream.size(), 1);
    QVERIFY(stream.first().value(key("host")).toString().startsWith(key("127.0.0.2:")));
    QCOMPARE(stream.first().value(key("authorization")).toBool(), false);
    QCOMPARE(stream.first().value(key("accept")).toString(), QStringLiteral("text/event-stream"));
    QCOMPARE(stream.first().value(key("status")).toInt(), 200);
}

void tst_PredictionStreams::refusedOrBrokenStreamFails_data()
{
    QTest::addColumn<QJsonObject>("fault");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<int>("status");         ///< What the sim's log shows.
    QTest::addColumn<bool>("statusInError"); ///< Whether the error names it.
    QTest::newRow("401") << QJsonObject{{key("kind"), key("status")}, {key("status"), 401}}
                         << ApiError::Kind::Unauthorized << 401 << true;
    QTest::newRow("404") << QJsonObject{{key("kind"), key("status")}, {key("status"), 404}}
                         << ApiError::Kind::NotSupported << 404 << true;
    QTest::newRow("not an event stream") << QJsonObject{{key("kind"), key("not_json")}, {key("status"), 200}}
                                         << ApiError::Kind::NotSupported << 200 << true;
    // The headers came, then the connection closed.
    QTest::newRow("dropped before done") << QJsonObject{{key("kind"), key("drop")}} << ApiError::Kind::Network << 200
                                         << false;
}

void tst_PredictionStreams::refusedOrBrokenStreamFails()
{
    QFETCH(QJsonObject, fault);
    QFETCH(ApiError::Kind, kind);
    QFETCH(int, status);
    QFETCH(bool, statusInError);
    QString id;
    const QUrl url = streamUrlOf({{key("queue_ms"), 0}, {key("run_ms"), 2000}}, &id);
    fault.insert(key("target"), key("stream"));
    QVERIFY(m_sim.setFaults({fault}));
    PredictionStreams streams;
    QSignalSpy finished(&streams, &PredictionStreams::finished);
    QSignalSpy failed(&streams, &PredictionStreams::failed);
    QVERIFY(streams.open(id, url));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    QCOMPARE(failed.first().at(0).toString(), id);
    const auto error = failed.first().at(1).value<ApiError>();
    QCOMPARE(error.kind, kind);
    if (statusInError)
        QCOMPARE(error.httpStatus, status);
    QCOMPARE(finished.count(), 0);
    QVERIFY(!streams.isOpen(id));
    const QList<QJsonObject> stream = SimLog::streamRequests(m_sim.requestLog());
    // A refusal is final. A connection closed after the headers Qt may try once more (it was dropped too).
    if (statusInError)
        QCOMPARE(stream.size(), 1);
    else
        QVERIFY(stream.size() == 1 || stream.size() == 2);
    QCOMPARE(stream.first().value(key("status")).toInt(), status);
}

void tst_PredictionStreams::unusableUrlIsNotOpened()
{
    PredictionStreams streams;
    QSignalSpy failed(&streams, &PredictionStreams::failed);
    QVERIFY(!streams.open(key("a"), QUrl()));
    QVERIFY(!streams.open(key("b"), QUrl(key("ftp://127.0.0.2/x"))));
    QVERIFY(!streams.open(key("c"), QUrl(key("/v1/files/relative"))));
    streams.setMaxStreams(1);
    QVERIFY(streams.open(key("d"), m_sim.secondHost().resolved(QUrl(key("/v1/files/bcwr-none")))));
    QVERIFY(!streams.open(key("e"), m_sim.secondHost().resolved(QUrl(key("/v1/files/bcwr-none2")))));
    QCOMPARE(streams.openCount(), 1);
    // An unknown stream token: 404, reported.
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    QCOMPARE(failed.first().at(1).value<ApiError>().httpStatus, 404);
}

QTEST_GUILESS_MAIN(tst_PredictionStreams)
#include "tst_predictionstreams.moc"
