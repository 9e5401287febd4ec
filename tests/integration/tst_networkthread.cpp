// PredictionClient over a NetworkThread, as the application builds it, against replimon-sim: the answers
// are read and parsed on the network thread while the caller's thread is blocked, the signals come on the
// caller's thread, aborts end each request once, and destroying the client, then the thread, with
// requests in flight closes them without waiting for their answers (answers on their way are dropped).
// FileDownloader the same way: the transfer, the writing and the rename into place happen on the network
// thread while the caller's is blocked.
#include "FileDownloader.h"
#include "NetworkThread.h"
#include "PredictionClient.h"
#include "SimProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <memory>

class tst_NetworkThread final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void answersAreReadOffTheCallingThread();
    void abortAllEndsEachRequestOnce();
    void destroyedWithRequestsInFlight();
    void destroyedWithAnswersOnTheirWay();
    void downloadsAreWrittenOffTheCallingThread();

private:
    QStringList createPredictions(int count);
    std::unique_ptr<PredictionClient> newClient();
    /// Waits, without running this thread's event loop, until @p client has @p count answers read.
    static bool waitForAnswersRead(const PredictionClient &client, int count);

    SimProcess m_sim;
    std::unique_ptr<NetworkThread> m_network;
};

void tst_NetworkThread::initTestCase()
{
    QVERIFY2(m_sim.start(), "replimon-sim did not start");
}

void tst_NetworkThread::init()
{
    QVERIFY(m_sim.clearFaults());
    m_network = std::make_unique<NetworkThread>();
}

void tst_NetworkThread::cleanup()
{
    m_network.reset();
}

QStringList tst_NetworkThread::createPredictions(int count)
{
    return m_sim.createPredictions(
        {{QStringLiteral("count"), count}, {QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
}

bool tst_NetworkThread::waitForAnswersRead(const PredictionClient &client, int count)
{
    QDeadlineTimer deadline(30000);
    while (client.answersWaiting() < count) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(5);
    }
    return true;
}

std::unique_ptr<PredictionClient> tst_NetworkThread::newClient()
{
    auto client = std::make_unique<PredictionClient>(m_network->nam());
    auto endpoint = ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom, m_sim.apiRoot().toString());
    if (endpoint)
        client->setEndpoint(endpoint.value());
    client->setApiKey(m_sim.token());
    return client;
}

void tst_NetworkThread::answersAreReadOffTheCallingThread()
{
    const QStringList ids = createPredictions(3);
    QCOMPARE(ids.size(), 3);
    auto client = newClient();
    QSignalSpy received(client.get(), &PredictionClient::predictionReceived);
    QThread *signalThread = nullptr;
    connect(client.get(), &PredictionClient::predictionReceived, this,
            [&signalThread] { signalThread = QThread::currentThread(); });

    for (const QString &id : ids)
        client->fetch(id);
    // This thread runs no event loop meanwhile: sending, reading and parsing go on without it.
    QVERIFY2(waitForAnswersRead(*client, 3), "the network thread did not read the answers");
    QCOMPARE(received.count(), 0);
    QCOMPARE(client->requestsInFlight(), 3);

    QTRY_COMPARE(received.count(), 3);
    QCOMPARE(signalThread, QThread::currentThread());
    QCOMPARE(client->requestsInFlight(), 0);
    QStringList answered;
    for (const QList<QVariant> &arguments : std::as_const(received))
        answered.append(arguments.at(1).value<Prediction>().id());
    answered.sort();
    QStringList asked = ids;
    asked.sort();
    QCOMPARE(answered, asked);
    QCOMPARE(received.first().at(1).value<Prediction>().status(), PredictionStatus::Succeeded);
}

void tst_NetworkThread::abortAllEndsEachRequestOnce()
{
    const QStringList ids = createPredictions(4);
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{QStringLiteral("kind"), QStringLiteral("latency")}, {QStringLiteral("ms"), 5000}}}));
    auto client = newClient();
    QSignalSpy received(client.get(), &PredictionClient::predictionReceived);
    QSignalSpy failed(client.get(), &PredictionClient::requestFailed);
    QList<PredictionClient::RequestId> requestIds;
    for (const QString &id : ids)
        requestIds.append(client->fetch(id));
    client->abortAll();

    QTRY_COMPARE(failed.count(), ids.size());
    QList<PredictionClient::RequestId> ended;
    for (const QList<QVariant> &arguments : std::as_const(failed)) {
        ended.append(arguments.at(0).value<PredictionClient::RequestId>());
        QCOMPARE(arguments.at(2).value<ApiError>().kind, ApiError::Kind::Canceled);
    }
    std::sort(ended.begin(), ended.end());
    QCOMPARE(ended, requestIds);
    QCOMPARE(client->requestsInFlight(), 0);

    // A request sent after the abort is not touched by it, and is answered after every Canceled.
    QVERIFY(m_sim.clearFaults());
    const auto later = client->fetch(ids.first());
    QTRY_COMPARE(received.count(), 1);
    QCOMPARE(received.first().at(0).value<PredictionClient::RequestId>(), later);
    QCOMPARE(failed.count(), ids.size());
}

