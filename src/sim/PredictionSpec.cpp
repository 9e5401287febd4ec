#include "PredictionSpec.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace {

bool readMs(const QJsonObject &json, QLatin1String key, std::optional<qint64> *out, QString *error)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isDouble() || value.toDouble() < 0) {
        *error = key + QStringLiteral(" must be a non-negative number");
        return false;
    }
    *out = qint64(value.toDouble());
    return true;
}

} // namespace

std::optional<PredictionSpec> PredictionSpec::fromJson(const QJsonObject &json, QString *error)
{
    PredictionSpec spec;
    QString why;
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return std::optional<PredictionSpec>();
    };

    if (json.contains(QLatin1String("count"))) {
        const double count = json.value(QLatin1String("count")).toDouble(-1);
        if (count < 1 || count > 100000 || count != double(int(count)))
            return fail(QStringLiteral("count must be an integer from 1 to 100000"));
        spec.count = int(count);
    }
    if (json.contains(QLatin1String("id"))) {
        spec.id = json.value(QLatin1String("id")).toString();
        static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
        if (!idPattern.match(spec.id).hasMatch())
            return fail(QStringLiteral("id must be 1–64 characters of A-Z a-z 0-9 _ -"));
        if (spec.count != 1)
            return fail(QStringLiteral("id is only allowed with count 1"));
    }
    if (json.contains(QLatin1String("model"))) {
        spec.model = json.value(QLatin1String("model")).toString();
        if (spec.model.count(QLatin1Char('/')) != 1 || spec.model.startsWith(QLatin1Char('/'))
            || spec.model.endsWith(QLatin1Char('/')))
            return fail(QStringLiteral("model must be owner/name"));
    }
    if (json.contains(QLatin1String("prompt"))) {
        if (!json.value(QLatin1String("prompt")).isString())
            return fail(QStringLiteral("prompt must be a string"));
        spec.prompt = json.value(QLatin1String("prompt")).toString();
    }
    if (json.contains(QLatin1String("input"))) {
        if (!json.value(QLatin1String("input")).isObject())
            return fail(QStringLiteral("input must be an object"));
        spec.input = json.value(QLatin1String("input")).toObject();
    }
    if (!readMs(json, QLatin1String("queue_ms"), &spec.queueMs, &why)
        || !readMs(json, QLatin1String("retention_ms"), &spec.retentionMs, &why))
        return fail(why);
    std::optional<qint64> age;
    if (!readMs(json, QLatin1String("age_ms"), &age, &why))
        return fail(why);
    spec.ageMs = age.value_or(0);

    const QJsonValue run = json.value(QLatin1String("run_ms"));
    if (run.isArray()) {
        const QJsonArray range = run.toArray();
        if (range.size() != 2 || !range.at(0).isDouble() || !range.at(1).isDouble() || range.at(0).toDouble() < 0
            || range.at(1).toDouble() < range.at(0).toDouble())
            return fail(QStringLiteral("run_ms must be a number or [min, max] with 0 <= min <= max"));
        spec.runMinMs = qint64(range.at(0).toDouble());
        spec.runMaxMs = qint64(range.at(1).toDouble());
    } else if (!readMs(json, QLatin1String("run_ms"), &spec.runMinMs, &why)) {
        return fail(why);
    }

    const QString runDist = json.value(QLatin1String("run_dist")).toString(QStringLiteral("uniform"));
    if (runDist != QLatin1String("uniform") && runDist != QLatin1String("realistic"))
        return fail(QStringLiteral("run_dist must be uniform or realistic"));
    spec.realisticRun = runDist == QLatin1String("realistic");
    if (spec.realisticRun && spec.runMaxMs)
        return fail(QStringLiteral("run_dist realistic takes run_ms as one number (the median), not a range"));

    if (json.contains(QLatin1String("outcome"))) {
        spec.outcome = json.value(QLatin1String("outcome")).toString();
        if (spec.outcome.isEmpty())
            return fail(QStringLiteral("outcome must be a non-empty string"));
    }
    if (json.contains(QLatin1String("output_shape"))) {
        spec.shape = SimPrediction::shapeFromName(json.value(QLatin1String("output_shape")).toString());
        if (!spec.shape)
            return fail(QStringLiteral("output_shape must be string, array, objects, data_uri, text or null"));
    }
    if (json.contains(QLatin1String("output_format"))) {
        QString format = json.value(QLatin1String("output_format")).toString();
        if (format == QLatin1String("jpeg"))
            format = QStringLiteral("jpg");
        if (format != QLatin1String("png") && format != QLatin1String("jpg") && format != QLatin1String("webp")
            && format != QLatin1String("gif"))
            return fail(QStringLiteral("output_format must be png, jpg, webp or gif"));
        spec.format = format;
    }
    if (json.contains(QLatin1String("image_count"))) {
        const double count = json.value(QLatin1String("image_count")).toDouble(-1);
        if (count < 1 || count > 16 || count != double(int(count)))
            return fail(QStringLiteral("image_count must be an integer from 1 to 16"));
        spec.imageCount = int(count);
    }
    if (json.contains(QLatin1String("error")))
        spec.error = json.value(QLatin1String("error"));
    if (json.contains(QLatin1String("version"))) {
        if (!json.value(QLatin1String("version")).isString())
            return fail(QStringLiteral("version must be a string"));
        spec.version = json.value(QLatin1String("version")).toString();
    }
    if (json.contains(QLatin1String("input_image"))) {
        if (!json.value(QLatin1String("input_image")).isBool())
            return fail(QStringLiteral("input_image must be true or false"));
        spec.inputImage = json.value(QLatin1String("input_image")).toBool();
    }
    return spec;
}
