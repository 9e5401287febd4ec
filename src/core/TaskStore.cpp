#include "TaskStore.h"

#include "TaskRow.h"
#include "WalCheckpointer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

#include <algorithm>

TaskStore::TaskStore(QObject *parent)
    : QObject(parent)
{}

TaskStore::~TaskStore()
{
    closeConnection();
}

QString TaskStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/replimon.sqlite");
}

Result<StoreOpenInfo, StoreError> TaskStore::open(const QString &path, TaskDatabase::Access access)
{
    closeConnection();
    m_tasks.clear();
    m_index.clear();
    m_checkedOnly.clear();
    m_movedAsidePath.clear();
    m_lastAddedAt = 0;
    m_rowsWritten = 0;
    m_rowsAtCheckpoint = 0;

    QElapsedTimer timer;
    timer.start();

    m_path = QFileInfo(path.isEmpty() ? defaultPath() : path).absoluteFilePath();
    if (access == TaskDatabase::Access::ReadWrite && !QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        return StoreError{StoreError::Kind::CannotOpen, QStringLiteral("Cannot create the folder of %1").arg(m_path)};
    }

    StoreOpenInfo info;
    info.path = m_path;
    if (const auto failure = openAndLoad(m_path, access)) {
        if (!failure->movable || !QFileInfo::exists(m_path))
            return StoreError{failure->kind, QStringLiteral("%1: %2").arg(m_path, failure->reason)};

        const auto moved = TaskDatabase::moveAside(m_path);
        if (!moved.ok()) {
            return StoreError{StoreError::Kind::CannotOpen,
                              QStringLiteral("%1: %2; moving it aside failed: %3")
                                  .arg(m_path, failure->reason, moved.error().message)};
        }
        info.movedAsidePath = moved.value();
        info.movedAsideReason = failure->reason;
        if (const auto again = openAndLoad(m_path, access))
            return StoreError{again->kind, QStringLiteral("%1 (a fresh database): %2").arg(m_path, again->reason)};
    }

    if (!m_database.isReadOnly()) {
        m_writer = std::make_unique<StoreWriter>();
        // Queued: the writer's thread emits it. finishWrites() may have been called before it arrives.
        connect(m_writer.get(), &StoreWriter::written, this, [this] {
            if (m_writing && m_writing->outcome.isFinished())
                finishWrites();
        });
        if (const auto failed = m_writer->open(m_path)) {
            m_writer.reset();
            m_database.close();
            m_tasks.clear();
            m_index.clear();
            return StoreError{StoreError::Kind::CannotOpen,
                              QStringLiteral("%1: opening it for writing: %2").arg(m_path, *failed)};
        }
        m_checkpointer = std::make_unique<WalCheckpointer>(m_path);
    }
    m_open = true;
    m_movedAsidePath = info.movedAsidePath;
    info.foundSchemaVersion = m_database.foundVersion();
    info.readOnly = m_database.isReadOnly();
    info.writtenBy = m_database.writtenBy();
    info.taskCount = count();
    info.loadMilliseconds = timer.elapsed();

    if (!info.movedAsidePath.isEmpty())
        Q_EMIT databaseMovedAside(info.movedAsidePath, info.movedAsideReason);
    Q_EMIT loaded();
    return info;
}

std::optional<TaskDatabase::OpenFailure> TaskStore::openAndLoad(const QString &path, TaskDatabase::Access access)
{
    auto failure = m_database.open(path, access);
    if (!failure)
        failure = load();
    // The check of a database of this build's schema runs beside the load: its verdict decides.
    if (const auto checked = m_database.finishOpening())
        failure = checked;
    if (failure) {
        // Closed, so that the file can be moved aside; nothing half-read stays in memory.
        m_database.close();
        m_tasks.clear();
        m_index.clear();
        m_lastAddedAt = 0;
    }
    return failure;
}

std::optional<TaskDatabase::OpenFailure> TaskStore::load()
{
    if (const auto failed = TaskRow::readAll(m_database.connection(), m_tasks)) {
        // A newer build's database is never moved aside.
        return TaskDatabase::OpenFailure{StoreError::Kind::CannotOpen, QStringLiteral("reading tasks: %1").arg(*failed),
                                         !m_database.isReadOnly()};
    }
    m_index.reserve(m_tasks.size());
    for (int i = 0; i < int(m_tasks.size()); ++i) {
        m_index.insert(m_tasks.at(i).key, i);
        m_lastAddedAt = std::max(m_lastAddedAt, m_tasks.at(i).addedAt.toMSecsSinceEpoch());
    }
    return std::nullopt;
}

void TaskStore::closeConnection()
{
    finishWrites();
    if (m_open && !flushCheckTimes())
        qWarning("TaskStore: could not save the last check times");
    m_open = false;
    // Their connections close first, so that ours is the last one and SQLite folds the log back on close.
    m_checkpointer.reset();
    m_writer.reset();
    m_database.close();
}

