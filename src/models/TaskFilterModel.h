#pragma once

#include "PredictionStatus.h"

#include <QSortFilterProxyModel>
#include <QTimer>

/// Filters the task table by status and by text (id, model, prompt), and sorts it on
/// TaskTableModel::SortRole with the source row as the tie-break, so equal values keep a fixed order.
///
/// Filter changes are debounced: a status change applies after 50 ms, typing after 250 ms of quiet, so a
/// large table is re-filtered once per intent rather than once per keystroke. applyNow() skips the wait.
class TaskFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class StatusFilter {
        All,
        Active,             ///< Not finished: waiting, starting, processing, or a status this build does not know.
        Succeeded,
        Failed,
        CanceledOrAborted,
    };
    Q_ENUM(StatusFilter)

    static constexpr int statusDelayMs = 50;
    static constexpr int typingDelayMs = 250;

    explicit TaskFilterModel(QObject *parent = nullptr);

    /// The filter as last set (it may not be applied yet).
    StatusFilter statusFilter() const { return m_pendingStatus; }
    void setStatusFilter(StatusFilter filter);
    QString searchText() const { return m_pendingText; }
    void setSearchText(const QString &text);
    /// Applies a pending filter change at once.
    void applyNow();

    static bool statusMatches(StatusFilter filter, PredictionStatus status);

Q_SIGNALS:
    /// A filter change took effect (the rows shown are now those it selects).
    void filterApplied();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void schedule(int delayMs);

    QTimer m_debounce;
    StatusFilter m_pendingStatus = StatusFilter::All;
    StatusFilter m_status = StatusFilter::All;
    QString m_pendingText;
    QString m_text;
};
