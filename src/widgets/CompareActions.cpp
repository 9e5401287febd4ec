#include "CompareActions.h"

#include "CompareView.h"
#include "GalleryView.h"
#include "MainWindow.h"
#include "TaskStore.h"
#include "ViewModeSwitch.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QMenu>

CompareActions::CompareActions(MainWindow &window, const TaskStore &store, ImageCache &cache, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_store(store)
    , m_cache(cache)
    , m_compare(new QAction(tr("Compare"), this))
{
    m_compare->setObjectName(QStringLiteral("actionCompare"));
    // C as in the photo editors' compare view; not taken by anything else here.
    m_compare->setShortcut(QKeySequence(Qt::Key_C));
    m_compare->setData(QLatin1String(MainWindow::ownEnabling));
    connect(m_compare, &QAction::triggered, this, [this] { compare(m_window.selectedKeys()); });
    window.addTaskActions({m_compare});
    // The table and the gallery share this selection model.
    connect(window.viewMode().gallery().selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CompareActions::updateAction);
    connect(&m_store, &TaskStore::tasksChanged, this, &CompareActions::onTasksChanged);
    connect(&m_store, &TaskStore::tasksRemoved, this, &CompareActions::updateAction);
    // Menus show the tool tip, which says why Compare is off.
    for (QObject *object : m_compare->associatedObjects()) {
        if (auto *menu = qobject_cast<QMenu *>(object))
            menu->setToolTipsVisible(true);
    }
    updateAction();
}

CompareActions::~CompareActions()
{
    delete m_view;
}

CompareView *CompareActions::view() const
{
    return m_view;
}

void CompareActions::updateAction()
{
    const int count = m_window.selectedCount();
    const bool enabled = count >= 2 && count <= CompareView::maxTasks;
    m_compare->setEnabled(enabled);
    QString why;
    if (count > CompareView::maxTasks)
        why = tr("Compare shows at most %1 tasks; %2 are selected.").arg(CompareView::maxTasks).arg(count);
    else if (count < 2)
        why = tr("Select 2 to %1 tasks to compare them.").arg(CompareView::maxTasks);
    else
        why = tr("The selected tasks' outputs side by side, zoomed and panned together");
    m_compare->setToolTip(why);
    m_compare->setStatusTip(why);
}

void CompareActions::compare(const QList<TaskKey> &keys)
{
    if (keys.size() < 2 || keys.size() > CompareView::maxTasks)
        return;
    QList<Task> tasks;
    for (const TaskKey &key : keys) {
        if (const Task *task = m_store.task(key))
            tasks.append(*task);
    }
    if (!m_view) {
        m_view = new CompareView(m_cache, &m_window);
        m_view->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_view->setTasks(tasks);
    if (!m_view->isVisible())
        m_view->resize(m_view->sizeHint());
    m_view->show();
    m_view->raise();
    m_view->activateWindow();
}

void CompareActions::onTasksChanged(const QList<TaskKey> &keys)
{
    if (!m_view)
        return;
    const QList<TaskKey> shown = m_view->taskKeys();
    const bool touched = std::any_of(keys.cbegin(), keys.cend(),
                                     [&shown](const TaskKey &key) { return shown.contains(key); });
    if (!touched)
        return;
    QList<Task> tasks;
    for (const TaskKey &key : shown) {
        if (const Task *task = m_store.task(key))
            tasks.append(*task);
    }
    m_view->setTasks(tasks);
}
