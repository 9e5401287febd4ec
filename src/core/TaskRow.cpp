#include "TaskRow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSet>
#include <QStringList>

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

// The driver binds a null QString as SQL NULL, which the NOT NULL text columns refuse.
QString text(const QString &value)
{
    return value.isNull() ? QString(QLatin1String("")) : value;
}

} // namespace

QString TaskRow::selectStatement()
{
    static_assert(std::size(columnNames) == size_t(ColumnCount), "a name for every column");
    QStringList columns;
    for (int column = 0; column < ColumnCount; ++column)
        columns.append(columnName(column));
    return QStringLiteral("SELECT %1 FROM tasks ORDER BY added_at, rowid").arg(columns.join(QStringLiteral(", ")));
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
        if (column != Provider && column != Id && column != AddedAt)
            assignments.append(columnName(column) + QStringLiteral(" = ") + placeholder(column));
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
    // As bytes: the driver hands them back without two UTF-16 conversions per row at load.
    query.bindValue(placeholder(RawJson), task.rawJson.isNull() ? QByteArray("") : task.rawJson);
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
    query.bindValue(placeholder(WebUrl), text(task.webUrl.toString(QUrl::FullyEncoded)));
    query.bindValue(placeholder(OutputUrls), toJsonArrayText(urlsToStrings(task.outputUrls)));
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
    query.bindValue(placeholder(AddedAt), task.addedAt.toMSecsSinceEpoch());
}

std::optional<QString> TaskRow::readAll(const QSqlDatabase &database, QList<Task> &tasks)
{
    QSqlQuery query(database);
    query.setForwardOnly(true);
    if (query.exec(QStringLiteral("SELECT COUNT(*) FROM tasks")) && query.next())
        tasks.reserve(tasks.size() + query.value(0).toInt());
    query.finish();

    if (!query.exec(selectStatement()))
        return query.lastError().text();
    const auto row = reader(query.record());
    if (!row.ok())
        return row.error();
    // Providers, statuses, models and callers repeat from row to row: each distinct text is kept once and
    // shared by the tasks that have it, rather than once per task.
    QSet<QString> texts;
    const auto share = [&texts](QString &text) {
        const auto known = texts.constFind(text);
        if (known != texts.cend())
            text = *known;
        else
            texts.insert(text);
    };
    while (query.next()) {
        Task task = row.value().read(query);
        share(task.key.provider);
        share(task.statusText);
        share(task.model);
        share(task.callerUserAgent);
        tasks.append(std::move(task));
    }
    if (query.lastError().isValid())
        return query.lastError().text();
    return std::nullopt;
}

void TaskRow::bindCheckTime(QSqlQuery &query, const Task &task)
{
    query.bindValue(placeholder(Provider), task.key.provider);
    query.bindValue(placeholder(Id), task.key.id);
    query.bindValue(placeholder(LastCheckedAt), msOrNull(task.lastCheckedAt));
}

Result<TaskRow, QString> TaskRow::reader(const QSqlRecord &record)
{
    TaskRow row;
    for (int column = 0; column < ColumnCount; ++column) {
        row.m_position[column] = record.indexOf(columnName(column));
        if (row.m_position[column] < 0)
            return QStringLiteral("the tasks table has no column %1").arg(columnName(column));
    }
    return row;
}

Task TaskRow::read(const QSqlQuery &query) const
{
    const auto value = [&](Column column) { return query.value(m_position[column]); };
    Task task;
    task.key.provider = value(Provider).toString();
    task.key.id = value(Id).toString();
    if (const QVariant raw = value(RawJson); raw.userType() == QMetaType::QByteArray)
        task.rawJson = raw.toByteArray();
    else
        task.rawJson = raw.toString().toUtf8(); // written as text by hand or by another tool
    task.statusText = value(Status).toString();
    task.status = PredictionStatuses::fromString(task.statusText);
    task.model = value(Model).toString();
    task.prompt = value(Prompt).toString();
    task.createdAt = timeFromMs(value(CreatedAt));
    task.startedAt = timeFromMs(value(StartedAt));
    task.completedAt = timeFromMs(value(CompletedAt));
    if (const QVariant v = value(PredictTime); !v.isNull())
        task.predictTime = v.toDouble();
    if (const QVariant v = value(ImageCount); !v.isNull())
        task.imageCount = v.toInt();
    task.dataRemoved = value(DataRemoved).toInt() != 0;
    task.webUrl = QUrl(value(WebUrl).toString(), QUrl::StrictMode);
    task.outputUrls = stringsToUrls(fromJsonArrayText(value(OutputUrls).toString()));
    task.addedAt = QDateTime::fromMSecsSinceEpoch(value(AddedAt).toLongLong(), Qt::UTC);
    task.lastCheckedAt = timeFromMs(value(LastCheckedAt));
    task.lastError = value(LastError).toString();
    task.lastErrorKind = errorKindFromName(value(LastErrorKind).toString());
    task.localFiles = fromJsonArrayText(value(LocalFiles).toString());
    task.captured = value(Captured).toInt() != 0;
    task.callerUserAgent = value(CallerUserAgent).toString();
    task.capturedAt = timeFromMs(value(CapturedAt));
    task.remixOf = value(RemixOf).toString();
    task.starred = value(Starred).toInt() != 0;
    return task;
}
