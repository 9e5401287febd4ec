#include "TaskRow.h"

#include "TaskDatabase.h"
#include "TaskRowJson.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QStringList>
#include <QtConcurrent/QtConcurrentRun>

#include <sqlite3.h>

#include <algorithm>
#include <array>

namespace {

// In the order of TaskRow::Column.
const char *const columnNames[] = {
    "provider",    "id",          "raw_json",          "status",          "model",       "prompt",
    "created_at",  "started_at",  "completed_at",      "predict_time",    "image_count", "data_removed",
    "web_url",     "output_urls", "added_at",          "last_checked_at", "last_error",  "last_error_kind",
    "local_files", "captured",    "caller_user_agent", "captured_at",     "remix_of",    "starred",
};

QString columnName(int column)
{
    return QString::fromLatin1(columnNames[column]);
}

// The same placeholder names in the INSERT and the UPDATE, so that bind() serves both. Built once: they
// are bound for every row written.
const QString &placeholder(int column)
{
    static const auto names = [] {
        QStringList list;
        for (const char *name : columnNames)
            list.append(QLatin1Char(':') + QString::fromLatin1(name));
        return list;
    }();
    return names.at(column);
}

QVariant msOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QString toJsonArrayText(const QStringList &values)
{
    if (values.isEmpty())
        return QStringLiteral("[]");
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

QStringList fromJsonArrayText(QByteArrayView text)
{
    // Most rows hold "[]": skip the parser for them, it dominates load time otherwise.
    if (text.size() <= 2)
        return {};
    QStringList values;
    // As toJsonArrayText() writes them: texts between quotes, nothing escaped (no backslash), split where
    // one ends and the next begins; anything else goes through the parser.
    if (text.startsWith("[\"") && text.endsWith("\"]") && !text.contains('\\')) {
        const QByteArrayView inner = text.sliced(2, text.size() - 4);
        qsizetype from = 0;
        for (qsizetype at; (at = inner.indexOf(QByteArrayView("\",\""), from)) >= 0; from = at + 3)
            values.append(QString::fromUtf8(inner.sliced(from, at - from)));
        values.append(QString::fromUtf8(inner.sliced(from)));
        return values;
    }
    const QJsonArray array = QJsonDocument::fromJson(text.toByteArray()).array();
    values.reserve(array.size());
    for (const QJsonValue &value : array)
        values.append(value.toString());
    return values;
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

// raw_json is NOT NULL: a task never fetched has ''.
QByteArray rawJsonOf(const Task &task)
{
    const QByteArray json = task.rawJson();
    return json.isNull() ? QByteArray("") : json;
}

// The driver binds a null QString as SQL NULL, which the NOT NULL text columns refuse.
QString text(const QString &value)
{
    return value.isNull() ? QString(QLatin1String("")) : value;
}

/// A prepared statement, finalized when it goes.
class SqliteStatement final
{
public:
    SqliteStatement(sqlite3 *connection, const char *sql)
        : m_connection(connection)
    {
        sqlite3_prepare_v2(connection, sql, -1, &m_statement, nullptr);
    }
    ~SqliteStatement() { sqlite3_finalize(m_statement); }
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    sqlite3_stmt *get() const { return m_statement; }
    /// Ends the statement (its read transaction) before the object goes.
    void finish()
    {
        sqlite3_finalize(m_statement);
        m_statement = nullptr;
    }
    int step() { return m_statement ? sqlite3_step(m_statement) : SQLITE_ERROR; }
    QString error() const { return QString::fromUtf8(sqlite3_errmsg(m_connection)); }

private:
    sqlite3 *m_connection;
    sqlite3_stmt *m_statement = nullptr;
};

} // namespace

/// Each distinct text read once: a look-up by its bytes, no conversion for those seen before. Each column
/// keeps the last few texts it gave, compared byte for byte before the table is asked (most rows repeat a
/// recent row's provider, status, model and caller; hashing each of them was a tenth of a large store's
/// load).
class TaskRow::SharedTexts final
{
public:
    QString share(Column column, QByteArrayView bytes)
    {
        Recent &recent = m_recent[column];
        for (int i = 0; i < recent.used; ++i) {
            const Recent::Entry &entry = recent.entries[size_t(i)];
            if (entry.bytes.size() == bytes.size() && std::equal(bytes.begin(), bytes.end(), entry.bytes.constData()))
                return entry.text;
        }
        QString text = lookUp(bytes);
        recent.entries[size_t(recent.next)] = {bytes.toByteArray(), text};
        recent.next = (recent.next + 1) % int(recent.entries.size());
        recent.used = std::min(recent.used + 1, int(recent.entries.size()));
        return text;
    }

private:
    QString lookUp(QByteArrayView bytes)
    {
        // A view of SQLite's buffer for the look-up only; the key kept is a copy.
        const QByteArray probe = QByteArray::fromRawData(bytes.data(), bytes.size());
        const auto known = m_texts.constFind(probe);
        if (known != m_texts.cend())
            return *known;
        QString text = QString::fromUtf8(bytes);
        m_texts.insert(bytes.toByteArray(), text);
        return text;
    }

    struct Recent
    {
        struct Entry
        {
            QByteArray bytes;
            QString text;
        };
        std::array<Entry, 8> entries;
        int used = 0; ///< entries in use
        int next = 0; ///< the one replaced next
    };
    std::array<Recent, ColumnCount> m_recent;
    QHash<QByteArray, QString> m_texts;
};

QString TaskRow::selectStatement()
{
    static_assert(std::size(columnNames) == size_t(ColumnCount), "a name for every column");
    QStringList columns;
    for (int column = 0; column < ColumnCount; ++column)
        columns.append(columnName(column));
    // In the table's own order (a scan, no look-up through the added_at index per row); readAll() puts the rows
    // in the store's order, which they nearly always are already.
    return QStringLiteral("SELECT %1 FROM tasks WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid")
        .arg(columns.join(QStringLiteral(", ")));
}

QString TaskRow::insertStatement()
{
    QStringList columns;
    QStringList values;
    for (int column = 0; column < ColumnCount; ++column) {
        columns.append(columnName(column));
        values.append(placeholder(column));
    }
    return QStringLiteral("INSERT INTO tasks (%1) VALUES (%2)")
        .arg(columns.join(QStringLiteral(", ")), values.join(QStringLiteral(", ")));
}

QString TaskRow::updateStatement()
{
    QStringList assignments;
    for (int column = 0; column < ColumnCount; ++column) {
        if (column == RawJson) {
            // NULL when the task's JSON was left in the database (bind()): the row keeps its own.
            assignments.append(QStringLiteral("%1 = COALESCE(%2, %1)").arg(columnName(column), placeholder(column)));
        } else if (column != Provider && column != Id && column != AddedAt) {
            assignments.append(columnName(column) + QStringLiteral(" = ") + placeholder(column));
        }
    }
    return QStringLiteral("UPDATE tasks SET %1 WHERE provider = %2 AND id = %3")
        .arg(assignments.join(QStringLiteral(", ")), placeholder(Provider), placeholder(Id));
}

QString TaskRow::checkTimeStatement()
{
    return QStringLiteral("UPDATE tasks SET %1 = %2 WHERE provider = %3 AND id = %4")
        .arg(columnName(LastCheckedAt), placeholder(LastCheckedAt), placeholder(Provider), placeholder(Id));
}

void TaskRow::bind(QSqlQuery &query, const Task &task)
{
    query.bindValue(placeholder(Provider), task.key.provider);
    query.bindValue(placeholder(Id), task.key.id);
    // As bytes: the driver hands them back without two UTF-16 conversions per row at load. A JSON left in
    // the database is not read just to be written back.
    query.bindValue(placeholder(RawJson),
                    task.hasRawJsonInMemory() ? rawJsonOf(task) : QVariant(QMetaType::fromType<QByteArray>()));
    query.bindValue(placeholder(Status), text(task.statusText));
    query.bindValue(placeholder(Model), text(task.model));
    query.bindValue(placeholder(Prompt), text(task.prompt));
    query.bindValue(placeholder(CreatedAt), msOrNull(task.createdAt));
    query.bindValue(placeholder(StartedAt), msOrNull(task.startedAt));
    query.bindValue(placeholder(CompletedAt), msOrNull(task.completedAt));
    query.bindValue(placeholder(PredictTime),
                    task.predictTime ? QVariant(*task.predictTime) : QVariant(QMetaType::fromType<double>()));
    query.bindValue(placeholder(ImageCount),
                    task.imageCount ? QVariant(*task.imageCount) : QVariant(QMetaType::fromType<int>()));
    query.bindValue(placeholder(DataRemoved), task.dataRemoved ? 1 : 0);
    query.bindValue(placeholder(WebUrl), text(task.webUrlText));
    query.bindValue(placeholder(OutputUrls), toJsonArrayText(task.outputUrlTexts));
    query.bindValue(placeholder(LastCheckedAt), msOrNull(task.lastCheckedAt));
    query.bindValue(placeholder(LastError), text(task.lastError));
    query.bindValue(placeholder(LastErrorKind),
                    text(task.lastErrorKind ? ApiError::kindName(*task.lastErrorKind) : QString()));
    query.bindValue(placeholder(LocalFiles), toJsonArrayText(task.localFiles));
    query.bindValue(placeholder(Captured), task.captured ? 1 : 0);
    query.bindValue(placeholder(CallerUserAgent), text(task.callerUserAgent));
    query.bindValue(placeholder(CapturedAt), msOrNull(task.capturedAt));
    query.bindValue(placeholder(RemixOf), text(task.remixOf));
    query.bindValue(placeholder(Starred), task.starred ? 1 : 0);
}

void TaskRow::bindNew(QSqlQuery &query, const Task &task)
{
    bind(query, task);
    query.bindValue(placeholder(RawJson), rawJsonOf(task));
    query.bindValue(placeholder(AddedAt), task.addedAt.toMSecsSinceEpoch());
}

std::optional<QString> TaskRow::readAll(const QSqlDatabase &database, QList<Task> &tasks)
{
    // SQLite's own API on the connection's handle: QSqlQuery would copy every column of every row into a
    // QVariant (through UTF-16 for text) before we could look at it, most of a large store's load time.
    const QVariant handle = database.driver() ? database.driver()->handle() : QVariant();
    auto *connection = handle.typeName() == QByteArrayView("sqlite3*") ? *static_cast<sqlite3 *const *>(handle.data())
                                                                       : nullptr;
    if (!connection)
        return QStringLiteral("the connection is not SQLite's");
    SqliteStatement range(connection, "SELECT COUNT(*), MIN(rowid), MAX(rowid) FROM tasks");
    if (range.step() != SQLITE_ROW)
        return range.error();
    const int count = sqlite3_column_int(range.get(), 0);
    const qint64 firstRow = sqlite3_column_int64(range.get(), 1);
    const qint64 lastRow = sqlite3_column_int64(range.get(), 2);
    range.finish();
    tasks.reserve(tasks.size() + count);

    const bool uri = database.connectOptions().contains(QLatin1String("QSQLITE_OPEN_URI"));
    const auto json = std::make_shared<const TaskRowJson>(database.databaseName(), uri);
    // A large store is read in two halves at once, the later one on a connection of its own on another
    // thread: nothing writes while the store opens, so both see the same rows.
    const qint64 middle = count >= parallelReadRows ? firstRow + (lastRow - firstRow) / 2 : lastRow;
    QList<Task> later;
    std::optional<QString> laterFailed;
    QFuture<void> laterRead;
    if (middle < lastRow) {
        // Grown once: a list of tasks doubling its way up moves every task it holds each time.
        later.reserve(count / 2 + count / 16);
        laterRead = QtConcurrent::run([&] {
            sqlite3 *own = nullptr;
            const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0);
            if (sqlite3_open_v2(database.databaseName().toUtf8().constData(), &own, flags, nullptr) == SQLITE_OK) {
                sqlite3_busy_timeout(own, TaskDatabase::busyTimeoutMs);
                laterFailed = readRange(own, middle + 1, lastRow, json, later);
            } else {
                laterFailed = QString::fromUtf8(sqlite3_errmsg(own));
            }
            sqlite3_close(own);
        });
    }
    const auto first = tasks.size();
    auto failed = readRange(connection, firstRow, middle, json, tasks);
    laterRead.waitForFinished();
    if (!failed)
        failed = laterFailed;
    if (failed)
        return failed;
    tasks.append(std::move(later));
    // By added_at, then by rowid (the order they were read in): a clock that stepped back between two
    // additions is the only way out of it.
    const auto byAdded = [](const Task &a, const Task &b) { return a.addedAt < b.addedAt; };
    if (!std::is_sorted(tasks.begin() + first, tasks.end(), byAdded))
        std::stable_sort(tasks.begin() + first, tasks.end(), byAdded);
    return std::nullopt;
}

std::optional<QString> TaskRow::readRange(sqlite3 *connection, qint64 from, qint64 to,
                                          const std::shared_ptr<const TaskRowJson> &json, QList<Task> &tasks)
{
    const QByteArray select = selectStatement().toUtf8();
    SqliteStatement query(connection, select.constData());
    if (!query.get())
        return query.error();
    sqlite3_bind_int64(query.get(), 1, from);
    sqlite3_bind_int64(query.get(), 2, to);
    const auto row = reader(query.get());
    if (!row.ok())
        return row.error();
    // Providers, statuses, models and callers repeat from row to row: each distinct text is kept once and
    // shared by the tasks that have it, rather than once per task.
    SharedTexts texts;
    // The file mapped for the one pass over every page, rather than read a page per system call; unmapped
    // after it, so the pages do not stay in the process.
    const char *file = sqlite3_db_filename(connection, "main");
    const qint64 fileSize = file ? QFileInfo(QString::fromUtf8(file)).size() : 0;
    sqlite3_exec(connection, QByteArray("PRAGMA mmap_size = " + QByteArray::number(fileSize)).constData(), nullptr,
                 nullptr, nullptr);
    int step;
    while ((step = query.step()) == SQLITE_ROW)
        tasks.append(row.value().read(query.get(), texts, json));
    const QString error = step == SQLITE_DONE ? QString() : query.error();
    query.finish();
    sqlite3_exec(connection, "PRAGMA mmap_size = 0", nullptr, nullptr, nullptr);
    if (step != SQLITE_DONE)
        return error;
    return std::nullopt;
}

void TaskRow::bindCheckTime(QSqlQuery &query, const Task &task)
{
    query.bindValue(placeholder(Provider), task.key.provider);
    query.bindValue(placeholder(Id), task.key.id);
    query.bindValue(placeholder(LastCheckedAt), msOrNull(task.lastCheckedAt));
}

Result<TaskRow, QString> TaskRow::reader(sqlite3_stmt *statement)
{
    TaskRow row;
    row.m_position.fill(-1);
    const int count = sqlite3_column_count(statement);
    for (int position = 0; position < count; ++position) {
        const char *name = sqlite3_column_name(statement, position);
        for (int column = 0; column < ColumnCount; ++column) {
            if (name && qstrcmp(name, columnNames[column]) == 0)
                row.m_position[column] = position;
        }
    }
    for (int column = 0; column < ColumnCount; ++column) {
        if (row.m_position[column] < 0)
            return QStringLiteral("the tasks table has no column %1").arg(columnName(column));
    }
    return row;
}

Task TaskRow::read(sqlite3_stmt *statement, SharedTexts &texts, const std::shared_ptr<const TaskRowJson> &json) const
{
    const auto position = [this](Column column) { return m_position[column]; };
    const auto isNull = [&](Column column) { return sqlite3_column_type(statement, position(column)) == SQLITE_NULL; };
    const auto bytes = [&](Column column) {
        // The text first, then its size: the order SQLite asks for, so no conversion happens between them.
        const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(statement, position(column)));
        return QByteArrayView(data, data ? sqlite3_column_bytes(statement, position(column)) : 0);
    };
    const auto string = [&](Column column) { return QString::fromUtf8(bytes(column)); };
    const auto integer = [&](Column column) { return sqlite3_column_int64(statement, position(column)); };
    const auto time = [&](Column column) {
        return isNull(column) ? QDateTime() : QDateTime::fromMSecsSinceEpoch(integer(column), Qt::UTC);
    };

