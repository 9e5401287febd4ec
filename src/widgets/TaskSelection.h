#pragma once

#include "Task.h"

#include <QList>

#include <functional>

class QAbstractItemView;
class QAction;
class QPoint;

/// The tasks a task view's selection stands for (its rows carry TaskTableModel::TaskKeyRole).
class TaskSelection final
{
public:
    /// The view's selected rows, in the selection's order, each once.
    static QList<int> selectedRows(const QAbstractItemView &view);
    /// Every selected row's task, in the selection's order.
    static QList<TaskKey> selectedKeys(const QAbstractItemView &view);
    /// Whether @p test holds for the task of one of @p rows (of a view of TaskTableModel); stops at the first.
    static bool anyTask(const QAbstractItemView &view, const QList<int> &rows,
                        const std::function<bool(const Task &)> &test);
    /// The task to show in detail: the current row when it is selected, else the first selected one;
    /// an empty key when nothing is selected.
    static TaskKey shownKey(const QAbstractItemView &view);
    /// The menu of a row at @p position (in the viewport) with @p actions, a null one a separator; nothing
    /// outside the rows.
    static void showContextMenu(QAbstractItemView &view, const QPoint &position, const QList<QAction *> &actions);
    /// Makes @p key's row the current and only selected one; false when the view does not show it.
    static bool select(QAbstractItemView &view, const TaskKey &key);
};
