#include "TaskStore.h"

#include "WalCheckpointer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

#include <algorithm>
#include <atomic>

namespace {

// Schema history, oldest first: migrations[n] takes a database from version n to n + 1. Never edit a step
// that has shipped; append a new one.
const char *const migrationV1[] = {
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    "CREATE TABLE tasks ("
    " provider TEXT NOT NULL,"
    " id TEXT NOT NULL,"
    " raw_json BLOB NOT NULL DEFAULT '',"
    " status TEXT NOT NULL DEFAULT '',"
    " model TEXT NOT NULL DEFAULT '',"
    " prompt TEXT NOT NULL DEFAULT '',"
    " created_at INTEGER,"
    " started_at INTEGER,"
    " completed_at INTEGER,"
    " predict_time REAL,"
    " image_count INTEGER,"
    " data_removed INTEGER NOT NULL DEFAULT 0,"
    " web_url TEXT NOT NULL DEFAULT '',"
    " output_urls TEXT NOT NULL DEFAULT '[]',"
    " added_at INTEGER NOT NULL,"
    " last_checked_at INTEGER,"
    " last_error TEXT NOT NULL DEFAULT '',"
    " local_files TEXT NOT NULL DEFAULT '[]',"
    " UNIQUE (provider, id))",
    "CREATE INDEX tasks_by_added ON tasks (added_at)",
};
const char *const migrationV2[] = {
    // The error's class, so a restarted app can tell "key rejected" from "server down" without parsing text.
    "ALTER TABLE tasks ADD COLUMN last_error_kind TEXT NOT NULL DEFAULT ''",
};

struct Migration
{
    const char *const *begin;
    const char *const *end;
};
const Migration migrations[] = {
    {std::begin(migrationV1), std::end(migrationV1)},
    {std::begin(migrationV2), std::end(migrationV2)},
};
static_assert(std::size(migrations) == TaskStore::schemaVersion, "one migration per schema version");

const QString selectColumns = QStringLiteral(
    "SELECT provider, id, raw_json, status, model, prompt, created_at, started_at, completed_at,"
    " predict_time, image_count, data_removed, web_url, output_urls, added_at, last_checked_at,"
    " last_error, last_error_kind, local_files FROM tasks ORDER BY added_at, rowid");

// Both statements use the same placeholder names, so bindTask() serves both; only INSERT has :added.
const QString insertRow = QStringLiteral(
    "INSERT INTO tasks (provider, id, added_at, raw_json, status, model, prompt, created_at, started_at,"
    " completed_at, predict_time, image_count, data_removed, web_url, output_urls, last_checked_at,"
    " last_error, last_error_kind, local_files)"
    " VALUES (:provider, :id, :added, :raw, :status, :model, :prompt, :created, :started,"
    " :completed, :predict, :images, :removed, :web, :outputs, :checked, :error, :kind, :files)");
const QString updateRow = QStringLiteral(
    "UPDATE tasks SET raw_json = :raw, status = :status, model = :model, prompt = :prompt,"
    " created_at = :created, started_at = :started, completed_at = :completed, predict_time = :predict,"
    " image_count = :images, data_removed = :removed, web_url = :web, output_urls = :outputs,"
    " last_checked_at = :checked, last_error = :error, last_error_kind = :kind, local_files = :files"
    " WHERE provider = :provider AND id = :id");

QVariant msOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFromMs(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString toJsonArrayText(const QStringList &values)
{
    if (values.isEmpty())
        return QStringLiteral("[]");
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

QStringList fromJsonArrayText(const QString &text)
{
    // Most rows hold "[]": skip the parser for them, it dominates load time otherwise.
    if (text.size() <= 2)
        return {};
    QStringList values;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    values.reserve(array.size());
    for (const QJsonValue &value : array)
        values.append(value.toString());
    return values;
}

QStringList urlsToStrings(const QList<QUrl> &urls)
{
    QStringList strings;
    strings.reserve(urls.size());
    for (const QUrl &url : urls)
        strings.append(url.toString(QUrl::FullyEncoded));
    return strings;
}

QList<QUrl> stringsToUrls(const QStringList &strings)
{
    QList<QUrl> urls;
    urls.reserve(strings.size());
    for (const QString &string : strings)
        urls.append(QUrl(string, QUrl::StrictMode));
    return urls;
}

std::optional<ApiError::Kind> errorKindFromName(const QString &name)
{
    if (name.isEmpty())
        return std::nullopt;
    for (int i = 0; i <= int(ApiError::Kind::FileSystem); ++i) {
        const auto kind = ApiError::Kind(i);
        if (ApiError::kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

void applyPrediction(Task &task, const Prediction &prediction)
{
    task.rawJson = prediction.rawJson();
    task.status = prediction.status();
    task.statusText = prediction.statusText();
    task.model = prediction.model();
    task.prompt = prediction.prompt();
    task.createdAt = prediction.createdAt();
    task.startedAt = prediction.startedAt();
    task.completedAt = prediction.completedAt();
    task.predictTime = prediction.predictTime();
    task.imageCount = prediction.imageCount();
    task.dataRemoved = prediction.dataRemoved();
    task.webUrl = prediction.webUrl();
    task.outputUrls = prediction.outputUrls();
}

// The driver binds a null QString as SQL NULL, which the NOT NULL text columns refuse.
QString text(const QString &value)
{
    return value.isNull() ? QString(QLatin1String("")) : value;
}

void bindTask(QSqlQuery &query, const Task &task)
{
    query.bindValue(QStringLiteral(":provider"), task.key.provider);
    query.bindValue(QStringLiteral(":id"), task.key.id);
    // As bytes: the driver hands them back without two UTF-16 conversions per row at load.
    query.bindValue(QStringLiteral(":raw"), task.rawJson.isNull() ? QByteArray("") : task.rawJson);
    query.bindValue(QStringLiteral(":status"), text(task.statusText));
    query.bindValue(QStringLiteral(":model"), text(task.model));
    query.bindValue(QStringLiteral(":prompt"), text(task.prompt));
    query.bindValue(QStringLiteral(":created"), msOrNull(task.createdAt));
    query.bindValue(QStringLiteral(":started"), msOrNull(task.startedAt));
    query.bindValue(QStringLiteral(":completed"), msOrNull(task.completedAt));
    query.bindValue(QStringLiteral(":predict"),
                    task.predictTime ? QVariant(*task.predictTime) : QVariant(QMetaType::fromType<double>()));
    query.bindValue(QStringLiteral(":images"),
                    task.imageCount ? QVariant(*task.imageCount) : QVariant(QMetaType::fromType<int>()));
    query.bindValue(QStringLiteral(":removed"), task.dataRemoved ? 1 : 0);
    query.bindValue(QStringLiteral(":web"), text(task.webUrl.toString(QUrl::FullyEncoded)));
    query.bindValue(QStringLiteral(":outputs"), toJsonArrayText(urlsToStrings(task.outputUrls)));
    query.bindValue(QStringLiteral(":checked"), msOrNull(task.lastCheckedAt));
    query.bindValue(QStringLiteral(":error"), text(task.lastError));
    query.bindValue(QStringLiteral(":kind"),
                    text(task.lastErrorKind ? ApiError::kindName(*task.lastErrorKind) : QString()));
    query.bindValue(QStringLiteral(":files"), toJsonArrayText(task.localFiles));
}

QString uniqueConnectionName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("replimon-taskstore-%1").arg(++counter);
}

} // namespace

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

Result<StoreOpenInfo, StoreError> TaskStore::open(const QString &path)
{
    closeConnection();
    m_tasks.clear();
    m_index.clear();
    m_checkedOnly.clear();
    m_movedAsidePath.clear();
    m_lastAddedAt = 0;
    m_rowsWritten = 0;
    m_rowsAtCheckpoint = 0;
    m_foundVersion = 0;

    QElapsedTimer timer;
    timer.start();

    m_path = QFileInfo(path.isEmpty() ? defaultPath() : path).absoluteFilePath();
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        return StoreError{StoreError::Kind::CannotOpen, QStringLiteral("Cannot create the folder of %1").arg(m_path)};
    }

    StoreOpenInfo info;
    info.path = m_path;
    if (const auto failure = openConnection(m_path)) {
        closeConnection();
        m_tasks.clear();
        m_index.clear();
        if (!failure->movable || !QFileInfo::exists(m_path))
            return StoreError{failure->kind, QStringLiteral("%1: %2").arg(m_path, failure->reason)};

        const auto moved = moveAside(m_path);
        if (!moved.ok()) {
            return StoreError{StoreError::Kind::CannotOpen,
                              QStringLiteral("%1: %2; moving it aside failed: %3")
                                  .arg(m_path, failure->reason, moved.error().message)};
        }
        info.movedAsidePath = moved.value();
        info.movedAsideReason = failure->reason;
        if (const auto again = openConnection(m_path)) {
            closeConnection();
            m_tasks.clear();
            m_index.clear();
            return StoreError{again->kind, QStringLiteral("%1 (a fresh database): %2").arg(m_path, again->reason)};
        }
    }

    m_open = true;
    m_checkpointer = std::make_unique<WalCheckpointer>(m_path);
    m_movedAsidePath = info.movedAsidePath;
    info.foundSchemaVersion = m_foundVersion;
    info.taskCount = count();
    info.loadMilliseconds = timer.elapsed();

    if (!info.movedAsidePath.isEmpty())
        Q_EMIT databaseMovedAside(info.movedAsidePath, info.movedAsideReason);
    Q_EMIT loaded();
    return info;
}

std::optional<TaskStore::OpenFailure> TaskStore::openConnection(const QString &path)
{
    // Judged before SQLite touches the file, so that bytes that are not a database (and any -wal beside
    // them) are moved aside exactly as they were.
    {
        QFile file(path);
        if (file.exists() && file.size() > 0) {
            if (!file.open(QIODevice::ReadOnly))
                return OpenFailure{StoreError::Kind::CannotOpen, file.errorString(), false};
            if (file.read(16) != QByteArrayView("SQLite format 3\0", 16))
                return OpenFailure{StoreError::Kind::CannotOpen, QStringLiteral("not an SQLite database"), true};
        }
    }

    m_connectionName = uniqueConnectionName();
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!m_db.isValid()) {
        // Moving the file would not help: the driver is missing.
        return OpenFailure{StoreError::Kind::CannotOpen, QStringLiteral("the QSQLITE driver is not available"), false};
    }
    m_db.setDatabaseName(path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=2000"));
    if (!m_db.open())
        return OpenFailure{StoreError::Kind::CannotOpen, m_db.lastError().text(), true};

    // Checks first, changes after: a file we will not use must stay as it was.
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA quick_check")))
        return OpenFailure{StoreError::Kind::CannotOpen, query.lastError().text(), true};
    QStringList problems;
    while (query.next()) {
        const QString line = query.value(0).toString();
        if (line != u"ok")
            problems.append(line);
    }
    if (!problems.isEmpty()) {
        return OpenFailure{StoreError::Kind::CannotOpen,
                           QStringLiteral("integrity check failed: %1").arg(problems.join(QStringLiteral("; "))), true};
    }
    query.finish();

    const auto version = schemaVersionOnDisk();
    if (!version.ok())
        return version.error();
    m_foundVersion = version.value();

    const char *const pragmas[] = {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                                   "PRAGMA wal_autocheckpoint=0"};
    for (const char *pragma : pragmas) {
        if (!query.exec(QString::fromLatin1(pragma)))
            return OpenFailure{StoreError::Kind::CannotOpen, query.lastError().text(), true};
    }
    query.finish();

    if (auto failure = migrate(m_foundVersion))
        return failure;
    return load();
}

Result<int, TaskStore::OpenFailure> TaskStore::schemaVersionOnDisk()
{
    QSqlQuery query(m_db);
    const auto fail = [&query](const QString &what) {
        return OpenFailure{StoreError::Kind::CannotOpen, what + QStringLiteral(": ") + query.lastError().text(), true};
    };
    if (!query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")))
        return fail(QStringLiteral("reading the schema"));
    QStringList tables;
    while (query.next())
        tables.append(query.value(0).toString());
    query.finish();

    if (!tables.contains(QStringLiteral("schema_version"))) {
        if (tables.isEmpty())
            return 0;
        return OpenFailure{
            StoreError::Kind::CannotOpen,
            QStringLiteral("not a Replimon database (tables: %1)").arg(tables.join(QStringLiteral(", "))), true};
    }
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !query.next())
        return fail(QStringLiteral("reading the schema version"));
    const int version = query.value(0).toInt();
    if (version > schemaVersion) {
        // A newer build's data: leave it exactly as it is.
        return OpenFailure{
            StoreError::Kind::NewerSchema,
            QStringLiteral("schema version %1 is newer than this build's %2").arg(version).arg(schemaVersion), false};
    }
    return version;
}

std::optional<TaskStore::OpenFailure> TaskStore::migrate(int fromVersion)
{
    QSqlQuery query(m_db);
    for (int step = fromVersion; step < schemaVersion; ++step) {
        if (!m_db.transaction())
            return OpenFailure{StoreError::Kind::CannotOpen, m_db.lastError().text(), true};
        const Migration &migration = migrations[step];
        bool ok = true;
        for (auto statement = migration.begin; ok && statement != migration.end; ++statement)
            ok = query.exec(QString::fromLatin1(*statement));
        ok = ok && query.exec(QStringLiteral("DELETE FROM schema_version"));
        ok = ok && query.prepare(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"));
        if (ok) {
            query.addBindValue(step + 1);
            ok = query.exec();
        }
        if (!ok) {
            const OpenFailure failure{
                StoreError::Kind::CannotOpen,
                QStringLiteral("migrating to version %1: %2").arg(step + 1).arg(query.lastError().text()), true};
            m_db.rollback();
            return failure;
        }
        if (!m_db.commit()) {
            const QString error = m_db.lastError().text();
            m_db.rollback();
            return OpenFailure{StoreError::Kind::CannotOpen, error, true};
        }
    }
    return std::nullopt;
}

std::optional<TaskStore::OpenFailure> TaskStore::load()
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (query.exec(QStringLiteral("SELECT COUNT(*) FROM tasks")) && query.next())
        m_tasks.reserve(query.value(0).toInt());
    query.finish();

    if (!query.exec(selectColumns)) {
        return OpenFailure{StoreError::Kind::CannotOpen,
                           QStringLiteral("reading tasks: %1").arg(query.lastError().text()), true};
    }
    // The derived columns are read as stored; raw JSON is only parsed when someone asks for the prediction.
    while (query.next()) {
        Task task;
        task.key.provider = query.value(0).toString();
        task.key.id = query.value(1).toString();
        if (const QVariant raw = query.value(2); raw.userType() == QMetaType::QByteArray)
            task.rawJson = raw.toByteArray();
        else
            task.rawJson = raw.toString().toUtf8(); // written as text by hand or by another tool
        task.statusText = query.value(3).toString();
        task.status = PredictionStatuses::fromString(task.statusText);
        task.model = query.value(4).toString();
        task.prompt = query.value(5).toString();
        task.createdAt = timeFromMs(query.value(6));
        task.startedAt = timeFromMs(query.value(7));
        task.completedAt = timeFromMs(query.value(8));
        if (const QVariant v = query.value(9); !v.isNull())
            task.predictTime = v.toDouble();
        if (const QVariant v = query.value(10); !v.isNull())
            task.imageCount = v.toInt();
        task.dataRemoved = query.value(11).toInt() != 0;
        task.webUrl = QUrl(query.value(12).toString(), QUrl::StrictMode);
        task.outputUrls = stringsToUrls(fromJsonArrayText(query.value(13).toString()));
        const qint64 addedMs = query.value(14).toLongLong();
        task.addedAt = QDateTime::fromMSecsSinceEpoch(addedMs, Qt::UTC);
        task.lastCheckedAt = timeFromMs(query.value(15));
        task.lastError = query.value(16).toString();
        task.lastErrorKind = errorKindFromName(query.value(17).toString());
        task.localFiles = fromJsonArrayText(query.value(18).toString());

        m_lastAddedAt = std::max(m_lastAddedAt, addedMs);
        m_index.insert(task.key, int(m_tasks.size()));
        m_tasks.append(std::move(task));
    }
    if (query.lastError().isValid()) {
        return OpenFailure{StoreError::Kind::CannotOpen,
                           QStringLiteral("reading tasks: %1").arg(query.lastError().text()), true};
    }
    return std::nullopt;
}

void TaskStore::closeConnection()
{
    if (m_open && !flushCheckTimes())
        qWarning("TaskStore: could not save the last check times");
    m_open = false;
    // Its connection closes first, so that ours is the last one and SQLite folds the log back on close.
    m_checkpointer.reset();
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    if (!m_connectionName.isEmpty()) {
        QSqlDatabase::removeDatabase(m_connectionName);
        m_connectionName.clear();
    }
}

bool TaskStore::flushCheckTimes()
{
    if (m_checkedOnly.isEmpty())
        return true;
    if (!m_db.transaction())
        return false;
    QSqlQuery query(m_db);
    bool ok = query.prepare(QStringLiteral("UPDATE tasks SET last_checked_at = ? WHERE provider = ? AND id = ?"));
    for (auto it = m_checkedOnly.cbegin(); ok && it != m_checkedOnly.cend(); ++it) {
        const Task *known = task(*it);
        if (!known)
            continue;
        query.addBindValue(msOrNull(known->lastCheckedAt));
        query.addBindValue(it->provider);
        query.addBindValue(it->id);
        ok = query.exec();
        m_rowsWritten += ok ? query.numRowsAffected() : 0;
    }
    if (!ok || !m_db.commit()) {
        m_db.rollback();
        return false;
    }
    m_checkedOnly.clear();
    return true;
}

Result<QString, StoreError> TaskStore::moveAside(const QString &path)
{
    const QString base = path + QStringLiteral(".corrupt-")
        + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
    QString target = base;
    for (int n = 2; QFileInfo::exists(target) || QFileInfo::exists(target + QStringLiteral("-wal")); ++n)
        target = base + QLatin1Char('-') + QString::number(n);

    if (!QFile::rename(path, target))
        return StoreError{StoreError::Kind::CannotOpen, QStringLiteral("cannot rename %1 to %2").arg(path, target)};
    // A stale -wal next to the fresh database would be replayed into it: these must move too.
    const QLatin1String companions[] = {QLatin1String("-wal"), QLatin1String("-shm"), QLatin1String("-journal")};
    for (const QLatin1String &suffix : companions) {
        const QString companion = path + suffix;
        if (QFileInfo::exists(companion) && !QFile::rename(companion, target + suffix))
            return StoreError{StoreError::Kind::CannotOpen,
                              QStringLiteral("cannot rename %1 to %2").arg(companion, target + suffix)};
    }
    return target;
}

const Task *TaskStore::task(const TaskKey &key) const
{
    const int index = indexOf(key);
    return index < 0 ? nullptr : &m_tasks.at(index);
}

qint64 TaskStore::nextAddedAt()
{
    // Never earlier than the last one, so the on-disk order (added_at, rowid) is the in-memory order
    // even if the clock steps back.
    m_lastAddedAt = std::max(m_lastAddedAt, QDateTime::currentMSecsSinceEpoch());
    return m_lastAddedAt;
}

StoreError TaskStore::writeError(const QString &what, const QString &sqlError)
{
    StoreError error{StoreError::Kind::WriteFailed, QStringLiteral("%1 in %2 failed: %3").arg(what, m_path, sqlError)};
    Q_EMIT writeFailed(error);
    return error;
}

Result<QList<TaskKey>, StoreError> TaskStore::add(const QString &provider, const QStringList &ids)
{
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
        applyPrediction(task, prediction);
        if (const auto it = freshIndex.constFind(key.id); it != freshIndex.constEnd()) {
            fresh[*it] = std::move(task); // The later copy is the newer answer.
        } else {
            freshIndex.insert(key.id, int(fresh.size()));
            fresh.append(std::move(task));
        }
    }
    auto added = insertTasks(fresh);
    if (!added.ok() || known.isEmpty())
        return added;
    const auto updated = update(provider, known);
    if (!updated.ok())
        return updated.error();
    return added;
}

Result<QList<TaskKey>, StoreError> TaskStore::insertTasks(const QList<Task> &tasks)
{
    if (!m_open)
        return StoreError{StoreError::Kind::NotOpen, QStringLiteral("the task database is not open")};
    if (tasks.isEmpty())
        return QList<TaskKey>();

    if (!m_db.transaction())
        return writeError(QStringLiteral("Adding tasks"), m_db.lastError().text());
    QSqlQuery query(m_db);
    bool ok = query.prepare(insertRow);
    for (auto it = tasks.cbegin(); ok && it != tasks.cend(); ++it) {
        bindTask(query, *it);
        query.bindValue(QStringLiteral(":added"), it->addedAt.toMSecsSinceEpoch());
        ok = query.exec();
    }
    if (!ok || !m_db.commit()) {
        const QString error = ok ? m_db.lastError().text() : query.lastError().text();
        m_db.rollback();
        return writeError(QStringLiteral("Adding tasks"), error);
    }

    QList<TaskKey> keys;
    keys.reserve(tasks.size());
    m_tasks.reserve(m_tasks.size() + tasks.size());
    for (const Task &task : tasks) {
        keys.append(task.key);
        m_index.insert(task.key, int(m_tasks.size()));
        m_tasks.append(task);
    }
    wrote(tasks.size());
    Q_EMIT tasksAdded(keys);
    return keys;
}

Result<QList<TaskKey>, StoreError> TaskStore::update(const QString &provider, const QList<Prediction> &predictions)
{
    if (!m_open)
        return StoreError{StoreError::Kind::NotOpen, QStringLiteral("the task database is not open")};

    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<int> changedRows; // first-seen order
    QHash<int, Task> changed;
    for (const Prediction &prediction : predictions) {
        const int index = indexOf(TaskKey{provider, prediction.id()});
        if (index < 0)
            continue;
        const auto pending = changed.find(index);
        const Task &current = pending != changed.end() ? *pending : m_tasks.at(index);
        if (current.rawJson == prediction.rawJson() && current.lastError.isEmpty() && !current.lastErrorKind) {
            if (pending != changed.end()) {
                pending->lastCheckedAt = now;
            } else {
                m_tasks[index].lastCheckedAt = now;
                m_checkedOnly.insert(current.key);
            }
            continue;
        }
        Task next = current;
        applyPrediction(next, prediction);
        next.lastError.clear();
        next.lastErrorKind.reset();
        next.lastCheckedAt = now;
        if (pending == changed.end())
            changedRows.append(index);
        changed.insert(index, std::move(next));
    }
    if (changedRows.isEmpty())
        return QList<TaskKey>();

    if (!m_db.transaction())
        return writeError(QStringLiteral("Updating tasks"), m_db.lastError().text());
    QSqlQuery query(m_db);
    bool ok = query.prepare(updateRow);
    for (auto it = changedRows.cbegin(); ok && it != changedRows.cend(); ++it) {
        bindTask(query, changed.value(*it));
        ok = query.exec() && query.numRowsAffected() == 1;
    }
    if (!ok || !m_db.commit()) {
        QString error = ok ? m_db.lastError().text() : query.lastError().text();
        if (error.trimmed().isEmpty())
            error = QStringLiteral("a task's row is missing");
        m_db.rollback();
        return writeError(QStringLiteral("Updating tasks"), error);
    }

    QList<TaskKey> keys;
    keys.reserve(changedRows.size());
    for (const int index : std::as_const(changedRows)) {
        m_tasks[index] = changed.value(index);
        keys.append(m_tasks.at(index).key);
        m_checkedOnly.remove(keys.constLast());
    }
    wrote(changedRows.size());
    Q_EMIT tasksChanged(keys);
    return keys;
}

Result<bool, StoreError> TaskStore::writeRow(Task updated, const QString &what)
{
    if (!m_open)
        return StoreError{StoreError::Kind::NotOpen, QStringLiteral("the task database is not open")};
    const int index = indexOf(updated.key);
    if (index < 0)
        return false;

    QSqlQuery query(m_db);
    if (!query.prepare(updateRow))
        return writeError(what, query.lastError().text());
    bindTask(query, updated);
    if (!query.exec())
        return writeError(what, query.lastError().text());
    if (query.numRowsAffected() != 1)
        return writeError(what, QStringLiteral("the task's row is missing"));

    m_tasks[index] = std::move(updated);
    const TaskKey key = m_tasks.at(index).key;
    m_checkedOnly.remove(key);
    wrote(1);
    Q_EMIT tasksChanged({key});
    return true;
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

Result<QList<TaskKey>, StoreError> TaskStore::remove(const QList<TaskKey> &keys)
{
    if (!m_open)
        return StoreError{StoreError::Kind::NotOpen, QStringLiteral("the task database is not open")};

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

    if (!m_db.transaction())
        return writeError(QStringLiteral("Removing tasks"), m_db.lastError().text());
    QSqlQuery query(m_db);
    bool ok = query.prepare(QStringLiteral("DELETE FROM tasks WHERE provider = ? AND id = ?"));
    for (auto it = rows.cbegin(); ok && it != rows.cend(); ++it) {
        query.addBindValue(m_tasks.at(*it).key.provider);
        query.addBindValue(m_tasks.at(*it).key.id);
        ok = query.exec();
    }
    if (!ok || !m_db.commit()) {
        const QString error = ok ? m_db.lastError().text() : query.lastError().text();
        m_db.rollback();
        return writeError(QStringLiteral("Removing tasks"), error);
    }

    QList<TaskKey> removed;
    removed.reserve(rows.size());
    for (const int index : std::as_const(rows)) {
        removed.append(m_tasks.at(index).key);
        m_index.remove(removed.constLast());
        m_checkedOnly.remove(removed.constLast());
    }
    // One pass: keep the rest in order.
    int write = rows.constFirst();
    int next = 0;
    for (int read = rows.constFirst(); read < int(m_tasks.size()); ++read) {
        if (next < int(rows.size()) && rows.at(next) == read) {
            ++next;
            continue;
        }
        if (write != read)
            m_tasks[write] = std::move(m_tasks[read]);
        ++write;
    }
    m_tasks.resize(write);
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
