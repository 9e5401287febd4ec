#pragma once

#include "ApiError.h"
#include "Prediction.h"
#include "Result.h"
#include "StoreError.h"
#include "StoreWriter.h"
#include "Task.h"
#include "TaskDatabase.h"

#include <QDateTime>
#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class QSqlQuery;
class WalCheckpointer;

/// What open() found.
struct StoreOpenInfo final
{
    QString path;               ///< The database in use.
    QString movedAsidePath;     ///< Where an unreadable database was moved; "" when none was.
    QString movedAsideReason;   ///< Why it was unreadable (SQLite's message or the integrity check's finding).
    int foundSchemaVersion = 0; ///< The version on disk before migrations; 0 for a new database.
    bool readOnly = false;      ///< A newer schema: open read-only (TaskStore::isReadOnly()).
    QString writtenBy;          ///< The Replimon version that last wrote it; "" when it does not say.
    int taskCount = 0;
    qint64 loadMilliseconds = 0;
};

/// The tracked tasks: all of them in memory after open(), with SQLite as the durable copy.
///
/// Writes happen only when something changed, one transaction per call; a failed transaction leaves the
/// in-memory state as it was, returns a StoreError and emits writeFailed(), so nothing is lost silently.
/// Every write's result must be looked at: a caller keeps what it could not write (the poller retries it)
/// or tells the user.
///
/// Transactions run on a thread of their own (StoreWriter), through a connection of their own. The
/// poller's answers, the bulk of the writes, go through updateLater(): the GUI thread works out which rows
/// change and hands them over, and takes them into memory when the writer has committed them; the edits a
/// user makes (stars, removals, saved files) wait for their transaction, after any write under way.
///
/// last_checked_at is the exception: a poll that brings nothing new updates it in memory only, and it
/// reaches the disk with the task's next real write or when the store closes. Rewriting every polled row
/// every two seconds just to move a timestamp would cost far more than losing it in a crash.
///
/// A database of a newer schema is opened read-only: its tasks are all there, and every write fails with
/// StoreError::Kind::ReadOnly (nothing is written, not even check times).
///
/// An unreadable database (not SQLite, fails `PRAGMA quick_check`, or cannot be migrated) is renamed to
/// `<name>.corrupt-YYYYMMDD-hhmmss` with its -wal and -shm files, never deleted; a fresh one replaces it
/// and open() reports where the old one went (also through databaseMovedAside()).
class TaskStore final : public QObject
{
    Q_OBJECT

public:
    static constexpr int schemaVersion = TaskDatabase::schemaVersion;

    explicit TaskStore(QObject *parent = nullptr);
    ~TaskStore() override;

    /// `QStandardPaths::AppDataLocation`/replimon.sqlite.
    static QString defaultPath();

    /// Opens (creating or migrating) the database at @p path, or defaultPath() when empty, and loads every
    /// task. Closes a database opened before. Emits loaded() on success.
    /// With TaskDatabase::Access::ReadOnly, an existing database is only read (see TaskDatabase::open()).
    [[nodiscard]] Result<StoreOpenInfo, StoreError> open(const QString &path = {},
                                                         TaskDatabase::Access access = TaskDatabase::Access::ReadWrite);
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    /// Where the last open() moved an unreadable database, or "".
    QString movedAsidePath() const { return m_movedAsidePath; }
    /// Open read-only: asked for, or the database was written by a newer Replimon (a newer schema).
    bool isReadOnly() const { return m_open && m_database.isReadOnly(); }
    /// The schema version on disk when it was opened (newer than schemaVersion when read-only).
    int foundSchemaVersion() const { return m_database.foundVersion(); }
    /// The Replimon version that last opened the database for writing; "" when it does not say.
    QString writtenBy() const { return m_database.writtenBy(); }

    /// In a stable order: by added_at, then by insertion (rowid).
    const QList<Task> &tasks() const { return m_tasks; }
    int count() const { return int(m_tasks.size()); }
    const Task &at(int index) const { return m_tasks.at(index); }
    /// nullptr when not tracked. Valid until the next call that changes the store.
    const Task *task(const TaskKey &key) const
    {
        const int index = indexOf(key);
        return index < 0 ? nullptr : &m_tasks.at(index);
    }
    int indexOf(const TaskKey &key) const { return m_index.value(key, -1); }
    bool contains(const TaskKey &key) const { return m_index.contains(key); }

