#include "TaskSelection.h"

#include "TaskTableModel.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>

QList<TaskKey> TaskSelection::selectedKeys(const QAbstractItemView &view)
{
    QList<TaskKey> keys;
    const QModelIndexList rows = view.selectionModel()->selectedRows();
    keys.reserve(rows.size());
    for (const QModelIndex &index : rows)
        keys.append(index.data(TaskTableModel::TaskKeyRole).value<TaskKey>());
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
