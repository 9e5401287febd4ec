#pragma once

#include <QByteArray>
#include <QMutex>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;
struct TaskKey;

/// Reads the raw_json column of the tasks table on demand, for tasks whose last answer the store leaves on
/// disk rather than in memory (those it loaded finished: their answers no longer change, and a large store
/// would hold hundreds of megabytes of them).
///
/// Its own read-only connection to the store's file, opened on first use and shared by every thread that
/// asks (a mutex serialises them): the detail pane on the GUI thread, an export on its worker. Each read is
/// its own short read transaction, so it sees what the store last committed and never holds the log back.
class TaskRowJson final
{
public:
    /// @p databaseName as the store's connection was opened: a path, or a `file:` URI when @p uri.
    TaskRowJson(QString databaseName, bool uri);
    ~TaskRowJson();
    TaskRowJson(const TaskRowJson &) = delete;
    TaskRowJson &operator=(const TaskRowJson &) = delete;

    /// The raw JSON of the task's row; empty when the row is gone or the file cannot be read (a warning
    /// says why).
    QByteArray read(const TaskKey &key) const;

private:
    bool prepare() const;

    const QString m_databaseName;
    const bool m_uri;
    mutable QMutex m_mutex;
    mutable sqlite3 *m_connection = nullptr;
    mutable sqlite3_stmt *m_select = nullptr;
};
