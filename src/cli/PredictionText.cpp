#include "PredictionText.h"

#include "DisplayText.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace PredictionText {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PredictionText", text);
}

constexpr int labelWidth = 10;
constexpr int maxInputValueLength = 60;
constexpr int maxLogLines = 3;

// A data: URI can be megabytes of base64: show its type and size, not its bytes.
QString shownUrl(const QUrl &url)
{
    return url.scheme() == u"data" ? DisplayText::dataUriSummary(url.toString()) : url.toString();
}

QString field(const QString &label, const QString &value)
{
    // Continuation lines line up under the first line's value.
    const QString indent = QString(2 + labelWidth + 1, u' ');
    QString text = value;
    text.replace(u'\n', u'\n' + indent);
    return QStringLiteral("  ") + label.leftJustified(labelWidth) + u' ' + text + u'\n';
}

std::optional<double> secondsBetween(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid())
        return std::nullopt;
    const qint64 ms = from.msecsTo(to);
    if (ms < 0)
        return std::nullopt;
    return double(ms) / 1000.0;
}

QString statusWord(const Prediction &prediction)
{
    const QString text = prediction.statusText();
    return text.isEmpty() ? tr("(no status)") : text;
}

} // namespace

QString shortStatus(const Prediction &prediction)
{
    QString text = statusWord(prediction);
    if (PredictionStatuses::isTerminal(prediction.status())) {
        if (const auto run = secondsBetween(prediction.startedAt(), prediction.completedAt()))
            text += u' ' + DisplayText::duration(*run);
    }
    return text;
}

QString summary(const Prediction &prediction, const QStringList &savedPaths)
{
    QString text = prediction.id() + QStringLiteral("  ") + statusWord(prediction) + u'\n';
    if (!prediction.model().isEmpty())
        text += field(tr("model"), prediction.model());
    if (prediction.createdAt().isValid())
        text += field(tr("created"), DisplayText::timestamp(prediction.createdAt()));
    if (prediction.startedAt().isValid())
        text += field(tr("started"), DisplayText::timestamp(prediction.startedAt()));
    if (prediction.completedAt().isValid())
        text += field(tr("completed"), DisplayText::timestamp(prediction.completedAt()));
    if (const auto queued = secondsBetween(prediction.createdAt(), prediction.startedAt()))
        text += field(tr("queued"), DisplayText::duration(*queued));
    if (const auto run = secondsBetween(prediction.startedAt(), prediction.completedAt()))
        text += field(tr("run time"), DisplayText::duration(*run));
    if (const auto predict = prediction.predictTime())
        text += field(tr("predict"), DisplayText::duration(*predict));

    const QString prompt = prediction.prompt();
    if (!prompt.isEmpty())
        text += field(tr("prompt"), prompt);
    QStringList inputs;
    for (const auto &[key, value] : prediction.inputs()) {
        if (key != u"prompt")
            inputs << key + u'=' + DisplayText::literalValue(value, maxInputValueLength);
    }
    if (!inputs.isEmpty())
        text += field(tr("input"), inputs.join(u'\n'));

    const QList<QUrl> urls = prediction.outputUrls();
    for (const QUrl &url : urls)
        text += field(tr("output"), shownUrl(url));
    const QString outputText = prediction.outputText();
    if (!outputText.isEmpty())
        text += field(tr("output"), outputText);
    if (prediction.dataRemoved())
        text += field(tr("note"), tr("the server has deleted the inputs and outputs (data_removed)"));

    const QString error = prediction.errorText();
    if (!error.isEmpty())
        text += field(tr("error"), error);
    if (prediction.status() == PredictionStatus::Failed && !prediction.logs().trimmed().isEmpty()) {
        const QStringList lines = prediction.logs().trimmed().split(u'\n');
        text += field(tr("logs"), lines.mid(std::max<qsizetype>(0, lines.size() - maxLogLines)).join(u'\n'));
    }
    if (prediction.webUrl().isValid() && !prediction.webUrl().isEmpty())
        text += field(tr("web"), prediction.webUrl().toString());
    for (const QString &path : savedPaths)
        text += field(tr("saved"), path);
    return text;
}

QString listLine(const Prediction &prediction)
{
    constexpr int statusWidth = 10;
    constexpr int modelWidth = 36;
    constexpr int promptLength = 60;
    QString created = DisplayText::timestamp(prediction.createdAt());
    if (created.isEmpty())
        created = QStringLiteral("-");
    QString model = prediction.model().isEmpty() ? QStringLiteral("-") : prediction.model();
    return prediction.id() + QStringLiteral("  ") + statusWord(prediction).leftJustified(statusWidth)
        + QStringLiteral("  ") + created + QStringLiteral("  ") + model.leftJustified(modelWidth) + QStringLiteral("  ")
        + DisplayText::oneLine(prediction.prompt(), promptLength);
}

QString describeError(const ApiError &error, const ApiEndpoint &endpoint, const QString &keySource)
{
    const QString status = error.httpStatus > 0 ? QStringLiteral(" (HTTP %1)").arg(error.httpStatus) : QString();
    QString detail = error.message.trimmed();
    while (detail.endsWith(u'.'))
        detail.chop(1);
    // "What happened (HTTP n): the server's words." then, where it helps, what to do about it.
    auto sentence = [&status, &detail](const QString &headline) -> QString {
        return headline + status + (detail.isEmpty() ? QString() : QStringLiteral(": ") + detail) + u'.';
    };
    const QString where = endpoint.provider() == ApiEndpoint::Provider::Custom
        ? endpoint.root().host()
        : ApiEndpoint::providerName(endpoint.provider());

    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
        if (keySource.isEmpty()) {
            return sentence(tr("The server requires an API key")) + u' '
                + tr("No key was given: set REPLIMON_API_KEY (or REPLICATE_API_TOKEN), then check your API key.");
        }
        return sentence(tr("The server refused the API key")) + u' '
            + tr("Check your API key (it came from %1) and the account's balance.").arg(keySource);
    case ApiError::Kind::NotFound:
        return sentence(tr("Not found")) + u' '
            + tr("Check the id, and that the prediction was made through %1: ids from one provider are "
                 "unknown to another.")
                  .arg(where);
    case ApiError::Kind::NotSupported:
        return sentence(tr("Not supported by this provider (%1)").arg(where));
    case ApiError::Kind::RateLimited:
        return sentence(tr("Rate limited by the server"));
    case ApiError::Kind::Server:
        return sentence(tr("Server error"));
    case ApiError::Kind::Network:
        return sentence(tr("Network error"));
    case ApiError::Kind::Timeout:
        return sentence(tr("The server did not answer in time"));
    case ApiError::Kind::BadResponse:
        return sentence(tr("The server's answer could not be understood"));
    case ApiError::Kind::InvalidInput:
        return sentence(tr("The server rejected the request"));
    case ApiError::Kind::PaymentRequired:
        return sentence(tr("The account has no balance left: make sure the API key has enough balance"));
    case ApiError::Kind::Canceled:
        return sentence(tr("Canceled"));
    case ApiError::Kind::FileSystem:
        return sentence(tr("File error"));
    }
    return sentence(QString());
}

QByteArray errorJson(const QString &id, const ApiError &error)
{
    QJsonObject details{{QStringLiteral("kind"), ApiError::kindName(error.kind)},
                        {QStringLiteral("message"), error.message}};
    if (error.httpStatus > 0)
        details.insert(QStringLiteral("http_status"), error.httpStatus);
    const QJsonObject object{{QStringLiteral("id"), id}, {QStringLiteral("replimon_error"), details}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace PredictionText