    /// Tracks these ids under @p provider; ids already tracked (and repeated ones) are skipped. Returns the
    /// keys added, in order, and emits tasksAdded() with them.
    [[nodiscard]] Result<QList<TaskKey>, StoreError> add(const QString &provider, const QStringList &ids);
    /// Tracks predictions already fetched (an import of the list endpoint): new ones are added with their
    /// content, known ones are updated as by update(). Returns the keys added.
    [[nodiscard]] Result<QList<TaskKey>, StoreError> addPredictions(const QString &provider,
                                                                    const QList<Prediction> &predictions);
    /// Tracks tasks rebuilt elsewhere (from the provenance in saved files) as they are, local files included;
    /// keys already tracked, or repeated, are skipped. Returns the keys added, and emits tasksAdded() with them.
    [[nodiscard]] Result<QList<TaskKey>, StoreError> addRestored(QList<Task> tasks)
    {
        finishWrites();
        QSet<TaskKey> seen;
        const QDateTime addedAt = QDateTime::fromMSecsSinceEpoch(nextAddedAt(), Qt::UTC);
        tasks.removeIf([&](const Task &task) {
            const bool skip = contains(task.key) || seen.contains(task.key);
            seen.insert(task.key);
            return skip;
        });
        for (Task &task : tasks)
            task.addedAt = addedAt;
        return insertTasks(tasks);
    }
    /// Records the predictions of one answer the capture endpoint forwarded to a caller whose User-Agent
    /// is @p userAgent: new ids are added marked as captured (with the agent and the time), known ones are
    /// updated as by update() and marked as captured if they were not, except that a running answer does not
    /// replace an end already stored (the caller's answer is the older one). Returns the keys added, and emits
    /// tasksCaptured() with every key the answer was about.
    [[nodiscard]] Result<QList<TaskKey>, StoreError> recordCaptured(const QString &provider, const QString &userAgent,
                                                                    const QList<Prediction> &predictions);
    /// Stores the server's latest answers for tasks of @p provider. Rows whose raw JSON is unchanged are not
    /// written. A successful answer clears the task's last error. Predictions of untracked ids are ignored.
    /// Returns the keys that changed, and emits tasksChanged() with them if any.
    [[nodiscard]] Result<QList<TaskKey>, StoreError> update(const QString &provider,
                                                            const QList<Prediction> &predictions);
    /// update(), with the transaction left to the writing thread: returns at once, true when rows went to
    /// be written (@p done will hear of them), false when none changed, or the refusal of a store that
    /// cannot write. Once they are committed memory follows, tasksChanged() is emitted and @p done (unless
    /// @p context is gone) gets the keys that changed; a failed write leaves memory as it was, emits
    /// writeFailed() and gives @p done the error. One such write is under way at a time: this and every
    /// other call that changes the store first finish the one before (finishWrites()).
    using WriteDone = std::function<void(const Result<QList<TaskKey>, StoreError> &)>;
    [[nodiscard]] Result<bool, StoreError> updateLater(const QString &provider, const QList<Prediction> &predictions,
                                                       QObject *context, WriteDone done);
    /// Whether a write of updateLater() is under way.
    bool isWriting() const { return m_writing.has_value(); }
    /// Waits for a write of updateLater() under way and finishes it now (memory, signals, its done), as
    /// it would have been when the writer's answer arrived.
    void finishWrites();
    /// Records a failed request for the task. Returns whether the task changed (same error again: no write).
    [[nodiscard]] Result<bool, StoreError> setError(const TaskKey &key, const ApiError &error);
    [[nodiscard]] Result<bool, StoreError> clearError(const TaskKey &key);
    /// Records where the task's outputs were saved.
    [[nodiscard]] Result<bool, StoreError> setLocalFiles(const TaskKey &key, const QStringList &paths);
    /// Records that the task was made from @p remixOf (Run Again, Remix), also when it was tracked before
    /// its create answer came back (the capture endpoint may record it first).
    [[nodiscard]] Result<bool, StoreError> setRemixOf(const TaskKey &key, const QString &remixOf)
    {
        finishWrites();
        const Task *current = task(key);
        if (!current || current->remixOf == remixOf)
            return false;
        Task next = *current;
        next.remixOf = remixOf;
        return writeRow(std::move(next), QStringLiteral("Recording what a task was made from"));
    }
    /// Stars or unstars these tasks (favourites). Returns the keys that changed, and emits tasksChanged()
    /// with them if any.
    [[nodiscard]] Result<QList<TaskKey>, StoreError> setStarred(const QList<TaskKey> &keys, bool starred);
    /// Stops tracking these tasks. Returns the keys removed and emits tasksRemoved() with them.
    [[nodiscard]] Result<QList<TaskKey>, StoreError> remove(const QList<TaskKey> &keys);

