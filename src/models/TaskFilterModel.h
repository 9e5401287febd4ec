#pragma once

#include "PredictionStatus.h"

#include <QList>
#include <QSortFilterProxyModel>
#include <QTimer>

#include <functional>
#include <vector>

class TaskTableModel;
struct Task;

/// Filters the task table by status (or to captured or starred tasks) and by text (id, model, prompt, the caller's
/// User-Agent of a captured task), and sorts it on
/// TaskTableModel::SortRole with the source row as the tie-break, so equal values keep a fixed order.
///
/// Each source row's sort value is kept, per sort column, in a form that compares without a QVariant, a
/// look-up in the source model or locale work, so a sort asks the source once per row rather than twice per
/// comparison. An explicit sort() reads every value afresh; between sorts the source's change signals mark
/// the rows they touch, which are read again when the proxy next compares them.
///
/// Filter changes are debounced: a status change applies after 50 ms, typing after 250 ms of quiet, so a
/// large table is re-filtered once per intent rather than once per keystroke. applyNow() skips the wait.
class TaskFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class StatusFilter {
        All,
        Active, ///< Not finished: waiting, starting, processing, or a status this build does not know.
        Succeeded,
        Failed,
        CanceledOrAborted,
        Captured, ///< Whatever their status: the tasks that came through the capture endpoint.
        Starred,  ///< Whatever their status: the tasks the user starred.
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

    /// Whether a task in @p status passes @p filter on its status (Captured lets every status pass: it
    /// selects on where the task came from instead).
    static bool statusMatches(StatusFilter filter, PredictionStatus status);

    void setSourceModel(QAbstractItemModel *sourceModel) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// The order lessThan() puts two SortRole values in: nulls after every value, numbers by value, text
    /// case-insensitively (as QString::compare does) then exactly. Negative, zero or positive.
    static int compareSortValues(const QVariant &left, const QVariant &right);

Q_SIGNALS:
    /// A filter change took effect (the rows shown are now those it selects).
    void filterApplied();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    /// A SortRole value ready to compare: text carries its case-folded form, computed once.
    struct SortKey
    {
        enum class Kind : quint8 {
            Stale,
            Null,
            Integer,
            Real,
            Text
        };
        Kind kind = Kind::Stale;
        qint64 integer = 0;
        double real = 0;
        QString folded; ///< Shares the text's data when folding changes nothing.
        QString text;
    };

    /// filterAcceptsRow() over a TaskTableModel's task.
    bool acceptsTask(const Task &task) const;
    static SortKey makeSortKey(const QVariant &value);
    static int compareKeys(const SortKey &left, const SortKey &right);
    /// Fills the keys of @p column still missing and ranks every source row on them (m_ranks).
    void rankRows(int column) const;
    /// Puts the rows in [@p first, @p last), whose keys are all text, in compareKeys() order.
    static void sortTextRows(std::vector<int>::iterator first, std::vector<int>::iterator last,
                             const std::vector<SortKey> &keys);
    /// Runs @p part over rows [0, @p rows): the later half on a pool thread while this one does the first,
    /// when they are many and @p parallel. Over the task table only, whose data() reads the store and its
    /// own lists without changing anything, while the GUI thread (the only one that changes them) waits.
    static void inHalves(int rows, bool parallel, const std::function<void(int, int)> &part);
    void dropSortKeys() const;
    void markStale(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void insertStale(const QModelIndex &parent, int first, int last);
    void eraseKeys(const QModelIndex &parent, int first, int last);

    void schedule(int delayMs);

    // The cache is filled lazily from lessThan(), which is const.
    mutable std::vector<SortKey> m_keys; ///< By source row; empty when nothing is cached.
    mutable int m_keyColumn = -1;
    /// By source row: its place in the order of m_keys (ties by source row); empty when a key changed since.
    mutable std::vector<int> m_ranks;
    /// By source row, while applyNow() re-filters a task table: whether the filter accepts it (worked out in
    /// parallel before the proxy asks); empty otherwise.
    std::vector<char> m_verdicts;
    QList<QMetaObject::Connection> m_sourceConnections;
    const TaskTableModel *m_tasks = nullptr; ///< The source when it is the task table (it usually is).

    QTimer m_debounce;
    StatusFilter m_pendingStatus = StatusFilter::All;
    StatusFilter m_status = StatusFilter::All;
    QString m_pendingText;
    QString m_text;
};
