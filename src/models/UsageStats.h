#pragma once

#include "PriceTable.h"

#include <QDate>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <atomic>

struct Task;

/// What the tasks of one local day came to.
struct UsageDay final
{
    QDate date;
    /// Spend per currency, then per model (the full "owner/name"), of tasks whose cost is known.
    QMap<QString, QMap<QString, double>> spend;
    /// Output images per model (succeeded tasks: metrics.image_count, else the number of outputs).
    QMap<QString, int> images;
    int succeeded = 0;
    int failed = 0;      ///< failed, canceled and aborted: the runs that ended without their images
    int unknownCost = 0; ///< not priced (no rule for the model, or no image count): never counted as 0
    int pendingCost = 0; ///< priced, not ended yet
};

/// The median run time of one model's succeeded tasks.
struct UsageRunTime final
{
    QString model;
    double medianSeconds = 0;
    int runs = 0; ///< how many tasks the median is over
};

/// Usage over a span of local days, from a list of tasks: the values the Usage view charts.
struct UsageSummary final
{
    QList<UsageDay> days;         ///< one per day, oldest first, the last one being "today"
    QStringList models;           ///< every model with a task in the span, most images first, then by name
    QStringList currencies;       ///< every currency spent in, in code order
    QList<UsageRunTime> runTimes; ///< per model with a known run time, slowest first
    int taskCount = 0;            ///< tasks in the span
    int unknownCost = 0;
    int pendingCost = 0;
    bool superseded = false; ///< the computation was given up for a newer one: the rest is partial

    bool isEmpty() const { return taskCount == 0; }
    /// The spend of @p model in @p currency on the day at @p dayIndex (0 when none).
    double spendOn(int dayIndex, const QString &currency, const QString &model) const;
    /// The whole span's spend in @p currency.
    double totalSpend(const QString &currency) const;
};

/// Aggregates tasks into a UsageSummary. A pure function of its arguments (no clock, no time zone of the
/// process), so it runs on any thread and tests give it the day and the zone.
namespace UsageStats {

constexpr int defaultDays = 30;

/// The local day a task counts on: its created_at (else when it was added) in @p zone.
QDate dayOf(const Task &task, const QTimeZone &zone);

/// The tasks of the @p days local days ending with @p today (in @p zone), priced with @p prices. Run time is
/// Task::runTime(), else metrics.predict_time, of succeeded tasks. When @p cancel is given and becomes true,
/// the computation stops early and the result says superseded.
UsageSummary aggregate(const QList<Task> &tasks, const QList<int> &indices, const PriceTable &prices,
                       const QDate &today, const QTimeZone &zone, int days = defaultDays,
                       const std::atomic<bool> *cancel = nullptr);
/// The same over every task of @p tasks.
UsageSummary aggregate(const QList<Task> &tasks, const PriceTable &prices, const QDate &today, const QTimeZone &zone,
                       int days = defaultDays);

/// The name part of a model: "black-forest-labs/flux-schnell:abc…" → "flux-schnell".
QString shortModelName(const QString &model);
/// Short names for @p models, keeping "owner/name" where two owners share a name.
QStringList legendNames(const QStringList &models);

} // namespace UsageStats
