#include "RetryPolicy.h"

#include <QJsonValue>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QString>

#include <algorithm>
#include <cmath>

using std::chrono::milliseconds;

namespace {

constexpr double maxWaitSeconds = 24 * 60 * 60; // a server asking for more than a day is not meant literally

std::optional<milliseconds> fromSeconds(double seconds)
{
    if (!std::isfinite(seconds) && seconds > 0)
        seconds = maxWaitSeconds;
    if (!(seconds >= 0)) // also rejects NaN
        return std::nullopt;
    return milliseconds(std::llround(std::min(seconds, maxWaitSeconds) * 1000.0));
}

std::optional<milliseconds> parseSeconds(const QString &text)
{
    static const QRegularExpression number(QStringLiteral(R"(^\d+(?:\.\d+)?$)"));
    if (!number.match(text).hasMatch())
        return std::nullopt;
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (!ok)
        return std::nullopt;
    return fromSeconds(seconds);
}

// English names, whatever the user's locale: HTTP dates are never localized.
int monthFromName(const QString &name)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    const QString lower = name.toLower();
    for (int i = 0; i < 12; ++i) {
        if (lower == QLatin1String(months[i]))
            return i + 1;
    }
    return 0;
}

bool isDayName(const QString &name, bool longForm)
{
    static const char *const shortDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    static const char *const longDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                           "friday", "saturday", "sunday"};
    const QString lower = name.toLower();
    for (int i = 0; i < 7; ++i) {
        if (lower == QLatin1String(longForm ? longDays[i] : shortDays[i]))
            return true;
    }
    return false;
}

QDateTime makeUtc(int year, int month, int day, int hour, int minute, int second)
{
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

// RFC 7231 §7.1.1.1: IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must accept.
QDateTime parseHttpDate(const QString &text, const QDateTime &now)
{
    static const QRegularExpression imfFixdate(
        QStringLiteral(
            R"(^([A-Za-z]{3}),\s*(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+(?:GMT|UTC)$)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression rfc850(
        QStringLiteral(
            R"(^([A-Za-z]+),\s*(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+(?:GMT|UTC)$)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression asctime(
        QStringLiteral(R"(^([A-Za-z]{3})\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$)"));

    QRegularExpressionMatch m = imfFixdate.match(text);
    if (m.hasMatch() && isDayName(m.captured(1), false)) {
        return makeUtc(m.captured(4).toInt(), monthFromName(m.captured(3)), m.captured(2).toInt(),
                       m.captured(5).toInt(), m.captured(6).toInt(), m.captured(7).toInt());
    }
    m = rfc850.match(text);
    if (m.hasMatch() && isDayName(m.captured(1), true)) {
        int year = m.captured(4).toInt();
        if (m.captured(4).size() == 2) {
            // A two-digit year more than 50 years ahead is the most recent past year with those digits.
            const int currentYear = now.date().year();
            year += currentYear - currentYear % 100;
            if (year > currentYear + 50)
                year -= 100;
        }
        return makeUtc(year, monthFromName(m.captured(3)), m.captured(2).toInt(), m.captured(5).toInt(),
                       m.captured(6).toInt(), m.captured(7).toInt());
    }
    m = asctime.match(text);
    if (m.hasMatch() && isDayName(m.captured(1), false)) {
        return makeUtc(m.captured(7).toInt(), monthFromName(m.captured(2)), m.captured(3).toInt(),
                       m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    }
    return {};
}

} // namespace

RetryPolicy::RetryPolicy(Parameters parameters, std::function<double()> random)
    : m_parameters(parameters)
    , m_random(random ? std::move(random) : [] { return QRandomGenerator::global()->generateDouble(); })
{}

std::optional<milliseconds> RetryPolicy::delayAfter(const ApiError &error, int attempt) const
{
    if (m_parameters.maxAttempts > 0 && attempt >= m_parameters.maxAttempts)
        return std::nullopt;
    switch (error.kind) {
    case ApiError::Kind::RateLimited:
    case ApiError::Kind::Server:
        // A 503 may carry Retry-After too; the server knows best when it will be back.
        if (error.retryAfter)
            return std::max(*error.retryAfter, milliseconds(0));
        return backoff(attempt);
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
        return backoff(attempt);
    case ApiError::Kind::Unauthorized:
    case ApiError::Kind::NotFound:
    case ApiError::Kind::BadResponse:
    case ApiError::Kind::NotSupported:
    case ApiError::Kind::Canceled:
    case ApiError::Kind::InvalidInput:
    case ApiError::Kind::PaymentRequired:
    case ApiError::Kind::FileSystem:
        break;
    }
    return std::nullopt;
}

milliseconds RetryPolicy::backoff(int attempt) const
{
    const double cap = std::max(0.0, double(m_parameters.cap.count()));
    const double base = std::max(0.0, double(m_parameters.base.count()));
    const double jitter = std::clamp(m_parameters.jitter, 0.0, 1.0);
    // pow() overflows to infinity for large attempts; min() then settles on the cap.
    const double exponential = base * std::pow(std::max(m_parameters.factor, 0.0), std::max(attempt, 1) - 1);
    const double delay = std::isfinite(exponential) ? std::min(cap, exponential) : cap;

    const double r = std::clamp(m_random(), 0.0, 1.0);
    const double jittered = delay * (1.0 + jitter * (2.0 * r - 1.0));
    const double bounded = std::clamp(jittered, 0.0, cap * (1.0 + jitter));
    return milliseconds(std::llround(bounded));
}

std::optional<milliseconds> RetryPolicy::parseRetryAfter(const QByteArray &header, const QDateTime &now)
{
    const QString text = QString::fromLatin1(header).trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (text.front().isDigit())
        return parseSeconds(text);

    const QDateTime reference = now.isValid() ? now.toUTC() : QDateTime::currentDateTimeUtc();
    const QDateTime when = parseHttpDate(text.simplified(), reference);
    if (!when.isValid())
        return std::nullopt;
    const qint64 ms = reference.msecsTo(when);
    return milliseconds(std::clamp<qint64>(ms, 0, qint64(maxWaitSeconds) * 1000));
}

std::optional<milliseconds> RetryPolicy::retryAfterFromBody(const QJsonObject &body)
{
    const QJsonValue value = body.value(QLatin1String("retry_after"));
    if (value.isDouble())
        return fromSeconds(value.toDouble());
    if (value.isString())
        return parseSeconds(value.toString().trimmed());
    return std::nullopt;
}
