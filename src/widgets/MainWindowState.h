#pragma once

class QMainWindow;
class QSplitter;
class Settings;
class TaskTableLayout;

/// What the main window keeps between runs in Settings: its geometry, toolbar and dock state, the table's
/// header and the splitter between the task views and the detail pane.
class MainWindowState final
{
public:
    MainWindowState() = delete;

    /// Puts back what save() kept; what was never saved stays as built.
    static void restore(QMainWindow &window, QSplitter &splitter, TaskTableLayout &table, const Settings &settings);
    /// Keeps the state now, and writes the settings file.
    static void save(const QMainWindow &window, const QSplitter &splitter, const TaskTableLayout &table,
                     Settings &settings);
};
