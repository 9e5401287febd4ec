#include "PollScheduler.h"

#include "PredictionStreams.h"
#include "Settings.h"
#include "TaskStore.h"

#include <QElapsedTimer>

#include <algorithm>
#include <limits>
#include <memory>

PollScheduler::PollScheduler(TaskStore &store, PredictionClient &client, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_client(client)
{
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    m_clock = [elapsed] { return elapsed->elapsed(); };

    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PollScheduler::dispatch);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(int(m_flushInterval.count()));
    connect(&m_flushTimer, &QTimer::timeout, this, &PollScheduler::flush);

    connect(&m_store, &TaskStore::tasksAdded, this, &PollScheduler::onTasksAdded);
    connect(&m_store, &TaskStore::tasksRemoved, this, &PollScheduler::onTasksRemoved);
    connect(&m_store, &TaskStore::tasksCaptured, this, &PollScheduler::onTasksCaptured);
    connect(&m_client, &PredictionClient::predictionReceived, this, &PollScheduler::onPredictionReceived);
    connect(&m_client, &PredictionClient::requestFailed, this, &PollScheduler::onRequestFailed);
}

PollScheduler::~PollScheduler()
{
    // Whatever arrived is durable before we go: the write under way, then what waits for its batch.
    PendingWrites::Finished finished;
    if (m_pending.writeAnswers(m_store, provider(), finished) && !m_pending.writeErrors(m_store))
        qWarning("PollScheduler: errors of the last polls were not saved");
}

void PollScheduler::setInterval(std::chrono::milliseconds interval)
{
    m_interval = interval;
}

void PollScheduler::setMaxInFlight(int count)
{
    m_maxInFlight = std::max(1, count);
    dispatch();
}

void PollScheduler::followSettings(const Settings &settings)
{
    setInterval(settings.pollInterval());
    setMaxInFlight(settings.maxInFlight());
    connect(&settings, &Settings::changed, this, [this, &settings](Settings::Key key) {
        if (key == Settings::Key::PollInterval)
            setInterval(settings.pollInterval());
        else if (key == Settings::Key::MaxInFlight)
            setMaxInFlight(settings.maxInFlight());
    });
}

void PollScheduler::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void PollScheduler::setFlushInterval(std::chrono::milliseconds interval)
{
    m_flushInterval = interval;
    m_flushTimer.setInterval(int(interval.count()));
}

qint64 PollScheduler::now() const
{
    return m_clock();
}

QString PollScheduler::provider() const
{
    return ApiEndpoint::providerKey(m_client.endpoint().provider());
}

void PollScheduler::start()
{
    m_started = true;
    if (m_streams)
        m_streams->closeAll();
    m_streamTried.clear();
    // The history once; from then on each task the scheduler sees finish.
    if (!std::exchange(m_historyLearned, true))
        m_timing.runTimes().learnFrom(m_store);
    m_entries.clear();
    m_forcedDue = {};
    m_due = {};
    const QString current = provider();
    const qint64 t = now();
    for (const Task &task : m_store.tasks()) {
        if (task.key.provider == current && !PredictionStatuses::isTerminal(task.status))
            schedule(task.key, t);
    }
    dispatch();
}

void PollScheduler::pause()
{
    if (m_paused)
        return;
    m_paused = true;
    m_timer.stop();
    emitStateIfChanged();
}

void PollScheduler::waitForApiKey()
{
    m_needsKey = true;
    m_lastAuthError = {};
    m_timer.stop();
    emitStateIfChanged();
}

void PollScheduler::resume()
{
    const bool wasStopped = m_paused || m_needsKey;
    m_paused = false;
    m_needsKey = false;
    if (wasStopped) {
        const qint64 t = now();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it->dueAt > t)
                setDue(it.key(), *it, t);
        }
    }
    dispatch();
}

void PollScheduler::refresh(const QList<TaskKey> &keys)
{
    const qint64 t = now();
    const QString current = provider();
    for (const TaskKey &key : keys) {
        if (key.provider == current)
            schedule(key, t, true);
    }
    dispatch();
}

void PollScheduler::refreshAll()
{
    QList<TaskKey> keys;
    for (const Task &task : m_store.tasks())
        keys.append(task.key);
    refresh(keys);
}

void PollScheduler::cancel(const QList<TaskKey> &keys)
{
    const QString current = provider();
    for (const TaskKey &key : keys) {
        if (key.provider == current)
            m_cancels.insert(m_client.cancel(key.id), key);
    }
}

