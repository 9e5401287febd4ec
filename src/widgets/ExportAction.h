#pragma once

#include "ApiError.h"
#include "HistoryExport.h"
#include "Task.h"

#include <QFileDialog>
#include <QFutureWatcher>
#include <QList>
#include <QMessageBox>
#include <QObject>
#include <QPointer>

#include <optional>

class MainWindow;
class QAction;
class Settings;
class TaskStore;

/// File → Export…: the tasks the table shows, under its filter and in its order, written as CSV or JSON
/// (HistoryExport, priced by Settings::prices()). When the file is chosen the window notes which tasks the
/// table shows and takes the store's list by value (implicitly shared, so not copied); a worker thread
/// copies those tasks out of it and writes them, so a large history does not hold up the window. One
/// export runs at a time. The
/// status bar says how many tasks went where, or why none did (a full disk in DiskProblem's words, also in
/// a message box).
class ExportAction final : public QObject
{
    Q_OBJECT

public:
    ExportAction(MainWindow &window, TaskStore &store, Settings &settings, QObject *parent = nullptr);
    ~ExportAction() override;

    QAction *action() const { return m_action; }
    /// The save dialog while it is open.
    QFileDialog *dialog() const { return m_dialog; }
    /// The message box of the last failed export while it is open.
    QMessageBox *errorBox() const { return m_errorBox; }
    bool isRunning() const { return m_watcher.isRunning(); }

    /// The indices in TaskStore::tasks() of the tasks the table shows now, top to bottom.
    QList<int> shownIndices() const;
    /// Writes the tasks of shownIndices() to @p path as @p format; exportFinished() tells how it went.
    void exportTo(const QString &path, HistoryExport::Format format);

Q_SIGNALS:
    /// @p message is what the status bar shows.
    void exportFinished(bool ok, const QString &message);

private:
    void chooseFile();
    void onFileChosen(const QString &path);
    void onWritten();

    MainWindow &m_window;
    TaskStore &m_store;
    Settings &m_settings;
    QAction *m_action;
    QPointer<QFileDialog> m_dialog;
    QPointer<QMessageBox> m_errorBox;
    QFutureWatcher<std::optional<ApiError>> m_watcher;
    QString m_path;  ///< Of the export running.
    int m_count = 0; ///< Its tasks.
};
