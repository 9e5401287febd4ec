#include "Prediction.h"

#include "ApiEndpoint.h"
#include "DisplayText.h"
#include "RawJsonScanner.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

QString stringMember(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    return value.isString() ? value.toString() : QString();
}

std::optional<double> numberMember(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        return std::nullopt;
    return value.toDouble();
}

// The URL @p text names (a data: URI, or an absolute http(s) URL with a host), or nothing.
std::optional<QUrl> urlText(const QString &text)
{
    if (text.startsWith(QLatin1String("data:"), Qt::CaseInsensitive)) {
        if (!text.contains(QLatin1Char(',')))
            return std::nullopt;
        return QUrl(text, QUrl::TolerantMode);
    }
    if (!text.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)
        && !text.startsWith(QLatin1String("http://"), Qt::CaseInsensitive))
        return std::nullopt;
    QUrl url(text, QUrl::TolerantMode);
    if (!url.isValid() || url.host().isEmpty())
        return std::nullopt;
    return url;
}

// Walks `output` (deep enough for [{"file": url}] and {"images": [url]}) collecting URLs, and notes
// whether anything that is not a URL is in there too.
void collectOutput(const QJsonValue &value, int depth, QList<QUrl> *urls, bool *hasOther)
{
    if (depth > 4) {
        *hasOther = true;
        return;
    }
    if (value.isString()) {
        const QString text = value.toString();
        if (std::optional<QUrl> url = urlText(text)) {
            if (!urls->contains(*url))
                urls->append(std::move(*url));
        } else if (!text.isEmpty()) {
            *hasOther = true;
        }
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &element : array)
            collectOutput(element, depth + 1, urls, hasOther);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectOutput(it.value(), depth + 1, urls, hasOther);
    } else if (value.isDouble() || value.isBool()) {
        *hasOther = true;
    }
}

// The first characters of a body, safe to show in one line of a message.
QString sample(const QByteArray &body)
{
    constexpr int maxChars = 60;
    QString text = QString::fromUtf8(body.left(4 * maxChars));
    for (QChar &c : text) {
        if (!c.isPrint() || c == QChar::ReplacementCharacter)
            c = QLatin1Char(' ');
    }
    text = text.simplified();
    if (text.size() > maxChars || body.size() > 4 * maxChars)
        text = text.left(maxChars).trimmed() + QChar(0x2026);
    return text;
}

QString quoted(const QString &text)
{
    return QChar(0x201C) + text + QChar(0x201D);
}

ParseError notJsonError(const QByteArray &body, const QJsonParseError &parseError)
{
    const QString shown = quoted(sample(body));
    const QByteArray head = body.left(64).trimmed().toLower();
    if (head.startsWith('<')) {
        const bool html = head.contains("html") || head.contains("<head") || head.contains("<body")
            || head.contains("<title") || head.contains("<center") || head.contains("<h1");
        if (html) {
            return {QCoreApplication::translate("Prediction",
                                                "The server's answer is not JSON but an HTML page "
                                                "(often the error page of a proxy or web server): %1.")
                        .arg(shown)};
        }
        return {QCoreApplication::translate("Prediction",
                                            "The server's answer is not JSON (it looks like XML or HTML): %1.")
                    .arg(shown)};
    }
    if (head.startsWith('{') || head.startsWith('[')) {
        return {QCoreApplication::translate("Prediction",
                                            "The server's answer is not valid JSON (%1 at byte %2; "
                                            "it may have been cut off): %3.")
                    .arg(parseError.errorString())
                    .arg(parseError.offset)
                    .arg(shown)};
    }
    // Qt only accepts objects and arrays at the top; a lone scalar is still JSON, just not ours.
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + body + ']');
    if (wrapped.isArray() && wrapped.array().size() == 1) {
        return {QCoreApplication::translate("Prediction",
                                            "The server's answer is not a prediction: it is a single JSON value, %1.")
                    .arg(shown)};
    }
    return {QCoreApplication::translate("Prediction", "The server's answer is not JSON: %1.").arg(shown)};
}

