#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class PollScheduler;
class QAbstractItemView;
class QLabel;
class QStatusBar;
class TaskStore;

/// The main window's permanent status bar fields: what polling is doing (or why it cannot), how many tasks
/// are tracked and active, and what the tasks shown or selected cost; and the window's title, which counts
/// the active ones too.
class StatusBarFields final : public QObject
{
    Q_OBJECT

public:
    /// Adds the fields to @p bar, which owns them.
    explicit StatusBarFields(QStatusBar &bar);

    /// What the fields show. @p keyConfigured: a key is set; @p hasKey: and no server refused it;
    /// @p authMessage: the server's words when it did.
    void update(const TaskStore &store, const PollScheduler &scheduler, bool keyConfigured, bool hasKey,
                const QString &authMessage);
    /// "Demo (2 active) — Replimon": @p providerLabel and the active tasks, when there are any.
    static QString windowTitle(const TaskStore &store, const QString &providerLabel);
    /// Shows the cost of the tasks in @p table (whose rows carry TaskTableModel::CostRole): of the selected
    /// ones when two or more are, else of every row it shows. Rows, filter, prices and selection changes
    /// are followed, several at once making one sum (costDelayMs after the first).
    void followCosts(QAbstractItemView &table);
    static constexpr int costDelayMs = 100;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void scheduleCost();
    void updateCost();

    QLabel *m_pollLabel = nullptr;
    QLabel *m_countsLabel = nullptr;
    QLabel *m_costLabel = nullptr;
    QPointer<QAbstractItemView> m_table;
    QTimer m_costTimer;
};
