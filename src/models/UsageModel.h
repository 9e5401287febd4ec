#pragma once

#include "PriceTable.h"
#include "UsageStats.h"

#include <QDate>
#include <QObject>
#include <QTimeZone>
#include <QTimer>

#include <atomic>
#include <memory>

class QSortFilterProxyModel;
class TaskStore;

/// The usage of the tasks a filter shows, kept up to date off the GUI thread.
///
/// refresh() takes a snapshot on the GUI thread (the store's task list, shared rather than copied, and
/// the store indices of the rows @p filter shows: its source model must list the store's tasks in the
/// store's order, as TaskTableModel does) and aggregates it with QtConcurrent::run. A newer refresh
/// supersedes an older one: the older computation is told to stop and its result is dropped. Changes of
/// the filter's rows or data and of the prices ask for a refresh refreshDelayMs later, so a burst of
/// changes costs one aggregation.
class UsageModel final : public QObject
{
    Q_OBJECT

public:
    static constexpr int refreshDelayMs = 400;

    UsageModel(const TaskStore &store, const QSortFilterProxyModel &filter, QObject *parent = nullptr);
    ~UsageModel() override;

    void setPrices(const PriceTable &prices);
    /// Tests pin the last day and the zone days are counted in; invalid/default: today, the system's zone.
    void setFixedToday(const QDate &today, const QTimeZone &zone);

    /// The last summary computed (empty before the first).
    const UsageSummary &summary() const { return m_summary; }
    /// A computation is under way (its result not yet in summary()).
    bool isComputing() const { return bool(m_cancel); }
    /// How long the last computation took on its thread, in milliseconds.
    qint64 lastMilliseconds() const { return m_lastMilliseconds; }

    /// Starts a computation now, superseding one under way.
    void refresh();
    /// Asks for refresh() refreshDelayMs from now, unless one is already asked for.
    void scheduleRefresh();

Q_SIGNALS:
    /// summary() holds the result of the latest refresh.
    void summaryChanged();

private:
    struct Outcome
    {
        UsageSummary summary;
        qint64 milliseconds = 0;
    };

    const TaskStore &m_store;
    const QSortFilterProxyModel &m_filter;
    PriceTable m_prices;
    QDate m_fixedToday;
    QTimeZone m_zone;
    QTimer m_delay;
    UsageSummary m_summary;
    qint64 m_lastMilliseconds = 0;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel; ///< Of the computation under way; null when none is.
};
