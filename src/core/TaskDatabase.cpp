#include "TaskDatabase.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include "DiskProblem.h"

#include <QtConcurrent/QtConcurrentRun>

#include <sqlite3.h>

#include <atomic>
#include <cerrno>
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
    // The version of the Replimon that last opened the database for writing (one row), so that an older
    // one that finds a newer schema can say which version wrote it.
    "CREATE TABLE written_by (app_version TEXT NOT NULL)",
    // Run Again and Remix: the id of the task (same provider) this one was made from.
    "ALTER TABLE tasks ADD COLUMN remix_of TEXT NOT NULL DEFAULT ''",
};

const char *const migrationV5[] = {
    // Favourites: tasks the user starred (their outputs are always saved).
    "ALTER TABLE tasks ADD COLUMN starred INTEGER NOT NULL DEFAULT 0",
};

struct Migration
{
    const char *const *begin;
    const char *const *end;
};
const Migration migrations[] = {
    {std::begin(migrationV1), std::end(migrationV1)}, {std::begin(migrationV2), std::end(migrationV2)},
    {std::begin(migrationV3), std::end(migrationV3)}, {std::begin(migrationV4), std::end(migrationV4)},
    {std::begin(migrationV5), std::end(migrationV5)},
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

std::optional<TaskDatabase::OpenFailure> TaskDatabase::open(const QString &path, Access access)
{
    close();
    m_foundVersion = 0;
    m_readOnly = false;
    m_writtenBy.clear();
    // Judged before SQLite touches the file, so that bytes that are not a database (and any -wal beside
    // them) are moved aside exactly as they were.
    const bool readOnly = access == Access::ReadOnly;
    bool exists = false;
    {
        QFile file(path);
        if (file.exists() && file.size() > 0) {
            if (!file.open(QIODevice::ReadOnly))
                return OpenFailure{StoreError::Kind::CannotOpen, file.errorString(), false};
            if (file.read(16) != QByteArrayView("SQLite format 3\0", 16))
                return OpenFailure{StoreError::Kind::CannotOpen, QStringLiteral("not an SQLite database"), !readOnly};
            exists = true;
        }
    }

    // A read-only look first: even opening a newer build's file for writing would touch it (a -wal left by
    // a crash is folded back into it when the connection closes). A look that fails decides nothing: the
    // read-write open below judges the file as it always did.
    if (readOnly && !exists)
        return OpenFailure{StoreError::Kind::CannotOpen, QStringLiteral("no database here"), false};
    if (exists) {
        auto failure = connect(path, true);
        if (!failure) {
            const auto version = schemaVersionOnDisk();
            if (version.ok() ? readOnly : version.error().kind == StoreError::Kind::NewerSchema)
                return openReadOnly();
            if (!version.ok())
                failure = version.error();
        }
        if (readOnly && failure) {
            failure->movable = false;
            return failure;
        }
        close();
    }

    if (const auto failed = connect(path, false))
        return failed;
    // Checks first, changes after: a file we will not use must stay as it was. A database of this build's
    // schema is only read until finishOpening(), so its check (a read of every page) runs on a connection of
    // its own beside the load of its tasks.
    if (exists) {
        const auto version = schemaVersionOnDisk();
        if (version.ok() && version.value() == schemaVersion) {
            m_foundVersion = version.value();
            m_check = QtConcurrent::run([path] { return checkFile(path); });
            m_checking = true;
            return std::nullopt;
        }
    }
    if (const auto failed = checkIntegrity())
        return failed;
    const auto version = schemaVersionOnDisk();
    if (!version.ok())
        return version.error();
    m_foundVersion = version.value();
    return prepareForWriting();
}

std::optional<TaskDatabase::OpenFailure> TaskDatabase::finishOpening()
{
    if (!m_checking)
        return std::nullopt;
    m_checking = false;
    if (const auto failed = m_check.result())
        return failed;
    return prepareForWriting();
}

std::optional<QString> TaskDatabase::applyWritingPragmas(QSqlDatabase &db)
{
    QSqlQuery query(db);
    const char *const pragmas[] = {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                                   "PRAGMA wal_autocheckpoint=0"};
    for (const char *pragma : pragmas) {
        if (!query.exec(QString::fromLatin1(pragma)))
            return query.lastError().text();
    }
    return std::nullopt;
}

std::optional<TaskDatabase::OpenFailure> TaskDatabase::prepareForWriting()
{
    if (const auto failed = applyWritingPragmas(m_db))
        return OpenFailure{StoreError::Kind::CannotOpen, *failed, true};
    if (const auto failed = migrate(m_foundVersion))
        return failed;
    recordWriter();
    return std::nullopt;
}

std::optional<TaskDatabase::OpenFailure> TaskDatabase::connect(const QString &path, bool readOnly)
{
    m_connectionName = uniqueConnectionName();
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!m_db.isValid()) {
        // Moving the file would not help: the driver is missing.
        return OpenFailure{StoreError::Kind::CannotOpen, QStringLiteral("the QSQLITE driver is not available"), false};
    }
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs);
    if (readOnly) {
        // SQLite's read-only open of a WAL database still makes its -wal and -shm files, and leaves them. A
        // file with no -wal beside it holds all its content itself, and nobody has it open for writing: it
        // is read as immutable (no locks, no files made). With a -wal, the writer that has it open is
        // followed through the log like any reader would.
        QUrlQuery parameters;
        parameters.addQueryItem(QStringLiteral("mode"), QStringLiteral("ro"));
        if (!QFileInfo::exists(path + QStringLiteral("-wal")))
            parameters.addQueryItem(QStringLiteral("immutable"), QStringLiteral("1"));
        QUrl uri = QUrl::fromLocalFile(path);
        uri.setQuery(parameters);
        m_db.setDatabaseName(uri.toString(QUrl::FullyEncoded));
        options += QStringLiteral(";QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI");
    } else {
        m_db.setDatabaseName(path);
    }
    m_db.setConnectOptions(options);
    if (!m_db.open())
        return OpenFailure{StoreError::Kind::CannotOpen, m_db.lastError().text(), !readOnly};
    return std::nullopt;
}

