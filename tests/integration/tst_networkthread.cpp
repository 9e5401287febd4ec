// PredictionClient over a manager on a NetworkThread, as the application builds it, against replimon-sim:
// the answers are read on the network thread while the caller's thread is blocked, the signals come on
// the caller's thread, aborts end each request once, and destroying the client, then the thread, with
// requests in flight ends every reply before the manager goes (answers on their way are dropped).
#include "NetworkThread.h"
#include "PredictionClient.h"
#include "SimProcess.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
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

private:
    QStringList createPredictions(int count);
    /// Counts the replies the manager finished and the thread they finished on.
    void watchReplies();
    std::unique_ptr<PredictionClient> newClient();

    SimProcess m_sim;
    std::unique_ptr<NetworkThread> m_network;
    QSemaphore m_repliesFinished;
    std::atomic<QThread *> m_replyThread{nullptr};
};

void tst_NetworkThread::initTestCase()
{
    QVERIFY2(m_sim.start(), "replimon-sim did not start");
}

void tst_NetworkThread::init()
{
    QVERIFY(m_sim.clearFaults());
    m_network = std::make_unique<NetworkThread>();
    m_repliesFinished.acquire(m_repliesFinished.available());
    m_replyThread = nullptr;
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

void tst_NetworkThread::watchReplies()
{
    // Direct: run where the manager emits, which is where the replies end and are read.
    connect(
        &m_network->nam(), &QNetworkAccessManager::finished, &m_network->nam(),
        [this](QNetworkReply *) {
            m_replyThread = QThread::currentThread();
            m_repliesFinished.release();
        },
        Qt::DirectConnection);
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
    watchReplies();
    auto client = newClient();
    QSignalSpy received(client.get(), &PredictionClient::predictionReceived);
    QThread *signalThread = nullptr;
    connect(client.get(), &PredictionClient::predictionReceived, this,
            [&signalThread] { signalThread = QThread::currentThread(); });

    for (const QString &id : ids)
        client->fetch(id);
    // This thread runs no event loop meanwhile: sending, reading and parsing go on without it.
    QVERIFY2(m_repliesFinished.tryAcquire(3, 30000), "the network thread did not finish the replies");
    QVERIFY(m_replyThread.load() != nullptr);
    QVERIFY(m_replyThread.load() != QThread::currentThread());
    QCOMPARE(m_replyThread.load(), static_cast<QThread *>(m_network.get()));
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
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{QStringLiteral("kind"), QStringLiteral("latency")}, {QStringLiteral("ms"), 5000}}}));
    watchReplies();
    auto client = newClient();
    for (const QString &id : ids)
        client->fetch(id);
    // Runs after the worker has sent them: the network thread handles its events in order.
    QMetaObject::invokeMethod(
        &m_network->nam(), [] {}, Qt::BlockingQueuedConnection);
    QCOMPARE(m_repliesFinished.available(), 0);
    client.reset();
    // The thread joins, and its manager goes, only after the client's worker has ended every reply.
    m_network.reset();
    QCOMPARE(m_repliesFinished.available(), int(ids.size()));
}

void tst_NetworkThread::destroyedWithAnswersOnTheirWay()
{
    const QStringList ids = createPredictions(2);
    watchReplies();
    auto client = newClient();
    for (const QString &id : ids)
        client->fetch(id);
    QVERIFY2(m_repliesFinished.tryAcquire(2, 30000), "the network thread did not finish the replies");
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

QTEST_GUILESS_MAIN(tst_NetworkThread)
#include "tst_networkthread.moc"
