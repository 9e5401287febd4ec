#include "PollTiming.h"

#include "Prediction.h"

#include <algorithm>

using std::chrono::milliseconds;

milliseconds PollTiming::nextDelay(const QString &model, const QDateTime &startedAt, const QDateTime &now,
                                   milliseconds interval) const
{
    const auto estimate = m_runTimes.estimate(model);
    if (!estimate || !startedAt.isValid())
        return interval;
    const qint64 dense = std::min(m_denseInterval, interval).count();
    // The server's clock against ours: a prediction seen running before it started is taken as just started.
    const qint64 running = std::max<qint64>(0, startedAt.msecsTo(now));
    const qint64 windowStart = estimate->medianMs - estimate->spreadMs * 3 / 2;
    const qint64 windowEnd = estimate->medianMs + estimate->spreadMs * 2;
    if (running >= windowEnd)
        return interval;
    if (running >= windowStart - dense)
        return milliseconds(dense);
    return milliseconds(windowStart - running);
}

milliseconds PollTiming::nextDelay(const Prediction &prediction, const QDateTime &now, milliseconds interval) const
{
    if (prediction.status() != PredictionStatus::Processing)
        return interval;
    return nextDelay(prediction.model(), prediction.startedAt(), now, interval);
}

bool PollTiming::isEarly(const Prediction &prediction, const QDateTime &now) const
{
    const auto estimate = m_runTimes.estimate(prediction.model());
    if (!estimate || prediction.status() != PredictionStatus::Processing || !prediction.startedAt().isValid())
        return false;
    const qint64 running = std::max<qint64>(0, prediction.startedAt().msecsTo(now));
    return running < estimate->medianMs - estimate->spreadMs * 3 / 2 - m_denseInterval.count();
}
