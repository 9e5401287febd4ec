#include "DisplayText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace {

constexpr int elideTokenLength = 44;
constexpr QChar ellipsis(u'\u2026');

} // namespace

QString DisplayText::statusName(PredictionStatus status, const QString &serverText, bool answered)
{
    if (!answered)
        return tr("Waiting");
    switch (status) {
    case PredictionStatus::Starting:
        return tr("Starting");
    case PredictionStatus::Processing:
        return tr("Processing");
    case PredictionStatus::Succeeded:
        return tr("Succeeded");
    case PredictionStatus::Failed:
        return tr("Failed");
    case PredictionStatus::Canceled:
        return tr("Canceled");
    case PredictionStatus::Aborted:
        return tr("Aborted");
    case PredictionStatus::Unknown:
        break;
    }
    return serverText.isEmpty() ? tr("Unknown") : serverText;
}

QString DisplayText::unknownStatusNote(PredictionStatus status, const QString &serverText)
{
    if (status != PredictionStatus::Unknown || serverText.isEmpty())
        return {};
    return tr("The server reports \"%1\"").arg(serverText);
}

QString DisplayText::duration(double seconds, const QLocale &locale)
{
    if (!std::isfinite(seconds))
        return QStringLiteral("?");
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return tr("%1 s").arg(locale.toString(seconds, 'f', 2));
    const qint64 whole = qint64(std::llround(seconds));
    if (whole < 3600)
        return tr("%1 min %2 s").arg(locale.toString(whole / 60), locale.toString(whole % 60));
    return tr("%1 h %2 min").arg(locale.toString(whole / 3600), locale.toString((whole % 3600) / 60));
}

QString DisplayText::elapsed(qint64 seconds, const QLocale &locale)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds < 60)
        return tr("%1 s").arg(locale.toString(seconds));
    return duration(double(seconds), locale);
}

QString DisplayText::relativeTime(const QDateTime &time, const QDateTime &now)
{
    const qint64 delta = time.secsTo(now);
    const bool future = delta < 0;
    const qint64 magnitude = future ? -delta : delta;
    if (magnitude < 45)
        return tr("just now");

    // Explicit singular and plural strings: English needs no translation file to read right.
    QString amount;
    if (magnitude < 3600) {
        const qint64 n = std::max<qint64>(1, (magnitude + 30) / 60);
        amount = n == 1 ? tr("1 minute") : tr("%1 minutes").arg(n);
    } else if (magnitude < 86400) {
        const qint64 n = (magnitude + 1800) / 3600;
        amount = n == 1 ? tr("1 hour") : tr("%1 hours").arg(n);
    } else {
        const qint64 n = (magnitude + 43200) / 86400;
        amount = n == 1 ? tr("1 day") : tr("%1 days").arg(n);
    }
    return future ? tr("in %1").arg(amount) : tr("%1 ago").arg(amount);
}

QString DisplayText::dateTimeWithSeconds(const QDateTime &utc, const QLocale &locale)
{
    if (!utc.isValid())
        return QStringLiteral("—");
    QString timeFormat = locale.timeFormat(QLocale::ShortFormat);
    if (!timeFormat.contains(u's'))
        timeFormat.replace(QStringLiteral("mm"), QStringLiteral("mm:ss"));
    const QDateTime local = utc.toLocalTime();
    return locale.toString(local.date(), QLocale::ShortFormat) + u' ' + locale.toString(local.time(), timeFormat);
}

QString DisplayText::sourceName(bool captured)
{
    return captured ? tr("Captured") : tr("Added");
}

QString DisplayText::captureSource(const QString &userAgent, const QDateTime &capturedAtUtc, const QLocale &locale)
{
    // A User-Agent is whatever the caller sent: one line of it is enough to recognise the client.
    const QString caller = userAgent.trimmed().isEmpty() ? tr("(no User-Agent)") : oneLine(userAgent.trimmed(), 200);
    if (!capturedAtUtc.isValid())
        return tr("Captured from %1").arg(caller);
    return tr("Captured from %1 at %2").arg(caller, dateTimeWithSeconds(capturedAtUtc, locale));
}

QString DisplayText::shortDateTime(const QDateTime &utc, const QLocale &locale)
{
    return utc.isValid() ? locale.toString(utc.toLocalTime(), QLocale::ShortFormat) : QString();
}

QString DisplayText::longDateTime(const QDateTime &utc, const QLocale &locale)
{
    return utc.isValid() ? locale.toString(utc.toLocalTime(), QLocale::LongFormat) : QString();
}

QString DisplayText::shortTime(const QDateTime &utc, const QLocale &locale)
{
    return utc.isValid() ? locale.toString(utc.toLocalTime().time(), QLocale::ShortFormat) : QString();
}

