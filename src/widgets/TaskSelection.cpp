#include "TaskSelection.h"

#include "TaskTableModel.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>
#include <QMenu>

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
