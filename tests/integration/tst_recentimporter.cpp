// Importing recent predictions from the list endpoint into a real store, against replimon-sim.
#include "RecentImporter.h"
#include "TaskStore.h"
#include "TestBackend.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

class tst_RecentImporter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void followsPagesUpToTheLimit();
    void importsWithContentAndSkipsKnownIds();
    void providerWithoutListIsNotSupported();

private:
    static TestBackend::Options options();

    TestBackend m_backend{options()};
    SimProcess &m_sim = m_backend.sim();
    std::unique_ptr<RecentImporter> m_importer;
};

TestBackend::Options tst_RecentImporter::options()
{
    TestBackend::Options options;
    options.simArguments = QStringList{QStringLiteral("--page-size"), QStringLiteral("50")};
    options.provider = ApiEndpoint::Provider::Replicate;
    return options;
}

void tst_RecentImporter::initTestCase()
{
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

void tst_RecentImporter::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    m_importer = std::make_unique<RecentImporter>(m_backend.client(), m_backend.store());
}

void tst_RecentImporter::cleanup()
{
    m_importer.reset();
    m_backend.close();
}

void tst_RecentImporter::followsPagesUpToTheLimit()
{
    QCOMPARE(m_sim.createPredictions({{QStringLiteral("count"), 180}}).size(), 180);
    QSignalSpy finished(m_importer.get(), &RecentImporter::finished);
    m_importer->start(120);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).toInt(), 120);
    QCOMPARE(finished.first().at(1).toInt(), 120);
    QCOMPARE(m_backend.store().count(), 120);
    // Three pages of 50, the last one cut at the limit; no fourth request.
    int lists = 0;
    for (const QJsonValue &entry : m_sim.requestLog())
        lists += entry.toObject().value(QStringLiteral("path")).toString().endsWith(QStringLiteral("/predictions"));
    QCOMPARE(lists, 3);
    QCOMPARE(m_backend.store().tasks().first().key.provider, QStringLiteral("replicate"));
}

void tst_RecentImporter::importsWithContentAndSkipsKnownIds()
{
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("count"), 30}, {QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    QVERIFY(m_backend.store().add(QStringLiteral("replicate"), {ids.first()}));
    QSignalSpy finished(m_importer.get(), &RecentImporter::finished);
    m_importer->start(1000);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).toInt(), 29); // new
    QCOMPARE(finished.first().at(1).toInt(), 30); // listed
    QCOMPARE(m_backend.store().count(), 30);
    // The table fills from the listing itself: no fetch per task was needed.
    for (const Task &task : m_backend.store().tasks()) {
        QVERIFY(task.hasPrediction());
        QCOMPARE(task.status, PredictionStatus::Succeeded);
    }
}

void tst_RecentImporter::providerWithoutListIsNotSupported()
{
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                         {QStringLiteral("status"), 404},
                                         {QStringLiteral("method"), QStringLiteral("GET")},
                                         {QStringLiteral("path"), QStringLiteral("/v1/predictions")}}}));
    m_sim.createPredictions({{QStringLiteral("count"), 3}});
    QSignalSpy failed(m_importer.get(), &RecentImporter::failed);
    QSignalSpy finished(m_importer.get(), &RecentImporter::finished);
    m_importer->start(100);
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.first().first().value<ApiError>().kind, ApiError::Kind::NotSupported);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(m_backend.store().count(), 0);
    QVERIFY(!m_importer->isRunning());
}

QTEST_GUILESS_MAIN(tst_RecentImporter)
#include "tst_recentimporter.moc"
