#pragma once

#include "ApiError.h"
#include "PendingWrites.h"
#include "PollTiming.h"
#include "PredictionClient.h"
#include "PredictionStatus.h"
#include "RequestBudget.h"
#include "RetryPolicy.h"
#include "Task.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <functional>
#include <queue>
#include <vector>

class PredictionStreams;
class Settings;
class TaskStore;

/// Decides when each tracked task is fetched, and feeds the answers to the store.
///
/// Active tasks (starting, processing, or not fetched yet) of the client's provider are polled every
/// interval, with at most maxInFlight requests at once, and routine polls within a request budget
/// (RequestBudget, 2400 a minute by default: with many tasks running each is polled less often, not the
/// server more often than it allows). A task's next poll moves back after each error
/// (RetryPolicy); a 429 pauses all polling until its Retry-After time; a 401/403 stops polling until
/// resume() (the key was changed). Terminal tasks are fetched again only on refresh(). Unknown
/// statuses are polled at the slow interval. Answers are written to the store in batches, on the store's
/// writing thread (TaskStore::updateLater()); an error is written at once, after any answer for the same
/// task still waiting for its batch or being written, so that the newest outcome is what the row shows.
/// What the store could not write is kept and written again after a backoff (RetryPolicy::backoff), and a
/// task is announced as finished only once the store has its end.
///
/// A running task is polled around the moment its model's runs usually end, or follows its stream
/// (urls.stream, setStreams()) when the end is far or uncertain (PollTiming's rule, learning from the store's
/// finished tasks). While the stream is open the task is not polled, but for a backstop long after its
/// expected end and after the stream last moved: the stream's `done` brings one fetch at once, a refused or
/// broken stream brings polling back.
///
/// Answers the capture endpoint recorded (TaskStore::tasksCaptured) count as polls of ours: while a caller
/// polls a task through the endpoint, its next poll keeps moving an interval past the caller's latest
/// answer, so no request of ours duplicates the caller's; when the caller stops, polling resumes.
class PollScheduler final : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Idle, ///< Nothing to poll.
        Polling,
        Paused,      ///< The user paused polling.
        RateLimited, ///< Waiting for the server's Retry-After time (resumeAt()).
        NeedsApiKey, ///< The server rejected the key; waiting for a new one.
    };
    Q_ENUM(State)

    using Clock = std::function<qint64()>; ///< Monotonic milliseconds.

    PollScheduler(TaskStore &store, PredictionClient &client, QObject *parent = nullptr);
    ~PollScheduler() override;

    void setInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds interval() const { return m_interval; }
    void setSlowInterval(std::chrono::milliseconds interval) { m_slowInterval = interval; }
    void setMaxInFlight(int count);
    int maxInFlight() const { return m_maxInFlight; }
    /// Takes the interval and maxInFlight from @p settings, now and whenever they change there.
    void followSettings(const Settings &settings);
    void setRetryPolicy(const RetryPolicy &policy) { m_retryPolicy = policy; }
    /// Tests inject a clock; the default is a monotonic QElapsedTimer.
    void setClock(Clock clock);
    /// Follows running tasks' stream URLs through @p streams (nullptr, the default: never).
    void setStreams(PredictionStreams *streams);
    /// The run times learned and the polls around the expected end.
    PollTiming &timing() { return m_timing; }
    /// Routine polls go at most this many a minute (RequestBudget; 0: no budget). Refreshes the user asks
    /// for, and the first fetch of a task just added, go at once and count against it.
    void setRequestBudget(int perMinute);
    int requestBudget() const { return m_budget.perMinute(); }
    /// Answers are written to the store at most this often (default 100 ms).
    void setFlushInterval(std::chrono::milliseconds interval);

    /// Starts scheduling the store's active tasks for the client's provider.
    void start();
    void pause();
    /// Sends nothing until resume(): there is no key yet, and a 401 answer would tell nothing new. The
    /// state is NeedsApiKey, without apiKeyRequired() (no server was asked).
    void waitForApiKey();
    /// Leaves Paused and NeedsApiKey; re-queues everything active.
    void resume();
    /// pause() or resume(), for a checkable action.
    void setPaused(bool paused)
    {
        if (paused)
            pause();
        else
            resume();
    }
    bool isPaused() const { return m_paused; }

    /// Fetches these tasks as soon as a slot is free, terminal or not, ignoring backoff.
    void refresh(const QList<TaskKey> &keys);
    void refreshAll();
    /// Asks the provider to cancel these tasks; the answers are stored like any poll.
    void cancel(const QList<TaskKey> &keys);

    State state() const;
    /// When polling resumes after a 429 (wall clock), or invalid.
    QDateTime resumeAt() const { return m_rateLimitedUntilWall; }
    int inFlight() const { return int(m_inFlight.size()); }
    int scheduledCount() const { return int(m_entries.size()); }
    ApiError lastAuthError() const { return m_lastAuthError; }
    /// Answers and errors received but not in the store yet: waiting for their batch, or for the retry of
    /// a write that failed.
    int pendingWriteCount() const { return m_pending.count(); }

