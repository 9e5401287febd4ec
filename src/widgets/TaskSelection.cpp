#include "TaskSelection.h"

#include "TaskTableModel.h"

#include <QAbstractItemView>
#include <QAbstractProxyModel>
#include <QItemSelectionModel>
#include <QMenu>

#include <algorithm>
#include <vector>

QList<int> TaskSelection::selectedRows(const QAbstractItemView &view)
{
    // From the selection's ranges: QItemSelectionModel::selectedRows() asks about every column of every
    // row, which every selected row of 100 000 made a stall of a tenth of a second, once per listener.
    const QItemSelection selection = view.selectionModel()->selection();
    QList<int> rows;
    std::vector<bool> seen;
    for (const QItemSelectionRange &range : selection) {
        if (selection.size() > 1 && seen.empty())
            seen.resize(size_t(std::max(0, view.model()->rowCount())));
        for (int row = range.top(); row <= range.bottom(); ++row) {
            if (!seen.empty()) {
                if (row >= int(seen.size()) || seen[size_t(row)])
                    continue;
                seen[size_t(row)] = true;
            }
            rows.append(row);
        }
    }
    return rows;
}

namespace {

// The task model behind a view, and the proxy (the filter) between them when there is one.
struct Source
{
    const QAbstractProxyModel *proxy = nullptr;
    const TaskTableModel *tasks = nullptr;
    int rowOf(int viewRow) const { return proxy ? proxy->mapToSource(proxy->index(viewRow, 0)).row() : viewRow; }
};

Source sourceOf(const QAbstractItemView &view)
{
    Source source;
    source.proxy = qobject_cast<const QAbstractProxyModel *>(view.model());
    source.tasks = qobject_cast<const TaskTableModel *>(source.proxy ? source.proxy->sourceModel() : view.model());
    return source;
}

TaskKey keyOf(const QAbstractItemView &view, const Source &source, int row)
{
    // The task model's keys as it keeps them, through the filter's mapping: no QVariant per row.
    if (source.tasks)
        return source.tasks->keyAt(source.rowOf(row));
    return view.model()->index(row, 0).data(TaskTableModel::TaskKeyRole).value<TaskKey>();
}

} // namespace

QList<TaskKey> TaskSelection::selectedKeys(const QAbstractItemView &view)
{
    const QList<int> rows = selectedRows(view);
    const Source source = sourceOf(view);
    QList<TaskKey> keys;
    keys.reserve(rows.size());
    for (const int row : rows)
        keys.append(keyOf(view, source, row));
    return keys;
}

bool TaskSelection::anyTask(const QAbstractItemView &view, const QList<int> &rows,
                            const std::function<bool(const Task &)> &test)
{
    const Source source = sourceOf(view);
    const TaskTableModel *tasks = source.tasks;
    for (const int row : rows) {
        const Task *task = tasks ? tasks->taskAt(source.rowOf(row)) : nullptr;
        if (task && test(*task))
            return true;
    }
    return false;
}

TaskKey TaskSelection::shownKey(const QAbstractItemView &view)
{
    const QItemSelectionModel *selection = view.selectionModel();
    const QModelIndex current = selection->currentIndex();
    if (current.isValid() && selection->isRowSelected(current.row(), current.parent()))
        return current.data(TaskTableModel::TaskKeyRole).value<TaskKey>();
    const QList<int> rows = selectedRows(view);
    return rows.isEmpty() ? TaskKey() : keyOf(view, sourceOf(view), rows.constFirst());
}

void TaskSelection::showContextMenu(QAbstractItemView &view, const QPoint &position, const QList<QAction *> &actions)
{
    if (!view.indexAt(position).isValid())
        return;
    QMenu menu(&view);
    menu.setToolTipsVisible(true); // a disabled action's tool tip says why
    for (QAction *action : actions) {
        if (action)
            menu.addAction(action);
        else
            menu.addSeparator();
    }
    menu.exec(view.viewport()->mapToGlobal(position));
}

bool TaskSelection::select(QAbstractItemView &view, const TaskKey &key)
{
    const QAbstractItemModel *model = view.model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(TaskTableModel::TaskKeyRole).value<TaskKey>() == key) {
            view.selectionModel()->setCurrentIndex(index,
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            view.scrollTo(index);
            return true;
        }
    }
    return false;
}
