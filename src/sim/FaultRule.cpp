#include "FaultRule.h"

#include <QJsonArray>

std::optional<FaultRule> FaultRule::fromJson(const QJsonObject &json, QString *error)
{
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return std::optional<FaultRule>();
    };

    FaultRule rule;
    rule.kindName = json.value(QLatin1String("kind")).toString();
    static const QList<QPair<QLatin1String, Kind>> kinds = {
        {QLatin1String("status"), Kind::Status},
        {QLatin1String("latency"), Kind::Latency},
        {QLatin1String("stall"), Kind::Stall},
        {QLatin1String("drop"), Kind::Drop},
        {QLatin1String("truncate"), Kind::Truncate},
        {QLatin1String("malformed"), Kind::Malformed},
        {QLatin1String("wrong_schema"), Kind::WrongSchema},
        {QLatin1String("redirect"), Kind::Redirect},
        {QLatin1String("not_json"), Kind::NotJson},
    };
    bool known = false;
    for (const auto &entry : kinds) {
        if (rule.kindName == entry.first) {
            rule.kind = entry.second;
            known = true;
        }
    }
    if (!known)
        return fail(QStringLiteral("unknown fault kind '%1'").arg(rule.kindName));

    if (json.contains(QLatin1String("rate"))) {
        rule.rate = json.value(QLatin1String("rate")).toDouble(-1);
        if (rule.rate < 0 || rule.rate > 1)
            return fail(QStringLiteral("rate must be a number from 0 to 1"));
    }
    const QJsonValue ids = json.value(QLatin1String("ids"));
    if (ids.isString()) {
        rule.ids << ids.toString();
    } else if (ids.isArray()) {
        const QJsonArray array = ids.toArray();
        for (const QJsonValue &id : array)
            rule.ids << id.toString();
    } else if (!ids.isUndefined()) {
        return fail(QStringLiteral("ids must be an array of prediction ids"));
    }
    rule.path = json.value(QLatin1String("path")).toString();
    rule.method = json.value(QLatin1String("method")).toString().toUpper().toLatin1();
    const QString target = json.value(QLatin1String("target")).toString(QStringLiteral("api"));
    if (target == QLatin1String("api"))
        rule.target = Target::Api;
    else if (target == QLatin1String("files"))
        rule.target = Target::Files;
    else if (target == QLatin1String("stream"))
        rule.target = Target::Stream;
    else if (target == QLatin1String("all"))
        rule.target = Target::All;
    else
        return fail(QStringLiteral("target must be api, files, stream or all"));
    if (json.contains(QLatin1String("count"))) {
        const double count = json.value(QLatin1String("count")).toDouble(-1);
        if (count < 0 || count != double(int(count)))
            return fail(QStringLiteral("count must be a non-negative integer"));
        rule.remaining = int(count);
    }

    const QJsonValue status = json.value(QLatin1String("status"));
    if (!status.isUndefined()) {
        rule.status = status.toInt(-1);
        if (rule.status < 100 || rule.status > 599)
            return fail(QStringLiteral("status must be an HTTP status code"));
    } else {
        rule.status = rule.kind == Kind::NotJson ? 502 : rule.kind == Kind::Redirect ? 302 : 500;
    }
    const QJsonValue retryAfter = json.value(QLatin1String("retry_after"));
    if (retryAfter.isDouble())
        rule.retryAfter = QString::number(retryAfter.toDouble());
    else
        rule.retryAfter = retryAfter.toString();
    const QJsonValue bodyRetryAfter = json.value(QLatin1String("body_retry_after"));
    if (bodyRetryAfter.isDouble())
        rule.bodyRetryAfter = bodyRetryAfter.toDouble();
    if (json.value(QLatin1String("body")).isString())
        rule.body = json.value(QLatin1String("body")).toString();
    rule.ms = qint64(json.value(QLatin1String("ms")).toDouble(0));
    if (rule.ms < 0)
        return fail(QStringLiteral("ms must not be negative"));
    const QString phase = json.value(QLatin1String("phase")).toString(QStringLiteral("headers"));
    if (phase != QLatin1String("headers") && phase != QLatin1String("body"))
        return fail(QStringLiteral("phase must be headers or body"));
    rule.stallHeaders = phase == QLatin1String("headers");
    rule.to = json.value(QLatin1String("to")).toString();
    return rule;
}

bool FaultRule::matches(const QByteArray &requestMethod, const QString &requestPath,
                        std::optional<Target> requestTarget, const QString &predictionId) const
{
    if (remaining == 0)
        return false;
    if (target != Target::All && requestTarget != target)
        return false;
    if (!method.isEmpty() && method != requestMethod)
        return false;
    if (!path.isEmpty() && !requestPath.contains(path))
        return false;
    if (!ids.isEmpty() && !ids.contains(predictionId))
        return false;
    return true;
}
