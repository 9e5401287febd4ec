#pragma once

#include "Result.h"
#include "StoreError.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

class QSqlQuery;

/// The SQLite file behind TaskStore: opening it only after it proved readable (SQLite's header,
/// `PRAGMA quick_check`, a schema this build knows), migrating its schema, the one transaction every write
/// goes through, and moving an unreadable file aside.
class TaskDatabase final
{
public:
    static constexpr int schemaVersion = 4;

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

    /// Opens the database at @p path, creating or migrating it to schemaVersion. A file that fails the
    /// checks is left exactly as it was.
    std::optional<OpenFailure> open(const QString &path);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    /// The schema version on disk before open() migrated it; 0 for a new database.
    int foundVersion() const { return m_foundVersion; }
    QSqlDatabase connection() const { return m_db; }

    /// Runs @p body in one transaction on this connection: committed when it returns true, rolled back
    /// when it returns false or the commit fails. Returns what went wrong (SQLite's words), or nothing.
    /// A body that returns false without an SQL error found a row it expected missing.
    [[nodiscard]] std::optional<QString> transaction(const std::function<bool(QSqlQuery &)> &body);

    /// Renames the file at @p path, with its -wal, -shm and -journal files, to
    /// `<path>.corrupt-YYYYMMDD-hhmmss` (a free name). Returns the new path.
    static Result<QString, StoreError> moveAside(const QString &path);

private:
    Result<int, OpenFailure> schemaVersionOnDisk();
    std::optional<OpenFailure> migrate(int fromVersion);

    QString m_connectionName;
    QSqlDatabase m_db;
    int m_foundVersion = 0;
};
