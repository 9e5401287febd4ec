// PollScheduler's part in following stream URLs: kept apart from the polling itself.
#include "PollScheduler.h"

#include "PredictionStreams.h"

void PollScheduler::setStreams(PredictionStreams *streams)
{
    if (m_streams)
        disconnect(m_streams, nullptr, this, nullptr);
    m_streams = streams;
    if (!streams)
        return;
    connect(streams, &PredictionStreams::finished, this, [this](const QString &id) { onStreamEnded(id, true); });
    connect(streams, &PredictionStreams::failed, this, [this](const QString &id) { onStreamEnded(id, false); });
}

bool PollScheduler::followStream(const TaskKey &key, const Prediction &prediction)
{
    if (!m_streams)
        return false;
    if (m_streams->isOpen(key.id))
        return true;
    if (m_streamTried.contains(key)
        || !m_timing.opensStreamNow(prediction, QDateTime::currentDateTimeUtc(), m_streams->openCount(),
                                    m_streams->maxStreams())
        || !m_streams->open(key.id, prediction.reportedStreamUrl()))
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
