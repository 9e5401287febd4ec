#pragma once

#include "Task.h"

#include <QList>
#include <QObject>

class MainWindow;
class QAction;
class TaskStore;

/// Favourites: Star (the S key, the Prediction menu and the table's context menu) stars the selected tasks,
/// or unstars them when every one of them is starred already. A starred task's outputs are always saved
/// (Task::wantsSaving): starred() tells the composition root which tasks to look at.
class StarActions final : public QObject
{
    Q_OBJECT

public:
    StarActions(MainWindow &window, TaskStore &store, QObject *parent = nullptr);

    QAction *starAction() const { return m_star; }
    /// Stars @p keys, or unstars them when all are starred; says what happened in the status bar.
    void toggle(const QList<TaskKey> &keys);

Q_SIGNALS:
    /// These tasks were just starred.
    void starred(const QList<TaskKey> &keys);

private:
    MainWindow &m_window;
    TaskStore &m_store;
    QAction *m_star;
};
