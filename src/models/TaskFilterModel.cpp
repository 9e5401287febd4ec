#include "TaskFilterModel.h"

#include "TaskTableModel.h"

#include <algorithm>

namespace {

// The folding QString::compare(Qt::CaseInsensitive) applies to each UTF-16 unit (a low surrogate folds with
// its high one), done once, so that comparing the results exactly orders text as that compare does.
// Returns @p text itself, sharing its data, when nothing folds (lower-case prompts, ids).
QString foldedForCompare(const QString &text)
{
    const char16_t *units = reinterpret_cast<const char16_t *>(text.utf16());
    const qsizetype size = text.size();
    QString folded;
    char16_t *out = nullptr;
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t unit = units[i];
        char16_t result;
        if (unit < 0x80) {
            // ASCII folds to its lower case and nothing else does (the Kelvin sign and long s are not ASCII):
            // most ids, models and prompts, without a call per unit.
            result = unit >= u'A' && unit <= u'Z' ? char16_t(unit + (u'a' - u'A')) : unit;
        } else if (QChar::isLowSurrogate(unit) && i > 0 && QChar::isHighSurrogate(units[i - 1])) {
            result = QChar::lowSurrogate(QChar::toCaseFolded(QChar::surrogateToUcs4(units[i - 1], unit)));
        } else {
            result = char16_t(QChar::toCaseFolded(char32_t(unit)));
        }
        if (result == unit)
            continue;
        if (!out) {
            folded = text;
            out = reinterpret_cast<char16_t *>(folded.data()); // detaches: the text keeps its own copy
        }
        out[i] = result;
    }
    return out ? folded : text;
}

template <typename Number> int compareNumbers(Number a, Number b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

} // namespace

TaskFilterModel::TaskFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(TaskTableModel::SortRole);
    // Rows move and hide as their status changes while polling: the point of a live monitor.
    setDynamicSortFilter(true);
    connect(this, &QSortFilterProxyModel::sortRoleChanged, this, &TaskFilterModel::dropSortKeys);

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
    // The rows shown are sorted again: on ranks, when every row's place is known.
    if (m_ranks.empty() && sortColumn() >= 0)
        rankRows(sortColumn());
    // Every task's verdict first, the two halves of the table at once; the proxy then only looks them up.
    if (m_tasks) {
        const int rows = m_tasks->rowCount();
        m_verdicts.assign(size_t(rows), 0);
        inHalves(rows, true, [this](int from, int to) {
            for (int row = from; row < to; ++row) {
                const Task *task = m_tasks->taskAt(row);
                m_verdicts[size_t(row)] = !task || acceptsTask(*task);
            }
        });
    }
    // One layout change rather than invalidateFilter(): that one announces every span of rows leaving or
    // coming back on its own, and a keystroke over a large table scatters tens of thousands of spans, each
    // one walked by the views, the header and the selection. Persistent indexes (the selection, the current
    // row) follow their rows as they do through a sort; those of rows filtered out become invalid.
    invalidate();
    m_verdicts = {};
    Q_EMIT filterApplied();
}

