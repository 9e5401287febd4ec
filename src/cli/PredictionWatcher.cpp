#include "PredictionWatcher.h"

#include "PredictionStreams.h"

#include <QTimer>

using std::chrono::milliseconds;

namespace {
// Predictions in a state we do not know may never end; asking less often keeps us polite.
constexpr int unknownStatusSlowdown = 5;
} // namespace

PredictionWatcher::PredictionWatcher(milliseconds interval, bool streams, QObject *parent)
    : QObject(parent)
    , m_interval(interval)
    , m_useStreams(streams)
{}

PredictionWatcher::~PredictionWatcher() = default;

void PredictionWatcher::follow(const QString &id, const Prediction &prediction)
{
    if (m_stopped)
        return;
    Watched &watched = m_watched[id];
    watched.prediction = prediction;
    // An answer that arrives while its stream is open (the first of a `run --wait`) changes nothing: the
    // stream says when to ask again.
    if (watched.streaming)
        return;
    plan(id);
}

void PredictionWatcher::plan(const QString &id)
{
    Watched &watched = m_watched[id];
    const quint64 current = ++watched.plan;
    stopWaiting(id, watched);
    const Prediction &prediction = watched.prediction;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (prediction.status() == PredictionStatus::Unknown) {
        at(m_interval * unknownStatusSlowdown, id, current, true);
        return;
    }
    if (watched.doneSeen) {
        // The stream said done and the answer has not caught up yet: it will at once.
        at(m_timing.denseInterval(), id, current, true);
        return;
    }
    PollTiming::StreamRoom room;
    room.canOpen = m_useStreams && !watched.streamTried && PredictionStreams::canFollow(prediction.reportedStreamUrl())
        && (!m_streams || m_streams->openCount() < m_maxStreams);
    room.canWait = true;
    room.openedForModel = m_streamsOpenedByModel.value(prediction.model());
    const PollTiming::Step step = m_timing.next(prediction, now, m_interval, room);
    switch (step.action) {
    case PollTiming::Step::Action::Stream:
        if (openStream(id, watched))
            return;
        at(m_timing.nextDelay(prediction, now, m_interval), id, current, true);
        return;
    case PollTiming::Step::Action::Wait:
        watched.waiting = true;
        m_waiting[prediction.model()].insert(id);
        at(step.delay, id, current, false);
        return;
    case PollTiming::Step::Action::Poll:
        at(step.delay, id, current, true);
        return;
    }
}

void PredictionWatcher::at(milliseconds delay, const QString &id, quint64 plan, bool fetch)
{
    QTimer::singleShot(delay, Qt::PreciseTimer, this, [this, id, plan, fetch] {
        const auto it = m_watched.constFind(id);
        if (m_stopped || it == m_watched.cend() || it->plan != plan)
            return;
        if (fetch)
            Q_EMIT fetchDue(id);
        else
            this->plan(id);
    });
}

void PredictionWatcher::ended(const QString &id, const Prediction &prediction)
{
    if (const auto it = m_watched.find(id); it != m_watched.end()) {
        closeStream(id, *it);
        stopWaiting(id, *it);
        m_watched.erase(it);
    }
    if (m_stopped || !m_timing.learn(prediction))
        return;
    // The predictions of this model that waited for its run time: planned again with what it just learned.
    const QSet<QString> waiting = m_waiting.take(prediction.model());
    for (const QString &other : waiting) {
        if (const auto it = m_watched.find(other); it != m_watched.end()) {
            it->waiting = false;
            plan(other);
        }
    }
}

void PredictionWatcher::stop()
{
    m_stopped = true;
    if (m_streams)
        m_streams->closeAll();
    m_watched.clear();
    m_waiting.clear();
}

bool PredictionWatcher::openStream(const QString &id, Watched &watched)
{
    if (!m_streams) {
        m_streams = new PredictionStreams(this);
        m_streams->setMaxStreams(m_maxStreams);
        connect(m_streams, &PredictionStreams::finished, this,
                [this](const QString &streamId) { onStreamEnded(streamId, true); });
        connect(m_streams, &PredictionStreams::failed, this,
                [this](const QString &streamId) { onStreamEnded(streamId, false); });
    }
    // A stream URL on another origin than the API's gets no key (PredictionStreams sends none).
    if (!m_streams->open(id, watched.prediction.reportedStreamUrl()))
        return false;
    watched.streamTried = true;
    watched.streaming = true;
    ++m_streamsOpenedByModel[watched.prediction.model()];
    return true;
}

void PredictionWatcher::closeStream(const QString &id, Watched &watched)
{
    if (!watched.streaming)
        return;
    watched.streaming = false;
    if (m_streams)
        m_streams->close(id);
}

void PredictionWatcher::onStreamEnded(const QString &id, bool done)
{
    const auto it = m_watched.find(id);
    if (m_stopped || it == m_watched.end())
        return;
    closeStream(id, *it);
    ++it->plan;
    if (done) {
        it->doneSeen = true;
        Q_EMIT fetchDue(id);
        return;
    }
    // Refused or broken: polled from here on, as planned from the last answer.
    plan(id);
}

void PredictionWatcher::stopWaiting(const QString &id, Watched &watched)
{
    if (!watched.waiting)
        return;
    watched.waiting = false;
    const auto it = m_waiting.find(watched.prediction.model());
    if (it != m_waiting.end()) {
        it->remove(id);
        if (it->isEmpty())
            m_waiting.erase(it);
    }
}
