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
    const QUrl web = prediction.webUrl();
    webUrlText = web.isValid() ? web.toString(QUrl::FullyEncoded) : QString();
    const QList<QUrl> outputs = prediction.outputUrls();
    outputUrlTexts.clear();
    outputUrlTexts.reserve(outputs.size());
    for (const QUrl &url : outputs)
        outputUrlTexts.append(url.toString(QUrl::FullyEncoded));
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

QUrl Task::webUrl() const
{
    return webUrlText.isEmpty() ? QUrl() : QUrl(webUrlText, QUrl::StrictMode);
}

QList<QUrl> Task::outputUrls() const
{
    QList<QUrl> urls;
    urls.reserve(outputUrlTexts.size());
    for (const QString &text : outputUrlTexts)
        urls.append(QUrl(text, QUrl::StrictMode));
    return urls;
}

QUrl Task::outputUrl(qsizetype index) const
{
    return index >= 0 && index < outputUrlTexts.size() ? QUrl(outputUrlTexts.at(index), QUrl::StrictMode) : QUrl();
}

QUrl Task::webPageUrl() const
{
    const QUrl webUrl = this->webUrl();
    if (webUrl.isValid() && (webUrl.scheme() == u"https" || webUrl.scheme() == u"http"))
        return webUrl;
    return QUrl(QStringLiteral("https://replicate.com/p/") + QString::fromLatin1(QUrl::toPercentEncoding(key.id)));
}

bool Task::hasUnsavedOutputs() const
{
    return !outputUrlTexts.isEmpty() && localFiles.isEmpty() && !dataRemoved;
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
