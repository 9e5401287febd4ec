#pragma once

#include "Result.h"
#include "StoreError.h"

#include <QFuture>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

class QSqlError;
class QSqlQuery;
struct sqlite3;

/// The SQLite file behind TaskStore: opening it only after it proved readable (SQLite's header,
/// `PRAGMA quick_check`, a schema this build knows), migrating its schema, the one transaction every write
/// goes through, and moving an unreadable file aside.
///
/// A database of a newer schema (written by a newer Replimon) is opened read-only instead: the connection
/// is SQLite's read-only one, nothing is migrated or recorded, and no -wal or -shm file is made beside it.
class TaskDatabase final
{
public:
    static constexpr int schemaVersion = 5;
    /// How long a connection to the file waits for another's lock before its statement fails.
    static constexpr int busyTimeoutMs = 2000;

    /// How open() uses the file: ReadOnly never writes it, whatever its schema (the CLI's history).
    enum class Access {
        ReadWrite,
        ReadOnly
    };

    /// Why open() failed, and whether moving the file aside and starting afresh can help.
    struct OpenFailure
    {
        StoreError::Kind kind = StoreError::Kind::CannotOpen;
        QString reason;
        bool movable = true;
    };

    TaskDatabase() = default;
    ~TaskDatabase();
    TaskDatabase(const TaskDatabase &) = delete;
    TaskDatabase &operator=(const TaskDatabase &) = delete;

    /// Opens the database at @p path, creating or migrating it to schemaVersion and recording this build's
    /// version as its writer; a newer schema is opened read-only (isReadOnly()). A file that fails the
    /// checks is left exactly as it was. With Access::ReadOnly, only an existing file is opened, read-only
    /// (an older schema is not migrated, and may not be readable), and a failure is never movable.
    std::optional<OpenFailure> open(const QString &path, Access access = Access::ReadWrite);
    /// Ends what open() left running: a database of this build's schema is checked on a thread of its own
    /// while its caller reads it, and is made ready for writing only once the check passed. Call it after
    /// reading, before any write; the failure is the check's (or nothing, as when nothing was left running).
    std::optional<OpenFailure> finishOpening();
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    /// The schema version on disk before open() migrated it; 0 for a new database.
    int foundVersion() const { return m_foundVersion; }
    /// Opened read-only (asked for, or the database is newer than this build): every write fails.
    bool isReadOnly() const { return m_readOnly; }
    /// The version of the Replimon that last opened the database for writing (e.g. "0.2.0"); "" when it
    /// does not say (written before schema 4).
    QString writtenBy() const { return m_writtenBy; }
    QSqlDatabase connection() const { return m_db; }

    /// Runs @p body in one transaction on this connection: committed when it returns true, rolled back
    /// when it returns false or the commit fails. Returns what went wrong (SQLite's words), or nothing.
    /// A body that returns false without an SQL error found a row it expected missing.
    [[nodiscard]] std::optional<QString> transaction(const std::function<bool(QSqlQuery &)> &body);
    /// transaction() on @p db, a connection of its own to the same kind of file (StoreWriter's).
    [[nodiscard]] static std::optional<QString> transaction(QSqlDatabase &db,
                                                            const std::function<bool(QSqlQuery &)> &body);
    /// The pragmas every connection that writes the file runs under (journal, sync, foreign keys, no
    /// automatic checkpoints). What went wrong, or nothing.
    [[nodiscard]] static std::optional<QString> applyWritingPragmas(QSqlDatabase &db);

    /// Renames the file at @p path, with its -wal, -shm and -journal files, to
    /// `<path>.corrupt-YYYYMMDD-hhmmss` (a free name). Returns the new path.
    static Result<QString, StoreError> moveAside(const QString &path);

private:
    /// @p error in words; a full disk or a read-only file system says which, and how much room is left.
    static QString describe(const QSqlDatabase &db, const QSqlError &error);
    /// Opens the connection on @p path; @p readOnly through SQLite's read-only open (an URI, so that a
    /// file without its -wal is read as immutable and nothing is created beside it).
    std::optional<OpenFailure> connect(const QString &path, bool readOnly);
    /// Goes on with the read-only connection on a newer schema: checked, read, never written.
    std::optional<OpenFailure> openReadOnly();
    std::optional<OpenFailure> checkIntegrity();
    /// `PRAGMA quick_check` on a read-only connection of its own to @p path.
    static std::optional<OpenFailure> checkFile(const QString &path);
    static std::optional<OpenFailure> quickCheck(sqlite3 *connection);
    /// The pragmas, migrations and writer's record that come after the check.
    std::optional<OpenFailure> prepareForWriting();
    Result<int, OpenFailure> schemaVersionOnDisk();
    std::optional<OpenFailure> migrate(int fromVersion);
    /// Reads the writer's version (written_by), "" when there is none.
    QString readWriter();
    /// Records this build as the writer, unless it is already.
    void recordWriter();

    QString m_connectionName;
    QSqlDatabase m_db;
    int m_foundVersion = 0;
    bool m_readOnly = false;
    QString m_writtenBy;
    QFuture<std::optional<OpenFailure>> m_check; ///< The check open() left running (m_checking).
    bool m_checking = false;
};
