#include "CommandLine.h"

#include "ApiKey.h"
#include "CreateInputs.h"
#include "ExitCode.h"
#include "StandardInputIds.h"
#include "TextWrap.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>

using std::chrono::milliseconds;

namespace {

constexpr double minIntervalSeconds = 0.5;
constexpr int maxRetries = 100;
constexpr int maxListLimit = 100000;
constexpr int maxUnusableShown = 3;

// A number of seconds as typed by the user; "C" locale so "0.5" means the same everywhere.
std::optional<double> parseSeconds(const QString &text)
{
    bool ok = false;
    const double value = QLocale::c().toDouble(text.trimmed(), &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<int> parseCount(const QString &text)
{
    bool ok = false;
    const int value = QLocale::c().toInt(text.trimmed(), &ok);
    if (!ok)
        return std::nullopt;
    return value;
}

milliseconds toMilliseconds(double seconds)
{
    return milliseconds(std::llround(seconds * 1000.0));
}

// A token the user named explicitly as an id. Relays do not all use Replicate's id style, so
// anything that can stand as one URL path segment is given to the server to judge.
bool isExplicitId(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$"));
    return pattern.match(text).hasMatch();
}

// Text to quote back in an error message without ever showing the key.
QString quotable(const QString &text, const QString &apiKey)
{
    QString shown = text;
    if (!apiKey.isEmpty() && shown.contains(apiKey))
        shown.replace(apiKey, ApiKeys::redacted(apiKey));
    constexpr int maxShown = 80;
    if (shown.size() > maxShown)
        shown = shown.left(maxShown - 1) + QChar(0x2026);
    return shown;
}

} // namespace

CommandLine::CommandLine()
    : m_json(QStringLiteral("json"),
             tr("get, wait, list, run, rerun: print each prediction as the JSON the server sent, one object "
                "per line (JSON Lines); history: each task as a JSON line (see also --format)."))
    , m_interval({QStringLiteral("i"), QStringLiteral("interval")},
                 tr("wait: seconds between two polls of a prediction (default 2, at least 0.5)."), tr("seconds"),
                 QStringLiteral("2"))
    , m_timeout({QStringLiteral("t"), QStringLiteral("timeout")},
                tr("wait: give up after this many seconds in all (exit code 5)."), tr("seconds"))
    , m_noStream(QStringLiteral("no-stream"),
                 tr("wait: only poll; do not follow the predictions' event streams (urls.stream)."))
    , m_download(QStringLiteral("download"),
                 tr("wait (and run, rerun with --wait): save the outputs of the predictions that succeed into <dir> "
                    "as soon as they do."),
                 tr("dir"))
    , m_dir({QStringLiteral("d"), QStringLiteral("dir")},
            tr("download: the folder to save the outputs into (created if missing)."), tr("dir"))
    , m_limit({QStringLiteral("n"), QStringLiteral("limit")},
              tr("list: show at most this many predictions, following the pages (default 100); history: the "
                 "newest this many tasks (default all)."),
              tr("count"), QStringLiteral("100"))
    , m_provider({QStringLiteral("p"), QStringLiteral("provider")},
                 tr("quickrouter (default), anyapi, replicate or custom."), tr("name"))
    , m_baseUrl(QStringLiteral("base-url"),
                tr("The API root of a compatible server, e.g. http://127.0.0.1:8080/v1 (implies --provider "
                   "custom)."),
                tr("url"))
    , m_apiKey(QStringLiteral("api-key"),
               tr("The API key. Better avoided: other users of this computer can read command lines in the "
                  "process list. Prefer the REPLIMON_API_KEY environment variable."),
               tr("key"))
    , m_retries(QStringLiteral("retries"),
                tr("How often a network error, server error, timeout or rate limit is retried in a row before "
                   "giving up (default 4). Waits grow from 1 s; a rate limit waits what the server asks."),
                tr("count"), QStringLiteral("4"))
    , m_input(QStringLiteral("input"),
              tr("run, rerun: an input of the model, as key=value; -i is short for it there. The value is read "
                 "as JSON where it parses (42, true, [1,2], \"text\") and as text otherwise; @FILE sends a local "
                 "file as a data: URI (up to 8 MiB)."),
              tr("key=value"))
    , m_wait(QStringLiteral("wait"),
             tr("run, rerun: then wait for the new prediction as the wait command does (with --interval, "
                "--timeout and --download)."))
    , m_help({QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help."))
    , m_version({QStringLiteral("v"), QStringLiteral("version")}, tr("Show the version."))
{
    m_helpOrder = {&m_json, &m_interval, &m_timeout, &m_noStream, &m_download, &m_dir, &m_limit};
    m_helpOrder += m_history.options();
    m_helpOrder += {&m_input, &m_wait, &m_provider, &m_baseUrl, &m_apiKey, &m_retries, &m_help, &m_version};
    for (const QCommandLineOption *option : std::as_const(m_helpOrder))
        m_parser.addOption(*option);
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
}

QString CommandLine::versionText()
{
    return programName() + u' ' + QStringLiteral(REPLIMON_VERSION);
}

QString CommandLine::helpText() const
{
    constexpr int commandColumn = 27;
    constexpr int optionIndent = 6;
    QString text;
    text += tr("Usage: %1 COMMAND [options] [ID…]").arg(programName()) + u'\n';
    text += u'\n';
    text += TextWrap::wrapped(
        tr("Shows, waits for and downloads Replicate predictions, through Replicate itself, a relay "
           "(QuickRouter, AnyAPI) or any compatible server."),
        0, 0);
    text += u'\n';
    text += tr("Commands:") + u'\n';
    const QList<std::pair<QString, QString>> commands = {
        {QStringLiteral("get ID…"), tr("Show a summary of each prediction (or its JSON with --json).")},
        {QStringLiteral("wait ID…"),
         tr("Poll until every prediction has ended, then show the summaries. Progress goes to stderr.")},
        {QStringLiteral("download ID… --dir DIR"),
         tr("Save every output of each prediction into DIR as ID.EXT, or ID-N.EXT when there are several; "
            "text outputs as ID.txt. Prints the paths.")},
        {QStringLiteral("list"), tr("List recent predictions, newest first (not every provider offers it).")},
        {QStringLiteral("run MODEL -i KEY=VALUE…"),
         tr("Create a prediction of MODEL (owner/name, or owner/name:version) with the given inputs and show "
            "it. A create whose answer is lost is looked for, never sent twice.")},
        {QStringLiteral("rerun ID [-i KEY=VALUE…]"),
         tr("Create a prediction with the model (and version) and inputs of ID, -i replacing or adding "
            "inputs.")},
        {QStringLiteral("history"),
         tr("List the tasks the app tracks, newest first, from its task database (read only, never written; "
            "also one a newer Replimon wrote).")},
    };
    for (const auto &[name, description] : commands) {
        const QString head = QStringLiteral("  ") + name.leftJustified(commandColumn - 3) + u' ';
        text += head + TextWrap::wrapped(description, int(head.size()), commandColumn);
    }
    text += u'\n';
    text += TextWrap::wrapped(tr("An ID is a prediction id or any URL that contains one (https://replicate.com/p/ID, "
                                 ".../predictions/ID). \"-\" reads ids from standard input, one or more per line."),
                              0, 0);
    text += u'\n';
    text += tr("Options:") + u'\n';
    for (const QCommandLineOption *option : m_helpOrder) {
        QStringList names;
        const QStringList optionNames = option->names();
        for (const QString &name : optionNames)
            names << (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
        QString head = names.join(QStringLiteral(", "));
        if (!option->valueName().isEmpty())
            head += QStringLiteral(" <") + option->valueName() + u'>';
        text += QStringLiteral("  ") + head + u'\n';
        text += QString(optionIndent, u' ') + TextWrap::wrapped(option->description(), optionIndent, optionIndent);
    }
    text += u'\n';
    text += tr("Environment:") + u'\n';
    const QList<std::pair<QString, QString>> variables = {
        {QStringLiteral("REPLIMON_API_KEY"), tr("The API key.")},
        {QStringLiteral("REPLICATE_API_TOKEN"), tr("The API key, when REPLIMON_API_KEY is not set.")},
        {QStringLiteral("REPLIMON_PROVIDER"), tr("Like --provider.")},
        {QStringLiteral("REPLIMON_BASE_URL"), tr("Like --base-url.")},
    };
    for (const auto &[name, description] : variables)
        text += QStringLiteral("  ") + name.leftJustified(commandColumn - 3) + u' ' + description + u'\n';
    text += TextWrap::wrapped(tr("Options win over the environment. Keys are cleaned of spaces, quotes and a leading "
                                 "\"Bearer \". The key is never printed."),
                              0, 0);
    text += u'\n';
    text += tr("Exit codes (with several predictions, the highest code wins):") + u'\n';
    const auto codes = ExitCodes::descriptions();
    for (const auto &[code, description] : codes) {
        const QString head = QStringLiteral("  %1  ").arg(code);
        text += head + TextWrap::wrapped(description, int(head.size()), int(head.size()));
    }
    return text;
}

Result<CliOptions, QString> CommandLine::parse(const QStringList &arguments, const CliEnvironment &environment,
                                               const std::function<QString()> &readStandardInput)
{
    if (!m_parser.parse(arguments))
        return m_parser.errorText();
    // -i is --interval for wait and --input for run and rerun.
    const QStringList firstPositional = m_parser.positionalArguments();
    if (!firstPositional.isEmpty() && (firstPositional.first() == u"run" || firstPositional.first() == u"rerun")) {
        QStringList rewritten = arguments;
        for (qsizetype i = 1; i < rewritten.size() && rewritten.at(i) != u"--"; ++i) {
            if (rewritten.at(i) == u"-i")
                rewritten[i] = QStringLiteral("--input");
        }
        if (!m_parser.parse(rewritten))
            return m_parser.errorText();
    }

    CliOptions options;
    if (m_parser.isSet(m_help)) {
        options.command = CliOptions::Command::Help;
        return options;
    }
    if (m_parser.isSet(m_version)) {
        options.command = CliOptions::Command::Version;
        return options;
    }

    const QStringList positional = m_parser.positionalArguments();
    if (positional.isEmpty())
        return tr("No command given: use get, wait, download, list, run, rerun or history.");
    const QString command = positional.first();
    if (command == u"get")
        options.command = CliOptions::Command::Get;
    else if (command == u"wait")
        options.command = CliOptions::Command::Wait;
    else if (command == u"download")
        options.command = CliOptions::Command::Download;
    else if (command == u"list")
        options.command = CliOptions::Command::List;
    else if (command == u"run")
        options.command = CliOptions::Command::Run;
    else if (command == u"rerun")
        options.command = CliOptions::Command::Rerun;
    else if (command == u"history")
        options.command = CliOptions::Command::History;
    else if (command == u"help") {
        options.command = CliOptions::Command::Help;
        return options;
    } else
        return tr("Unknown command \"%1\": use get, wait, download, list, run, rerun or history.")
            .arg(quotable(command, {}));

    // Options that belong to one command are refused elsewhere rather than silently ignored.
    using Command = CliOptions::Command;
    QList<std::pair<const QCommandLineOption *, QList<Command>>> scoped = {
        {&m_json, {Command::Get, Command::Wait, Command::List, Command::Run, Command::Rerun, Command::History}},
        {&m_interval, {Command::Wait, Command::Run, Command::Rerun}},
        {&m_timeout, {Command::Wait, Command::Run, Command::Rerun}},
        {&m_noStream, {Command::Wait, Command::Run, Command::Rerun}},
        {&m_download, {Command::Wait, Command::Run, Command::Rerun}},
        {&m_dir, {Command::Download}},
        {&m_limit, {Command::List, Command::History}},
        {&m_input, {Command::Run, Command::Rerun}},
        {&m_wait, {Command::Run, Command::Rerun}},
    };
    for (const QCommandLineOption *option : m_history.options())
        scoped.append({option, {Command::History}});
    for (const auto &[option, commands] : std::as_const(scoped)) {
        if (m_parser.isSet(*option) && !commands.contains(options.command))
            return tr("--%1 does not apply to %2.").arg(option->names().constLast(), command);
    }

    options.json = m_parser.isSet(m_json);
    options.stream = !m_parser.isSet(m_noStream);

    if (m_parser.isSet(m_interval)) {
        const auto seconds = parseSeconds(m_parser.value(m_interval));
        if (!seconds || *seconds < minIntervalSeconds)
            return tr("--interval takes a number of seconds, at least 0.5.");
        options.interval = toMilliseconds(*seconds);
    }
    if (m_parser.isSet(m_timeout)) {
        const auto seconds = parseSeconds(m_parser.value(m_timeout));
        if (!seconds || *seconds <= 0)
            return tr("--timeout takes a positive number of seconds.");
        options.timeout = toMilliseconds(*seconds);
    }
    if (options.command == Command::History)
        options.limit = 0; // all, unless given
    if (m_parser.isSet(m_limit)) {
        const auto count = parseCount(m_parser.value(m_limit));
        if (!count || *count < 1 || *count > maxListLimit)
            return tr("--limit takes a whole number from 1 to %1.").arg(maxListLimit);
        options.limit = *count;
    }
    if (m_parser.isSet(m_retries)) {
        const auto count = parseCount(m_parser.value(m_retries));
        if (!count || *count < 0 || *count > maxRetries)
            return tr("--retries takes a whole number from 0 to %1.").arg(maxRetries);
        options.retries = *count;
    }
    if (options.command == Command::Download) {
        options.downloadDir = m_parser.value(m_dir);
        if (options.downloadDir.trimmed().isEmpty())
            return tr("download needs --dir DIR: the folder to save the outputs into.");
    } else if (m_parser.isSet(m_download)) {
        options.downloadDir = m_parser.value(m_download);
        if (options.downloadDir.trimmed().isEmpty())
            return tr("--download needs a folder.");
    }

    if (m_parser.isSet(m_apiKey)) {
        options.apiKey = ApiKeys::sanitize(m_parser.value(m_apiKey));
        if (options.apiKey.isEmpty())
            return tr("--api-key is empty.");
        options.apiKeySource = QStringLiteral("--api-key");
    } else {
        options.apiKey = ApiKeys::sanitize(environment.apiKey);
        options.apiKeySource = options.apiKey.isEmpty() ? QString() : environment.apiKeySource;
    }

    auto endpoint = resolveEndpoint(environment);
    if (!endpoint)
        return endpoint.error();
    options.endpoint = endpoint.value();

    if (options.command == Command::History) {
        if (const auto problem = m_history.resolve(m_parser, options))
            return *problem;
    }
    if (options.command == Command::List || options.command == Command::History) {
        if (positional.size() > 1)
            return tr("%1 takes no ids.").arg(command);
        return options;
    }
    if (options.command == Command::Run || options.command == Command::Rerun) {
        if (const auto problem = resolveCreate(positional, options, readStandardInput))
            return *problem;
        return options;
    }
    auto ids = resolveIds(positional.mid(1), options.apiKey, readStandardInput);
    if (!ids)
        return ids.error();
    if (ids.value().isEmpty())
        return tr("%1 needs at least one prediction id.").arg(command);
    options.ids = ids.value();
    return options;
}

Result<ApiEndpoint, QString> CommandLine::resolveEndpoint(const CliEnvironment &environment) const
{
    using Provider = ApiEndpoint::Provider;
    auto providerNamed = [](const QString &name) -> std::optional<Provider> {
        const auto provider = ApiEndpoint::providerFromKey(name);
        if (provider && ApiEndpoint::selectableProviders().contains(*provider))
            return provider;
        return std::nullopt;
    };
    auto customRoot = [](const QString &root, const QString &source) -> Result<ApiEndpoint, QString> {
        auto endpoint = ApiEndpoint::fromRoot(Provider::Custom, root);
        if (!endpoint)
            return tr("%1: %2").arg(source, endpoint.error());
        return endpoint.value();
    };

    if (m_parser.isSet(m_baseUrl)) {
        if (m_parser.isSet(m_provider)) {
            const auto provider = providerNamed(m_parser.value(m_provider));
            if (provider != Provider::Custom)
                return tr("--base-url sets a custom provider; it cannot be combined with another --provider.");
        }
        return customRoot(m_parser.value(m_baseUrl), QStringLiteral("--base-url"));
    }
    if (m_parser.isSet(m_provider)) {
        const auto provider = providerNamed(m_parser.value(m_provider));
        if (!provider)
            return tr("--provider takes quickrouter, anyapi, replicate or custom.");
        if (*provider != Provider::Custom)
            return ApiEndpoint::preset(*provider);
        if (environment.baseUrl.trimmed().isEmpty())
            return tr("--provider custom needs --base-url URL (or REPLIMON_BASE_URL).");
        return customRoot(environment.baseUrl, QStringLiteral("REPLIMON_BASE_URL"));
    }
    if (!environment.baseUrl.trimmed().isEmpty())
        return customRoot(environment.baseUrl, QStringLiteral("REPLIMON_BASE_URL"));
    if (!environment.provider.trimmed().isEmpty()) {
        const auto provider = providerNamed(environment.provider);
        if (!provider)
            return tr("REPLIMON_PROVIDER takes quickrouter, anyapi, replicate or custom.");
        if (*provider == Provider::Custom)
            return tr("REPLIMON_PROVIDER is custom but no address is set: use --base-url URL or "
                      "REPLIMON_BASE_URL.");
        return ApiEndpoint::preset(*provider);
    }
    return ApiEndpoint::preset(Provider::QuickRouter);
}

std::optional<QString> CommandLine::resolveCreate(const QStringList &positional, CliOptions &options,
                                                  const std::function<QString()> &readStandardInput) const
{
    const QString command = positional.first();
    options.wait = m_parser.isSet(m_wait);
    if (!options.wait) {
        for (const QCommandLineOption *option : {&m_interval, &m_timeout, &m_download}) {
            if (m_parser.isSet(*option))
                return tr("--%1 needs --wait with %2.").arg(option->names().constLast(), command);
        }
    }
    auto inputs = CreateInputs::parse(m_parser.values(m_input));
    if (!inputs)
        return inputs.error();
    options.input = inputs.value().input;
    options.inputNotices = inputs.value().notices;

    if (options.command == CliOptions::Command::Run) {
        static const QRegularExpression model(
            QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9]+)?$"));
        if (positional.size() != 2 || !model.match(positional.at(1)).hasMatch())
            return tr("run takes one model, as owner/name or owner/name:version (e.g. "
                      "black-forest-labs/flux-schnell).");
        if (options.input.isEmpty())
            return tr("run needs the model's inputs: -i key=value (e.g. -i prompt=\"a red fox\").");
        options.model = positional.at(1);
        return std::nullopt;
    }
    auto ids = resolveIds(positional.mid(1), options.apiKey, readStandardInput);
    if (!ids)
        return ids.error();
    if (ids.value().size() != 1)
        return tr("rerun takes one prediction id.");
    options.sourceId = ids.value().constFirst();
    return std::nullopt;
}

Result<QStringList, QString> CommandLine::resolveIds(const QStringList &arguments, const QString &apiKey,
                                                     const std::function<QString()> &readStandardInput) const
{
    QStringList ids;
    QStringList unusable;
    bool stdinRead = false;
    auto add = [&ids](const QStringList &found) {
        for (const QString &id : found) {
            if (!ids.contains(id))
                ids.append(id);
        }
    };
    for (const QString &argument : arguments) {
        if (argument == u"-") {
            if (stdinRead)
                continue;
            stdinRead = true;
            const QString text = readStandardInput ? readStandardInput() : QString();
            add(StandardInputIds::read(text, &unusable));
            continue;
        }
        const QString trimmed = argument.trimmed();
        if (trimmed.isEmpty())
            continue;
        if (isExplicitId(trimmed)) {
            add({trimmed});
            continue;
        }
        QStringList rest;
        const QStringList found = ApiEndpoint::extractIds(trimmed, &rest);
        add(found);
        if (found.isEmpty())
            unusable.append(trimmed);
    }
    if (!unusable.isEmpty()) {
        QStringList shown;
        for (const QString &text : std::as_const(unusable).mid(0, maxUnusableShown))
            shown << u'"' + quotable(text, apiKey) + u'"';
        QString message = tr("No prediction id found in %1").arg(shown.join(QStringLiteral(", ")));
        if (unusable.size() > maxUnusableShown)
            message += tr(" and %n more", nullptr, int(unusable.size() - maxUnusableShown));
        return QString(message + u'.');
    }
    return ids;
}
