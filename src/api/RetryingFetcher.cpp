#include "RetryingFetcher.h"

#include <QTimer>

RetryingFetcher::RetryingFetcher(PredictionClient &client, const RetryPolicy &policy, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_policy(policy)
    , m_pausedUntil(0, Qt::PreciseTimer)
    , m_resumeTimer(new QTimer(this))
{
    // A coarse timer may fire up to 5 % early: that would break a server's Retry-After.
    m_resumeTimer->setTimerType(Qt::PreciseTimer);
    m_resumeTimer->setSingleShot(true);
    connect(m_resumeTimer, &QTimer::timeout, this, &RetryingFetcher::pump);
    connect(&m_client, &PredictionClient::predictionReceived, this, &RetryingFetcher::onPredictionReceived);
    connect(&m_client, &PredictionClient::requestFailed, this, &RetryingFetcher::onRequestFailed);
}

void RetryingFetcher::fetch(const QString &id)
{
    m_queue.append(Job{id, 0});
    pump();
}

void RetryingFetcher::cancelAll()
{
    m_queue.clear();
    m_waiting.clear(); // their timers find nothing and do nothing
    const auto inFlight = std::exchange(m_inFlight, {});
    for (auto it = inFlight.cbegin(); it != inFlight.cend(); ++it)
        m_client.abort(it.key());
    m_resumeTimer->stop();
}

void RetryingFetcher::pump()
{
    if (m_queue.isEmpty())
        return;
    if (!m_pausedUntil.hasExpired()) {
        m_resumeTimer->start(int(std::max<qint64>(1, m_pausedUntil.remainingTime())));
        return;
    }
    while (!m_queue.isEmpty() && m_inFlight.size() < m_maxInFlight) {
        const Job job = m_queue.takeFirst();
        m_inFlight.insert(m_client.fetch(job.id), job);
    }
}

void RetryingFetcher::onPredictionReceived(PredictionClient::RequestId requestId, const Prediction &prediction)
{
    const auto it = m_inFlight.find(requestId);
    if (it == m_inFlight.end())
        return;
    const QString id = it->id;
    m_inFlight.erase(it);
    Q_EMIT fetched(id, prediction);
    pump();
}

void RetryingFetcher::onRequestFailed(PredictionClient::RequestId requestId, const QString &predictionId,
                                      const ApiError &error)
{
    Q_UNUSED(predictionId)
    const auto it = m_inFlight.find(requestId);
    if (it == m_inFlight.end())
        return;
    Job job = *it;
    m_inFlight.erase(it);
    ++job.failures;

    const auto delay = m_policy.delayAfter(error, job.failures);
    if (!delay) {
        Q_EMIT failed(job.id, error, job.failures);
        pump();
        return;
    }
    if (error.kind == ApiError::Kind::RateLimited && m_pausedUntil.remainingTime() < delay->count())
        m_pausedUntil = QDeadlineTimer(delay->count(), Qt::PreciseTimer);

    const quint64 key = m_nextWaiting++;
    m_waiting.insert(key, job);
    Q_EMIT retrying(job.id, error, *delay);
    QTimer::singleShot(*delay, Qt::PreciseTimer, this, [this, key] {
        const auto waiting = m_waiting.find(key);
        if (waiting == m_waiting.end())
            return;
        // Ahead of fetches queued meanwhile: this one has waited longest.
        m_queue.prepend(*waiting);
        m_waiting.erase(waiting);
        pump();
    });
    pump();
}
