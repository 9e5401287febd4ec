#include "HistoryCommand.h"

#include "CostText.h"
#include "DisplayText.h"
#include "HistoryExport.h"
#include "HistoryOptions.h"
#include "Settings.h"
#include "TaskStore.h"

#include <QDir>
#include <QFileInfo>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QStandardPaths>

namespace {

QJsonValue timeOrNull(const QDateTime &utc)
{
    return utc.isValid() ? QJsonValue(utc.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QString HistoryCommand::defaultDatabasePath()
{
    // The app's AppDataLocation (organization and application "replimon"), TaskStore::defaultPath() there.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("replimon/replimon/replimon.sqlite"));
}

QString HistoryCommand::demoDatabasePath()
{
    // Where `replimon --demo` keeps its tasks (Application's demo database, beside the app's own).
    return QFileInfo(defaultDatabasePath()).dir().filePath(QStringLiteral("replimon-demo.sqlite"));
}

bool HistoryCommand::selects(const CliOptions &options, const Task &task)
{
    if (!options.statuses.isEmpty() && !options.statuses.contains(task.status))
        return false;
    if (!options.historyModel.isEmpty() && !HistoryOptions::modelMatches(options.historyModel, task.model))
        return false;
    if (options.since.isValid()) {
        // A task the server has not answered for yet is dated by when it was added.
        const QDateTime created = task.createdAt.isValid() ? task.createdAt : task.addedAt;
        if (!created.isValid() || created < options.since)
            return false;
    }
    return true;
}

Result<QList<PredictionStatus>, QString> HistoryCommand::parseStatuses(const QString &text)
{
    QList<PredictionStatus> statuses;
    for (const QString &word : text.split(u',', Qt::SkipEmptyParts)) {
        const PredictionStatus status = PredictionStatuses::fromString(word);
        if (status == PredictionStatus::Unknown)
            return tr("--status takes starting, processing, succeeded, failed, canceled or aborted (several "
                      "separated by commas).");
        if (!statuses.contains(status))
            statuses.append(status);
    }
    if (statuses.isEmpty())
        return tr("--status needs a status.");
    return statuses;
}

QString HistoryCommand::newerNote(const QString &path, const QString &writtenBy, int schemaVersion)
{
    const QString who = writtenBy.isEmpty()
        ? tr("a newer version of Replimon (schema %1; this one reads up to %2)")
              .arg(schemaVersion)
              .arg(TaskStore::schemaVersion)
        : tr("Replimon %1, newer than this one (%2)").arg(writtenBy, QStringLiteral(REPLIMON_VERSION));
    return tr("note: %1 was written by %2: it is read as it is, read-only.").arg(QDir::toNativeSeparators(path), who);
}

ExitCode HistoryCommand::run(const CliOptions &options, QIODevice &out, QIODevice &err)
{
    const QString path = !options.databasePath.isEmpty() ? options.databasePath
        : options.demo                                   ? demoDatabasePath()
                                                         : defaultDatabasePath();
    const auto say = [&err](const QString &text) { err.write((text + u'\n').toUtf8()); };
    if (!QFileInfo::exists(path)) {
        say(tr("No task database at %1: the app has not tracked anything there yet (or give --database PATH).")
                .arg(QDir::toNativeSeparators(path)));
        return ExitCode::Database;
    }
    TaskStore store;
    const auto opened = store.open(path, TaskDatabase::Access::ReadOnly);
    if (!opened) {
        say(tr("The task database could not be read: %1").arg(opened.error().message));
        if (store.foundSchemaVersion() > 0 && store.foundSchemaVersion() < TaskStore::schemaVersion)
            say(tr("It was written by an older Replimon: open it once in the app to bring it up to date."));
        return ExitCode::Database;
    }
    if (opened.value().foundSchemaVersion > TaskStore::schemaVersion)
        say(newerNote(path, opened.value().writtenBy, opened.value().foundSchemaVersion));

    // Newest first, as `list` prints the provider's.
    const QList<Task> &tasks = store.tasks();
    QList<Task> selected;
    for (auto it = tasks.crbegin(); it != tasks.crend(); ++it) {
        if (options.limit > 0 && selected.size() >= options.limit)
            break;
        if (selects(options, *it))
            selected.append(*it);
    }
    // The prices the app uses, from its settings file.
    const PriceTable prices = Settings().prices();
    switch (options.historyFormat) {
    case CliOptions::HistoryFormat::Table:
        for (const Task &task : std::as_const(selected)) {
            out.write(options.json ? json(task) + '\n'
                                   : (line(task, CostText::cell(prices.costOf(task), QLocale())) + u'\n').toUtf8());
        }
        break;
    case CliOptions::HistoryFormat::Csv:
    case CliOptions::HistoryFormat::Json: {
        const auto format = options.historyFormat == CliOptions::HistoryFormat::Csv ? HistoryExport::Format::Csv
                                                                                    : HistoryExport::Format::Json;
        out.write(HistoryExport::bytes(format, selected, prices));
        break;
    }
    }
    return ExitCode::Ok;
}

QString HistoryCommand::line(const Task &task, const QString &cost)
{
    constexpr int statusWidth = 10;
    constexpr int modelWidth = 36;
    constexpr int costWidth = 8;
    constexpr int promptLength = 60;
    QString created = DisplayText::timestamp(task.createdAt);
    if (created.isEmpty())
        created = QStringLiteral("-");
    const QString status = task.statusText.isEmpty() ? PredictionStatuses::toString(task.status) : task.statusText;
    const QString model = task.model.isEmpty() ? QStringLiteral("-") : task.model;
    return task.key.id + QStringLiteral("  ") + status.leftJustified(statusWidth) + QStringLiteral("  ") + created
        + QStringLiteral("  ") + model.leftJustified(modelWidth) + QStringLiteral("  ")
        + (cost.isEmpty() ? QStringLiteral("-") : cost).rightJustified(costWidth) + QStringLiteral("  ")
        + DisplayText::oneLine(task.prompt, promptLength);
}

QByteArray HistoryCommand::json(const Task &task)
{
    QJsonObject object;
    object.insert(QStringLiteral("id"), task.key.id);
    object.insert(QStringLiteral("provider"), task.key.provider);
    object.insert(QStringLiteral("status"),
                  task.statusText.isEmpty() ? PredictionStatuses::toString(task.status) : task.statusText);
    object.insert(QStringLiteral("model"), task.model);
    object.insert(QStringLiteral("prompt"), task.prompt);
    object.insert(QStringLiteral("created_at"), timeOrNull(task.createdAt));
    object.insert(QStringLiteral("completed_at"), timeOrNull(task.completedAt));
    object.insert(QStringLiteral("added_at"), timeOrNull(task.addedAt));
    object.insert(QStringLiteral("output_urls"), QJsonArray::fromStringList(task.outputUrlTexts));
    object.insert(QStringLiteral("local_files"), QJsonArray::fromStringList(task.localFiles));
    object.insert(QStringLiteral("last_error"), task.lastError);
    object.insert(QStringLiteral("captured"), task.captured);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