    Task task;
    task.key.provider = texts.share(Provider, bytes(Provider));
    task.key.id = string(Id);
    task.statusText = texts.share(Status, bytes(Status));
    task.status = PredictionStatuses::fromString(task.statusText);
    if (PredictionStatuses::isTerminal(task.status)) {
        // A finished task's answer no longer changes: it is read again only to be shown or exported.
        task.setRawJsonSource(json, sqlite3_column_bytes(statement, position(RawJson)) > 0);
    } else {
        // A running one's is compared with every poll's answer. Blob or text (written by hand or by another
        // tool): the same bytes.
        const auto *raw = static_cast<const char *>(sqlite3_column_blob(statement, position(RawJson)));
        task.setRawJson(QByteArray(raw, raw ? sqlite3_column_bytes(statement, position(RawJson)) : 0));
    }
    task.model = texts.share(Model, bytes(Model));
    task.prompt = string(Prompt);
    task.createdAt = time(CreatedAt);
    task.startedAt = time(StartedAt);
    task.completedAt = time(CompletedAt);
    if (!isNull(PredictTime))
        task.predictTime = sqlite3_column_double(statement, position(PredictTime));
    if (!isNull(ImageCount))
        task.imageCount = int(integer(ImageCount));
    task.dataRemoved = integer(DataRemoved) != 0;
    task.webUrlText = string(WebUrl);
    task.outputUrlTexts = fromJsonArrayText(bytes(OutputUrls));
    task.addedAt = QDateTime::fromMSecsSinceEpoch(integer(AddedAt), Qt::UTC);
    task.lastCheckedAt = time(LastCheckedAt);
    task.lastError = string(LastError);
    task.lastErrorKind = errorKindFromName(string(LastErrorKind));
    task.localFiles = fromJsonArrayText(bytes(LocalFiles));
    task.captured = integer(Captured) != 0;
    task.callerUserAgent = texts.share(CallerUserAgent, bytes(CallerUserAgent));
    task.capturedAt = time(CapturedAt);
    task.remixOf = string(RemixOf);
    task.starred = integer(Starred) != 0;
    return task;
}
