#pragma once

#include "CliOptions.h"
#include "Result.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

class QCommandLineParser;

/// The options only `history` takes: which tasks (--status, --model, --since), from which database
/// (--database, --demo) and printed how (--format). CommandLine adds them to its parser and refuses them
/// with the other commands.
class HistoryOptions final
{
    Q_DECLARE_TR_FUNCTIONS(HistoryOptions)

public:
    HistoryOptions();

    /// In the order --help lists them.
    QList<const QCommandLineOption *> options() const;
    /// Reads what the parser found into @p options. The error is a usage message (exit code 2).
    std::optional<QString> resolve(const QCommandLineParser &parser, CliOptions &options) const;

    /// --since: YYYY-MM-DD is that day's local midnight; an ISO 8601 date and time without an offset is
    /// local time. UTC, or a usage message.
    static Result<QDateTime, QString> parseSince(const QString &text);
    /// --model: @p filter names owner/name, or only the name; any case; a version is ignored unless the
    /// filter gives one.
    static bool modelMatches(const QString &filter, const QString &model);

private:
    QCommandLineOption m_format;
    QCommandLineOption m_status;
    QCommandLineOption m_model;
    QCommandLineOption m_since;
    QCommandLineOption m_database;
    QCommandLineOption m_demo;
};
