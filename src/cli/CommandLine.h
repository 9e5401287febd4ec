#pragma once

#include "CliOptions.h"
#include "HistoryOptions.h"
#include "Result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

/// Reads replimon-cli's command line and environment into CliOptions, or explains what is wrong.
///
/// Options may come before or after the command and the ids. Command-line options beat the environment.
/// No message ever repeats an option's value verbatim when it could be the API key.
class CommandLine final
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    CommandLine();
    CommandLine(const CommandLine &) = delete;
    CommandLine &operator=(const CommandLine &) = delete;

    /// @p arguments starts with the program name, like QCoreApplication::arguments().
    /// @p readStandardInput is called (once) only when an id argument is "-".
    /// The error is a message for the user (usage error, exit code 2).
    Result<CliOptions, QString> parse(const QStringList &arguments, const CliEnvironment &environment,
                                      const std::function<QString()> &readStandardInput = {});

    /// The full --help text: commands, options, environment and exit codes.
    QString helpText() const;
    static QString versionText();
    static QString programName() { return QStringLiteral("replimon-cli"); }

private:
    Result<ApiEndpoint, QString> resolveEndpoint(const CliEnvironment &environment) const;
    /// run and rerun: the model or the source, and the inputs.
    std::optional<QString> resolveCreate(const QStringList &positional, CliOptions &options,
                                         const std::function<QString()> &readStandardInput) const;
    Result<QStringList, QString> resolveIds(const QStringList &arguments, const QString &apiKey,
                                            const std::function<QString()> &readStandardInput) const;

    QCommandLineParser m_parser;
    QCommandLineOption m_json;
    QCommandLineOption m_interval;
    QCommandLineOption m_timeout;
    QCommandLineOption m_noStream;
    QCommandLineOption m_download;
    QCommandLineOption m_dir;
    QCommandLineOption m_limit;
    QCommandLineOption m_provider;
    QCommandLineOption m_baseUrl;
    QCommandLineOption m_apiKey;
    QCommandLineOption m_retries;
    QCommandLineOption m_input;
    QCommandLineOption m_wait;
    HistoryOptions m_history;
    QCommandLineOption m_help;
    QCommandLineOption m_version;
    QList<const QCommandLineOption *> m_helpOrder;
};
