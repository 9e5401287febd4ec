#pragma once

#include "RunTimeEstimator.h"

#include <QDateTime>
#include <QString>

#include <chrono>

class Prediction;

/// When to poll a running prediction next, around the moment its model's runs usually end.
///
/// Without an estimate (a model not seen finishing yet), or while the prediction is still starting,
/// every interval. With one (median m, spread s, RunTimeEstimator): no poll until m − 1.5 s into the run,
/// then every denseInterval until m + 2 s (where almost every run ends); past that, every interval again,
/// as for a model without an estimate.
class PollTiming final
{
public:
    using milliseconds = std::chrono::milliseconds;

    /// The polls near the expected end (default 500 ms, the official clients' interval).
    void setDenseInterval(milliseconds interval) { m_denseInterval = interval; }
    milliseconds denseInterval() const { return m_denseInterval; }

    RunTimeEstimator &runTimes() { return m_runTimes; }
    const RunTimeEstimator &runTimes() const { return m_runTimes; }

    /// The wait before the next poll of @p model's prediction, running since @p startedAt (invalid: not
    /// started), at @p now, where @p interval is the poller's usual interval.
    milliseconds nextDelay(const QString &model, const QDateTime &startedAt, const QDateTime &now,
                           milliseconds interval) const;
    milliseconds nextDelay(const Prediction &prediction, const QDateTime &now, milliseconds interval) const;
    /// Whether @p prediction is running and known to be far from its end.
    bool isEarly(const Prediction &prediction, const QDateTime &now) const;
    /// Whether to open @p prediction's stream now, with @p open of @p max streams open: yes, unless it is
    /// early and half of them are taken (streams are few, see PredictionStreams; the poll near the end
    /// opens it then).
    bool opensStreamNow(const Prediction &prediction, const QDateTime &now, int open, int max) const
    {
        return open < max / 2 || !isEarly(prediction, now);
    }

private:
    RunTimeEstimator m_runTimes;
    milliseconds m_denseInterval{500};
};
