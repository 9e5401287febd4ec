#pragma once

#include "ApiError.h"
#include "Prediction.h"
#include "PredictionClient.h"
#include "RetryPolicy.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>

class QTimer;

/// Fetches predictions through a PredictionClient, retrying what RetryPolicy says may succeed later.
///
/// At most maxInFlight() requests run at once; the rest queue. A rate limit pauses every request, not
/// only the one that hit it, until the time the server asked for has passed: a server that says
/// "wait 5 s" means the account, not one URL.
class RetryingFetcher final : public QObject
{
    Q_OBJECT

public:
    RetryingFetcher(PredictionClient &client, const RetryPolicy &policy, QObject *parent = nullptr);

    void setMaxInFlight(int count) { m_maxInFlight = std::max(1, count); }
    int maxInFlight() const { return m_maxInFlight; }

    /// Queues a fetch of @p id; ends in fetched() or failed() for it.
    void fetch(const QString &id);
    /// Drops every queued and waiting fetch and aborts those in flight, without reporting them.
    void cancelAll();
    /// Fetches queued, waiting for a retry, or in flight.
    int pending() const { return int(m_queue.size() + m_waiting.size() + m_inFlight.size()); }

Q_SIGNALS:
    void fetched(const QString &id, const Prediction &prediction);
    /// @p attempts is how many requests were made for this fetch.
    void failed(const QString &id, const ApiError &error, int attempts);
    /// A transient failure; the fetch is tried again after @p delay.
    void retrying(const QString &id, const ApiError &error, std::chrono::milliseconds delay);

private:
    struct Job
    {
        QString id;
        int failures = 0;
    };

    void pump();
    void onPredictionReceived(PredictionClient::RequestId requestId, const Prediction &prediction);
    void onRequestFailed(PredictionClient::RequestId requestId, const QString &predictionId, const ApiError &error);

    PredictionClient &m_client;
    const RetryPolicy &m_policy;
    int m_maxInFlight = 4;
    QList<Job> m_queue;
    QHash<quint64, Job> m_waiting; ///< Keyed by a local serial: jobs sleeping before their retry.
    quint64 m_nextWaiting = 1;
    QHash<PredictionClient::RequestId, Job> m_inFlight;
    QDeadlineTimer m_pausedUntil; ///< Rate limit: no request before this.
    QTimer *m_resumeTimer = nullptr;
};