std::optional<TaskDatabase::OpenFailure> TaskDatabase::openReadOnly()
{
    m_readOnly = true;
    // Never moved aside, whatever it holds: it is a newer build's.
    if (auto failed = checkIntegrity()) {
        failed->movable = false;
        return failed;
    }
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !query.next())
        return OpenFailure{StoreError::Kind::CannotOpen, query.lastError().text(), false};
    m_foundVersion = query.value(0).toInt();
    query.finish();
    m_writtenBy = readWriter();
    return std::nullopt;
}

std::optional<TaskDatabase::OpenFailure> TaskDatabase::checkIntegrity()
{
    const QVariant handle = m_db.driver()->handle();
    if (handle.typeName() != QByteArrayView("sqlite3*"))
        return OpenFailure{StoreError::Kind::CannotOpen, QStringLiteral("the connection is not SQLite's"), true};
    return quickCheck(*static_cast<sqlite3 *const *>(handle.data()));
}

std::optional<TaskDatabase::OpenFailure> TaskDatabase::checkFile(const QString &path)
{
    sqlite3 *connection = nullptr;
    std::optional<OpenFailure> failed;
    if (sqlite3_open_v2(path.toUtf8().constData(), &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr)
        == SQLITE_OK) {
        sqlite3_busy_timeout(connection, busyTimeoutMs);
        failed = quickCheck(connection);
    } else {
        failed = OpenFailure{StoreError::Kind::CannotOpen, QString::fromUtf8(sqlite3_errmsg(connection)), true};
    }
    sqlite3_close(connection);
    return failed;
}