QString DisplayText::timestamp(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    return utc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"));
}

QString DisplayText::inputLabel(const QString &key)
{
    if (key == u"prompt")
        return tr("Prompt");
    if (key == u"input_image")
        return tr("Input image");
    if (key == u"aspect_ratio")
        return tr("Aspect ratio");
    if (key == u"output_format")
        return tr("Output format");
    if (key == u"safety_tolerance")
        return tr("Safety tolerance");
    if (key == u"prompt_upsampling")
        return tr("Prompt upsampling");
    if (key == u"seed")
        return tr("Seed");
    if (key == u"megapixels")
        return tr("Megapixels");
    if (key == u"num_inference_steps")
        return tr("Steps");
    if (key == u"guidance" || key == u"guidance_scale")
        return tr("Guidance");
    return key;
}

QString DisplayText::metricLabel(const QString &key)
{
    if (key == u"predict_time")
        return tr("Predict time");
    if (key == u"total_time")
        return tr("Total time");
    if (key == u"image_count")
        return tr("Images");
    return key;
}

QString DisplayText::value(const QJsonValue &json, QString *fullText)
{
    const QLocale locale;
    QString text;
    switch (json.type()) {
    case QJsonValue::Bool:
        return json.toBool() ? tr("Yes") : tr("No");
    case QJsonValue::Double: {
        const double number = json.toDouble();
        if (std::floor(number) == number && std::abs(number) < 1e15)
            return locale.toString(qint64(number));
        return locale.toString(number, 'g', 10);
    }
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::String:
        text = json.toString();
        if (text.startsWith(QLatin1String("data:"))) {
            const qsizetype comma = text.indexOf(u',');
            const QString type = text.mid(5, comma > 5 ? comma - 5 : 0).section(u';', 0, 0);
            return tr("embedded %1 (%2)")
                .arg(type.isEmpty() ? tr("data") : type, locale.formattedDataSize(text.size() - comma - 1));
        }
        break;
    case QJsonValue::Array:
    case QJsonValue::Object:
        text = compactJson(json);
        break;
    }
    const QString shown = elideToken(text);
    if (shown != text && fullText)
        *fullText = text;
    return shown;
}

QString DisplayText::literalValue(const QJsonValue &value, int maxLength)
{
    if (value.isString()) {
        const QString text = value.toString();
        if (text.startsWith(QLatin1String("data:")))
            return dataUriSummary(text);
        return oneLine(text, maxLength);
    }
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 12);
    return oneLine(compactJson(value), maxLength);
}

QString DisplayText::dataUriSummary(const QString &uri)
{
    const qsizetype comma = uri.indexOf(u',');
    const QString header = comma < 0 ? uri.left(40) : uri.left(comma);
    const qsizetype payload = comma < 0 ? 0 : uri.size() - comma - 1;
    return header + QStringLiteral(",") + ellipsis + u' ' + tr("(%n characters)", nullptr, int(payload));
}

QString DisplayText::oneLine(const QString &text, int maxLength)
{
    QString line = text.simplified();
    if (line.size() > maxLength)
        line = line.left(std::max(0, maxLength - 1)) + ellipsis;
    return line;
}

QString DisplayText::elideToken(const QString &text)
{
    if (text.size() <= elideTokenLength || text.contains(u' '))
        return text;
    return text.left(elideTokenLength - 17) + ellipsis + text.right(16);
}

QString DisplayText::compactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isUndefined())
        return {};
    // Scalars: let Qt format them the way it writes JSON, then drop the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QString DisplayText::prettyJson(const QByteArray &json)
{
    // QJsonDocument would sort the keys; the server's order (id, logs, urls, …) reads better.
    const QString text = QString::fromUtf8(json);
    QString out;
    out.reserve(text.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&out, &depth] {
        out += u'\n';
        out += QString(depth * 2, u' ');
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == u'\\')
                escaped = true;
            else if (c == u'"')
                inString = false;
            continue;
        }
        switch (c.unicode()) {
        case u'"':
            inString = true;
            out += c;
            break;
        case u'{':
        case u'[': {
            const QChar close = c == u'{' ? u'}' : u']';
            qsizetype next = i + 1;
            while (next < text.size() && text.at(next).isSpace())
                ++next;
            if (next < text.size() && text.at(next) == close) {
                out += c;
                out += close;
                i = next;
                break;
            }
            out += c;
            ++depth;
            newline();
            break;
        }
        case u'}':
        case u']':
            --depth;
            newline();
            out += c;
            break;
        case u',':
            out += c;
            newline();
            break;
        case u':':
            out += QStringLiteral(": ");
            break;
        case u' ':
        case u'\n':
        case u'\r':
        case u'\t':
            break;
        default:
            out += c;
        }
    }
    return out;
}
