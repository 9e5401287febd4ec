#pragma once

#include "CliOptions.h"
#include "ExitCode.h"
#include "PredictionStatus.h"
#include "Result.h"
#include "Task.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

class QIODevice;

/// `replimon-cli history`: the tasks the desktop app tracks, read from its task database without ever
/// writing it (SQLite's read-only open; nothing is migrated, nothing made beside the file), so that it
/// runs beside the app and reads a database a newer Replimon wrote.
class HistoryCommand final
{
    Q_DECLARE_TR_FUNCTIONS(HistoryCommand)

public:
    /// Where the desktop app keeps its tasks: its own data folder, not the CLI's.
    static QString defaultDatabasePath();
    /// Where the app's demo (replimon --demo) keeps its tasks.
    static QString demoDatabasePath();
    /// Whether @p task passes history's filters: --status, --model and --since.
    static bool selects(const CliOptions &options, const Task &task);
    /// Statuses as given to --status ("succeeded", "failed,canceled"); the error is a usage message.
    static Result<QList<PredictionStatus>, QString> parseStatuses(const QString &text);

    /// Prints the tasks of options.databasePath (or the app's, or its demo's), newest first, filtered by
    /// selects() and cut to options.limit (0: all), to @p out as lines, JSON Lines (--json) or the export's
    /// CSV or JSON (--format, priced by the app's settings file); notes and errors to @p err.
    static ExitCode run(const CliOptions &options, QIODevice &out, QIODevice &err);

    /// One line of the listing: id, status, created (local), model, @p cost (CostText::cell; "-" when
    /// empty), prompt (shortened).
    static QString line(const Task &task, const QString &cost);
    /// One compact JSON object (a line of --json): what the line shows, and more.
    static QByteArray json(const Task &task);
    /// The note said on stderr when the database is newer than this build's.
    static QString newerNote(const QString &path, const QString &writtenBy, int schemaVersion);
};