void tst_NetworkThread::destroyedWithRequestsInFlight()
{
    const QStringList ids = createPredictions(3);
    // The server holds every answer far longer than the test may take.
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{QStringLiteral("kind"), QStringLiteral("latency")}, {QStringLiteral("ms"), 60000}}}));
    const qint64 logStart = m_sim.requestLog().size();
    auto client = newClient();
    QSignalSpy received(client.get(), &PredictionClient::predictionReceived);
    QSignalSpy failed(client.get(), &PredictionClient::requestFailed);
    for (const QString &id : ids)
        client->fetch(id);
    // The three are on the wire.
    QTRY_COMPARE_WITH_TIMEOUT(m_sim.requestLog().size() - logStart, ids.size(), 15000);
    QCOMPARE(client->requestsInFlight(), 3);
    QCOMPARE(client->answersWaiting(), 0);
    // Quitting does not wait for them: the worker closes its connections as it goes, on its thread, and
    // the thread joins.
    client.reset();
    m_network.reset();
    QCOMPARE(received.count(), 0);
    QCOMPARE(failed.count(), 0);
    // The sim serves the next test at once: the connections it was holding were closed.
    QVERIFY(m_sim.clearFaults());
}

void tst_NetworkThread::destroyedWithAnswersOnTheirWay()
{
    const QStringList ids = createPredictions(2);
    auto client = newClient();
    for (const QString &id : ids)
        client->fetch(id);
    QVERIFY2(waitForAnswersRead(*client, 2), "the network thread did not read the answers");
    // The answers are parsed and posted to this thread, or about to be: the client goes first, and the
    // events posted to it go with it.
    client.reset();
    QCoreApplication::processEvents();

    // The thread still serves a new client.
    auto next = newClient();
    QSignalSpy received(next.get(), &PredictionClient::predictionReceived);
    next->fetch(ids.first());
    QTRY_COMPARE(received.count(), 1);
    QCOMPARE(received.first().at(1).value<Prediction>().id(), ids.first());
}

void tst_NetworkThread::downloadsAreWrittenOffTheCallingThread()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    FileDownloader downloader(m_network->nam());
    QSignalSpy progress(&downloader, &FileDownloader::progress);
    QSignalSpy finished(&downloader, &FileDownloader::finished);
    QSignalSpy failed(&downloader, &FileDownloader::failed);
    constexpr qint64 size = 8 * 1024 * 1024;
    downloader.download(QUrl(m_sim.secondHost().toString() + QStringLiteral("/files/blob/%1").arg(size)), folder.path(),
                        QStringLiteral("blob"));

    // This thread runs no event loop meanwhile: the file is fetched, written, synced and renamed into place
    // without it.
    const QString path = folder.filePath(QStringLiteral("blob.png")); // the sim's blobs start as a PNG
    QDeadlineTimer deadline(30000);
    while (QFileInfo(path).size() != size && !deadline.hasExpired())
        QThread::msleep(5);
    QCOMPARE(QFileInfo(path).size(), size);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(downloader.downloadsInFlight(), 1);

    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(finished.first().at(1).toString(), path);
    QCOMPARE(downloader.downloadsInFlight(), 0);
    // The progress reports that piled up while this thread was away (one per read, 128 and more) came
    // folded into one, complete.
    QCOMPARE(progress.count(), 1);
    QCOMPARE(progress.last().at(1).toLongLong(), size);
    QCOMPARE(progress.last().at(2).toLongLong(), size);
    QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("blob.png")});
}

QTEST_GUILESS_MAIN(tst_NetworkThread)
#include "tst_networkthread.moc"