bool TaskFilterModel::statusMatches(StatusFilter filter, PredictionStatus status)
{
    switch (filter) {
    case StatusFilter::All:
    case StatusFilter::Captured:
    case StatusFilter::Starred:
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
    // Over the task table the task itself is read: no QVariant, no copy of its texts.
    if (m_tasks && !sourceParent.isValid()) {
        if (size_t(sourceRow) < m_verdicts.size())
            return m_verdicts[size_t(sourceRow)] != 0;
        const Task *task = m_tasks->taskAt(sourceRow);
        return !task || acceptsTask(*task);
    }
    if (m_status == StatusFilter::Captured
        && !source->index(sourceRow, 0, sourceParent).data(TaskTableModel::CapturedRole).toBool())
        return false;
    if (m_status == StatusFilter::Starred
        && !source->index(sourceRow, 0, sourceParent).data(TaskTableModel::StarredRole).toBool())
        return false;
    if (m_status != StatusFilter::All) {
        const auto status = PredictionStatus(
            source->index(sourceRow, TaskTableModel::Status, sourceParent).data(TaskTableModel::StatusRole).toInt());
        if (!statusMatches(m_status, status))
            return false;
    }
    if (m_text.isEmpty())
        return true;
    for (const int column :
         {TaskTableModel::Id, TaskTableModel::Model, TaskTableModel::Prompt, TaskTableModel::Source}) {
        const QString value = source->index(sourceRow, column, sourceParent).data(TaskTableModel::SortRole).toString();
        if (value.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool TaskFilterModel::acceptsTask(const Task &task) const
{
    // What the generic path reads through the roles: the captured and starred marks, the status, and the
    // texts of the Id, Model, Prompt and Source columns' SortRole (the caller's User-Agent when captured).
    if (m_status == StatusFilter::Captured && !task.captured)
        return false;
    if (m_status == StatusFilter::Starred && !task.starred)
        return false;
    if (m_status != StatusFilter::All && !statusMatches(m_status, task.status))
        return false;
    if (m_text.isEmpty())
        return true;
    return task.key.id.contains(m_text, Qt::CaseInsensitive) || task.model.contains(m_text, Qt::CaseInsensitive)
        || task.prompt.contains(m_text, Qt::CaseInsensitive)
        || (task.captured && task.callerUserAgent.contains(m_text, Qt::CaseInsensitive));
}

int TaskFilterModel::compareSortValues(const QVariant &left, const QVariant &right)
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
    if (leftType == QMetaType::Double || rightType == QMetaType::Double)
        return compareNumbers(left.toDouble(), right.toDouble());
    return compareNumbers(left.toLongLong(), right.toLongLong());
}

TaskFilterModel::SortKey TaskFilterModel::makeSortKey(const QVariant &value)
{
    SortKey key;
    if (value.isNull()) {
        key.kind = SortKey::Kind::Null;
    } else if (value.userType() == QMetaType::QString) {
        key.kind = SortKey::Kind::Text;
        key.text = value.toString();
        key.folded = foldedForCompare(key.text);
    } else if (value.userType() == QMetaType::Double) {
        key.kind = SortKey::Kind::Real;
        key.real = value.toDouble();
    } else {
        key.kind = SortKey::Kind::Integer;
        key.integer = value.toLongLong();
    }
    return key;
}

int TaskFilterModel::compareKeys(const SortKey &left, const SortKey &right)
{
    // The same order as compareSortValues(), which the tests hold it to.
    const bool leftNull = left.kind == SortKey::Kind::Null;
    const bool rightNull = right.kind == SortKey::Kind::Null;
    if (leftNull || rightNull)
        return int(leftNull) - int(rightNull);

    const bool leftText = left.kind == SortKey::Kind::Text;
    const bool rightText = right.kind == SortKey::Kind::Text;
    if (leftText && rightText) {
        const int folded = left.folded.compare(right.folded, Qt::CaseSensitive);
        return folded != 0 ? folded : left.text.compare(right.text, Qt::CaseSensitive);
    }
    auto asVariant = [](const SortKey &key) {
        switch (key.kind) {
        case SortKey::Kind::Text:
            return QVariant(key.text);
        case SortKey::Kind::Real:
            return QVariant(key.real);
        default:
            return QVariant(key.integer);
        }
    };
    if (leftText || rightText) // A column mixing text and numbers: rare enough to take the slow path.
        return compareSortValues(asVariant(left), asVariant(right));
    if (left.kind == SortKey::Kind::Real || right.kind == SortKey::Kind::Real) {
        const double a = left.kind == SortKey::Kind::Real ? left.real : double(left.integer);
        const double b = right.kind == SortKey::Kind::Real ? right.real : double(right.integer);
        return compareNumbers(a, b);
    }
    return compareNumbers(left.integer, right.integer);
}

void TaskFilterModel::setSourceModel(QAbstractItemModel *model)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    dropSortKeys();
    m_tasks = qobject_cast<const TaskTableModel *>(model);

    // Connected before the base class connects its own handlers, so the keys of changed rows are marked
    // before the proxy re-sorts them.
    if (model) {
        m_sourceConnections = {
            connect(model, &QAbstractItemModel::dataChanged, this, &TaskFilterModel::markStale),
            connect(model, &QAbstractItemModel::rowsInserted, this, &TaskFilterModel::insertStale),
            connect(model, &QAbstractItemModel::rowsRemoved, this, &TaskFilterModel::eraseKeys),
            connect(model, &QAbstractItemModel::rowsMoved, this, &TaskFilterModel::dropSortKeys),
            connect(model, &QAbstractItemModel::columnsInserted, this, &TaskFilterModel::dropSortKeys),
            connect(model, &QAbstractItemModel::columnsRemoved, this, &TaskFilterModel::dropSortKeys),
            connect(model, &QAbstractItemModel::columnsMoved, this, &TaskFilterModel::dropSortKeys),
            connect(model, &QAbstractItemModel::layoutChanged, this, &TaskFilterModel::dropSortKeys),
            connect(model, &QAbstractItemModel::modelReset, this, &TaskFilterModel::dropSortKeys),
        };
    }
    QSortFilterProxyModel::setSourceModel(model);
}

void TaskFilterModel::sort(int column, Qt::SortOrder order)
{
    // A sort the user asks for reads every value afresh, including those that change with the clock
    // without the source saying so (an output's "expires at" turning into "probably expired").
    const bool unchanged = dynamicSortFilter() && column == sortColumn() && order == sortOrder();
    // QTableView::sortByColumn() asks twice, through the header and then itself, and the base class ignores
    // the second: the ranks the first one just made stay, for the re-sorts after filter changes.
    if (unchanged && m_keyColumn == column && !m_ranks.empty())
        return;
    dropSortKeys();
    if (!unchanged && column >= 0)
        rankRows(column);
    QSortFilterProxyModel::sort(column, order);
}

void TaskFilterModel::dropSortKeys() const
{
    m_keys = {};
    m_ranks = {};
    m_keyColumn = -1;
}

void TaskFilterModel::markStale(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (m_keys.empty() || topLeft.parent().isValid())
        return;
    if (!roles.isEmpty() && !roles.contains(sortRole()))
        return;
    if (m_keyColumn < topLeft.column() || m_keyColumn > bottomRight.column())
        return;
    const int last = std::min(bottomRight.row(), int(m_keys.size()) - 1);
    for (int row = std::max(0, topLeft.row()); row <= last; ++row)
        m_keys[size_t(row)] = SortKey();
    m_ranks = {};
}

void TaskFilterModel::insertStale(const QModelIndex &parent, int first, int last)
{
    if (m_keys.empty() || parent.isValid())
        return;
    if (first < 0 || first > int(m_keys.size()) || last < first) {
        dropSortKeys();
        return;
    }
    m_keys.insert(m_keys.begin() + first, size_t(last - first + 1), SortKey());
    m_ranks = {};
}

void TaskFilterModel::eraseKeys(const QModelIndex &parent, int first, int last)
{
    if (m_keys.empty() || parent.isValid())
        return;
    if (first < 0 || last >= int(m_keys.size()) || last < first) {
        dropSortKeys();
        return;
    }
    m_keys.erase(m_keys.begin() + first, m_keys.begin() + last + 1);
    m_ranks = {};
}

bool TaskFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Ranked rows of the task table (a flat table, whose rows never have a parent): two integers. The ranks
    // are dropped whenever the source's rows change, so they always cover it.
    if (m_tasks && !m_ranks.empty() && left.column() == m_keyColumn && right.column() == m_keyColumn)
        return m_ranks[size_t(left.row())] < m_ranks[size_t(right.row())];
    int order = 0;
    if (left.parent().isValid() || right.parent().isValid() || left.column() != right.column()) {
        order = compareSortValues(left.data(sortRole()), right.data(sortRole()));
    } else {
        // Brought in line with the source first, so the two references below stay valid.
        const size_t rows = size_t(sourceModel()->rowCount());
        if (left.column() != m_keyColumn || m_keys.size() != rows) {
            m_keys.assign(rows, SortKey());
            m_ranks = {};
            m_keyColumn = left.column();
        }
        if (m_ranks.size() == rows)
            return m_ranks[size_t(left.row())] < m_ranks[size_t(right.row())];
        SortKey &a = m_keys[size_t(left.row())];
        if (a.kind == SortKey::Kind::Stale)
            a = makeSortKey(left.data(sortRole()));
        SortKey &b = m_keys[size_t(right.row())];
        if (b.kind == SortKey::Kind::Stale)
            b = makeSortKey(right.data(sortRole()));
        order = compareKeys(a, b);
    }
    if (order != 0)
        return order < 0;
    return left.row() < right.row();
}
