#pragma once

#include "PriceTable.h"
#include "StatusIcons.h"
#include "Task.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

#include <chrono>

class TaskStore;

/// The tracked tasks as a table, one row per task in the store's order.
///
/// The model keeps its own list of row keys so that every change reaches views through the proper
/// begin/end calls even though the store changes first: additions arrive as one insertion at the end,
/// removals as one removal per contiguous span (last span first), changes as one dataChanged per
/// contiguous span of rows. Only TaskStore::loaded() resets the model.
class TaskTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Status,
        Id,
        Model,
        Prompt,
        Created,
        RunTime,     ///< completed − started
        PredictTime, ///< metrics.predict_time
        Images,
        Output, ///< the saved file, or the remote outputs (with when they expire), or "expired"
        LastError,
        Source,  ///< "Captured" (through the capture endpoint) or "Added"
        Cost,    ///< what the price table makes of it (CostText::cell); last, so saved header states still fit
        Starred, ///< a star for a favourite (TaskStore::setStarred); after Cost, for the same reason
        ColumnCount,
    };
    Q_ENUM(Column)

    enum Role {
        /// The raw value to sort on: status rank (int), id/model/full prompt (QString), the caller's User-Agent
        /// (QString; null when not captured), times in ms since
        /// the epoch (qint64), durations in seconds (double), counts (int), costs (double: the amount,
        /// whatever the currency). Null when unknown: an unpriced or still running task's cost is null, and
        /// so sorts after every known cost in ascending order (before them in descending).
        SortRole = Qt::UserRole + 1,
        TaskKeyRole,  ///< TaskKey (any column)
        StatusRole,   ///< int(PredictionStatus) (any column); Unknown also for tasks not fetched yet
        FetchedRole,  ///< bool: whether the server has answered with the prediction yet (any column)
        CapturedRole, ///< bool: whether the task came through the capture endpoint (any column)
        StarredRole,  ///< bool: whether the user starred the task (any column)
        /// TaskCost from the table given to setPrices(), kept per row (any column; its changes are announced
        /// on the Cost column), so that totals need not work prices out again.
        CostRole,
    };
    Q_ENUM(Role)

    /// The rows of @p store, their costs from @p prices (setPrices() changes them later).
    explicit TaskTableModel(const TaskStore &store, PriceTable prices = {}, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    TaskKey keyAt(int row) const;
    /// -1 when not shown.
    int rowOf(const TaskKey &key) const;
    /// nullptr when @p row is out of range.
    const Task *taskAt(int row) const;

    /// Outputs are deleted this long after completion (Replicate: one hour).
    void setRetention(std::chrono::seconds retention);
    /// Tests pin "now" for the expiry mark; invalid: the clock.
    void setNow(const QDateTime &now);
    /// Works every cost out again with @p prices; only the Cost column changes. Announced by pricesChanged().
    void setPrices(const PriceTable &prices);
    const PriceTable &prices() const { return m_prices; }
    /// The cost of the task in @p row (Unknown when out of range).
    TaskCost costAt(int row) const;
    /// Re-reads every header and cell, e.g. after the language changed.
    void retranslate();

    /// The order the Status column sorts in: waiting, starting, processing, succeeded, failed, canceled,
    /// aborted, unknown.
    static int statusRank(const Task &task);

Q_SIGNALS:
    /// setPrices() gave the model a new table (the Cost column has changed already).
    void pricesChanged(const PriceTable &prices);

private:
    QVariant display(const Task &task, int column) const;
    QVariant sortValue(const Task &task, int column) const;
    QVariant toolTip(const Task &task, int column) const;

    void onLoaded();
    void onTasksAdded(const QList<TaskKey> &keys);
    void onTasksChanged(const QList<TaskKey> &keys);
    void onTasksRemoved(const QList<TaskKey> &keys);

    QDateTime now() const;
    TaskCost costOf(const TaskKey &key) const;

    const TaskStore &m_store;
    QList<TaskKey> m_rows;
    QList<TaskCost> m_costs; ///< One per row of m_rows, from m_prices.
    PriceTable m_prices;
    StatusIcons m_icons;
    std::chrono::seconds m_retention{3600};
    QDateTime m_fixedNow;
};
Q_DECLARE_METATYPE(TaskCost)
