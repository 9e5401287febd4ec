#pragma once

#include "RunTimeEstimator.h"

#include <QDateTime>
#include <QString>

#include <chrono>
#include <limits>

class Prediction;

/// What a watcher of unfinished predictions does next with each one: poll it after a while, follow its
/// stream, or wait. One rule for the app's PollScheduler and for `replimon-cli wait`, so that both spend
/// their requests alike.
///
/// A request is taken to be worth denseInterval() of news (what the official clients pay: they poll every
/// 500 ms). A stream costs two requests (the stream, then the one fetch after its `done`) and brings the end
/// at once. Polling around the expected end (the model's learned run time, RunTimeEstimator, taken as a normal
/// distribution) costs the polls it takes until one finds the end, plus the wait between the end and that
/// poll. Each prediction gets the cheaper of the two: a tight run time (most runs end within one dense
/// interval) is polled once or twice near its end; a long or uncertain one is streamed. With no stream to
/// open (none offered, refused before, or too many open), it is polled.
///
/// A model not seen finishing yet: its first predictions (scoutStreams()) are streamed, so that their ends
/// teach its run time, and the others wait for that, at most learnWait() into their run, then are streamed
/// (the model runs long); a caller that cannot wait without a request (StreamRoom::canWait false) streams
/// them all. Without a stream, every interval, as before anything is known.
class PollTiming final
{
public:
    using milliseconds = std::chrono::milliseconds;

    struct Step
    {
        enum class Action {
            Poll,   ///< Fetch it after `delay`.
            Stream, ///< Open its stream now.
            Wait,   ///< Plan again after `delay` (no request), or as soon as its model's run time is learned.
        };
        Action action = Action::Poll;
        milliseconds delay{0};
    };

    /// What the caller can do for the prediction being planned.
    struct StreamRoom
    {
        bool canOpen = false;   ///< A stream may be opened for it (not tried before, a stream slot free).
        bool canWait = false;   ///< The caller can plan again later without sending a request.
        int openedForModel = 0; ///< Streams opened so far for predictions of the same model.
    };

    /// The polls near the expected end (default 500 ms, the official clients' interval).
    void setDenseInterval(milliseconds interval) { m_denseInterval = interval; }
    milliseconds denseInterval() const { return m_denseInterval; }

    RunTimeEstimator &runTimes() { return m_runTimes; }
    const RunTimeEstimator &runTimes() const { return m_runTimes; }
    /// Learns @p prediction's run if it succeeded; true when a run was learned (plan waiting ones again).
    bool learn(const Prediction &prediction) { return m_runTimes.learn(prediction); }

    /// The next step for @p prediction (starting or processing) at @p now; @p interval is the caller's usual
    /// poll interval, used where nothing better is known.
    Step next(const Prediction &prediction, const QDateTime &now, milliseconds interval, StreamRoom room) const;
    /// The wait before the next poll when no stream is to be opened.
    milliseconds nextDelay(const Prediction &prediction, const QDateTime &now, milliseconds interval) const
    {
        return next(prediction, now, interval, {}).delay;
    }
    /// How long a stream of @p prediction may stay silent past its expected end before a poll is due: at least
    /// @p floor.
    milliseconds streamBackstop(const Prediction &prediction, const QDateTime &now, milliseconds floor) const;

    /// Streams opened for a model's first predictions, while its run time is unknown.
    static constexpr int scoutStreams() { return 5; }
    /// How far into its run a prediction of an unknown model waits for the scouts before its own stream.
    static constexpr milliseconds learnWait() { return milliseconds(3000); }

    /// The polls around the expected end: the first after `firstDelay`, then every dense interval.
    struct PollPlan
    {
        milliseconds firstDelay{0};
        double expectedPolls = 0;   ///< Requests until one finds the end.
        double expectedDelayMs = 0; ///< From the end to the poll that finds it.
    };
    /// The best such plan for a run of @p estimate running for @p runningMs, polling every @p dense; polls
    /// land on a grid of a fifth of @p dense. Only plans cheaper than @p costLimit (requests plus the delay
    /// in dense intervals) are looked for: when there is none, expectedPolls is infinite.
    static PollPlan planPolls(const RunTimeEstimator::Estimate &estimate, qint64 runningMs, milliseconds dense,
                              double costLimit = std::numeric_limits<double>::infinity());

private:
    RunTimeEstimator m_runTimes;
    milliseconds m_denseInterval{500};
};
