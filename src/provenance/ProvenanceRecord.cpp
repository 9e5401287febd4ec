#include "ProvenanceRecord.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

#include "Prediction.h"

namespace {

// A value that would break the "Key: value, Key: value" list is quoted, as AUTOMATIC1111 does. Its readers
// (Civitai's among them) take a colon inside an unquoted value, so times and ratios stay bare.
QString a1111Value(const QString &value)
{
    if (!value.contains(u',') && !value.contains(u'"') && !value.contains(u'\n'))
        return value;
    QString escaped = value;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\"")).replace(u'\n', u' ');
    return u'"' + escaped + u'"';
}

QString scalarText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double number = value.toDouble();
        return number == double(qint64(number)) ? QString::number(qint64(number)) : QString::number(number);
    }
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

} // namespace

QString ProvenanceRecord::seedOf(const Prediction &prediction)
{
    const QString fromInput = scalarText(prediction.input(QStringLiteral("seed")));
    if (!fromInput.isEmpty())
        return fromInput;
    static const QRegularExpression logSeed(QStringLiteral("Using seed: (\\d{1,20})"));
    const QRegularExpressionMatch match = logSeed.match(prediction.logs());
    return match.hasMatch() ? match.captured(1) : QString();
}

QString ProvenanceRecord::parametersText(const Prediction &prediction, const QString &providerName)
{
    QStringList parts;
    const auto add = [&parts](const char *key, const QString &value) {
        if (!value.isEmpty())
            parts.append(QLatin1String(key) + QStringLiteral(": ") + a1111Value(value));
    };
    add("Model", prediction.model());
    add("Seed", seedOf(prediction));
    add("Aspect ratio", scalarText(prediction.input(QStringLiteral("aspect_ratio"))));
    add("Output format", scalarText(prediction.input(QStringLiteral("output_format"))));
    add("Prediction", prediction.id());
    add("Provider", providerName);
    if (prediction.createdAt().isValid())
        add("Created", prediction.createdAt().toUTC().toString(Qt::ISODate));
    // The prompt is one line in this format: its own line breaks would read as the parameters' line.
    QString prompt = prediction.prompt();
    prompt.replace(QStringLiteral("\r\n"), QStringLiteral(" ")).replace(u'\n', u' ').replace(u'\r', u' ');
    return prompt + u'\n' + parts.join(QStringLiteral(", "));
}

ProvenanceRecord ProvenanceRecord::fromPrediction(const Prediction &prediction, const QString &providerName)
{
    ProvenanceRecord record;
    record.predictionId = prediction.id();
    record.prompt = prediction.prompt();
    record.parameters = parametersText(prediction, providerName);
    record.predictionJson = prediction.rawJson();
    return record;
}

void ProvenanceRecord::completeFromParts()
{
    if (!predictionJson.isEmpty()) {
        const QJsonObject object = QJsonDocument::fromJson(predictionJson).object();
        if (predictionId.isEmpty())
            predictionId = object.value(QLatin1String("id")).toString();
        if (prompt.isEmpty())
            prompt = object.value(QLatin1String("input")).toObject().value(QLatin1String("prompt")).toString();
    }
    if (predictionId.isEmpty() && !parameters.isEmpty()) {
        static const QRegularExpression idPart(QStringLiteral("(?:^|, )Prediction: ([A-Za-z0-9_-]{1,128})(?:,|$)"),
                                               QRegularExpression::MultilineOption);
        const QRegularExpressionMatch match = idPart.match(parameters);
        if (match.hasMatch())
            predictionId = match.captured(1);
    }
    if (prompt.isEmpty() && !parameters.isEmpty())
        prompt = parameters.section(u'\n', 0, 0);
}
