#include "RunTimeEstimator.h"

#include "Prediction.h"
#include "Task.h"
#include "TaskStore.h"

#include <algorithm>
#include <cmath>
#include <vector>

bool RunTimeEstimator::learn(const QString &model, qint64 runMs)
{
    if (model.isEmpty() || runMs <= 0)
        return false;
    std::deque<qint64> &runs = m_runs[model];
    runs.push_back(runMs);
    while (int(runs.size()) > m_window)
        runs.pop_front();
    return true;
}

bool RunTimeEstimator::learn(const Prediction &prediction)
{
    if (prediction.status() != PredictionStatus::Succeeded || !prediction.startedAt().isValid()
        || !prediction.completedAt().isValid())
        return false;
    return learn(prediction.model(), prediction.startedAt().msecsTo(prediction.completedAt()));
}

void RunTimeEstimator::learn(const Task &task)
{
    if (task.status != PredictionStatus::Succeeded)
        return;
    if (const auto seconds = task.runTime())
        learn(task.model, qint64(std::llround(*seconds * 1000)));
    else if (task.predictTime)
        learn(task.model, qint64(std::llround(*task.predictTime * 1000)));
}

void RunTimeEstimator::learnFrom(const TaskStore &store)
{
    // Oldest first, so that each model keeps its newest runs.
    std::vector<const Task *> finished;
    for (const Task &task : store.tasks()) {
        if (task.status == PredictionStatus::Succeeded && task.completedAt.isValid())
            finished.push_back(&task);
    }
    std::sort(finished.begin(), finished.end(),
              [](const Task *a, const Task *b) { return a->completedAt < b->completedAt; });
    for (const Task *task : finished)
        learn(*task);
}

std::optional<RunTimeEstimator::Estimate> RunTimeEstimator::estimate(const QString &model) const
{
    const auto it = m_runs.constFind(model);
    if (it == m_runs.constEnd() || int(it->size()) < minSamples())
        return std::nullopt;
    std::vector<qint64> sorted(it->begin(), it->end());
    std::sort(sorted.begin(), sorted.end());
    const auto at = [&](double q) { return sorted[size_t(std::lround(q * double(sorted.size() - 1)))]; };
    Estimate estimate;
    estimate.samples = int(sorted.size());
    estimate.medianMs = at(0.5);
    estimate.spreadMs = std::max({(at(0.75) - at(0.25)) / 2, estimate.medianMs / 20, qint64(100)});
    if (estimate.samples < fewRuns())
        estimate.spreadMs = std::max(estimate.spreadMs, (sorted.back() - sorted.front()) * 2 / 5);
    return estimate;
}
