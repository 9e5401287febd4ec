#include "HistoryOptions.h"

#include "HistoryCommand.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace {

QString withoutVersion(const QString &model)
{
    const qsizetype colon = model.indexOf(u':');
    return colon < 0 ? model : model.left(colon);
}

} // namespace

HistoryOptions::HistoryOptions()
    : m_format(QStringLiteral("format"),
               tr("history: table (default), csv or json: the fields the app's Export writes (CSV with a byte "
                  "order mark, quoted as RFC 4180 says; JSON as one array)."),
               tr("format"))
    , m_status(QStringLiteral("status"), tr("history: only tasks in these states (e.g. succeeded,failed)."),
               tr("states"))
    , m_model(QStringLiteral("model"), tr("history: only tasks of this model, owner/name or just the name (any case)."),
              tr("model"))
    , m_since(QStringLiteral("since"),
              tr("history: only tasks created since then: YYYY-MM-DD (from local midnight) or an ISO 8601 date "
                 "and time."),
              tr("date"))
    , m_database(QStringLiteral("database"), tr("history: the task database to read (default: the app's)."), tr("file"))
    , m_demo(QStringLiteral("demo"), tr("history: read the database of the app's demo (replimon --demo)."))
{}

QList<const QCommandLineOption *> HistoryOptions::options() const
{
    return {&m_format, &m_status, &m_model, &m_since, &m_database, &m_demo};
}

std::optional<QString> HistoryOptions::resolve(const QCommandLineParser &parser, CliOptions &options) const
{
    if (parser.isSet(m_format)) {
        const QString format = parser.value(m_format).trimmed().toLower();
        if (format == u"table")
            options.historyFormat = CliOptions::HistoryFormat::Table;
        else if (format == u"csv")
            options.historyFormat = CliOptions::HistoryFormat::Csv;
        else if (format == u"json")
            options.historyFormat = CliOptions::HistoryFormat::Json;
        else
            return tr("--format takes table, csv or json.");
        if (options.json)
            return tr("--json and --format cannot be combined: --json prints JSON Lines, --format json one array.");
    }
    if (parser.isSet(m_status)) {
        auto statuses = HistoryCommand::parseStatuses(parser.value(m_status));
        if (!statuses)
            return statuses.error();
        options.statuses = statuses.value();
    }
    if (parser.isSet(m_model)) {
        options.historyModel = parser.value(m_model).trimmed();
        if (options.historyModel.isEmpty())
            return tr("--model needs a model: owner/name, or just the name.");
    }
    if (parser.isSet(m_since)) {
        auto since = parseSince(parser.value(m_since));
        if (!since)
            return since.error();
        options.since = since.value();
    }
    options.databasePath = parser.value(m_database);
    options.demo = parser.isSet(m_demo);
    if (options.demo && parser.isSet(m_database))
        return tr("--demo and --database cannot be combined.");
    return std::nullopt;
}

Result<QDateTime, QString> HistoryOptions::parseSince(const QString &text)
{
    const QString trimmed = text.trimmed();
    static const QRegularExpression dateOnly(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    QDateTime since;
    if (dateOnly.match(trimmed).hasMatch()) {
        const QDate date = QDate::fromString(trimmed, Qt::ISODate);
        if (date.isValid())
            since = QDateTime(date, QTime(0, 0), Qt::LocalTime);
    } else if (trimmed.contains(u'T')) {
        since = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    }
    if (!since.isValid())
        return tr("--since takes a date (YYYY-MM-DD, from local midnight) or an ISO 8601 date and time (e.g. "
                  "2025-07-12T09:30:00Z).");
    return since.toUTC();
}

bool HistoryOptions::modelMatches(const QString &filter, const QString &model)
{
    const QString compared = filter.contains(u':') ? model : withoutVersion(model);
    if (filter.contains(u'/'))
        return compared.compare(filter, Qt::CaseInsensitive) == 0;
    const QString name = compared.mid(compared.indexOf(u'/') + 1);
    return name.compare(filter, Qt::CaseInsensitive) == 0;
}
