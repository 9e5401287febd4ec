#include "HistoryExport.h"

#include "RawJsonScanner.h"
#include "SafeWrite.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace {

// Cells a spreadsheet would evaluate: =1+1, +1, -1, @SUM(…), and a tab or CR some of them skip first.
bool looksLikeFormula(const QString &text)
{
    if (text.isEmpty())
        return false;
    const QChar first = text.front();
    return first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' || first == u'\r';
}

// What the export says of one task, taken from it once for either format.
struct Row final
{
    QString status;
    QString created;
    QString started;
    QString completed;
    std::optional<double> predictTime;
    std::optional<int> imageCount;
    TaskCost cost;
    QByteArray inputs; ///< the input object's compact JSON text; "" when the prediction has none
    QStringList outputUrls;
};

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

Row rowOf(const Task &task, const PriceTable &prices)
{
    Row row;
    row.status = task.statusText.isEmpty() ? PredictionStatuses::toString(task.status) : task.statusText;
    row.created = isoTime(task.createdAt);
    row.started = isoTime(task.startedAt);
    row.completed = isoTime(task.completedAt);
    row.predictTime = task.predictTime;
    // As the price table counts images, so that the count and the cost beside it agree; another ending keeps
    // what the server reported.
    row.imageCount = task.status == PredictionStatus::Succeeded ? PriceTable::imagesMade(task) : task.imageCount;
    row.cost = prices.costOf(task);
    if (row.cost.known())
        row.cost.money.amount = HistoryExport::roundedAmount(row.cost.money.amount);
    if (task.hasPrediction()) {
        const QByteArray json = task.rawJson(); // the scanner reads it in place
        const RawJsonScanner scanner(json);
        if (const auto input = scanner.memberValue(scanner.whole(), QStringLiteral("input")))
            row.inputs = scanner.compact(*input);
        if (!row.inputs.startsWith('{'))
            row.inputs.clear(); // null, or not an object: nothing to show as inputs
    }
    row.outputUrls = task.outputUrlTexts;
    return row;
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QStringList HistoryExport::fields()
{
    return {QStringLiteral("id"),         QStringLiteral("provider"),     QStringLiteral("model"),
            QStringLiteral("status"),     QStringLiteral("created"),      QStringLiteral("started"),
            QStringLiteral("completed"),  QStringLiteral("predict_time"), QStringLiteral("image_count"),
            QStringLiteral("cost"),       QStringLiteral("currency"),     QStringLiteral("cost_status"),
            QStringLiteral("prompt"),     QStringLiteral("inputs"),       QStringLiteral("output_urls"),
            QStringLiteral("local_files")};
}

std::optional<HistoryExport::Format> HistoryExport::formatNamed(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == u"csv")
        return Format::Csv;
    if (lower == u"json")
        return Format::Json;
    return std::nullopt;
}

std::optional<HistoryExport::Format> HistoryExport::formatOfPath(const QString &path)
{
    return formatNamed(QFileInfo(path).suffix());
}

QString HistoryExport::extension(Format format)
{
    return format == Format::Csv ? QStringLiteral("csv") : QStringLiteral("json");
}

QString HistoryExport::costStatusKey(TaskCost::Kind kind)
{
    switch (kind) {
    case TaskCost::Kind::Known:
        return QStringLiteral("known");
    case TaskCost::Kind::Unknown:
        break;
    case TaskCost::Kind::Pending:
        return QStringLiteral("pending");
    }
    return QStringLiteral("unknown");
}

QString HistoryExport::plainNumber(double value)
{
    return QString::number(value, 'f', QLocale::FloatingPointShortest);
}

double HistoryExport::roundedAmount(double amount)
{
    constexpr double scale = 1e9;
    return std::round(amount * scale) / scale;
}

QByteArray HistoryExport::csvCell(const QString &text, bool guard)
{
    QByteArray bytes = ((guard && looksLikeFormula(text)) ? u'\'' + text : text).toUtf8();
    const bool quote = bytes.contains(',') || bytes.contains('"') || bytes.contains('\r') || bytes.contains('\n');
    if (!quote)
        return bytes;
    bytes.replace('"', QByteArrayLiteral("\"\""));
    return '"' + bytes + '"';
}

