// CaptureReader alone: captured answers become predictions in order, an answer seen again is not read again
// yet reported again (the caller's poll counts), and a changed answer is read afresh.
#include <QSignalSpy>
#include <QTest>

#include "CaptureReader.h"

namespace {

QByteArray answer(const char *status, const char *logs)
{
    return QByteArray(R"({"id":"p1","model":"black-forest-labs/flux-schnell","version":"v","status":")") + status
        + R"(","input":{"prompt":"a fox"},"logs":")" + logs
        + R"(","output":null,"error":null,"created_at":"2026-12-03T10:00:00.000Z","urls":{}})";
}

CapturedAnswer get(const QByteArray &body)
{
    return {CaptureCallKind::Get, QStringLiteral("curl/8"), body, {}};
}

/// Every prediction reported by @p spy, in order, as "id status logs".
QStringList reported(const QSignalSpy &spy)
{
    QStringList lines;
    for (const QList<QVariant> &emission : spy) {
        for (const CapturedPredictions &each : emission.at(0).value<QList<CapturedPredictions>>()) {
            for (const Prediction &prediction : each.predictions)
                lines << prediction.id() + u' ' + prediction.statusText() + u' ' + prediction.logs();
        }
    }
    return lines;
}

} // namespace

class tst_CaptureReader final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAnswerIsReportedEveryTimeButReadOnce();
    void changedAnswerIsReadAfresh();
    void failureKeepsItsPlace();
    void largeAnswerIsNotKept();
};

void tst_CaptureReader::sameAnswerIsReportedEveryTimeButReadOnce()
{
    CaptureReader reader;
    QSignalSpy spy(&reader, &CaptureReader::predictionsCaptured);
    const QByteArray body = answer("processing", "step 1");
    reader.read({get(body), get(body)});
    reader.read({get(body)});

    QCOMPARE(reported(spy), QStringList(3, QStringLiteral("p1 processing step 1")));
    QCOMPARE(reader.parsedCount(), 1);
    const auto first = spy.constFirst().at(0).value<QList<CapturedPredictions>>();
    QCOMPARE(first.constFirst().userAgent, QStringLiteral("curl/8"));
    QCOMPARE(first.constFirst().predictions.constFirst().prompt(), QStringLiteral("a fox"));
}

void tst_CaptureReader::changedAnswerIsReadAfresh()
{
    CaptureReader reader;
    QSignalSpy spy(&reader, &CaptureReader::predictionsCaptured);
    reader.read({get(answer("processing", "step 1")), get(answer("processing", "step 1\\nstep 2")),
                 get(answer("succeeded", "step 1\\nstep 2"))});
    reader.read({get(answer("processing", "step 1"))});

    QCOMPARE(reported(spy),
             (QStringList{QStringLiteral("p1 processing step 1"), QStringLiteral("p1 processing step 1\nstep 2"),
                          QStringLiteral("p1 succeeded step 1\nstep 2"), QStringLiteral("p1 processing step 1")}));
    QCOMPARE(reader.parsedCount(), 3);
}

void tst_CaptureReader::failureKeepsItsPlace()
{
    CaptureReader reader;
    QSignalSpy captured(&reader, &CaptureReader::predictionsCaptured);
    QSignalSpy failed(&reader, &CaptureReader::recordingFailed);
    const QByteArray body = answer("starting", "");
    QList<QVariant> order;
    connect(&reader, &CaptureReader::predictionsCaptured, this, [&order] { order << QStringLiteral("captured"); });
    connect(&reader, &CaptureReader::recordingFailed, this, [&order] { order << QStringLiteral("failed"); });

    reader.read({get(body), get("{\"not\": \"a prediction\"}"), get(body)});

    QCOMPARE(order,
             (QList<QVariant>{QStringLiteral("captured"), QStringLiteral("failed"), QStringLiteral("captured")}));
    QCOMPARE(reported(captured), QStringList(2, QStringLiteral("p1 starting ")));
    QVERIFY(!failed.constFirst().at(0).value<CaptureRecordingFailure>().message.isEmpty());
}

void tst_CaptureReader::largeAnswerIsNotKept()
{
    // A Prefer: wait answer may carry its images as data: URIs, megabytes each: such readings are not kept.
    CaptureReader reader;
    QSignalSpy spy(&reader, &CaptureReader::predictionsCaptured);
    const QByteArray big = answer("succeeded", QByteArray(3 * 1024 * 1024, 'x').constData());
    const QByteArray small = answer("processing", "step 1");
    reader.read({get(big), get(small), get(big), get(small)});

    QCOMPARE(reader.parsedCount(), 3); // the big one each time, the small one once
    QCOMPARE(reported(spy).size(), 4);
}

QTEST_GUILESS_MAIN(tst_CaptureReader)
#include "tst_capturereader.moc"
