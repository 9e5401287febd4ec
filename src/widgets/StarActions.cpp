#include "StarActions.h"

#include "MainWindow.h"
#include "TaskStore.h"

#include <QAction>

#include <algorithm>

StarActions::StarActions(MainWindow &window, TaskStore &store, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_store(store)
    , m_star(new QAction(tr("Star"), this))
{
    m_star->setToolTip(tr("Star the selected tasks (or unstar them when all are starred): a starred task's "
                          "outputs are always saved"));
    m_star->setShortcut(QKeySequence(Qt::Key_S));
    m_star->setData(QLatin1String(MainWindow::anySelection));
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    connect(m_star, &QAction::triggered, this, [this] { toggle(m_window.selectedKeys()); });
    window.addTaskActions({m_star, separator});
}

void StarActions::toggle(const QList<TaskKey> &keys)
{
    if (keys.isEmpty())
        return;
    const bool allStarred = std::all_of(keys.cbegin(), keys.cend(), [this](const TaskKey &key) {
        const Task *task = m_store.task(key);
        return !task || task->starred;
    });
    const auto changed = m_store.setStarred(keys, !allStarred);
    if (!changed) {
        m_window.showMessage(tr("The star could not be saved: %1").arg(changed.error().message));
        return;
    }
    const int count = int(changed.value().size());
    m_window.showMessage(allStarred ? tr("Unstarred %n task(s)", nullptr, count)
                                    : tr("Starred %n task(s): their outputs are always saved", nullptr, count));
    if (!allStarred)
        Q_EMIT starred(changed.value());
}
