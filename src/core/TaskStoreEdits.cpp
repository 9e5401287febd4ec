// TaskStore's edits of single fields (errors, saved files, stars, a remix's source): one row or a few,
// written as they are in memory.
#include "TaskStore.h"

#include "TaskRow.h"

#include <QSet>
#include <QSqlQuery>

Result<bool, StoreError> TaskStore::writeRow(Task updated, const QString &what)
{
    const auto written = writeRows({std::move(updated)}, what);
    if (!written)
        return written.error();
    return !written.value().isEmpty();
}

Result<QList<TaskKey>, StoreError> TaskStore::writeRows(QList<Task> updated, const QString &what)
{
    auto committed = commitRows({}, std::move(updated), what);
    if (!committed)
        return committed.error();
    return committed.value().changed;
}

Result<TaskStore::Committed, StoreError> TaskStore::commitRows(const QList<Task> &fresh, QList<Task> updated,
                                                               const QString &what)
{
    if (const auto refused = refusal())
        return *refused;
    updated.removeIf([this](const Task &task) { return indexOf(task.key) < 0; });
    if (fresh.isEmpty() && updated.isEmpty())
        return Committed{};

    const auto failed = write(what, [&fresh, &updated](QSqlQuery &query) {
        if (!fresh.isEmpty()) {
            if (!query.prepare(TaskRow::insertStatement()))
                return false;
            for (const Task &task : fresh) {
                TaskRow::bindNew(query, task);
                if (!query.exec())
                    return false;
            }
        }
        if (!updated.isEmpty()) {
            if (!query.prepare(TaskRow::updateStatement()))
                return false;
            for (const Task &task : std::as_const(updated)) {
                TaskRow::bind(query, task);
                if (!query.exec() || query.numRowsAffected() != 1)
                    return false;
            }
        }
        return true;
    });
    if (failed)
        return *failed;

    // Memory follows only what was committed; the new rows are announced before the changed ones.
    Committed committed;
    committed.added.reserve(fresh.size());
    m_tasks.reserve(m_tasks.size() + fresh.size());
    for (const Task &task : fresh) {
        committed.added.append(task.key);
        m_index.insert(task.key, int(m_tasks.size()));
        m_tasks.append(task);
    }
    committed.changed.reserve(updated.size());
    for (Task &task : updated) {
        committed.changed.append(task.key);
        m_checkedOnly.remove(task.key);
        m_tasks[indexOf(task.key)] = std::move(task);
    }
    wrote(committed.added.size() + committed.changed.size());
    if (!committed.added.isEmpty())
        Q_EMIT tasksAdded(committed.added);
    if (!committed.changed.isEmpty())
        Q_EMIT tasksChanged(committed.changed);
    return committed;
}

Result<QList<TaskKey>, StoreError> TaskStore::setStarred(const QList<TaskKey> &keys, bool starred)
{
    QList<Task> changed;
    QSet<TaskKey> seen;
    for (const TaskKey &key : keys) {
        const Task *current = task(key);
        if (current && current->starred != starred && !seen.contains(key)) {
            seen.insert(key);
            changed.append(*current);
            changed.last().starred = starred;
        }
    }
    return writeRows(changed, starred ? QStringLiteral("Starring tasks") : QStringLiteral("Unstarring tasks"));
}

Result<bool, StoreError> TaskStore::setError(const TaskKey &key, const ApiError &error)
{
    const Task *current = task(key);
    if (!current)
        return false;
    // An error without words still has to read as an error.
    const QString message = error.message.isEmpty() ? ApiError::kindName(error.kind) : error.message;
    if (current->lastError == message && current->lastErrorKind == error.kind)
        return false;
    Task next = *current;
    next.lastError = message;
    next.lastErrorKind = error.kind;
    return writeRow(std::move(next), QStringLiteral("Recording an error"));
}

Result<bool, StoreError> TaskStore::clearError(const TaskKey &key)
{
    const Task *current = task(key);
    if (!current || (current->lastError.isEmpty() && !current->lastErrorKind))
        return false;
    Task next = *current;
    next.lastError.clear();
    next.lastErrorKind.reset();
    return writeRow(std::move(next), QStringLiteral("Clearing an error"));
}

Result<bool, StoreError> TaskStore::setLocalFiles(const TaskKey &key, const QStringList &paths)
{
    const Task *current = task(key);
    if (!current || current->localFiles == paths)
        return false;
    Task next = *current;
    next.localFiles = paths;
    return writeRow(std::move(next), QStringLiteral("Recording saved files"));
}
