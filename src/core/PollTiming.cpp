#include "PollTiming.h"

#include "Prediction.h"

#include <algorithm>
#include <cmath>

using std::chrono::milliseconds;

namespace {

// A stream is one request, and the fetch after its `done` another.
constexpr double streamCost = 2.0;
// Half the interquartile range of a normal distribution, in standard deviations.
constexpr double halfIqrInSigmas = 0.6745;
// Past this many standard deviations beyond the median a run is overdue: the estimate says nothing more.
constexpr double overdueSigmas = 3.0;
// First polls tried for a plan, and polls followed for each.
constexpr int planCandidates = 100;
constexpr int maxPollsFollowed = 400;

double normalCdf(double z)
{
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double normalPdf(double z)
{
    constexpr double invSqrt2Pi = 0.3989422804014327;
    return invSqrt2Pi * std::exp(-0.5 * z * z);
}

double sigmaOf(const RunTimeEstimator::Estimate &estimate)
{
    return std::max(1.0, double(estimate.spreadMs) / halfIqrInSigmas);
}

} // namespace

PollTiming::PollPlan PollTiming::planPolls(const RunTimeEstimator::Estimate &estimate, qint64 runningMs,
                                           milliseconds dense)
{
    const double m = double(estimate.medianMs);
    const double sigma = sigmaOf(estimate);
    const double d = double(std::max<qint64>(1, dense.count()));
    const double r = double(runningMs);
    const auto z = [&](double t) { return (t - m) / sigma; };
    const double survivingNow = 1.0 - normalCdf(z(r));
    PollPlan best;
    best.firstDelay = dense;
    best.expectedPolls = 1;
    best.expectedDelayMs = d / 2;
    if (survivingNow < 1e-9)
        return best;

    // First polls from a fifth of a dense interval from now to well past the expected end.
    const double last = std::max(r + d, m + overdueSigmas * sigma);
    const double step = std::max(d / 5, (last - r) / planCandidates);
    double bestCost = -1;
    for (double first = r + step; first <= last + step / 2; first += step) {
        double polls = 0;
        double delay = 0;
        double previous = r;
        double previousCdf = 1.0 - survivingNow;
        double t = first;
        for (int k = 0; k < maxPollsFollowed; ++k, t += d) {
            // This poll is sent when the run had not ended at the previous one.
            polls += (1.0 - previousCdf) / survivingNow;
            const double cdf = normalCdf(z(t));
            // E[(t − T) · 1{previous < T ≤ t}] for a normal T.
            delay += ((t - m) * (cdf - previousCdf) + sigma * (normalPdf(z(t)) - normalPdf(z(previous))))
                / survivingNow;
            if ((1.0 - cdf) / survivingNow < 1e-4 || (bestCost >= 0 && polls > bestCost))
                break;
            previous = t;
            previousCdf = cdf;
        }
        const double cost = polls + delay / d;
        if (bestCost < 0 || cost < bestCost) {
            bestCost = cost;
            best.firstDelay = milliseconds(qint64(std::llround(first - r)));
            best.expectedPolls = polls;
            best.expectedDelayMs = delay;
        }
    }
    return best;
}

PollTiming::Step PollTiming::next(const Prediction &prediction, const QDateTime &now, milliseconds interval,
                                  StreamRoom room) const
{
    const milliseconds dense = std::min(m_denseInterval, interval);
    const bool running = prediction.status() == PredictionStatus::Processing && prediction.startedAt().isValid();
    const auto estimate = running ? m_runTimes.estimate(prediction.model()) : std::nullopt;
    if (!estimate) {
        // Not started (its queue has no estimate), or a model not seen finishing yet.
        if (!room.canOpen)
            return {Step::Action::Poll, interval};
        if (!room.canWait || room.openedForModel < scoutStreams())
            return {Step::Action::Stream, milliseconds(0)};
        const QDateTime since = running ? prediction.startedAt() : prediction.createdAt();
        const qint64 waited = since.isValid() ? std::max<qint64>(0, since.msecsTo(now)) : learnWait().count();
        if (waited >= learnWait().count())
            return {Step::Action::Stream, milliseconds(0)};
        return {Step::Action::Wait, milliseconds(learnWait().count() - waited)};
    }

    // The server's clock against ours: a prediction seen running before it started is taken as just started.
    const qint64 runningMs = std::max<qint64>(0, prediction.startedAt().msecsTo(now));
    const double sigma = sigmaOf(*estimate);
    if (double(runningMs) > double(estimate->medianMs) + overdueSigmas * sigma) {
        // Longer than its model's runs: nothing known about when it ends.
        if (room.canOpen)
            return {Step::Action::Stream, milliseconds(0)};
        return {Step::Action::Poll, interval};
    }
    const PollPlan plan = planPolls(*estimate, runningMs, dense);
    const double pollCost = plan.expectedPolls + plan.expectedDelayMs / double(dense.count());
    if (!room.canOpen || pollCost <= streamCost)
        return {Step::Action::Poll, plan.firstDelay};
    // Opened now rather than near the expected end: the same one request, and a run that fails early is
    // known at once.
    return {Step::Action::Stream, milliseconds(0)};
}

milliseconds PollTiming::streamBackstop(const Prediction &prediction, const QDateTime &now, milliseconds floor) const
{
    const auto estimate = m_runTimes.estimate(prediction.model());
    if (!estimate || !prediction.startedAt().isValid())
        return floor;
    const qint64 runningMs = std::max<qint64>(0, prediction.startedAt().msecsTo(now));
    const qint64 latestEnd = estimate->medianMs + qint64(overdueSigmas * sigmaOf(*estimate));
    return std::max(floor, milliseconds(latestEnd - runningMs));
}
