#pragma once

#include "ApiEndpoint.h"
#include "ApiError.h"
#include "PollScheduler.h"
#include "Task.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <memory>

class CaptureControls;
class FilterBar;
class KeyBanner;
class ReadOnlyBanner;
class Settings;
class StatusBarFields;
class TaskFilterModel;
class TaskStore;
class TaskDetailPane;
class TaskTableLayout;
class TaskTableModel;
class ViewModeSwitch;

namespace Ui {
class MainWindow;
}

/// The main window: the task table with its filter bar, menus, toolbar and status bar.
/// It never builds an HTTP request: it asks the scheduler. The composition root tells it the provider and
/// whether there is a key; the status bar, title, banner and empty page follow every change of those, of
/// the tasks and of the scheduler in one refresh per event-loop turn.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(TaskStore &store, PollScheduler &scheduler, Settings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Adds these ids as tasks of the current provider; returns how many were new.
    int addIds(const QStringList &ids);
    /// Shows a message in the status bar for a while (e.g. "3 predictions added").
    void showMessage(const QString &text);
    /// Whether an API key is configured (drives the empty state and the status bar).
    void setHasApiKey(bool hasKey);
    /// The provider's name in the title, e.g. "Demo".
    void setProviderLabel(const QString &label);
    /// The provider requests go to: ids added in the window become its tasks.
    void setProvider(ApiEndpoint::Provider provider);
    /// A request was refused for want of a (valid) key: says so, and leads to the settings.
    void onApiKeyRequired(const ApiError &error);

    QList<TaskKey> selectedKeys() const;
    /// How many tasks are selected (without listing them).
    int selectedCount() const;
    /// Makes @p key the current, only selected task (when the filter shows it).
    void selectTask(const TaskKey &key);
    /// Actions on the selected tasks (Run Again, Remix…, Star), offered first in the Prediction menu (the
    /// last added on top) and the table's context menu; enabled while the store is writable and exactly one
    /// task is selected, or any when the action's data() is anySelection. An action whose data() is
    /// ownEnabling is enabled by its owner, which follows the selection itself; it writes nothing, so it
    /// stays on in a read-only store.
    void addTaskActions(const QList<QAction *> &actions);
    static constexpr char anySelection[] = "any-selection";
    static constexpr char ownEnabling[] = "own-enabling";
    TaskTableModel &tableModel() const { return *m_model; }
    TaskFilterModel &filterModel() const { return *m_filter; }
    /// Puts @p pane beside the table and keeps it showing the current task.
    void setDetailPane(TaskDetailPane *pane);
    TaskDetailPane *detailPane() const { return m_detailPane; }
    /// The capture endpoint's status field, banner and Connect dialog.
    CaptureControls &capture() const { return *m_capture; }
    /// The notice that the task database is a newer Replimon's and open read-only; null when it is not.
    ReadOnlyBanner *readOnlyBanner() const { return m_readOnlyBanner; }
    /// View → Table / Gallery, and the gallery.
    ViewModeSwitch &viewMode() const { return *m_viewMode; }

Q_SIGNALS:
    void settingsRequested();
    void demoRequested();
    void importRequested();
    /// File → Import from Files….
    void importFilesRequested();
    void cancelRequested(const QList<TaskKey> &keys);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void setupActions();
    void retranslate();
    void setupTable();
    void updateActions();
    /// Asks for refresh() once the event loop turns: several changes at once make one refresh.
    void scheduleRefresh();
    /// The empty page, banner, actions, status bar and title, from the state now.
    void refresh();
    void updateEmptyState();
    /// The table, or the empty page when there are no tasks.
    void showPage();
    void updateKeyBanner();
    /// Adds the ids in pasted or dropped @p text (read on a worker thread when it is long). False when a
    /// short text held none: @p noIdsMessage was shown.
    bool addPastedIds(QString text, const QString &noIdsMessage);

    void onAddTriggered();
    void onPasteTriggered();
    void onCopyIdTriggered();
    void onRemoveTriggered();
    void onRefreshTriggered();
    void onOpenWebTriggered();
    void onAboutTriggered();
    void updateDetailPane();

    std::unique_ptr<Ui::MainWindow> m_ui;
    TaskStore &m_store;
    PollScheduler &m_scheduler;
    Settings &m_settings;
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<TaskFilterModel> m_filter;
    TaskTableLayout *m_tableLayout = nullptr;
    FilterBar *m_filterBar = nullptr;
    KeyBanner *m_keyBanner = nullptr;
    ReadOnlyBanner *m_readOnlyBanner = nullptr;
    StatusBarFields *m_statusFields = nullptr;
    CaptureControls *m_capture = nullptr;
    ViewModeSwitch *m_viewMode = nullptr;
    QTimer m_statusTimer;
    QString m_providerLabel;
    ApiEndpoint::Provider m_provider = ApiEndpoint::Provider::QuickRouter;
    QString m_authMessage;
    bool m_keyConfigured = false; ///< The composition root says there is a key (setHasApiKey()).
    bool m_hasApiKey = false;     ///< There is a key and no server has refused it since.
    bool m_keyKnown = false;      ///< Until setHasApiKey(), the key is still being read: no banner yet.
    bool m_refreshPending = false;
    TaskDetailPane *m_detailPane = nullptr;
    QList<QAction *> m_taskActions;
    QSet<QString> m_cancelUnsupported; ///< Providers that said they cannot cancel (learned this session).
};
