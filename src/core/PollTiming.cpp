#include "PollTiming.h"

#include "Prediction.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

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
                                           milliseconds dense, double costLimit)
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

    // Every poll of every plan falls on a grid of a fifth of a dense interval from now: the distribution is
    // worked out once per point (first plans and later polls share most of them), not once per poll.
    constexpr int unitsPerPoll = 5;
    const double unit = d / unitsPerPoll;
    std::vector<double> cdfAt{1.0 - survivingNow};
    std::vector<double> pdfAt{normalPdf(z(r))};
    const auto reach = [&](size_t j) {
        while (cdfAt.size() <= j) {
            const double t = r + double(cdfAt.size()) * unit;
            cdfAt.push_back(normalCdf(z(t)));
            pdfAt.push_back(normalPdf(z(t)));
        }
    };

    // First polls from a fifth of a dense interval from now to well past the expected end.
    const double last = std::max(r + d, m + overdueSigmas * sigma);
    const size_t stepUnits = size_t(std::max(1.0, std::ceil((last - r) / planCandidates / unit)));
    double bestCost = costLimit;
    for (size_t firstUnits = stepUnits; r + double(firstUnits) * unit <= last + double(stepUnits) * unit / 2;
         firstUnits += stepUnits) {
        double polls = 0;
        double delay = 0;
        size_t previous = 0;
        size_t at = firstUnits;
        for (int k = 0; k < maxPollsFollowed; ++k, at += unitsPerPoll) {
            // This poll is sent when the run had not ended at the previous one.
            polls += (1.0 - cdfAt[previous]) / survivingNow;
            reach(at);
            const double t = r + double(at) * unit;
            const double cdf = cdfAt[at];
            // E[(t − T) · 1{previous < T ≤ t}] for a normal T.
            delay += ((t - m) * (cdf - cdfAt[previous]) + sigma * (pdfAt[at] - pdfAt[previous])) / survivingNow;
            // Stops where the run has surely ended, or where this plan already costs more than the best.
            if ((1.0 - cdf) / survivingNow < 1e-4 || polls > bestCost)
                break;
            previous = at;
        }
        const double cost = polls + delay / d;
        if (cost < bestCost) {
            bestCost = cost;
            best.firstDelay = milliseconds(qint64(std::llround(double(firstUnits) * unit)));
            best.expectedPolls = polls;
            best.expectedDelayMs = delay;
        }
    }
    if (!(bestCost < costLimit)) // none cheaper than the limit
        best.expectedPolls = std::numeric_limits<double>::infinity();
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
    // With a stream to open, only a plan cheaper than the stream matters.
    const PollPlan plan = planPolls(*estimate, runningMs, dense,
                                    room.canOpen ? streamCost : std::numeric_limits<double>::infinity());
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
