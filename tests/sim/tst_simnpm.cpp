// The official `replicate` npm client (1.4.0), unchanged, against replimon-sim: get, wait, paginate and a
// create with `Prefer: wait`. Skipped when node/npm are missing or the npm registry cannot be reached.
#include "ReplicateNpm.h"
#include "SimProcess.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

class tst_SimNpm final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void officialClientWaits();
};

void tst_SimNpm::officialClientWaits()
{
    if (const QString missing = prepareReplicateNpm(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    const QString prefix = replicateNpmPrefix();

    SimProcess sim;
    QVERIFY(sim.start({QStringLiteral("--queue-ms"), QStringLiteral("300"), QStringLiteral("--run-ms"),
                       QStringLiteral("700"), QStringLiteral("--page-size"), QStringLiteral("2")}));
    // Long enough that node has started and fetched it before it ends (the client's wait() then polls).
    const QStringList ids = sim.createPredictions({{QStringLiteral("queue_ms"), 1000},
                                                   {QStringLiteral("run_ms"), 1500},
                                                   {QStringLiteral("prompt"), QStringLiteral("npm")}});
    QCOMPARE(ids.size(), 1);
    QCOMPARE(sim.createPredictions({{QStringLiteral("count"), 2}}).size(), 2);

    QProcess script;
    script.start(node,
                 {QStringLiteral(REPLIMON_NPM_SCRIPT), prefix + QStringLiteral("/node_modules"),
                  sim.apiRoot().toString(), sim.token(), ids.first()});
    QVERIFY(script.waitForFinished(60000));
    const QString out = QString::fromUtf8(script.readAllStandardOutput());
    const QByteArray err = script.readAllStandardError();
    QVERIFY2(script.exitCode() == 0, err.constData());
    const QStringList lines = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.size() == 5, qPrintable(out));
    const QString first = lines.at(0);
    QVERIFY2(first == QLatin1String("first starting") || first == QLatin1String("first processing")
                 || first == QLatin1String("first succeeded"),
             qPrintable(first));
    QCOMPARE(lines.at(1), QStringLiteral("final succeeded"));
    QVERIFY(lines.at(2).contains(sim.secondHost().toString() + QStringLiteral("/files/") + ids.first()));
    // Three predictions at two a page: the client followed `next` to the end.
    QCOMPARE(lines.at(3), QStringLiteral("pages 2,1"));
    QCOMPARE(lines.at(4), QStringLiteral("created succeeded"));

    // It polled the API root it was given, never the api.replicate.com URLs in urls.get.
    const QJsonArray log = sim.requestLog();
    int polls = 0;
    for (const QJsonValue &entry : log) {
        const QString path = entry.toObject().value(QLatin1String("path")).toString();
        QVERIFY2(path.startsWith(QStringLiteral("/v1/")), qPrintable(path));
        polls += path == QStringLiteral("/v1/predictions/") + ids.first() ? 1 : 0;
    }
    // Unless the machine was slow enough for it to be over already, wait() polled more than once.
    QVERIFY(polls >= (first == QLatin1String("first succeeded") ? 1 : 2));
}

QTEST_GUILESS_MAIN(tst_SimNpm)
#include "tst_simnpm.moc"
