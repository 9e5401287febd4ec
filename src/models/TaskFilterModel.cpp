#include "TaskFilterModel.h"

#include "TaskTableModel.h"

namespace {

// Nulls (unknown values) after every value in ascending order; numbers by value; text case-insensitively,
// then exactly, so the order never depends on the order the rows came in.
int compareValues(const QVariant &left, const QVariant &right)
{
    const bool leftNull = left.isNull();
    const bool rightNull = right.isNull();
    if (leftNull || rightNull)
        return int(leftNull) - int(rightNull);

    const int leftType = left.userType();
    const int rightType = right.userType();
    if (leftType == QMetaType::QString || rightType == QMetaType::QString) {
        const QString a = left.toString();
        const QString b = right.toString();
        const int folded = a.compare(b, Qt::CaseInsensitive);
        return folded != 0 ? folded : a.compare(b, Qt::CaseSensitive);
    }
    if (leftType == QMetaType::Double || rightType == QMetaType::Double) {
        const double a = left.toDouble();
        const double b = right.toDouble();
        return a < b ? -1 : (b < a ? 1 : 0);
    }
    const qint64 a = left.toLongLong();
    const qint64 b = right.toLongLong();
    return a < b ? -1 : (b < a ? 1 : 0);
}

} // namespace

TaskFilterModel::TaskFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(TaskTableModel::SortRole);
    // Rows move and hide as their status changes while polling: the point of a live monitor.
    setDynamicSortFilter(true);

    m_debounce.setSingleShot(true);
    connect(&m_debounce, &QTimer::timeout, this, &TaskFilterModel::applyNow);
}

void TaskFilterModel::setStatusFilter(StatusFilter filter)
{
    if (filter == m_pendingStatus)
        return;
    m_pendingStatus = filter;
    schedule(statusDelayMs);
}

void TaskFilterModel::setSearchText(const QString &text)
{
    if (text == m_pendingText)
        return;
    m_pendingText = text;
    schedule(typingDelayMs);
}

void TaskFilterModel::schedule(int delayMs)
{
    // A status click while typing is pending applies both soon; a keystroke restarts the typing wait.
    if (m_debounce.isActive() && m_debounce.remainingTime() < delayMs && delayMs == statusDelayMs)
        return;
    m_debounce.start(delayMs);
}

void TaskFilterModel::applyNow()
{
    m_debounce.stop();
    const QString text = m_pendingText.trimmed();
    if (m_pendingStatus == m_status && text == m_text)
        return;
    m_status = m_pendingStatus;
    m_text = text;
    invalidateFilter();
    Q_EMIT filterApplied();
}

bool TaskFilterModel::statusMatches(StatusFilter filter, PredictionStatus status)
{
    switch (filter) {
    case StatusFilter::All:
        return true;
    case StatusFilter::Active:
        return !PredictionStatuses::isTerminal(status);
    case StatusFilter::Succeeded:
        return status == PredictionStatus::Succeeded;
    case StatusFilter::Failed:
        return status == PredictionStatus::Failed;
    case StatusFilter::CanceledOrAborted:
        return status == PredictionStatus::Canceled || status == PredictionStatus::Aborted;
    }
    return true;
}

bool TaskFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    if (!source)
        return true;
    if (m_status != StatusFilter::All) {
        const auto status = PredictionStatus(
            source->index(sourceRow, TaskTableModel::Status, sourceParent).data(TaskTableModel::StatusRole).toInt());
        if (!statusMatches(m_status, status))
            return false;
    }
    if (m_text.isEmpty())
        return true;
    for (const int column : {TaskTableModel::Id, TaskTableModel::Model, TaskTableModel::Prompt}) {
        const QString value = source->index(sourceRow, column, sourceParent).data(TaskTableModel::SortRole).toString();
        if (value.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool TaskFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int order = compareValues(left.data(sortRole()), right.data(sortRole()));
    if (order != 0)
        return order < 0;
    return left.row() < right.row();
}