// Why an object is not a prediction, with a guess at what it is instead.
ParseError notPredictionError(const QJsonObject &object)
{
    if (object.isEmpty())
        return {QCoreApplication::translate("Prediction",
                                            "The server's answer is not a prediction: it is an empty JSON object.")};

    const QJsonValue idValue = object.value(QLatin1String("id"));
    const QJsonValue statusValue = object.value(QLatin1String("status"));
    const bool hasId = idValue.isString() && !idValue.toString().isEmpty();
    const bool hasStatus = statusValue.isString();
    QString missing;
    if (!hasId && !hasStatus && idValue.isUndefined() && statusValue.isUndefined())
        missing = QCoreApplication::translate("Prediction", "it has no \"id\"/\"status\"");
    else if (!hasId && idValue.isUndefined())
        missing = QCoreApplication::translate("Prediction", "it has no \"id\"");
    else if (!hasId)
        missing = QCoreApplication::translate("Prediction", "its \"id\" is empty or not a string");
    else if (statusValue.isUndefined())
        missing = QCoreApplication::translate("Prediction", "it has no \"status\"");
    else
        missing = QCoreApplication::translate("Prediction", "its \"status\" is not a string");

    QString looksLike;
    if (object.contains(QLatin1String("data")) && object.contains(QLatin1String("created"))) {
        looksLike = QCoreApplication::translate("Prediction", "it looks like an image-generation response");
    } else if (object.value(QLatin1String("results")).isArray()) {
        looksLike = QCoreApplication::translate("Prediction", "it looks like a page of the prediction list");
    } else {
        for (const char *key : {"detail", "message", "title", "error"}) {
            QJsonValue value = object.value(QLatin1String(key));
            if (value.isObject())
                value = value.toObject().value(QLatin1String("message"));
            const QString text = value.isString() ? value.toString().simplified() : QString();
            if (!text.isEmpty()) {
                looksLike = QCoreApplication::translate("Prediction", "it looks like an error message: %1")
                                .arg(quoted(text.size() > 120 ? text.left(120) + QChar(0x2026) : text));
                break;
            }
        }
    }
    if (looksLike.isEmpty()) {
        QStringList keys = object.keys();
        const bool more = keys.size() > 6;
        keys = keys.mid(0, 6);
        for (QString &key : keys)
            key = QLatin1Char('"') + sample(key.toUtf8()) + QLatin1Char('"');
        looksLike = QCoreApplication::translate("Prediction", "its keys are %1")
                        .arg(keys.join(QStringLiteral(", ")) + (more ? QStringLiteral(", …") : QString()));
    }
    return {QCoreApplication::translate("Prediction", "The server's answer is not a prediction: %1 (%2).")
                .arg(missing, looksLike)};
}

// A body without its byte order mark, and the document in it; or why it is not JSON at all.
Result<std::pair<QByteArray, QJsonDocument>, ParseError> parseBody(const QByteArray &body)
{
    QByteArray text = body;
    if (text.startsWith("\xEF\xBB\xBF"))
        text.remove(0, 3);
    if (text.trimmed().isEmpty())
        return ParseError{QCoreApplication::translate("Prediction", "The server's answer is empty.")};

    QJsonParseError parseError{};
    QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return notJsonError(text, parseError);
    return std::pair{text, std::move(document)};
}

} // namespace

Result<Prediction, ParseError> Prediction::fromJson(const QByteArray &body)
{
    auto parsed = parseBody(body);
    if (!parsed)
        return parsed.error();
    const auto &[text, document] = parsed.value();
    if (document.isArray()) {
        return ParseError{QCoreApplication::translate(
            "Prediction", "The server's answer is not a prediction: it is a JSON list, not a single object.")};
    }
    return fromParsedObject(document.object(), text, true);
}

Result<Prediction, ParseError> Prediction::fromJsonObject(const QJsonObject &object, const QByteArray &rawObjectText)
{
    return fromParsedObject(object, rawObjectText, false);
}

