#pragma once

#include "Result.h"
#include "Task.h"

#include <QList>
#include <QString>

#include <array>
#include <memory>
#include <optional>

class QSqlDatabase;
class QSqlQuery;
struct sqlite3;
struct sqlite3_stmt;
class TaskRowJson;

/// A Task as a row of the tasks table: the statements that read and write it, and the mapping both ways.
///
/// Every statement and every binding is built from one list of column names, and rows are read through
/// positions looked up by name once per query, so a table whose columns were created in another order
/// (a migration adds them at the end) reads the same.
class TaskRow final
{
public:
    /// The tasks whose rowid is between ?1 and ?2, by rowid; readAll() brings them in the store's order (by
    /// added_at, then rowid).
    static QString selectStatement();
    /// A new row; bind it with bindNew().
    static QString insertStatement();
    /// Everything but the key and added_at of the row with the task's key; bind it with bind().
    static QString updateStatement();
    /// Only last_checked_at of the row with the task's key; bind it with bindCheckTime().
    static QString checkTimeStatement();

    /// Binds every column but added_at to @p query (prepared from insertStatement() or updateStatement()); the
    /// raw JSON as NULL when the task left it in the database, which the update keeps.
    static void bind(QSqlQuery &query, const Task &task);
    /// bind(), the raw JSON (read if need be) and added_at, for insertStatement().
    static void bindNew(QSqlQuery &query, const Task &task);
    /// The key and last_checked_at, for checkTimeStatement().
    static void bindCheckTime(QSqlQuery &query, const Task &task);

    /// Appends every task of the table to @p tasks, in the store's order; what went wrong, or nothing.
    /// @p database must be a QSQLITE connection: the rows are read through SQLite's API on its handle.
    static std::optional<QString> readAll(const QSqlDatabase &database, QList<Task> &tasks);

    /// Stores of at least this many tasks are read by two threads.
    static constexpr int parallelReadRows = 20000;

private:
    class SharedTexts;

    /// Appends the tasks whose rowid is in [@p from, @p to] read on @p connection; what went wrong, or nothing.
    static std::optional<QString> readRange(sqlite3 *connection, qint64 from, qint64 to,
                                            const std::shared_ptr<const TaskRowJson> &json, QList<Task> &tasks);

    /// A reader for the rows of a statement prepared from selectStatement(); fails naming a missing column.
    static Result<TaskRow, QString> reader(sqlite3_stmt *statement);
    /// The task in the row @p statement is on. The derived columns are read as stored; the raw JSON is not
    /// parsed, and a finished task's is left to @p json.
    Task read(sqlite3_stmt *statement, SharedTexts &texts, const std::shared_ptr<const TaskRowJson> &json) const;

    enum Column {
        Provider,
        Id,
        RawJson,
        Status,
        Model,
        Prompt,
        CreatedAt,
        StartedAt,
        CompletedAt,
        PredictTime,
        ImageCount,
        DataRemoved,
        WebUrl,
        OutputUrls,
        AddedAt,
        LastCheckedAt,
        LastError,
        LastErrorKind,
        LocalFiles,
        Captured,
        CallerUserAgent,
        CapturedAt,
        RemixOf,
        Starred,
        ColumnCount
    };

    TaskRow() = default;

    std::array<int, ColumnCount> m_position{}; ///< Where each column is in the query's record.
};
