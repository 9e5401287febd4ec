#include "MainWindowState.h"

#include "Settings.h"
#include "TaskTableLayout.h"

#include <QMainWindow>
#include <QSplitter>

void MainWindowState::restore(QMainWindow &window, QSplitter &splitter, TaskTableLayout &table,
                              const Settings &settings)
{
    const QByteArray geometry = settings.windowGeometry();
    if (!geometry.isEmpty())
        window.restoreGeometry(geometry);
    const QByteArray state = settings.windowState();
    if (!state.isEmpty())
        window.restoreState(state);
    table.restore(settings.tableHeaderState());
    const QByteArray splitterState = settings.splitterState();
    if (!splitterState.isEmpty())
        splitter.restoreState(splitterState);
}

void MainWindowState::save(const QMainWindow &window, const QSplitter &splitter, const TaskTableLayout &table,
                           Settings &settings)
{
    settings.setWindowGeometry(window.saveGeometry());
    settings.setWindowState(window.saveState());
    settings.setTableHeaderState(table.save());
    settings.setSplitterState(splitter.saveState());
    settings.sync();
}
