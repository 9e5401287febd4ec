#include "Task.h"

#include <QJsonObject>

Prediction Task::prediction() const
{
    if (!rawJson.isEmpty()) {
        auto parsed = Prediction::fromJson(rawJson);
        if (parsed.ok())
            return std::move(parsed).value();
    }
    // Only the id is known: an empty status reads as Unknown.
    auto placeholder = Prediction::fromJsonObject(
        QJsonObject{{QStringLiteral("id"), key.id}, {QStringLiteral("status"), QString()}});
    return placeholder.ok() ? std::move(placeholder).value() : Prediction();
}

std::optional<double> Task::runTime() const
{
    if (!startedAt.isValid() || !completedAt.isValid())
        return std::nullopt;
    return double(startedAt.msecsTo(completedAt)) / 1000.0;
}
