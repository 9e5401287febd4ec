#pragma once

#include "ApiEndpoint.h"
#include "PredictionStatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

/// What replimon-cli was asked to do, after the command line and the environment were read and checked.
struct CliOptions final
{
    enum class Command {
        Help,
        Version,
        Get,
        Wait,
        Download,
        List,
        Run,
        Rerun,
        History
    };

    /// How history prints the tasks: lines for reading, or the export's CSV or JSON (HistoryExport).
    enum class HistoryFormat {
        Table,
        Csv,
        Json
    };

    Command command = Command::Help;
    QStringList ids; ///< Deduplicated, in the order given.
    bool json = false;
    std::chrono::milliseconds interval{2000};         ///< wait: between polls of one prediction.
    std::optional<std::chrono::milliseconds> timeout; ///< wait: overall.
    bool stream = true;               ///< wait: follow urls.stream while a prediction runs (--no-stream: poll only).
    QString downloadDir;              ///< download: --dir; wait: --download.
    int limit = 100;                  ///< list; history: 0 (all) unless given
    QList<PredictionStatus> statuses; ///< history: --status (empty: all)
    QString databasePath;             ///< history: --database ("" : the app's)
    HistoryFormat historyFormat = HistoryFormat::Table; ///< history: --format
    QString historyModel;                               ///< history: --model (owner/name or name; "": all)
    QDateTime since;                                    ///< history: --since, UTC (invalid: from the start)
    bool demo = false;                                  ///< history: --demo, the demo's database
    QString model;                                      ///< run: owner/name, or owner/name:version
    QString sourceId;                                   ///< rerun: the prediction to run again
    QJsonObject input;        ///< run, rerun: the -i inputs (rerun: what replaces the source's)
    QStringList inputNotices; ///< Said on stderr before anything is sent (large files, repeated keys).
    bool wait = false;        ///< run, rerun: --wait, then as `wait` for the new prediction
    int retries = 4;          ///< Retries of a transient failure, in a row.
    ApiEndpoint endpoint;
    QString apiKey;       ///< Sanitized. Never printed.
    QString apiKeySource; ///< "--api-key", "REPLIMON_API_KEY", … or "" when none.
};

/// What the environment contributes. main() reads the real one; tests pass their own.
struct CliEnvironment final
{
    QString apiKey;       ///< Already sanitized (ApiKeys::fromEnvironment).
    QString apiKeySource; ///< The variable it came from.
    QString baseUrl;      ///< REPLIMON_BASE_URL
    QString provider;     ///< REPLIMON_PROVIDER
};
