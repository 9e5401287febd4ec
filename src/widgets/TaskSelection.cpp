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

QList<TaskKey> TaskSelection::selectedKeys(const QAbstractItemView &view)
{
    const QList<int> rows = selectedRows(view);
    QList<TaskKey> keys;
    keys.reserve(rows.size());
    // The task model's keys as it keeps them, through the filter's mapping: no QVariant per row.
    const QAbstractItemModel *model = view.model();
    const auto *proxy = qobject_cast<const QAbstractProxyModel *>(model);
    const auto *tasks = qobject_cast<const TaskTableModel *>(proxy ? proxy->sourceModel() : model);
    for (const int row : rows) {
        if (tasks)
            keys.append(tasks->keyAt(proxy ? proxy->mapToSource(proxy->index(row, 0)).row() : row));
        else
            keys.append(model->index(row, 0).data(TaskTableModel::TaskKeyRole).value<TaskKey>());
    }
    return keys;
}

TaskKey TaskSelection::shownKey(const QAbstractItemView &view)
{
    const QItemSelectionModel *selection = view.selectionModel();
    const QModelIndex current = selection->currentIndex();
    if (current.isValid() && selection->isRowSelected(current.row(), current.parent()))
        return current.data(TaskTableModel::TaskKeyRole).value<TaskKey>();
    const QList<TaskKey> keys = selectedKeys(view);
    return keys.isEmpty() ? TaskKey() : keys.constFirst();
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
