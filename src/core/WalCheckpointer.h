#pragma once

#include <QMutex>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>

/// Copies a WAL-mode SQLite database's log back into the database file on a thread of its own, through a
/// connection of its own, so that the fsyncs of a checkpoint never hold up the thread that writes.
///
/// The writer turns SQLite's automatic checkpoints off and calls request() after it has written enough;
/// requests made while one is pending are merged. Checkpoints are PASSIVE: they never wait for the writer,
/// and the writer never waits for them. Durability is the writer's as before: a committed transaction is in
/// the log, which SQLite reads back after a crash whether or not it was checkpointed.
class WalCheckpointer final : public QObject
{
    Q_OBJECT

public:
    explicit WalCheckpointer(const QString &databasePath, QObject *parent = nullptr);
    /// Waits for a checkpoint under way, then closes the connection.
    ~WalCheckpointer() override;

    void request();
    /// Checkpoints finished (successful or not), for tests.
    int completedCount() const { return m_completed.load(); }
    /// The last checkpoint's error, empty when it succeeded. Read after completedCount() moved.
    QString lastError() const;

Q_SIGNALS:
    /// Emitted from the checkpoint thread.
    void checkpointed();

private:
    void checkpoint(); // on m_thread

    QString m_databasePath;
    QString m_connectionName;
    QThread m_thread;
    QObject *m_worker = nullptr; ///< Lives on m_thread; deleted there when it finishes.
    std::atomic<bool> m_pending{false};
    std::atomic<int> m_completed{0};
    mutable QMutex m_errorMutex;
    QString m_lastError;
};