PollScheduler::State PollScheduler::state() const
{
    if (m_needsKey)
        return State::NeedsApiKey;
    if (m_paused)
        return State::Paused;
    if (m_rateLimitedUntil > now())
        return State::RateLimited;
    if (!m_entries.isEmpty() || !m_inFlight.isEmpty())
        return State::Polling;
    return State::Idle;
}

void PollScheduler::emitStateIfChanged()
{
    const State current = state();
    if (current == m_lastState)
        return;
    m_lastState = current;
    Q_EMIT stateChanged(current);
}

void PollScheduler::schedule(const TaskKey &key, qint64 dueAt, bool forced)
{
    Entry &entry = m_entries[key];
    entry.forced = entry.forced || forced;
    setDue(key, entry, dueAt);
}

void PollScheduler::setDue(const TaskKey &key, Entry &entry, qint64 dueAt)
{
    entry.dueAt = dueAt;
    entry.generation = m_nextGeneration++;
    if (dueAt == std::numeric_limits<qint64>::max())
        return; // In flight: the answer queues it again.
    (entry.forced ? m_forcedDue : m_due).push(DueItem{dueAt, entry.generation, key});
}

void PollScheduler::setRateLimited(qint64 untilMs)
{
    if (untilMs <= m_rateLimitedUntil)
        return;
    m_rateLimitedUntil = untilMs;
    m_rateLimitedUntilWall = QDateTime::currentDateTimeUtc().addMSecs(untilMs - now());
}

