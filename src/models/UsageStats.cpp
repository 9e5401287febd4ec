#include "UsageStats.h"

#include "Task.h"

#include <QHash>

#include <algorithm>
#include <numeric>
#include <vector>

namespace {

// Checked every this many tasks: often enough that a superseded run ends within a millisecond or two.
constexpr int cancelCheckEvery = 4096;

QString withoutVersion(const QString &model)
{
    const qsizetype colon = model.indexOf(u':');
    return colon < 0 ? model : model.left(colon);
}

qint64 instantOf(const Task &task)
{
    const QDateTime &at = task.createdAt.isValid() ? task.createdAt : task.addedAt;
    return at.isValid() ? at.toMSecsSinceEpoch() : -1;
}

int imagesOf(const Task &task)
{
    return std::max<int>(task.imageCount.value_or(0), int(task.outputUrlTexts.size()));
}

double median(std::vector<double> &values)
{
    const size_t middle = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + qsizetype(middle), values.end());
    const double upper = values[middle];
    if (values.size() % 2 == 1)
        return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + qsizetype(middle));
    return (lower + upper) / 2;
}

bool isFailure(PredictionStatus status)
{
    return status == PredictionStatus::Failed || status == PredictionStatus::Canceled
        || status == PredictionStatus::Aborted;
}

} // namespace

double UsageSummary::spendOn(int dayIndex, const QString &currency, const QString &model) const
{
    if (dayIndex < 0 || dayIndex >= days.size())
        return 0;
    return days.at(dayIndex).spend.value(currency).value(model);
}

double UsageSummary::totalSpend(const QString &currency) const
{
    double total = 0;
    for (const UsageDay &day : days) {
        for (const double amount : day.spend.value(currency))
            total += amount;
    }
    return total;
}

namespace UsageStats {

QDate dayOf(const Task &task, const QTimeZone &zone)
{
    const QDateTime &at = task.createdAt.isValid() ? task.createdAt : task.addedAt;
    return at.isValid() ? at.toTimeZone(zone).date() : QDate();
}

UsageSummary aggregate(const QList<Task> &tasks, const QList<int> &indices, const PriceTable &prices,
                       const QDate &today, const QTimeZone &zone, int days, const std::atomic<bool> *cancel)
{
    UsageSummary summary;
    if (days <= 0 || !today.isValid())
        return summary;
    // The start of each local day as an instant, so that a task's day is a binary search on its time rather
    // than a time zone conversion (which costs more than the rest of the aggregation together).
    std::vector<qint64> starts;
    starts.reserve(size_t(days) + 1);
    const QDate first = today.addDays(-(days - 1));
    for (int i = 0; i <= days; ++i)
        starts.push_back(first.addDays(i).startOfDay(zone).toMSecsSinceEpoch());
    for (int i = 0; i < days; ++i)
        summary.days.append(UsageDay{first.addDays(i), {}, {}, 0, 0, 0, 0});

    QHash<QString, std::vector<double>> runTimes;
    QHash<QString, int> imagesPerModel;
    QHash<QString, QString> modelKeys; // the task's model → without its version, computed once per name
    for (qsizetype n = 0; n < indices.size(); ++n) {
        if (cancel && n % cancelCheckEvery == 0 && cancel->load(std::memory_order_relaxed)) {
            summary.superseded = true;
            return summary;
        }
        const Task &task = tasks.at(indices.at(n));
        const qint64 at = instantOf(task);
        if (at < starts.front() || at >= starts.back())
            continue;
        const auto next = std::upper_bound(starts.cbegin(), starts.cend(), at);
        UsageDay &day = summary.days[int(next - starts.cbegin()) - 1];

        auto key = modelKeys.constFind(task.model);
        if (key == modelKeys.constEnd())
            key = modelKeys.insert(task.model, withoutVersion(task.model));
        const QString &model = key.value();
        ++summary.taskCount;
        imagesPerModel[model]; // every model in the span gets a place in the legends

        const TaskCost cost = prices.costOf(task);
        switch (cost.kind) {
        case TaskCost::Kind::Known:
            day.spend[cost.money.currency][model] += cost.money.amount;
            break;
        case TaskCost::Kind::Unknown:
            ++day.unknownCost;
            ++summary.unknownCost;
            break;
        case TaskCost::Kind::Pending:
            ++day.pendingCost;
            ++summary.pendingCost;
            break;
        }
        if (task.status == PredictionStatus::Succeeded) {
            ++day.succeeded;
            const int images = imagesOf(task);
            if (images > 0) {
                day.images[model] += images;
                imagesPerModel[model] += images;
            }
            std::optional<double> seconds = task.runTime();
            if (!seconds)
                seconds = task.predictTime;
            if (seconds)
                runTimes[model].push_back(*seconds);
        } else if (isFailure(task.status)) {
            ++day.failed;
        }
    }

    summary.models = imagesPerModel.keys();
    std::sort(summary.models.begin(), summary.models.end(), [&](const QString &a, const QString &b) {
        const int imagesA = imagesPerModel.value(a);
        const int imagesB = imagesPerModel.value(b);
        return imagesA != imagesB ? imagesA > imagesB : a < b;
    });
    QMap<QString, bool> currencies;
    for (const UsageDay &day : std::as_const(summary.days)) {
        for (auto it = day.spend.cbegin(); it != day.spend.cend(); ++it)
            currencies.insert(it.key(), true);
    }
    summary.currencies = currencies.keys();
    for (auto it = runTimes.begin(); it != runTimes.end(); ++it)
        summary.runTimes.append({it.key(), median(it.value()), int(it.value().size())});
    std::sort(summary.runTimes.begin(), summary.runTimes.end(), [](const UsageRunTime &a, const UsageRunTime &b) {
        return a.medianSeconds != b.medianSeconds ? a.medianSeconds > b.medianSeconds : a.model < b.model;
    });
    return summary;
}

UsageSummary aggregate(const QList<Task> &tasks, const PriceTable &prices, const QDate &today, const QTimeZone &zone,
                       int days)
{
    QList<int> indices(tasks.size());
    std::iota(indices.begin(), indices.end(), 0);
    return aggregate(tasks, indices, prices, today, zone, days);
}

QString shortModelName(const QString &model)
{
    const QString name = withoutVersion(model);
    const qsizetype slash = name.lastIndexOf(u'/');
    return slash < 0 ? name : name.mid(slash + 1);
}

QStringList legendNames(const QStringList &models)
{
    QHash<QString, int> uses;
    for (const QString &model : models)
        ++uses[shortModelName(model)];
    QStringList names;
    for (const QString &model : models) {
        const QString name = shortModelName(model);
        names.append(uses.value(name) > 1 ? withoutVersion(model) : name);
    }
    return names;
}

} // namespace UsageStats
