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
using namespace Qt::StringLiterals;

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
    const QUrl url = streamUrlOf({{u"queue_ms"_s, 0},
                                  {u"run_ms"_s, 300},
                                  {u"outcome"_s, u"failed"_s},
                                  {u"error"_s, u"first line\nsecond line"_s}},
                                 &id);
    // On another host than the API, as stream.replicate.com is.
    QCOMPARE(url.host(), QStringLiteral("127.0.0.2"));
    QVERIFY(url.path().startsWith(u"/v1/files/bcwr-"_s));

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

    QVERIFY2(body.startsWith(u"event: logs\nid: 1\ndata: Starting generate image\n\n"_s), qPrintable(body));
    // The message's two lines are two data lines of one event.
    static const QRegularExpression error(u"\nevent: error\nid: (\\d+)\ndata: first line\ndata: second line\n\n"_s);
    const QRegularExpressionMatch errorMatch = error.match(body);
    QVERIFY2(errorMatch.hasMatch(), qPrintable(body));
    static const QRegularExpression done(u"\nevent: done\nid: (\\d+)\ndata: \\{\\}\n\n$"_s);
    const QRegularExpressionMatch doneMatch = done.match(body);
    QVERIFY2(doneMatch.hasMatch(), qPrintable(body));
    QCOMPARE(doneMatch.captured(1).toInt(), errorMatch.captured(1).toInt() + 1);
    QVERIFY(!body.contains(u"event: output"_s));
}

void tst_PredictionStreams::followerReportsOutputsLogsAndDone()
{
    QString id;
    const QUrl url = streamUrlOf({{u"queue_ms"_s, 0},
                                  {u"run_ms"_s, 400},
                                  {u"model"_s, u"black-forest-labs/flux-schnell"_s},
                                  {u"image_count"_s, 2}},
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
    QVERIFY(outputs.at(0).at(1).toString().endsWith(u"/"_s + id + u"/output-0.webp"_s));
    QVERIFY(outputs.at(1).at(1).toString().endsWith(u"/"_s + id + u"/output-1.webp"_s));
    QCOMPARE(logs.first().at(1).toString(), QStringLiteral("Starting generate image"));
    QCOMPARE(logs.last().at(1).toString().left(20), QStringLiteral("generate image took "));
    QVERIFY(!streams.isOpen(id));
    QCOMPARE(streams.openCount(), 0);
}

void tst_PredictionStreams::canceledStreamSaysWhy()
{
    QString id;
    const QUrl url = streamUrlOf({{u"queue_ms"_s, 0}, {u"run_ms"_s, 60000}}, &id);
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
    const QUrl url = streamUrlOf({{u"queue_ms"_s, 0}, {u"run_ms"_s, 200}}, &id);
    PredictionStreams streams;
    QSignalSpy finished(&streams, &PredictionStreams::finished);
    QVERIFY(streams.open(id, url));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);

    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 2);
    const QJsonObject get = log.at(0).toObject();
    QCOMPARE(get.value(u"path"_s).toString(), QStringLiteral("/v1/predictions/") + id);
    QVERIFY(get.value(u"authorization"_s).toBool()); // the API's own origin has the key
    const QList<QJsonObject> stream = SimLog::streamRequests(log);
    QCOMPARE(stream.size(), 1);
    QVERIFY(stream.first().value(u"host"_s).toString().startsWith(u"127.0.0.2:"_s));
    QCOMPARE(stream.first().value(u"authorization"_s).toBool(), false);
    QCOMPARE(stream.first().value(u"accept"_s).toString(), QStringLiteral("text/event-stream"));
    QCOMPARE(stream.first().value(u"status"_s).toInt(), 200);
}

void tst_PredictionStreams::refusedOrBrokenStreamFails_data()
{
    QTest::addColumn<QJsonObject>("fault");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<int>("status");         ///< What the sim's log shows.
    QTest::addColumn<bool>("statusInError"); ///< Whether the error names it.
    QTest::newRow("401") << QJsonObject{{u"kind"_s, u"status"_s}, {u"status"_s, 401}} << ApiError::Kind::Unauthorized
                         << 401 << true;
    QTest::newRow("404") << QJsonObject{{u"kind"_s, u"status"_s}, {u"status"_s, 404}} << ApiError::Kind::NotSupported
                         << 404 << true;
    QTest::newRow("not an event stream") << QJsonObject{{u"kind"_s, u"not_json"_s}, {u"status"_s, 200}}
                                         << ApiError::Kind::NotSupported << 200 << true;
    // The headers came, then the connection closed.
    QTest::newRow("dropped before done") << QJsonObject{{u"kind"_s, u"drop"_s}} << ApiError::Kind::Network << 200
                                         << false;
}

void tst_PredictionStreams::refusedOrBrokenStreamFails()
{
    QFETCH(QJsonObject, fault);
    QFETCH(ApiError::Kind, kind);
    QFETCH(int, status);
    QFETCH(bool, statusInError);
    QString id;
    const QUrl url = streamUrlOf({{u"queue_ms"_s, 0}, {u"run_ms"_s, 2000}}, &id);
    fault.insert(u"target"_s, u"stream"_s);
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
    QCOMPARE(stream.first().value(u"status"_s).toInt(), status);
}

void tst_PredictionStreams::unusableUrlIsNotOpened()
{
    PredictionStreams streams;
    QSignalSpy failed(&streams, &PredictionStreams::failed);
    QVERIFY(!streams.open(u"a"_s, QUrl()));
    QVERIFY(!streams.open(u"b"_s, QUrl(u"ftp://127.0.0.2/x"_s)));
    QVERIFY(!streams.open(u"c"_s, QUrl(u"/v1/files/relative"_s)));
    streams.setMaxStreams(1);
    QVERIFY(streams.open(u"d"_s, m_sim.secondHost().resolved(QUrl(u"/v1/files/bcwr-none"_s))));
    QVERIFY(!streams.open(u"e"_s, m_sim.secondHost().resolved(QUrl(u"/v1/files/bcwr-none2"_s))));
    QCOMPARE(streams.openCount(), 1);
    // An unknown stream token: 404, reported.
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    QCOMPARE(failed.first().at(1).value<ApiError>().httpStatus, 404);
}

QTEST_GUILESS_MAIN(tst_PredictionStreams)
#include "tst_predictionstreams.moc"
