#pragma once

#include "ApiError.h"
#include "PollScheduler.h"
#include "Task.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <memory>

class QLabel;
class QPushButton;
class PredictionClient;
class Settings;
class TaskFilterModel;
class TaskStore;
class TaskDetailPane;
class TaskTableModel;

namespace Ui {
class MainWindow;
}

/// The main window: the task table with its filter bar, menus, toolbar and status bar.
/// It never builds an HTTP request: it asks the scheduler and the client.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(TaskStore &store, PollScheduler &scheduler, PredictionClient &client, Settings &settings,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Adds these ids as tasks of the current provider; returns how many were new.
    int addIds(const QStringList &ids);
    /// Shows a message in the status bar for a while (e.g. "3 predictions added").
    void showMessage(const QString &text);
    /// Whether an API key is configured (drives the empty state and the status bar).
    void setHasApiKey(bool hasKey);
    /// The label under the provider's name in the title, e.g. "Demo".
    void setProviderLabel(const QString &label);

    QList<TaskKey> selectedKeys() const;
    TaskTableModel &tableModel() const { return *m_model; }
    TaskFilterModel &filterModel() const { return *m_filter; }
    /// Puts @p pane beside the table and keeps it showing the current task.
    void setDetailPane(TaskDetailPane *pane);
    TaskDetailPane *detailPane() const { return m_detailPane; }

Q_SIGNALS:
    void settingsRequested();
    void demoRequested();
    void importRequested();
    void cancelRequested(const QList<TaskKey> &keys);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void setupActions();
    void updateActionTexts();
    void retranslate();
    void setupTable();
    void setDefaultColumnLayout();
    /// How wide the table must be to show the default layout's main columns.
    int defaultTableWidth() const;
    void fitPromptColumn();
    void restoreState();
    void saveState();
    void updateActions();
    void updateStatusBar();
    void updateEmptyState();
    void updateKeyBanner();
    void updateTitle();

    void onAddTriggered();
    void onPasteTriggered();
    void onCopyIdTriggered();
    void onRemoveTriggered();
    void onRefreshTriggered();
    void onOpenWebTriggered();
    void onContextMenuRequested(const QPoint &position);
    void onAboutTriggered();
    void onApiKeyRequired(const ApiError &error);
    void updateDetailPane();

    std::unique_ptr<Ui::MainWindow> m_ui;
    TaskStore &m_store;
    PollScheduler &m_scheduler;
    PredictionClient &m_client;
    Settings &m_settings;
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<TaskFilterModel> m_filter;
    QWidget *m_keyBanner = nullptr;
    QLabel *m_keyBannerText = nullptr;
    QPushButton *m_keyBannerButton = nullptr;
    QLabel *m_countsLabel = nullptr;
    QLabel *m_pollLabel = nullptr;
    QTimer m_statusTimer;
    QString m_providerLabel;
    QString m_authMessage;
    bool m_hasApiKey = false;
    bool m_fitPrompt = false;     ///< No saved column widths, and the user has sized none yet.
    bool m_fittingPrompt = false; ///< fitPromptColumn() is resizing: not the user.
    bool m_keyKnown = false;      ///< Until setHasApiKey(), the key is still being read: no banner yet.
    TaskDetailPane *m_detailPane = nullptr;
    QSet<QString> m_cancelUnsupported; ///< Providers that said they cannot cancel (learned this session).
};