Q_SIGNALS:
    void stateChanged(PollScheduler::State state);
    /// The server rejected the key (401/403). Polling stopped until resume().
    void apiKeyRequired(const ApiError &error);
    /// A task reached succeeded/failed/canceled/aborted (reported once per transition).
    void taskFinished(const TaskKey &key, PredictionStatus status);
    /// A cancel request failed (NotSupported when the provider has no cancel endpoint).
    void cancelFailed(const TaskKey &key, const ApiError &error);

private:
    struct Entry
    {
        qint64 dueAt = 0;
        quint64 generation = 0; ///< Which item of the due queue is this entry's current one.
        int failures = 0;
        bool forced = false;
        bool slow = false;
    };
    /// A task's place in the due queue. Items are never removed early: an item whose generation no longer
    /// matches its entry is stale and skipped when it reaches the top.
    struct DueItem
    {
        qint64 dueAt = 0;
        quint64 generation = 0;
        TaskKey key;
        bool operator>(const DueItem &other) const
        {
            return dueAt != other.dueAt ? dueAt > other.dueAt : generation > other.generation;
        }
    };
    using DueQueue = std::priority_queue<DueItem, std::vector<DueItem>, std::greater<DueItem>>;

    qint64 now() const;
    QString provider() const;
    void schedule(const TaskKey &key, qint64 dueAt, bool forced = false);
    /// Sets when @p entry (of @p key) is next due and queues it.
    void setDue(const TaskKey &key, Entry &entry, qint64 dueAt);
    /// Drops stale items (and tasks in flight) from the top of @p queue; false when it is empty.
    bool settle(DueQueue &queue);
    /// Whether the routine poll of @p key may go at @p t: within the budget, or the task's first fetch.
    bool withinBudget(const TaskKey &key, qint64 t);
    void dispatch();
    void armTimer();
    void queueWrite(const Prediction &prediction);
    /// Hands the pending answers to the store's writing thread, or writes the pending errors; what fails is
    /// kept and tried again later.
    void flush();
    /// The answers flush() handed over were written (or not): announces the tasks they ended, writes the
    /// errors that waited for them, and hands over what arrived meanwhile.
    void answersWritten(bool written, const PendingWrites::Finished &finished);
    void retryWritesLater();
    void setRateLimited(qint64 untilMs);
    void emitStateIfChanged();

    void onTasksAdded(const QList<TaskKey> &keys);
    void onTasksRemoved(const QList<TaskKey> &keys);
    void onTasksCaptured(const QList<TaskKey> &keys, const QList<TaskKey> &finished);
    void onPredictionReceived(PredictionClient::RequestId requestId, const Prediction &prediction);
    void onRequestFailed(PredictionClient::RequestId requestId, const QString &predictionId, const ApiError &error);
    /// When @p entry (of @p key, just answered with @p prediction, not ended) is next due, by PollTiming's
    /// rule: a poll near its expected end, or its stream with a backstop poll far behind.
    void planNext(const TaskKey &key, Entry &entry, const Prediction &prediction);
    /// Opens the stream of a running task that has not had one; whether a stream is open for it now.
    bool followStream(const TaskKey &key, const Prediction &prediction);
    void onStreamEnded(const QString &id, bool done);
    /// The stream moved: the backstop poll moves back.
    void onStreamActive(const QString &id);

    TaskStore &m_store;
    PredictionClient &m_client;
    RetryPolicy m_retryPolicy;
    Clock m_clock;
    std::chrono::milliseconds m_interval{2000};
    std::chrono::milliseconds m_slowInterval{30000};
    std::chrono::milliseconds m_flushInterval{100};
    int m_maxInFlight = 4;
    RequestBudget m_budget;
    bool m_started = false;
    bool m_paused = false;
    bool m_needsKey = false;
    qint64 m_rateLimitedUntil = 0;
    int m_rateLimitStreak = 0;
    QDateTime m_rateLimitedUntilWall;
    ApiError m_lastAuthError;
    State m_lastState = State::Idle;

    QHash<TaskKey, Entry> m_entries; ///< Tasks waiting for their next poll.
    /// The entries by due time, so that an answer finds the next due tasks without a pass over all of
    /// them: explicit refreshes apart, as they go ahead of routine polls.
    DueQueue m_forcedDue;
    DueQueue m_due;
    quint64 m_nextGeneration = 1;
    QHash<PredictionClient::RequestId, TaskKey> m_inFlight;
    QSet<TaskKey> m_inFlightKeys;
    QHash<PredictionClient::RequestId, TaskKey> m_cancels;
    PollTiming m_timing;
    QPointer<PredictionStreams> m_streams;
    QSet<TaskKey> m_streamTried; ///< Tracked tasks whose stream was opened once: not opened again.
    bool m_historyLearned = false;
    /// Answers waiting for the next write, and errors the store failed to write or that wait for an answer.
    PendingWrites m_pending;
    int m_writeFailures = 0; ///< Failed writes in a row; the retry backs off with it.
    QTimer m_timer;
    QTimer m_flushTimer;
};