QByteArray HistoryExport::csv(const QList<Task> &tasks, const PriceTable &prices)
{
    constexpr char bom[] = "\xEF\xBB\xBF";
    constexpr char lineEnd[] = "\r\n";
    QByteArray out(bom);
    out.reserve(qsizetype(tasks.size()) * 512);
    out += fields().join(u',').toLatin1() + lineEnd;
    const auto number = [](const auto &value) { return value ? plainNumber(double(*value)).toLatin1() : QByteArray(); };
    for (const Task &task : tasks) {
        const Row row = rowOf(task, prices);
        const bool priced = row.cost.kind != TaskCost::Kind::Unknown;
        const QByteArray cells[] = {
            csvCell(task.key.id),
            csvCell(task.key.provider),
            csvCell(task.model),
            csvCell(row.status),
            row.created.toLatin1(),
            row.started.toLatin1(),
            row.completed.toLatin1(),
            number(row.predictTime),
            number(row.imageCount),
            row.cost.known() ? plainNumber(row.cost.money.amount).toLatin1() : QByteArray(),
            priced ? csvCell(row.cost.money.currency) : QByteArray(),
            costStatusKey(row.cost.kind).toLatin1(),
            csvCell(task.prompt),
            csvCell(QString::fromUtf8(row.inputs)),
            csvCell(row.outputUrls.join(u'\n')),
            csvCell(task.localFiles.join(u'\n')),
        };
        bool first = true;
        for (const QByteArray &cell : cells) {
            if (!first)
                out += ',';
            out += cell;
            first = false;
        }
        out += lineEnd;
    }
    return out;
}

QByteArray HistoryExport::json(const QList<Task> &tasks, const PriceTable &prices)
{
    QByteArray out("[");
    out.reserve(qsizetype(tasks.size()) * 640);
    const auto number = [](const auto &value) { return value ? QJsonValue(double(*value)) : QJsonValue(); };
    bool first = true;
    for (const Task &task : tasks) {
        const Row row = rowOf(task, prices);
        const bool priced = row.cost.kind != TaskCost::Kind::Unknown;
        QJsonObject object;
        object.insert(QStringLiteral("id"), task.key.id);
        object.insert(QStringLiteral("provider"), task.key.provider);
        object.insert(QStringLiteral("model"), textOrNull(task.model));
        object.insert(QStringLiteral("status"), row.status);
        object.insert(QStringLiteral("created"), textOrNull(row.created));
        object.insert(QStringLiteral("started"), textOrNull(row.started));
        object.insert(QStringLiteral("completed"), textOrNull(row.completed));
        object.insert(QStringLiteral("predict_time"), number(row.predictTime));
        object.insert(QStringLiteral("image_count"), number(row.imageCount));
        object.insert(QStringLiteral("cost"), row.cost.known() ? QJsonValue(row.cost.money.amount) : QJsonValue());
        object.insert(QStringLiteral("currency"), priced ? QJsonValue(row.cost.money.currency) : QJsonValue());
        object.insert(QStringLiteral("cost_status"), costStatusKey(row.cost.kind));
        object.insert(QStringLiteral("prompt"), task.prompt);
        object.insert(QStringLiteral("inputs"),
                      row.inputs.isEmpty() ? QJsonValue() : QJsonValue(QJsonDocument::fromJson(row.inputs).object()));
        object.insert(QStringLiteral("output_urls"), QJsonArray::fromStringList(row.outputUrls));
        object.insert(QStringLiteral("local_files"), QJsonArray::fromStringList(task.localFiles));
        out += first ? "\n" : ",\n";
        out += QJsonDocument(object).toJson(QJsonDocument::Compact);
        first = false;
    }
    out += first ? "]\n" : "\n]\n";
    return out;
}

QByteArray HistoryExport::bytes(Format format, const QList<Task> &tasks, const PriceTable &prices)
{
    return format == Format::Csv ? csv(tasks, prices) : json(tasks, prices);
}

std::optional<ApiError> HistoryExport::writeFile(const QString &path, Format format, const QList<Task> &tasks,
                                                 const PriceTable &prices)
{
    return SafeWrite::writeFile(path, bytes(format, tasks, prices));
}
