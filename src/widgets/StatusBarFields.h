#pragma once

#include <QObject>
#include <QString>

class PollScheduler;
class QLabel;
class QStatusBar;
class TaskStore;

/// The main window's two permanent status bar fields: what polling is doing (or why it cannot) and how
/// many tasks are tracked and active; and the window's title, which counts the active ones too.
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

private:
    QLabel *m_pollLabel = nullptr;
    QLabel *m_countsLabel = nullptr;
};
