#pragma once

#include <QObject>
#include <QPointer>

class MainWindow;
class QAction;
class QMenu;
class Settings;
class TaskStore;
class UsageView;

/// View → Usage… (Ctrl+U): opens the Usage window over the tasks the main window's filter shows, or
/// raises it when it is open. The View menu is its own, placed before Help.
class UsageActions final : public QObject
{
    Q_OBJECT

public:
    UsageActions(MainWindow &window, const TaskStore &store, Settings &settings, QObject *parent = nullptr);
    ~UsageActions() override;

    QAction *usageAction() const { return m_usage; }
    QMenu *viewMenu() const { return m_menu; }
    /// The open Usage window, if any.
    UsageView *view() const;
    /// Opens the Usage window (or raises the open one).
    void openUsage();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();

    MainWindow &m_window;
    const TaskStore &m_store;
    Settings &m_settings;
    QMenu *m_menu;
    QAction *m_usage;
    QPointer<UsageView> m_view;
};