Result<Prediction, ParseError> Prediction::fromParsedObject(const QJsonObject &object, const QByteArray &rawObjectText,
                                                            bool rawIsSource)
{
    const QString id = stringMember(object, "id");
    const QJsonValue status = object.value(QLatin1String("status"));
    if (id.isEmpty() || !status.isString())
        return notPredictionError(object);

    Prediction p;
    p.m_id = id;
    p.m_statusText = status.toString();
    p.m_status = PredictionStatuses::fromString(p.m_statusText);
    p.m_model = stringMember(object, "model");
    p.m_version = stringMember(object, "version");
    p.m_logs = stringMember(object, "logs");

    // The raw text is only trusted when it says what the object says (callers pass slices of a page).
    QByteArray compactRaw;
    if (!rawObjectText.isEmpty()) {
        const RawJsonScanner scanner(rawObjectText);
        const QByteArray candidate = scanner.compact(scanner.whole());
        // QJsonDocument skips a byte order mark before the object; rawJson() must not keep one (a
        // second BOM survives fromJson()'s own stripping), or it would not parse back to itself.
        if (candidate.startsWith('{')) {
            // The text the object was parsed from, unchanged by compacting: checking it would parse it
            // again to the same object.
            if (rawIsSource && candidate == rawObjectText) {
                compactRaw = candidate;
            } else {
                const QJsonDocument check = QJsonDocument::fromJson(candidate);
                if (check.isObject() && check.object() == object)
                    compactRaw = candidate;
            }
        }
    }
    p.m_raw = compactRaw.isEmpty() ? QJsonDocument(object).toJson(QJsonDocument::Compact) : compactRaw;

    const QJsonValue input = object.value(QLatin1String("input"));
    if (input.isObject()) {
        const QJsonObject inputObject = input.toObject();
        QStringList order;
        if (!compactRaw.isEmpty()) {
            const RawJsonScanner scanner(compactRaw);
            const std::optional<RawJsonScanner::Span> inputSpan = scanner.memberValue(scanner.whole(),
                                                                                      QStringLiteral("input"));
            if (inputSpan) {
                if (const auto members = scanner.objectMembers(*inputSpan)) {
                    for (const auto &member : *members)
                        order.append(member.first);
                }
            }
        }
        // A handful of keys as a rule: looked for in the list itself, not through a set built per answer.
        p.m_inputs.reserve(inputObject.size());
        const auto taken = [&p](const QString &key) {
            return std::any_of(p.m_inputs.cbegin(), p.m_inputs.cend(),
                               [&key](const auto &entry) { return entry.first == key; });
        };
        for (const QString &key : std::as_const(order)) {
            const QJsonValue value = inputObject.value(key);
            if (!value.isUndefined() && !taken(key))
                p.m_inputs.append({key, value});
        }
        if (p.m_inputs.size() < inputObject.size()) {
            for (auto it = inputObject.begin(); it != inputObject.end(); ++it) {
                if (!taken(it.key()))
                    p.m_inputs.append({it.key(), it.value()});
            }
        }
    }

    const QJsonValue output = object.value(QLatin1String("output"));
    p.m_output = output.isUndefined() ? QJsonValue(QJsonValue::Null) : output;
    const QJsonValue error = object.value(QLatin1String("error"));
    p.m_error = error.isUndefined() ? QJsonValue(QJsonValue::Null) : error;
    p.m_metrics = object.value(QLatin1String("metrics")).toObject();

    p.m_createdAt = parseTimestamp(stringMember(object, "created_at"));
    p.m_startedAt = parseTimestamp(stringMember(object, "started_at"));
    p.m_completedAt = parseTimestamp(stringMember(object, "completed_at"));
    p.m_dataRemoved = object.value(QLatin1String("data_removed")).toBool(false);

    const QJsonObject urls = object.value(QLatin1String("urls")).toObject();
    p.m_webUrl = stringMember(urls, "web").trimmed();
    p.m_getUrl = stringMember(urls, "get").trimmed();
    p.m_cancelUrl = stringMember(urls, "cancel").trimmed();
    p.m_streamUrl = stringMember(urls, "stream").trimmed();
    return p;
}

QUrl Prediction::urlOf(const QString &text)
{
    if (text.isEmpty())
        return {};
    const QUrl url(text, QUrl::TolerantMode);
    return url.isValid() ? url : QUrl();
}

QJsonValue Prediction::input(const QString &key) const
{
    for (const auto &entry : m_inputs) {
        if (entry.first == key)
            return entry.second;
    }
    return QJsonValue(QJsonValue::Undefined);
}

