// The official `replicate` npm client (1.4.0), unchanged, with baseUrl at the capture endpoint: 20
// predictions created and waited for, every one of them reported by the endpoint. Skipped when node/npm are
// missing or the npm registry cannot be reached.
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "CaptureService.h"
#include "CaptureTestSupport.h"
#include "ReplicateNpm.h"
#include "SimProcess.h"

class tst_CaptureNpm final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void officialClientCreatesAndWaits();
};

void tst_CaptureNpm::officialClientCreatesAndWaits()
{
    // The same install as tests/sim/tst_simnpm (one copy under the build tree serves both).
    const QString prefix = replicateNpmPrefix();
    if (const QString missing = prepareReplicateNpm(prefix); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));

    SimProcess sim;
    QVERIFY(sim.start(
        {QStringLiteral("--queue-ms"), QStringLiteral("300"), QStringLiteral("--run-ms"), QStringLiteral("700")}));
    CaptureService service;
    CaptureConfig config;
    config.port = 0;
    config.upstreamRoot = sim.apiRoot();
    QVERIFY(service.start(config).ok());
    QSignalSpy captured(&service, &CaptureService::predictionsCaptured);

    const int count = 20;
    QProcess script;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REPLICATE_API_TOKEN"), sim.token());
    script.setProcessEnvironment(environment);
    script.start(node,
                 {QStringLiteral(REPLIMON_CAPTURE_NPM_SCRIPT), prefix + QStringLiteral("/node_modules"),
                  service.baseUrls(service.port()).first().toString(), QString::number(count)});
    QVERIFY(script.waitForFinished(90000));
    const QByteArray err = script.readAllStandardError();
    QVERIFY2(script.exitCode() == 0, err.constData());
    const QStringList lines =
        QString::fromUtf8(script.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), count);
    QSet<QString> ids;
    for (const QString &line : lines) {
        QVERIFY2(line.endsWith(QLatin1String(" succeeded")), qPrintable(line));
        ids.insert(line.section(QLatin1Char(' '), 0, 0));
    }
    QCOMPARE(ids.size(), count);

    // Every create was reported, and every one was seen succeeding through the caller's own polls.
    QSet<QString> created;
    QSet<QString> succeeded;
    QSet<QString> userAgents;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QList<QVariant> &signal : std::as_const(captured)) {
                const auto report = signal.at(0).value<CapturedPredictions>();
                userAgents.insert(report.userAgent.section(QLatin1Char('/'), 0, 0));
                for (const Prediction &prediction : report.predictions) {
                    if (report.kind == CaptureCallKind::Create)
                        created.insert(prediction.id());
                    if (prediction.statusText() == QLatin1String("succeeded"))
                        succeeded.insert(prediction.id());
                }
            }
            captured.clear();
            return created == ids && succeeded == ids;
        }(),
        10000);
    QCOMPARE(userAgents, QSet<QString>{QStringLiteral("replicate-javascript")});
    QTRY_COMPARE(service.connectionCount(), 0);
}

QTEST_GUILESS_MAIN(tst_CaptureNpm)
#include "tst_capturenpm.moc"
