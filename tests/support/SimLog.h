#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

/// Entries of replimon-sim's request log (SimProcess::requestLog()) that tests look for, in log order.
namespace SimLog {

/// Requests for prediction streams: the stream URLs' `/v1/files/bcwr-…` paths.
inline QList<QJsonObject> streamRequests(const QJsonArray &log)
{
    QList<QJsonObject> out;
    for (const QJsonValue &value : log) {
        if (value.toObject().value(QLatin1String("path")).toString().startsWith(QLatin1String("/v1/files/bcwr-")))
            out << value.toObject();
    }
    return out;
}

/// The GETs of prediction @p id (`/v1/predictions/ID`).
inline QList<QJsonObject> predictionGets(const QJsonArray &log, const QString &id)
{
    QList<QJsonObject> out;
    for (const QJsonValue &value : log) {
        const QJsonObject entry = value.toObject();
        if (entry.value(QLatin1String("method")).toString() == QLatin1String("GET")
            && entry.value(QLatin1String("path")).toString() == QLatin1String("/v1/predictions/") + id)
            out << entry;
    }
    return out;
}

} // namespace SimLog
