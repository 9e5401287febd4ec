#include "TaskDatabase.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <atomic>
#include <iterator>

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

const char *const migrationV3[] = {
    // Tasks seen through the capture endpoint, and whose code it was: the caller's User-Agent.
    "ALTER TABLE tasks ADD COLUMN captured INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE tasks ADD COLUMN caller_user_agent TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE tasks ADD COLUMN captured_at INTEGER",
};

const char *const migrationV4[] = {
    // Run Again and Remix: the id of the task (same provider) this one was made from.
    "ALTER TABLE tasks ADD COLUMN remix_of TEXT NOT NULL DEFAULT ''",
};

struct Migration
{
    const char *const *begin;
    const char *const *end;
};
const Migration migrations[] = {
    {std::begin(migrationV1), std::end(migrationV1)},
    {std::begin(migrationV2), std::end(migrationV2)},
    {std::begin(migrationV3), std::end(migrationV3)},
    {std::begin(migrationV4), std::end(migrationV4)},
};
static_assert(std::size(migrations) == TaskDatabase::schemaVersion, "one migration per schema version");

QString uniqueConnectionName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("replimon-taskstore-%1").arg(++counter);
}

} // namespace

TaskDatabase::~TaskDatabase()
{
    close();
}

std::optional<TaskDatabase::OpenFailure> TaskDatabase::open(const QString &path)
{
    close();
    m_foundVersion = 0;
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
    return migrate(m_foundVersion);
}

void TaskDatabase::close()
{
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    if (!m_connectionName.isEmpty()) {
        QSqlDatabase::removeDatabase(m_connectionName);
        m_connectionName.clear();
    }
}

Result<int, TaskDatabase::OpenFailure> TaskDatabase::schemaVersionOnDisk()
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

std::optional<TaskDatabase::OpenFailure> TaskDatabase::migrate(int fromVersion)
{
    for (int step = fromVersion; step < schemaVersion; ++step) {
        const Migration &migration = migrations[step];
        const auto failed = transaction([&migration, step](QSqlQuery &query) {
            for (auto statement = migration.begin; statement != migration.end; ++statement) {
                if (!query.exec(QString::fromLatin1(*statement)))
                    return false;
            }
            if (!query.exec(QStringLiteral("DELETE FROM schema_version"))
                || !query.prepare(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)")))
                return false;
            query.addBindValue(step + 1);
            return query.exec();
        });
        if (failed) {
            return OpenFailure{StoreError::Kind::CannotOpen,
                               QStringLiteral("migrating to version %1: %2").arg(step + 1).arg(*failed), true};
        }
    }
    return std::nullopt;
}

std::optional<QString> TaskDatabase::transaction(const std::function<bool(QSqlQuery &)> &body)
{
    if (!m_db.transaction())
        return m_db.lastError().text();
    QSqlQuery query(m_db);
    const bool done = body(query);
    if (done && m_db.commit())
        return std::nullopt;
    QString error = done ? m_db.lastError().text() : query.lastError().text();
    if (error.trimmed().isEmpty())
        error = QStringLiteral("a task's row is missing");
    // Finished first: an active statement would keep the transaction from rolling back.
    query.finish();
    m_db.rollback();
    return error;
}

Result<QString, StoreError> TaskDatabase::moveAside(const QString &path)
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