std::optional<TaskDatabase::OpenFailure> TaskDatabase::quickCheck(sqlite3 *connection)
{
    // Through a mapping of the file, not a system call per page; unmapped after, so no page stays in the process.
    const char *file = sqlite3_db_filename(connection, "main");
    const qint64 size = file ? QFileInfo(QString::fromUtf8(file)).size() : 0;
    sqlite3_exec(connection, QByteArray("PRAGMA mmap_size = " + QByteArray::number(size)).constData(), nullptr, nullptr,
                 nullptr);
    QStringList problems;
    sqlite3_stmt *statement = nullptr;
    int step = sqlite3_prepare_v2(connection, "PRAGMA quick_check", -1, &statement, nullptr);
    if (step == SQLITE_OK) {
        while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
            const auto *line = reinterpret_cast<const char *>(sqlite3_column_text(statement, 0));
            if (qstrcmp(line, "ok") != 0)
                problems.append(QString::fromUtf8(line));
        }
    }
    const QString error = QString::fromUtf8(sqlite3_errmsg(connection));
    sqlite3_finalize(statement);
    sqlite3_exec(connection, "PRAGMA mmap_size = 0", nullptr, nullptr, nullptr);
    if (step != SQLITE_DONE)
        return OpenFailure{StoreError::Kind::CannotOpen, error, true};
    if (!problems.isEmpty()) {
        return OpenFailure{StoreError::Kind::CannotOpen,
                           QStringLiteral("integrity check failed: %1").arg(problems.join(QStringLiteral("; "))), true};
    }
    return std::nullopt;
}

QString TaskDatabase::readWriter()
{
    QSqlQuery query(m_db);
    // No table before schema 4: nobody said.
    if (!query.exec(QStringLiteral("SELECT app_version FROM written_by LIMIT 1")) || !query.next())
        return {};
    return query.value(0).toString();
}

void TaskDatabase::recordWriter()
{
    const QString current = QStringLiteral(REPLIMON_VERSION);
    m_writtenBy = readWriter();
    if (m_writtenBy == current)
        return;
    const auto failed = transaction([&current](QSqlQuery &query) {
        if (!query.exec(QStringLiteral("DELETE FROM written_by"))
            || !query.prepare(QStringLiteral("INSERT INTO written_by (app_version) VALUES (?)")))
            return false;
        query.addBindValue(current);
        return query.exec();
    });
    // Not a reason to refuse the database: its tasks are intact, only an older build would lose the name.
    if (failed)
        qWarning("TaskDatabase: could not record the writer's version: %s", qPrintable(*failed));
    else
        m_writtenBy = current;
}

void TaskDatabase::close()
{
    if (m_checking) {
        m_check.waitForFinished();
        m_checking = false;
    }
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

QString TaskDatabase::describe(const QSqlDatabase &db, const QSqlError &error)
{
    // SQLite's primary result codes: its own words ("database or disk is full") do not say how full, nor
    // which disk.
    constexpr int sqliteReadOnly = 8;
    constexpr int sqliteFull = 13;
    int code = error.nativeErrorCode().toInt() & 0xff;
    // Qt's SQLite driver drops the code when COMMIT fails ("Unable to commit transaction"); SQLite's fixed
    // words for the two codes (sqlite3_errstr) are still in the database text.
    if (error.databaseText().contains(QLatin1String("database or disk is full")))
        code = sqliteFull;
    else if (error.databaseText().contains(QLatin1String("attempt to write a readonly database")))
        code = sqliteReadOnly;
    if (code != sqliteFull && code != sqliteReadOnly)
        return error.text();
    const QString path = db.databaseName();
    return DiskProblem::classify(path, code == sqliteFull ? ENOSPC : EROFS, -1, error.text()).describe(path);
}

std::optional<QString> TaskDatabase::transaction(const std::function<bool(QSqlQuery &)> &body)
{
    return transaction(m_db, body);
}

std::optional<QString> TaskDatabase::transaction(QSqlDatabase &db, const std::function<bool(QSqlQuery &)> &body)
{
    if (!db.transaction())
        return db.lastError().text();
    QSqlQuery query(db);
    const bool done = body(query);
    if (done && db.commit())
        return std::nullopt;
    const QSqlError sqlError = done ? db.lastError() : query.lastError();
    QString error = describe(db, sqlError);
    if (error.trimmed().isEmpty())
        error = QStringLiteral("a task's row is missing");
    // Finished first: an active statement would keep the transaction from rolling back.
    query.finish();
    db.rollback();
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
