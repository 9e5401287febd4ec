#pragma once

#include <QHash>
#include <QString>

#include <deque>
#include <optional>

class Prediction;
class TaskStore;
struct Task;

/// Learns how long each model runs (started to completed) from finished predictions, and says when a
/// running one is likely to end.
///
/// Each model keeps its most recent runs; the estimate is their median, with a spread from the quartiles
/// (half the interquartile range, at least 5 % of the median and 100 ms; with fewer than fewRuns() runs, whose
/// quartiles say little, at least 40 % of their range). Nothing before minSamples() runs: two runs that happen
/// to end close together are no sign of a tight model. Only successes are learned: canceled runs and failures
/// say little about when the next success ends.
class RunTimeEstimator final
{
public:
    struct Estimate
    {
        qint64 medianMs = 0;
        qint64 spreadMs = 0;
        int samples = 0;
    };

    /// How many recent runs a model keeps (default 50).
    void setWindow(int runs) { m_window = runs > 0 ? runs : 1; }
    /// Whether the run was learned (a model and a positive time).
    bool learn(const QString &model, qint64 runMs);
    /// Learns @p prediction's run if it succeeded (started_at to completed_at); whether it did.
    bool learn(const Prediction &prediction);
    /// Learns @p task's run if it succeeded: completed_at − started_at, else metrics.predict_time.
    void learn(const Task &task);
    /// Learns every succeeded task of @p store.
    void learnFrom(const TaskStore &store);
    /// Nothing before a model has finished at least minSamples() runs.
    std::optional<Estimate> estimate(const QString &model) const;
    static constexpr int minSamples() { return 3; }
    static constexpr int fewRuns() { return 10; }

private:
    QHash<QString, std::deque<qint64>> m_runs;
    int m_window = 50;
};
