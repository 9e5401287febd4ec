#include "InputValidator.h"

#include "JsonWriter.h"
#include "SimStore.h"

#include <cmath>

#include <QStringList>

namespace {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return std::trunc(value.toDouble()) == value.toDouble() ? QStringLiteral("integer") : QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

class Checker
{
public:
    Checker(const QJsonObject &input, QList<InputValidator::Problem> &problems)
        : m_input(input)
        , m_problems(problems)
    {}

    void required(const char *name)
    {
        if (!m_input.contains(QLatin1String(name)))
            m_problems.append({QStringLiteral("required"), QStringLiteral("input"),
                               QLatin1String(name) + QStringLiteral(" is required")});
    }

    bool typed(const char *name, const char *expected)
    {
        const QJsonValue value = m_input.value(QLatin1String(name));
        if (value.isUndefined())
            return false;
        const QString given = typeName(value);
        const QLatin1String want(expected);
        const bool ok = given == want || (want == QLatin1String("number") && given == QLatin1String("integer"));
        if (!ok)
            m_problems.append({QStringLiteral("invalid_type"), field(name),
                               QStringLiteral("Invalid type. Expected: %1, given: %2").arg(want, given)});
        return ok;
    }

    void oneOf(const char *name, const QStringList &allowed)
    {
        if (!typed(name, "string"))
            return;
        if (!allowed.contains(m_input.value(QLatin1String(name)).toString())) {
            QStringList quoted;
            for (const QString &value : allowed)
                quoted << QLatin1Char('"') + value + QLatin1Char('"');
            m_problems.append({QStringLiteral("enum"), field(name),
                               QLatin1String(name) + QStringLiteral(" must be one of the following: ")
                                   + quoted.join(QStringLiteral(", "))});
        }
    }

    void range(const char *name, const char *type, double minimum, double maximum)
    {
        if (!typed(name, type))
            return;
        const double value = m_input.value(QLatin1String(name)).toDouble();
        if (value < minimum)
            m_problems.append({QStringLiteral("number_gte"), field(name),
                               QStringLiteral("Must be greater than or equal to %1").arg(minimum)});
        else if (value > maximum)
            m_problems.append({QStringLiteral("number_lte"), field(name),
                               QStringLiteral("Must be less than or equal to %1").arg(maximum)});
    }

private:
    static QString field(const char *name) { return QStringLiteral("input.") + QLatin1String(name); }

    const QJsonObject &m_input;
    QList<InputValidator::Problem> &m_problems;
};

} // namespace

QList<InputValidator::Problem> InputValidator::validate(const QString &model, const QJsonObject &input)
{
    QList<Problem> problems;
    Checker check(input, problems);
    check.required("prompt");
    check.typed("prompt", "string");
    check.typed("seed", "integer");
    if (SimStore::isArrayModel(model)) {
        check.oneOf("aspect_ratio",
                    {QStringLiteral("1:1"), QStringLiteral("16:9"), QStringLiteral("21:9"), QStringLiteral("3:2"),
                     QStringLiteral("2:3"), QStringLiteral("4:5"), QStringLiteral("5:4"), QStringLiteral("3:4"),
                     QStringLiteral("4:3"), QStringLiteral("9:16"), QStringLiteral("9:21")});
        check.oneOf("output_format", {QStringLiteral("webp"), QStringLiteral("jpg"), QStringLiteral("png")});
        check.range("num_outputs", "integer", 1, 4);
        check.range("output_quality", "integer", 0, 100);
        check.range("num_inference_steps", "integer", 1, 4);
        check.typed("go_fast", "boolean");
        check.typed("disable_safety_checker", "boolean");
        check.oneOf("megapixels", {QStringLiteral("1"), QStringLiteral("0.25")});
    } else {
        check.oneOf("aspect_ratio",
                    {QStringLiteral("match_input_image"), QStringLiteral("1:1"), QStringLiteral("16:9"),
                     QStringLiteral("9:16"), QStringLiteral("4:3"), QStringLiteral("3:4"), QStringLiteral("3:2"),
                     QStringLiteral("2:3"), QStringLiteral("4:5"), QStringLiteral("5:4"), QStringLiteral("21:9"),
                     QStringLiteral("9:21"), QStringLiteral("2:1"), QStringLiteral("1:2")});
        check.oneOf("output_format", {QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("webp")});
        check.range("safety_tolerance", "integer", 0, 6);
        check.typed("prompt_upsampling", "boolean");
        check.typed("input_image", "string");
    }
    return problems;
}

QByteArray InputValidator::problemBody(const QList<Problem> &problems)
{
    QString detail;
    for (const Problem &problem : problems)
        detail += QStringLiteral("- ") + problem.field + QStringLiteral(": ") + problem.description + QLatin1Char('\n');
    JsonWriter json;
    json.beginObject()
        .key(QLatin1String("title"))
        .value("Input validation failed")
        .key(QLatin1String("detail"))
        .value(detail)
        .key(QLatin1String("status"))
        .value(422)
        .key(QLatin1String("invalid_fields"))
        .beginArray();
    for (const Problem &problem : problems) {
        json.beginObject()
            .key(QLatin1String("type"))
            .value(problem.type)
            .key(QLatin1String("field"))
            .value(problem.field)
            .key(QLatin1String("description"))
            .value(problem.description)
            .endObject();
    }
    json.endArray().endObject();
    return json.take();
}
