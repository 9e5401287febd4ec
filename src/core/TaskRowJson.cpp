#include "TaskRowJson.h"

#include "Task.h"
#include "TaskDatabase.h"

#include <QMutexLocker>

#include <sqlite3.h>

TaskRowJson::TaskRowJson(QString databaseName, bool uri)
    : m_databaseName(std::move(databaseName))
    , m_uri(uri)
{}

TaskRowJson::~TaskRowJson()
{
    sqlite3_finalize(m_select);
    sqlite3_close(m_connection);
}

bool TaskRowJson::prepare() const
{
    if (m_select)
        return true;
    if (!m_connection) {
        const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | (m_uri ? SQLITE_OPEN_URI : 0);
        if (sqlite3_open_v2(m_databaseName.toUtf8().constData(), &m_connection, flags, nullptr) != SQLITE_OK) {
            qWarning("TaskRowJson: cannot open the task database: %s", sqlite3_errmsg(m_connection));
            sqlite3_close(m_connection);
            m_connection = nullptr;
            return false;
        }
        // The store's writes take their locks briefly; a read waits for them as the store's own connection does.
        sqlite3_busy_timeout(m_connection, TaskDatabase::busyTimeoutMs);
    }
    if (sqlite3_prepare_v2(m_connection, "SELECT raw_json FROM tasks WHERE provider = ?1 AND id = ?2", -1, &m_select,
                           nullptr)
        != SQLITE_OK) {
        qWarning("TaskRowJson: %s", sqlite3_errmsg(m_connection));
        return false;
    }
    return true;
}

QByteArray TaskRowJson::read(const TaskKey &key) const
{
    const QMutexLocker lock(&m_mutex);
    if (!prepare())
        return {};
    const QByteArray provider = key.provider.toUtf8();
    const QByteArray id = key.id.toUtf8();
    sqlite3_bind_text(m_select, 1, provider.constData(), int(provider.size()), SQLITE_STATIC);
    sqlite3_bind_text(m_select, 2, id.constData(), int(id.size()), SQLITE_STATIC);
    QByteArray json;
    const int step = sqlite3_step(m_select);
    if (step == SQLITE_ROW) {
        const auto *data = static_cast<const char *>(sqlite3_column_blob(m_select, 0));
        json = QByteArray(data, data ? sqlite3_column_bytes(m_select, 0) : 0);
    } else if (step != SQLITE_DONE) {
        qWarning("TaskRowJson: reading a task's answer: %s", sqlite3_errmsg(m_connection));
    }
    // Reset at once: a statement left stepping would keep its read transaction, and the log, open.
    sqlite3_reset(m_select);
    sqlite3_clear_bindings(m_select);
    return json;
}
