// TaskStore's edits of single fields (errors, saved files, stars, a remix's source): one row or a few,
// written as they are in memory.
#include "TaskStore.h"

#include "TaskRow.h"

#include <QSet>
#include <QSqlQuery>

namespace {

// Inserts @p fresh and updates @p updated: the rows are the body's own, so that it can run on the writer's
// thread while the caller goes on.
StoreWriter::Body rowsWriter(QList<Task> fresh, QList<Task> updated)
{
    return [fresh = std::move(fresh), updated = std::move(updated)](QSqlQuery &query) {
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
            for (const Task &task : updated) {
                TaskRow::bind(query, task);
                if (!query.exec() || query.numRowsAffected() != 1)
                    return false;
            }
        }
        return true;
    };
}

} // namespace

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

    if (const auto failed = write(what, rowsWriter(fresh, updated)))
        return *failed;
    // Memory follows only what was committed.
    return takeCommitted(fresh, std::move(updated));
}

TaskStore::Committed TaskStore::takeCommitted(const QList<Task> &fresh, QList<Task> updated)
{
    // The new rows are announced before the changed ones.
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
        const int index = indexOf(task.key);
        if (index < 0)
            continue;
        committed.changed.append(task.key);
        m_checkedOnly.remove(task.key);
        m_tasks[index] = std::move(task);
    }
    wrote(committed.added.size() + committed.changed.size());
    if (!committed.added.isEmpty())
        Q_EMIT tasksAdded(committed.added);
    if (!committed.changed.isEmpty())
        Q_EMIT tasksChanged(committed.changed);
    return committed;
}

Result<bool, StoreError> TaskStore::updateLater(const QString &provider, const QList<Prediction> &predictions,
                                                QObject *context, WriteDone done)
{
    finishWrites();
    if (const auto refused = refusal())
        return *refused;
    QList<Task> rows = answeredRows(provider, predictions, nullptr);
    if (rows.isEmpty())
        return false;
    // Nothing else changes the store meanwhile: every other change finishes this write first.
    m_writing = Writing{std::move(rows), {}, QPointer<QObject>(context), std::move(done)};
    m_writing->outcome = m_writer->submit(rowsWriter({}, m_writing->rows));
    return true;
}

void TaskStore::finishWrites()
{
    if (!m_writing)
        return;
    Writing writing = std::move(*m_writing);
    m_writing.reset();
    const StoreWriter::Outcome failed = writing.outcome.result();
    Result<QList<TaskKey>, StoreError> result = QList<TaskKey>();
    if (failed) {
        const StoreError error{StoreError::Kind::WriteFailed,
                               QStringLiteral("Updating tasks in %1 failed: %2").arg(m_path, *failed)};
        Q_EMIT writeFailed(error);
        result = error;
    } else {
        result = takeCommitted({}, std::move(writing.rows)).changed;
    }
    if (writing.context && writing.done)
        writing.done(result);
}

Result<QList<TaskKey>, StoreError> TaskStore::setStarred(const QList<TaskKey> &keys, bool starred)
{
    finishWrites();
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
    finishWrites();
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
    finishWrites();
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
    finishWrites();
    const Task *current = task(key);
    if (!current || current->localFiles == paths)
        return false;
    Task next = *current;
    next.localFiles = paths;
    return writeRow(std::move(next), QStringLiteral("Recording saved files"));
}
