#pragma once

#include <QFuture>
#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <optional>

class QSqlQuery;

/// TaskStore's writing connection to its database, on a thread of its own: the store hands it every
/// transaction, so that SQLite's work (binding, writing pages, committing) never runs on the thread that
/// paints. Transactions run one after another in the order they were handed over.
///
/// The connection is the writer's own, opened on its thread with the store's pragmas (WAL, synchronous
/// NORMAL, no automatic checkpoints: WalCheckpointer runs them); the store's own connection only opens,
/// migrates and reads. A full disk or a read-only file reads as TaskDatabase::transaction() says it.
class StoreWriter final : public QObject
{
    Q_OBJECT

public:
    using Body = std::function<bool(QSqlQuery &)>;
    using Outcome = std::optional<QString>; ///< What went wrong, or nothing.

    /// Starts the thread; open() connects it.
    explicit StoreWriter(QObject *parent = nullptr);
    /// Runs every transaction handed over, then closes the connection and ends the thread.
    ~StoreWriter() override;

    /// Opens the connection to the database at @p path (created, migrated and checked by the store's own
    /// connection before); waits for it. What went wrong, or nothing.
    [[nodiscard]] Outcome open(const QString &path);
    /// Runs @p body in one transaction after everything handed over before it, and waits for it:
    /// committed when it returns true, rolled back when it returns false or the commit fails.
    [[nodiscard]] Outcome run(Body body);
    /// Hands @p body over and returns at once; the future finishes with its outcome, and written() follows.
    QFuture<Outcome> submit(Body body);

Q_SIGNALS:
    /// A transaction of submit() is over (emitted on the writer's thread: connected queued, it reaches this
    /// object's thread through its event loop).
    void written();

private:
    /// Runs @p job on the thread after everything handed over before it; written() follows when @p announce.
    QFuture<Outcome> post(std::function<Outcome()> job, bool announce);
    /// @p body in one transaction on the writer's connection, as a job.
    std::function<Outcome()> transaction(Body body) const;

    QThread m_thread;
    QObject *m_worker = nullptr; ///< Lives on m_thread; deleted there when it finishes.
    QString m_connectionName;
};