bool TaskStore::flushCheckTimes()
{
    if (m_checkedOnly.isEmpty() || !m_writer)
        return true;
    qint64 rows = 0;
    const auto failed = m_writer->run([this, &rows](QSqlQuery &query) {
        if (!query.prepare(TaskRow::checkTimeStatement()))
            return false;
        for (const TaskKey &key : std::as_const(m_checkedOnly)) {
            if (const Task *known = task(key)) {
                TaskRow::bindCheckTime(query, *known);
                if (!query.exec())
                    return false;
                rows += query.numRowsAffected();
            }
        }
        return true;
    });
    if (failed)
        return false;
    m_rowsWritten += rows;
    m_checkedOnly.clear();
    return true;
}

qint64 TaskStore::nextAddedAt()
{
    // Never earlier than the last one, so the on-disk order (added_at, rowid) is the in-memory order
    // even if the clock steps back.
    m_lastAddedAt = std::max(m_lastAddedAt, QDateTime::currentMSecsSinceEpoch());
    return m_lastAddedAt;
}

std::optional<StoreError> TaskStore::refusal() const
{
    if (!m_open)
        return StoreError{StoreError::Kind::NotOpen, QStringLiteral("the task database is not open")};
    if (m_database.isReadOnly())
        return StoreError{StoreError::Kind::ReadOnly, QStringLiteral("%1 is open read-only").arg(m_path)};
    return std::nullopt;
}

std::optional<StoreError> TaskStore::write(const QString &what, const std::function<bool(QSqlQuery &)> &body)
{
    // refusal() came first: a store open for writing has its writer.
    Q_ASSERT(m_writer);
    const auto failed = m_writer->run(body);
    if (!failed)
        return std::nullopt;
    StoreError error{StoreError::Kind::WriteFailed, QStringLiteral("%1 in %2 failed: %3").arg(what, m_path, *failed)};
    Q_EMIT writeFailed(error);
    return error;
}

Result<QList<TaskKey>, StoreError> TaskStore::add(const QString &provider, const QStringList &ids)
{
    finishWrites();
    QList<Task> fresh;
    QSet<QString> seen;
    const QDateTime addedAt = QDateTime::fromMSecsSinceEpoch(nextAddedAt(), Qt::UTC);
    for (const QString &raw : ids) {
        const QString id = raw.trimmed();
        if (id.isEmpty() || seen.contains(id))
            continue;
        seen.insert(id);
        Task task;
        task.key = TaskKey{provider, id};
        if (contains(task.key))
            continue;
        task.addedAt = addedAt;
        fresh.append(std::move(task));
    }
    return insertTasks(fresh);
}

Result<QList<TaskKey>, StoreError> TaskStore::addPredictions(const QString &provider,
                                                             const QList<Prediction> &predictions)
{
    return addAnswers(provider, predictions, nullptr);
}

Result<QList<TaskKey>, StoreError> TaskStore::recordCaptured(const QString &provider, const QString &userAgent,
                                                             const QList<Prediction> &predictions)
{
    finishWrites();
    // Known tasks still running: those the answer ends are announced (new ones are announced as added).
    QList<TaskKey> keys;
    QSet<TaskKey> running;
    for (const Prediction &prediction : predictions) {
        const TaskKey key{provider, prediction.id()};
        if (const Task *known = task(key); known && !PredictionStatuses::isTerminal(known->status))
            running.insert(key);
        if (!keys.contains(key))
            keys.append(key);
    }
    const CaptureMark capture{userAgent, QDateTime::currentDateTimeUtc()};
    auto added = addAnswers(provider, predictions, &capture);
    if (added.ok()) {
        QList<TaskKey> finished;
        for (const TaskKey &key : std::as_const(running)) {
            if (PredictionStatuses::isTerminal(task(key)->status))
                finished.append(key);
        }
        Q_EMIT tasksCaptured(keys, finished);
    }
    return added;
}

Result<QList<TaskKey>, StoreError> TaskStore::addAnswers(const QString &provider, const QList<Prediction> &predictions,
                                                         const CaptureMark *capture)
{
    finishWrites();
    // Before answeredRows(), which notes check times in memory: a store that cannot write is left as it is.
    if (const auto refused = refusal())
        return *refused;
    QList<Task> fresh;
    QHash<QString, int> freshIndex;
    QList<Prediction> known;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime addedAt = QDateTime::fromMSecsSinceEpoch(nextAddedAt(), Qt::UTC);
    for (const Prediction &prediction : predictions) {
        const TaskKey key{provider, prediction.id()};
        if (contains(key)) {
            known.append(prediction);
            continue;
        }
        Task task;
        task.key = key;
        task.addedAt = addedAt;
        task.lastCheckedAt = now;
        task.apply(prediction);
        if (capture)
            task.markCaptured(capture->userAgent, capture->at);
        if (const auto it = freshIndex.constFind(key.id); it != freshIndex.constEnd()) {
            fresh[*it] = std::move(task); // The later copy is the newer answer.
        } else {
            freshIndex.insert(key.id, int(fresh.size()));
            fresh.append(std::move(task));
        }
    }
    // New and known tasks of one answer (a list page) are written together: all of it or none.
    auto committed = commitRows(fresh, answeredRows(provider, known, capture), QStringLiteral("Recording answers"));
    if (!committed)
        return committed.error();
    return committed.value().added;
}

