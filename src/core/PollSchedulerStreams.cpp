// PollScheduler's timing of each answered task (PollTiming's rule) and its part in following stream URLs:
// kept apart from the polling itself.
#include "PollScheduler.h"

#include "PredictionStreams.h"

namespace {

// While a task's stream is open it is still polled once it has been this many intervals since the stream was
// opened or last moved (or past its expected end, if later): for a stream that holds its connection but never
// says done.
constexpr int streamBackstopIntervals = 15;

} // namespace

void PollScheduler::setStreams(PredictionStreams *streams)
{
    if (m_streams)
        disconnect(m_streams, nullptr, this, nullptr);
    m_streams = streams;
    if (!streams)
        return;
    connect(streams, &PredictionStreams::finished, this, [this](const QString &id) { onStreamEnded(id, true); });
    connect(streams, &PredictionStreams::failed, this, [this](const QString &id) { onStreamEnded(id, false); });
    connect(streams, &PredictionStreams::logsReceived, this, [this](const QString &id) { onStreamActive(id); });
    connect(streams, &PredictionStreams::outputReceived, this, [this](const QString &id) { onStreamActive(id); });
}

void PollScheduler::planNext(const TaskKey &key, Entry &entry, const Prediction &prediction)
{
    const qint64 t = now();
    if (entry.slow) {
        setDue(key, entry, t + m_slowInterval.count());
        return;
    }
    const QDateTime wallNow = QDateTime::currentDateTimeUtc();
    const bool streaming = m_streams && m_streams->isOpen(key.id);
    PollTiming::Step step;
    if (!streaming) {
        PollTiming::StreamRoom room;
        room.canOpen = m_streams && !m_streamTried.contains(key)
            && PredictionStreams::canFollow(prediction.reportedStreamUrl())
            && m_streams->openCount() < m_streams->maxStreams();
        // A task that is due is fetched: waiting costs a request here, so no task waits for another's end.
        room.canWait = false;
        step = m_timing.next(prediction, wallNow, m_interval, room);
    }
    if (streaming || (step.action == PollTiming::Step::Action::Stream && followStream(key, prediction))) {
        const auto backstop = m_timing.streamBackstop(prediction, wallNow, m_interval * streamBackstopIntervals);
        setDue(key, entry, t + backstop.count());
        return;
    }
    const auto wait = step.action == PollTiming::Step::Action::Poll
        ? step.delay
        : m_timing.nextDelay(prediction, wallNow, m_interval);
    setDue(key, entry, t + wait.count());
}

bool PollScheduler::followStream(const TaskKey &key, const Prediction &prediction)
{
    if (!m_streams)
        return false;
    if (m_streams->isOpen(key.id))
        return true;
    if (m_streamTried.contains(key) || !m_streams->open(key.id, prediction.reportedStreamUrl()))
        return false;
    m_streamTried.insert(key);
    return true;
}

void PollScheduler::onStreamEnded(const QString &id, bool done)
{
    const TaskKey key{provider(), id};
    const auto entry = m_entries.find(key);
    if (entry == m_entries.end() || m_inFlightKeys.contains(key))
        return;
    // Done: the fetch that learns the end goes ahead of routine polls. Failed: polling resumes now.
    entry->forced = entry->forced || done;
    setDue(key, *entry, now());
    dispatch();
}

void PollScheduler::onStreamActive(const QString &id)
{
    const TaskKey key{provider(), id};
    const auto entry = m_entries.find(key);
    if (entry == m_entries.end() || entry->forced || m_inFlightKeys.contains(key))
        return;
    const qint64 backstop = now() + (m_interval * streamBackstopIntervals).count();
    if (entry->dueAt < backstop) {
        setDue(key, *entry, backstop);
        armTimer();
    }
}
