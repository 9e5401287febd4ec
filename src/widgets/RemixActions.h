#pragma once

#include "ApiError.h"
#include "RemixDialog.h"
#include "Task.h"

#include <QObject>
#include <QPointer>

class MainWindow;
class PredictionClient;
class QAction;
class Settings;
class TaskCreator;
class TaskDetailPane;
class TaskStore;

/// Run Again and Remix… on tracked tasks: the actions (first in the table's context menu, buttons in the
/// detail pane), the confirmation asked before the first run, the Remix dialog, and selecting the new
/// task once it is tracked. Both need exactly one selected task and a writable store (Ctrl+Shift+R,
/// Ctrl+Shift+M). Creates go through a TaskCreator on the application's client, so to the
/// configured root only.
class RemixActions final : public QObject
{
    Q_OBJECT

public:
    RemixActions(MainWindow &window, TaskStore &store, Settings &settings, PredictionClient &client,
                 QObject *parent = nullptr);
    ~RemixActions() override;

    /// Takes the pane's Run Again, Remix and link requests, and gives it the "Remixed as" lookup.
    void attachPane(TaskDetailPane &pane);

    QAction *runAgainAction() const { return m_runAgain; }
    QAction *remixAction() const { return m_remix; }
    /// The open Remix dialog, if any.
    RemixDialog *dialog() const { return m_dialog; }
    TaskCreator &creator() const { return *m_creator; }

    void runAgain(const TaskKey &source);
    void remix(const TaskKey &source);
    /// Asks once whether to send a run (the provider charges for it, @p estimate: what it should cost, ""
    /// when unknown); remembered in Settings.
    bool confirmRun(const QString &estimate = {});
    /// The ids of the tasks made from @p key.
    QStringList remixesOf(const TaskKey &key) const;

Q_SIGNALS:
    void settingsRequested();

private:
    /// In a read-only store nothing is run: says so in the status bar and returns true.
    bool refusedReadOnly();
    void openDialog(const TaskKey &source, bool keepSeed);
    void onCreated(const TaskKey &key, bool recovered);
    QString providerName() const;
    /// What a new run of @p source's model with its inputs should cost at the configured provider.
    QString estimate(const Task &source) const;

    MainWindow &m_window;
    TaskStore &m_store;
    Settings &m_settings;
    PredictionClient &m_client;
    TaskCreator *m_creator;
    QAction *m_runAgain;
    QAction *m_remix;
    QAction *m_separator;
    QPointer<RemixDialog> m_dialog;
    TaskKey m_runAgainSource; ///< The task Run Again is sending from, while it is.
};
