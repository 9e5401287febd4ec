#include "Task.h"

#include <QJsonObject>

void Task::apply(const Prediction &prediction)
{
    rawJson = prediction.rawJson();
    status = prediction.status();
    statusText = prediction.statusText();
    model = prediction.model();
    prompt = prediction.prompt();
    createdAt = prediction.createdAt();
    startedAt = prediction.startedAt();
    completedAt = prediction.completedAt();
    predictTime = prediction.predictTime();
    imageCount = prediction.imageCount();
    dataRemoved = prediction.dataRemoved();
    webUrl = prediction.webUrl();
    outputUrls = prediction.outputUrls();
}

void Task::markCaptured(const QString &userAgent, const QDateTime &at)
{
    if (captured)
        return;
    captured = true;
    callerUserAgent = userAgent;
    capturedAt = at;
}

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