void PollScheduler::queueWrite(const Prediction &prediction)
{
    m_pending.addAnswer(provider(), prediction);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void PollScheduler::flush()
{
    m_flushTimer.stop();
    if (m_pending.isWriting())
        return; // answersWritten() comes back for what arrived meanwhile
    if (m_pending.hasAnswers()) {
        // Errors wait for the answers before them: answersWritten() writes them.
        m_pending.writeAnswersLater(
            m_store, provider(), this, [this](bool written, const PendingWrites::Finished &finished) {
                // Heard from inside whichever store call finished the write: the
                // rest waits for the event loop.
                QMetaObject::invokeMethod(
                    this, [this, written, finished] { answersWritten(written, finished); }, Qt::QueuedConnection);
            });
        return;
    }
    if (!m_pending.writeErrors(m_store)) {
        retryWritesLater();
        return;
    }
    if (std::exchange(m_writeFailures, 0) > 0)
        m_flushTimer.setInterval(int(m_flushInterval.count()));
}

void PollScheduler::answersWritten(bool written, const PendingWrites::Finished &finished)
{
    for (const auto &[key, status] : finished)
        Q_EMIT taskFinished(key, status);
    if (!written || !m_pending.writeErrors(m_store)) {
        retryWritesLater();
        return;
    }
    if (std::exchange(m_writeFailures, 0) > 0)
        m_flushTimer.setInterval(int(m_flushInterval.count()));
    // What arrived while these were written.
    if (m_pending.hasAnswers() && !m_flushTimer.isActive())
        m_flushTimer.start();
}

void PollScheduler::retryWritesLater()
{
    // Not at the batch interval: a full disk or a locked file is not over in 100 ms.
    ++m_writeFailures;
    const auto wait = m_retryPolicy.backoff(m_writeFailures);
    m_flushTimer.start(int(std::min<qint64>(wait.count(), std::numeric_limits<int>::max())));
}

void PollScheduler::onTasksAdded(const QList<TaskKey> &keys)
{
    if (!m_started)
        return;
    const qint64 t = now();
    const QString current = provider();
    for (const TaskKey &key : keys) {
        if (key.provider != current)
            continue;
        // A captured task was just answered: it is polled like one of ours that was, or not at all if ended.
        const Task *task = m_store.task(key);
        if (!task || !task->captured)
            schedule(key, t);
        else if (!PredictionStatuses::isTerminal(task->status))
            schedule(key, t + m_interval.count());
    }
    dispatch();
}

void PollScheduler::onTasksCaptured(const QList<TaskKey> &keys, const QList<TaskKey> &finished)
{
    const QString current = provider();
    const qint64 t = now();
    for (const TaskKey &key : keys) {
        const auto entry = m_entries.find(key);
        // A request of ours already out, or a refresh the user asked for, still gets its own answer.
        if (key.provider != current || entry == m_entries.end() || m_inFlightKeys.contains(key) || entry->forced)
            continue;
        const Task *task = m_store.task(key);
        if (task && PredictionStatuses::isTerminal(task->status)) {
            m_entries.erase(entry);
            m_streamTried.remove(key);
            continue;
        }
        entry->failures = 0;
        setDue(key, *entry, t + (entry->slow ? m_slowInterval : m_interval).count());
    }
    for (const TaskKey &key : finished) {
        if (const Task *task = m_store.task(key))
            Q_EMIT taskFinished(key, task->status);
    }
    dispatch();
}

void PollScheduler::onTasksRemoved(const QList<TaskKey> &keys)
{
    for (const TaskKey &key : keys) {
        m_entries.remove(key);
        m_streamTried.remove(key);
        if (m_streams && key.provider == provider())
            m_streams->close(key.id);
        for (auto it = m_inFlight.cbegin(); it != m_inFlight.cend(); ++it) {
            if (it.value() == key) {
                const auto requestId = it.key();
                m_inFlight.erase(it);
                m_inFlightKeys.remove(key);
                m_client.abort(requestId);
                break;
            }
        }
    }
    dispatch();
}

void PollScheduler::onPredictionReceived(PredictionClient::RequestId requestId, const Prediction &prediction)
{
    if (m_cancels.remove(requestId)) {
        queueWrite(prediction);
        return;
    }
    const auto it = m_inFlight.constFind(requestId);
    if (it == m_inFlight.constEnd())
        return; // Not one of ours (a create made elsewhere).
    const TaskKey key = it.value();
    m_inFlight.erase(it);
    m_inFlightKeys.remove(key);
    m_rateLimitStreak = 0;

    queueWrite(prediction);

    const PredictionStatus status = prediction.status();
    if (PredictionStatuses::isTerminal(status)) {
        m_entries.remove(key);
        m_streamTried.remove(key);
        if (m_streams)
            m_streams->close(key.id);
        m_timing.learn(prediction);
    } else if (const auto entry = m_entries.find(key); entry != m_entries.end()) {
        entry->failures = 0;
        entry->slow = status == PredictionStatus::Unknown;
        // A refresh asked for while this request was out still gets its own answer.
        if (entry->forced)
            setDue(key, *entry, now());
        else
            planNext(key, *entry, prediction);
    }
    dispatch();
}

void PollScheduler::onRequestFailed(PredictionClient::RequestId requestId, const QString &predictionId,
                                    const ApiError &error)
{
    Q_UNUSED(predictionId)
    if (const auto cancel = m_cancels.constFind(requestId); cancel != m_cancels.constEnd()) {
        const TaskKey key = cancel.value();
        m_cancels.erase(cancel);
        if (error.kind != ApiError::Kind::Canceled)
            Q_EMIT cancelFailed(key, error);
        return;
    }
    const auto it = m_inFlight.constFind(requestId);
    if (it == m_inFlight.constEnd())
        return;
    const TaskKey key = it.value();
    m_inFlight.erase(it);
    m_inFlightKeys.remove(key);
    const qint64 t = now();

    if (error.kind == ApiError::Kind::Canceled) {
        // Aborted because the key or endpoint changed: ask again at once with the new one.
        if (const auto entry = m_entries.find(key); entry != m_entries.end())
            setDue(key, *entry, t);
        QMetaObject::invokeMethod(this, &PollScheduler::dispatch, Qt::QueuedConnection);
        return;
    }

    // A success still waiting for its batch is older than this error. Written afterwards it would clear
    // the error (a success does): write it first, so the row shows the error until the next success.
    m_pending.addError(key, error);
    if (m_pending.hasAnswerFor(key.id))
        flush();
    else if (!m_pending.writeErrors(m_store))
        retryWritesLater();
    if (!m_entries.contains(key)) {
        dispatch();
        return;
    }
    Entry &entry = m_entries[key];
    ++entry.failures;

    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
        setDue(key, entry, t);
        m_lastAuthError = error;
        if (!m_needsKey) {
            m_needsKey = true;
            m_timer.stop();
            emitStateIfChanged();
            Q_EMIT apiKeyRequired(error);
        }
        return;
    case ApiError::Kind::RateLimited: {
        ++m_rateLimitStreak;
        const auto wait = error.retryAfter ? *error.retryAfter : m_retryPolicy.backoff(m_rateLimitStreak);
        setRateLimited(t + wait.count());
        setDue(key, entry, m_rateLimitedUntil);
        break;
    }
    case ApiError::Kind::NotFound:
        // Unknown to this provider: polling again will not change that. Refresh asks again.
        m_entries.remove(key);
        break;
    default: {
        auto delay = m_retryPolicy.delayAfter(error, entry.failures);
        if (error.retryAfter)
            delay = error.retryAfter;
        // A poller keeps asking even after answers it could not read, only more slowly.
        setDue(key, entry, t + (delay ? delay->count() : m_retryPolicy.backoff(entry.failures).count()));
        break;
    }
    }
    dispatch();
}