    /// Rows inserted, updated or deleted since open(): what the "write only what changed" rule is held to.
    qint64 rowsWritten() const { return m_rowsWritten; }
    /// Checkpoints of the write-ahead log finished on the checkpoint thread since open(), for tests.
    int checkpointsCompleted() const;

    /// Rows written between two checkpoints of the write-ahead log (a few hundred KB of log).
    static constexpr qint64 checkpointEveryRows = 256;

Q_SIGNALS:
    /// open() replaced the whole content.
    void loaded();
    /// Appended at the end of tasks(), in this order.
    void tasksAdded(const QList<TaskKey> &keys);
    void tasksChanged(const QList<TaskKey> &keys);
    /// Already gone from tasks() when this is emitted.
    void tasksRemoved(const QList<TaskKey> &keys);
    /// recordCaptured() stored an answer about @p keys (changed or not), after tasksAdded() and
    /// tasksChanged(); @p finished are those it took to succeeded, failed, canceled or aborted.
    void tasksCaptured(const QList<TaskKey> &keys, const QList<TaskKey> &finished);
    /// open() found the database unreadable and moved it to @p movedTo.
    void databaseMovedAside(const QString &movedTo, const QString &reason);
    void writeFailed(const StoreError &error);

private:
    std::optional<TaskDatabase::OpenFailure> openAndLoad(const QString &path, TaskDatabase::Access access);
    std::optional<TaskDatabase::OpenFailure> load();
    void closeConnection();
    bool flushCheckTimes();

    qint64 nextAddedAt();
    /// Why nothing can be written now (not open, or read-only), or nothing.
    std::optional<StoreError> refusal() const;
    /// Runs @p body in one transaction on the writing thread and waits for it; a failure is announced by
    /// writeFailed() and returned.
    std::optional<StoreError> write(const QString &what, const std::function<bool(QSqlQuery &)> &body);
    /// Marks set on a task when a captured answer is stored.
    struct CaptureMark
    {
        QString userAgent;
        QDateTime at;
    };
    /// addPredictions() and recordCaptured(): @p mark, when given, goes on every task written.
    Result<QList<TaskKey>, StoreError> addAnswers(const QString &provider, const QList<Prediction> &predictions,
                                                  const CaptureMark *mark);
    Result<QList<TaskKey>, StoreError> updateAnswers(const QString &provider, const QList<Prediction> &predictions,
                                                     const CaptureMark *mark);
    /// The rows @p predictions change among the tracked tasks (the rest only get their check time).
    QList<Task> answeredRows(const QString &provider, const QList<Prediction> &predictions, const CaptureMark *mark);
    Result<QList<TaskKey>, StoreError> insertTasks(const QList<Task> &tasks);
    struct Committed
    {
        QList<TaskKey> added;
        QList<TaskKey> changed;
    };
    /// Inserts @p fresh and writes @p updated (tasks not tracked are left out) in one transaction, then takes
    /// them into memory and announces them: tasksAdded(), then tasksChanged().
    Result<Committed, StoreError> commitRows(const QList<Task> &fresh, QList<Task> updated, const QString &what);
    /// Takes committed rows into memory and announces them: tasksAdded(), then tasksChanged().
    Committed takeCommitted(const QList<Task> &fresh, QList<Task> updated);
    Result<bool, StoreError> writeRow(Task updated, const QString &what);
    /// Writes these tasks' rows in one transaction (tasks not tracked are left out) and announces them.
    Result<QList<TaskKey>, StoreError> writeRows(QList<Task> updated, const QString &what);
    void rebuildIndex(int from);
    void wrote(qint64 rows);

    TaskDatabase m_database;
    std::unique_ptr<StoreWriter> m_writer; ///< While open for writing.
    /// The write updateLater() handed over, until finishWrites().
    struct Writing
    {
        QList<Task> rows;
        QFuture<StoreWriter::Outcome> outcome;
        QPointer<QObject> context;
        WriteDone done;
    };
    std::optional<Writing> m_writing;
    bool m_open = false;
    QString m_path;
    QString m_movedAsidePath;

    QList<Task> m_tasks;
    QHash<TaskKey, int> m_index;
    QSet<TaskKey> m_checkedOnly; ///< last_checked_at moved in memory only.
    qint64 m_lastAddedAt = 0;
    qint64 m_rowsWritten = 0;
    qint64 m_rowsAtCheckpoint = 0;
    /// SQLite's own checkpoints run inside a commit, fsyncs included, on the caller's (the GUI) thread;
    /// they are turned off and this runs them on a thread of its own instead.
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};
