// replimon-cli wait against replimon-sim: following the predictions' streams (and not with --no-stream),
// the key kept from the stream's host, and polling again when the stream is refused.
#include "CliRunner.h"
#include "SimLog.h"
#include "SimProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_CliWait final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void followsTheStream();
    void noStreamPollsOnly();
    void refusedStreamFallsBackToPolling();
    void droppedStreamFallsBackToPolling();
    void batchOfOneModelIsLearnedFromItsFirstRuns();

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
    const QStringList ids = m_sim.createPredictions({{u"queue_ms"_s, 0}, {u"run_ms"_s, runMs}});
    return ids.size() == 1 ? ids.first() : QString();
}

void tst_CliWait::followsTheStream()
{
    const QString id = createOne(2500);
    QVERIFY(!id.isEmpty());
    const CliRunner::Run result = CliRunner(m_sim).run({u"wait"_s, u"-i"_s, u"0.5"_s, id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith(QByteArray(id.toUtf8() + "  succeeded\n")), result.out.constData());
    // Polling every 0.5 s would be six requests: the first answer, the stream, the answer after its done.
    const QJsonArray log = m_sim.requestLog();
    const int gets = int(SimLog::predictionGets(log, id).size());
    const QList<QJsonObject> streams = SimLog::streamRequests(log);
    QCOMPARE(gets, 2);
    QCOMPARE(streams.size(), 1);
    QCOMPARE(streams.first().value(u"authorization"_s).toBool(), false);
    QVERIFY(streams.first().value(u"host"_s).toString().startsWith(u"127.0.0.2:"_s));
}

void tst_CliWait::noStreamPollsOnly()
{
    const QString id = createOne(1500);
    QVERIFY(!id.isEmpty());
    const CliRunner::Run result = CliRunner(m_sim).run({u"wait"_s, u"-i"_s, u"0.5"_s, u"--no-stream"_s, id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    const QJsonArray log = m_sim.requestLog();
    const int gets = int(SimLog::predictionGets(log, id).size());
    const QList<QJsonObject> streams = SimLog::streamRequests(log);
    QCOMPARE(streams.size(), 0);
    QCOMPARE_GE(gets, 3);
}

void tst_CliWait::refusedStreamFallsBackToPolling()
{
    const QString id = createOne(1500);
    QVERIFY(!id.isEmpty());
    QVERIFY(m_sim.setFaults({QJsonObject{{u"kind"_s, u"status"_s}, {u"status"_s, 404}, {u"target"_s, u"stream"_s}}}));
    const CliRunner::Run result = CliRunner(m_sim).run({u"wait"_s, u"-i"_s, u"0.5"_s, id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("succeeded"), result.out.constData());
    const QJsonArray log = m_sim.requestLog();
    const int gets = int(SimLog::predictionGets(log, id).size());
    const QList<QJsonObject> streams = SimLog::streamRequests(log);
    QCOMPARE(streams.size(), 1); // tried once
    QCOMPARE(streams.first().value(u"status"_s).toInt(), 404);
    QCOMPARE_GE(gets, 3); // then polled to the end
}

void tst_CliWait::droppedStreamFallsBackToPolling()
{
    const QString id = createOne(1500);
    QVERIFY(!id.isEmpty());
    // The stream answers, then its connection closes before any event.
    QVERIFY(m_sim.setFaults({QJsonObject{{u"kind"_s, u"drop"_s}, {u"target"_s, u"stream"_s}}}));
    const CliRunner::Run result = CliRunner(m_sim).run({u"wait"_s, u"-i"_s, u"0.5"_s, id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith(QByteArray(id.toUtf8() + "  succeeded\n")), result.out.constData());
    const QJsonArray log = m_sim.requestLog();
    // Not opened again: Qt's transport alone sends it once more when a connection closes before any byte of
    // the body.
    QCOMPARE_LE(SimLog::streamRequests(log).size(), 2);
    QCOMPARE_GE(SimLog::predictionGets(log, id).size(), 2);
}

void tst_CliWait::batchOfOneModelIsLearnedFromItsFirstRuns()
{
    // Sixteen runs of one model, 1.5 s each, ids one a line on standard input. The first five are streamed
    // and their ends teach the run time; the others are asked once near their end. Polling every 0.5 s would
    // be four requests or more each.
    constexpr int count = 16;
    constexpr int scouts = 5;
    const QStringList ids = m_sim.createPredictions({{u"count"_s, count},
                                                     {u"queue_ms"_s, 0},
                                                     {u"run_ms"_s, 1500},
                                                     {u"model"_s, u"black-forest-labs/flux-schnell"_s}});
    QCOMPARE(ids.size(), count);
    const CliRunner::Run result = CliRunner(m_sim).run({u"wait"_s, u"-i"_s, u"0.5"_s, u"--json"_s, u"-"_s}, {},
                                                       ids.join(u'\n').toUtf8());
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    // Every end found: one succeeded prediction a line, each of the ids.
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    QCOMPARE(lines.size(), count);
    for (const QString &id : ids) {
        bool found = false;
        for (const QByteArray &line : lines) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            if (object.value(u"id"_s).toString() == id) {
                found = object.value(u"status"_s).toString() == u"succeeded"_s;
                break;
            }
        }
        QVERIFY2(found, qPrintable(id));
    }
    const QJsonArray log = m_sim.requestLog();
    for (const QString &id : ids)
        QCOMPARE_LE(SimLog::predictionGets(log, id).size(), 3);
    QCOMPARE(SimLog::streamRequests(log).size(), scouts);
    // Five streamed (a first answer, the stream, the end) and eleven asked twice: 37 requests.
    QCOMPARE_LE(log.size(), count * 5 / 2);
}

QTEST_GUILESS_MAIN(tst_CliWait)
#include "tst_cliwait.moc"
