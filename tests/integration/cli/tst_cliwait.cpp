// replimon-cli wait against replimon-sim: following the predictions' streams (and not with --no-stream),
// the key kept from the stream's host, and polling again when the stream is refused.
#include "CliRunner.h"
#include "SimProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

namespace {

QString key(const char *text)
{
    return QString::fromLatin1(text);
}

struct Requests
{
    int gets = 0;
    QList<QJsonObject> streams;
};

Requests requestsFor(const QJsonArray &log, const QString &id)
{
    Requests requests;
    for (const QJsonValue &value : log) {
        const QJsonObject entry = value.toObject();
        const QString path = entry.value(key("path")).toString();
        if (path == key("/v1/predictions/") + id)
            ++requests.gets;
        else if (path.startsWith(key("/v1/files/bcwr-")))
            requests.streams << entry;
    }
    return requests;
}

} // namespace

class tst_CliWait final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void followsTheStream();
    void noStreamPollsOnly();
    void refusedStreamFallsBackToPolling();

private:
    QString createOne(int runMs);

    SimProcess m_sim;
};

void tst_CliWait::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(REPLIMON_CLI_BINARY)), REPLIMON_CLI_BINARY);
    QVERIFY2(m_sim.start(), "replimon-sim did not start");
}

void tst_CliWait::init()
{
    QVERIFY(m_sim.clearFaults());
    QVERIFY(m_sim.clearLog());
}

QString tst_CliWait::createOne(int runMs)
{
    const QStringList ids = m_sim.createPredictions({{key("queue_ms"), 0}, {key("run_ms"), runMs}});
    return ids.size() == 1 ? ids.first() : QString();
}

void tst_CliWait::followsTheStream()
{
    const QString id = createOne(2500);
    QVERIFY(!id.isEmpty());
    const CliRunner::Run result = CliRunner(m_sim).run({key("wait"), key("-i"), key("0.5"), id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith(QByteArray(id.toUtf8() + "  succeeded\n")), result.out.constData());
    // Polling every 0.5 s would be six requests: the first answer, the stream, the answer after its done.
    const Requests requests = requestsFor(m_sim.requestLog(), id);
    QCOMPARE(requests.gets, 2);
    QCOMPARE(requests.streams.size(), 1);
    QCOMPARE(requests.streams.first().value(key("authorization")).toBool(), false);
    QVERIFY(requests.streams.first().value(key("host")).toString().startsWith(key("127.0.0.2:")));
}

void tst_CliWait::noStreamPollsOnly()
{
    const QString id = createOne(1500);
    QVERIFY(!id.isEmpty());
    const CliRunner::Run result = CliRunner(m_sim).run({key("wait"), key("-i"), key("0.5"), key("--no-stream"), id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    const Requests requests = requestsFor(m_sim.requestLog(), id);
    QCOMPARE(requests.streams.size(), 0);
    QCOMPARE_GE(requests.gets, 3);
}

void tst_CliWait::refusedStreamFallsBackToPolling()
{
    const QString id = createOne(1500);
    QVERIFY(!id.isEmpty());
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{key("kind"), key("status")}, {key("status"), 404}, {key("target"), key("stream")}}}));
    const CliRunner::Run result = CliRunner(m_sim).run({key("wait"), key("-i"), key("0.5"), id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("succeeded"), result.out.constData());
    const Requests requests = requestsFor(m_sim.requestLog(), id);
    QCOMPARE(requests.streams.size(), 1); // tried once
    QCOMPARE(requests.streams.first().value(key("status")).toInt(), 404);
    QCOMPARE_GE(requests.gets, 3); // then polled to the end
}

QTEST_GUILESS_MAIN(tst_CliWait)
#include "tst_cliwait.moc"
