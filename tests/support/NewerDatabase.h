#pragma once

#include "Prediction.h"
#include "TaskStore.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

/// A task database as a newer Replimon leaves it, for the tests of reading one: a store this build made
/// (three tasks: one succeeded with a saved file, one still processing, one failed), then as the newer build
/// changes it: its schema version one up, a column and a table this build does not know, and the newer
/// build's version as the writer (or none).
namespace NewerDatabase {

inline constexpr int newerVersion = TaskStore::schemaVersion + 1;
inline const QString provider = QStringLiteral("custom");
inline const QString succeededId = QStringLiteral("newer-done-1");
inline const QString processingId = QStringLiteral("newer-running-2");
inline const QString failedId = QStringLiteral("newer-failed-3");

// %1 id, %2 status, %3 prompt, %4 output, %5 error, %6 completed_at.
inline const char predictionTemplate[] =
    R"({"id":"%1","model":"black-forest-labs/flux-schnell","version":"hidden","status":"%2",)"
    R"("input":{"prompt":"%3"},"logs":"","output":%4,"error":%5,)"
    R"("created_at":"2025-07-12T07:27:54.5Z","started_at":"2025-07-12T07:27:55.1Z",)"
    R"("completed_at":%6,"metrics":{},"data_removed":false,)"
    R"("urls":{"get":"https://api.replicate.com/v1/predictions/%1"}})";

inline Prediction prediction(const QString &id, const QString &status, const QString &prompt)
{
    const bool done = status != u"processing";
    const QString json =
        QString::fromUtf8(predictionTemplate)
            .arg(id, status, prompt,
                 status == u"succeeded" ? QStringLiteral("[\"https://replicate.delivery/x/%1.png\"]").arg(id)
                                        : QStringLiteral("null"),
                 status == u"failed" ? QStringLiteral("\"NSFW content detected\"") : QStringLiteral("null"),
                 done ? QStringLiteral("\"2025-07-12T07:27:58.5Z\"") : QStringLiteral("null"));
    return Prediction::fromJson(json.toUtf8()).value();
}

inline bool exec(QSqlQuery &query, const QString &sql)
{
    if (query.exec(sql))
        return true;
    qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
    return false;
}

/// The three tasks in a database of this build at @p path, @p savedFile the succeeded task's saved output.
inline bool makeCurrent(const QString &path, const QString &savedFile)
{
    TaskStore store;
    if (!store.open(path).ok() || !store.add(provider, {succeededId, processingId, failedId}).ok()
        || !store
                .update(provider,
                        {prediction(succeededId, QStringLiteral("succeeded"), QStringLiteral("a red fox")),
                         prediction(processingId, QStringLiteral("processing"), QStringLiteral("a lighthouse at dusk")),
                         prediction(failedId, QStringLiteral("failed"), QStringLiteral("a storm"))})
                .ok()
        || !store.setLocalFiles({provider, succeededId}, {savedFile}).ok())
        return false;
    return true;
}

/// Makes the database at @p path; @p savedFile is recorded as the succeeded task's saved output, and
/// @p writtenBy as the newer build's version ("" leaves no writer at all). False on failure (with a warning).
inline bool make(const QString &path, const QString &savedFile, const QString &writtenBy)
{
    if (!makeCurrent(path, savedFile))
        return false;
    const QString name = QStringLiteral("newer-database-fixture");
    bool done = false;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            done = exec(query, QStringLiteral("UPDATE schema_version SET version = %1").arg(newerVersion))
                && exec(query, QStringLiteral("ALTER TABLE tasks ADD COLUMN rating INTEGER NOT NULL DEFAULT 5"))
                && exec(query, QStringLiteral("CREATE TABLE collections (name TEXT NOT NULL, task_id TEXT NOT NULL)"))
                && exec(query, QStringLiteral("INSERT INTO collections VALUES ('foxes', '%1')").arg(succeededId))
                && exec(query, QStringLiteral("DELETE FROM written_by"));
            if (done && !writtenBy.isEmpty()) {
                done = query.prepare(QStringLiteral("INSERT INTO written_by (app_version) VALUES (?)"));
                query.addBindValue(writtenBy);
                done = done && query.exec();
            }
            // Rows that use the column this build does not know.
            done = done && exec(query, QStringLiteral("UPDATE tasks SET rating = 4"));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    // Closed cleanly, as the newer build leaves it: the log folded back, nothing beside the file.
    return done && !QFileInfo::exists(path + QStringLiteral("-wal"))
        && !QFileInfo::exists(path + QStringLiteral("-shm"));
}

inline QByteArray bytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The files beside @p path that SQLite makes (-wal, -shm, -journal) and exist now.
inline QStringList companions(const QString &path)
{
    QStringList found;
    for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")}) {
        if (QFileInfo::exists(path + suffix))
            found.append(QFileInfo(path + suffix).fileName());
    }
    return found;
}

} // namespace NewerDatabase
