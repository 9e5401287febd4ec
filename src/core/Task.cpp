#include "Task.h"

#include "TaskRowJson.h"

#include <QJsonObject>

void Task::apply(const Prediction &prediction)
{
    setRawJson(prediction.rawJson());
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

QByteArray Task::rawJson() const
{
    if (m_jsonSource && m_fetched)
        return m_jsonSource->read(key);
    return m_rawJson;
}

void Task::setRawJson(const QByteArray &json)
{
    m_rawJson = json;
    m_jsonSource.reset();
    m_fetched = !json.isEmpty();
}

void Task::setRawJsonSource(std::shared_ptr<const TaskRowJson> source, bool fetched)
{
    m_rawJson.clear();
    m_jsonSource = std::move(source);
    m_fetched = fetched;
}

Prediction Task::prediction() const
{
    return predictionFrom(rawJson());
}

Prediction Task::predictionFrom(const QByteArray &json) const
{
    if (!json.isEmpty()) {
        auto parsed = Prediction::fromJson(json);
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

QUrl Task::webPageUrl() const
{
    if (webUrl.isValid() && (webUrl.scheme() == u"https" || webUrl.scheme() == u"http"))
        return webUrl;
    return QUrl(QStringLiteral("https://replicate.com/p/") + QString::fromLatin1(QUrl::toPercentEncoding(key.id)));
}

bool Task::hasUnsavedOutputs() const
{
    return !outputUrls.isEmpty() && localFiles.isEmpty() && !dataRemoved;
}

bool Task::wantsSaving(bool autoSave) const
{
    return status == PredictionStatus::Succeeded && hasUnsavedOutputs() && (autoSave || starred);
}

QDateTime Task::outputsExpireAt(std::chrono::seconds retention) const
{
    if (status != PredictionStatus::Succeeded || !completedAt.isValid())
        return {};
    return completedAt.addSecs(retention.count());
}

QDateTime Task::unsavedOutputsExpireAt(std::chrono::seconds retention) const
{
    return hasUnsavedOutputs() ? outputsExpireAt(retention) : QDateTime();
}