Result<QList<TaskKey>, StoreError> TaskStore::insertTasks(const QList<Task> &tasks)
{
    auto committed = commitRows(tasks, {}, QStringLiteral("Adding tasks"));
    if (!committed)
        return committed.error();
    return committed.value().added;
}

Result<QList<TaskKey>, StoreError> TaskStore::update(const QString &provider, const QList<Prediction> &predictions)
{
    return updateAnswers(provider, predictions, nullptr);
}

Result<QList<TaskKey>, StoreError> TaskStore::updateAnswers(const QString &provider,
                                                            const QList<Prediction> &predictions,
                                                            const CaptureMark *capture)
{
    finishWrites();
    if (const auto refused = refusal())
        return *refused;
    return writeRows(answeredRows(provider, predictions, capture), QStringLiteral("Updating tasks"));
}

QList<Task> TaskStore::answeredRows(const QString &provider, const QList<Prediction> &predictions,
                                    const CaptureMark *capture)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<int> changedRows; // first-seen order
    QHash<int, Task> changed;
    for (const Prediction &prediction : predictions) {
        const int index = indexOf(TaskKey{provider, prediction.id()});
        if (index < 0)
            continue;
        const auto pending = changed.find(index);
        const Task &current = pending != changed.end() ? *pending : m_tasks.at(index);
        // A caller's running answer for a task that already ended crossed a newer answer of ours.
        const bool stale = capture && PredictionStatuses::isTerminal(current.status)
            && !PredictionStatuses::isTerminal(prediction.status());
        const bool sameAnswer = stale || current.rawJson() == prediction.rawJson();
        if (sameAnswer && current.lastError.isEmpty() && !current.lastErrorKind && (!capture || current.captured)) {
            if (pending != changed.end()) {
                pending->lastCheckedAt = now;
            } else {
                m_tasks[index].lastCheckedAt = now;
                m_checkedOnly.insert(current.key);
            }
            continue;
        }
        Task next = current;
        if (!stale)
            next.apply(prediction);
        if (capture)
            next.markCaptured(capture->userAgent, capture->at);
        next.lastError.clear();
        next.lastErrorKind.reset();
        next.lastCheckedAt = now;
        if (pending == changed.end())
            changedRows.append(index);
        changed.insert(index, std::move(next));
    }
    QList<Task> rows;
    rows.reserve(changedRows.size());
    for (const int index : std::as_const(changedRows))
        rows.append(changed.take(index));
    return rows;
}

Result<QList<TaskKey>, StoreError> TaskStore::remove(const QList<TaskKey> &keys)
{
    finishWrites();
    if (const auto refused = refusal())
        return *refused;

    QList<int> rows;
    for (const TaskKey &key : keys) {
        const int index = indexOf(key);
        if (index >= 0)
            rows.append(index);
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (rows.isEmpty())
        return QList<TaskKey>();

    const auto failed = write(QStringLiteral("Removing tasks"), [this, &rows](QSqlQuery &query) {
        if (!query.prepare(QStringLiteral("DELETE FROM tasks WHERE provider = ? AND id = ?")))
            return false;
        for (const int index : rows) {
            query.addBindValue(m_tasks.at(index).key.provider);
            query.addBindValue(m_tasks.at(index).key.id);
            if (!query.exec())
                return false;
        }
        return true;
    });
    if (failed)
        return *failed;

    QList<TaskKey> removed;
    removed.reserve(rows.size());
    for (const int index : std::as_const(rows)) {
        removed.append(m_tasks.at(index).key);
        m_index.remove(removed.constLast());
        m_checkedOnly.remove(removed.constLast());
    }
    // One pass: keep the rest in order.
    const QSet<TaskKey> gone(removed.cbegin(), removed.cend());
    m_tasks.removeIf([&gone](const Task &task) { return gone.contains(task.key); });
    rebuildIndex(rows.constFirst());
    wrote(rows.size());
    Q_EMIT tasksRemoved(removed);
    return removed;
}

void TaskStore::wrote(qint64 rows)
{
    m_rowsWritten += rows;
    if (m_checkpointer && m_rowsWritten - m_rowsAtCheckpoint >= checkpointEveryRows) {
        m_rowsAtCheckpoint = m_rowsWritten;
        m_checkpointer->request();
    }
}

int TaskStore::checkpointsCompleted() const
{
    return m_checkpointer ? m_checkpointer->completedCount() : 0;
}

void TaskStore::rebuildIndex(int from)
{
    for (int i = from; i < int(m_tasks.size()); ++i)
        m_index.insert(m_tasks.at(i).key, i);
}