QString Prediction::prompt() const
{
    const QJsonValue value = input(QStringLiteral("prompt"));
    return value.isString() ? value.toString() : QString();
}

QString Prediction::inputImage() const
{
    const QJsonValue value = input(QStringLiteral("input_image"));
    return value.isString() ? value.toString() : QString();
}

QList<QUrl> Prediction::outputUrls() const
{
    QList<QUrl> urls;
    bool hasOther = false;
    collectOutput(m_output, 0, &urls, &hasOther);
    return urls;
}

QString Prediction::outputText() const
{
    if (m_output.isNull() || m_output.isUndefined())
        return {};
    QList<QUrl> urls;
    bool hasOther = false;
    collectOutput(m_output, 0, &urls, &hasOther);
    if (!hasOther)
        return {};
    if (m_output.isString())
        return m_output.toString();
    if (m_output.isArray()) {
        // Text models stream tokens as an array of strings; joined, they are the text.
        const QJsonArray array = m_output.toArray();
        QString joined;
        bool allStrings = true;
        for (const QJsonValue &element : array) {
            if (!element.isString()) {
                allStrings = false;
                break;
            }
            joined += element.toString();
        }
        if (allStrings)
            return joined;
    }
    return DisplayText::compactJson(m_output);
}

QString Prediction::errorText() const
{
    if (m_error.isNull() || m_error.isUndefined())
        return {};
    if (m_error.isString())
        return m_error.toString();
    if (m_error.isObject()) {
        const QJsonObject object = m_error.toObject();
        for (const char *key : {"detail", "message"}) {
            const QString text = stringMember(object, key);
            if (!text.trimmed().isEmpty())
                return text;
        }
    }
    return DisplayText::compactJson(m_error);
}

std::optional<double> Prediction::predictTime() const
{
    return numberMember(m_metrics, "predict_time");
}

std::optional<double> Prediction::totalTime() const
{
    return numberMember(m_metrics, "total_time");
}

std::optional<int> Prediction::imageCount() const
{
    const std::optional<double> value = numberMember(m_metrics, "image_count");
    if (!value || *value != std::floor(*value) || std::fabs(*value) > std::numeric_limits<int>::max())
        return std::nullopt;
    return int(*value);
}

Result<PredictionPage, ParseError> PredictionPage::fromJson(const QByteArray &body)
{
    auto parsed = parseBody(body);
    if (!parsed)
        return parsed.error();
    const auto &[text, document] = parsed.value();
    const QJsonObject object = document.object();
    const QJsonValue results = object.value(QLatin1String("results"));
    if (!document.isObject() || !results.isArray()) {
        if (object.value(QLatin1String("id")).isString() && object.value(QLatin1String("status")).isString())
            return ParseError{
                QCoreApplication::translate("Prediction",
                                            "The server's answer is not a page of the prediction list: it is a single "
                                            "prediction.")};
        return ParseError{
            QCoreApplication::translate("Prediction",
                                        "The server's answer is not a page of the prediction list: it has no "
                                        "\"results\" list.")};
    }

    // Slices of the page's text let each entry keep the order of its inputs.
    QList<QByteArray> rawEntries;
    const RawJsonScanner scanner(text);
    if (const auto resultsSpan = scanner.memberValue(scanner.whole(), QStringLiteral("results"))) {
        if (const auto elements = scanner.arrayElements(*resultsSpan)) {
            for (const RawJsonScanner::Span &span : *elements)
                rawEntries.append(scanner.text(span));
        }
    }

    PredictionPage page;
    const QJsonArray entries = results.toArray();
    if (rawEntries.size() != entries.size())
        rawEntries.clear();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonValue entry = entries.at(i);
        if (!entry.isObject()) {
            ++page.skipped;
            continue;
        }
        auto prediction = Prediction::fromJsonObject(entry.toObject(), rawEntries.value(i));
        if (prediction)
            page.predictions.append(std::move(prediction).value());
        else
            ++page.skipped;
    }
    const QJsonValue next = object.value(QLatin1String("next"));
    if (next.isString())
        page.nextCursor = ApiEndpoint::cursorFromNextUrl(next.toString());
    return page;
}
