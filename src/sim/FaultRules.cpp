#include "FaultRules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

FaultRules::FaultRules(quint64 seed)
    : m_random(quint32(seed ^ (seed >> 32)) + 1u)
{}

bool FaultRules::setFromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull()) {
        if (error)
            *error = QStringLiteral("faults are not JSON: ") + parseError.errorString();
        return false;
    }
    QJsonArray array;
    if (document.isArray()) {
        array = document.array();
    } else {
        const QJsonValue rules = document.object().value(QLatin1String("rules"));
        if (!rules.isArray()) {
            if (error)
                *error = QStringLiteral("expected {\"rules\": [...]}");
            return false;
        }
        array = rules.toArray();
    }
    QList<FaultRule> parsed;
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString why;
        const auto rule = FaultRule::fromJson(array.at(i).toObject(), &why);
        if (!rule) {
            if (error)
                *error = QStringLiteral("rule %1: %2").arg(i).arg(why);
            return false;
        }
        parsed.append(*rule);
    }
    m_rules = parsed;
    return true;
}

std::optional<FaultRule> FaultRules::take(const QByteArray &method, const QString &path,
                                          std::optional<FaultRule::Target> target, const QString &predictionId)
{
    for (FaultRule &rule : m_rules) {
        if (!rule.matches(method, path, target, predictionId))
            continue;
        // Only requests that pass the filters draw, so one rule's rate does not shift another's draws.
        if (rule.rate < 1.0 && m_random.generateDouble() >= rule.rate)
            continue;
        if (rule.remaining > 0)
            --rule.remaining;
        return rule;
    }
    return std::nullopt;
}
