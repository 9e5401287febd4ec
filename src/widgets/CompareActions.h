#pragma once

#include "Task.h"

#include <QObject>
#include <QPointer>

class CompareView;
class ImageCache;
class MainWindow;
class QAction;
class TaskStore;

/// Compare (C, the Prediction menu and the tasks' context menu): the selected tasks side by side in a
/// CompareView. Enabled while 2 to 4 tasks are selected in the table or the gallery (they share one
/// selection), a read-only store included; with more, disabled, its tool tip saying why. One compare window,
/// shown again with the new selection; it follows the changes of the tasks it shows.
class CompareActions final : public QObject
{
    Q_OBJECT

public:
    CompareActions(MainWindow &window, const TaskStore &store, ImageCache &cache, QObject *parent = nullptr);
    ~CompareActions() override;

    QAction *compareAction() const { return m_compare; }
    /// The compare window, once opened (null when closed).
    CompareView *view() const;
    /// Opens (or brings forward) the compare window on @p keys.
    void compare(const QList<TaskKey> &keys);

private:
    void updateAction();
    void onTasksChanged(const QList<TaskKey> &keys);

    MainWindow &m_window;
    const TaskStore &m_store;
    ImageCache &m_cache;
    QAction *m_compare;
    QPointer<CompareView> m_view;
};
