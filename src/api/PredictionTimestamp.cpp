// Prediction::parseTimestamp: the times of an answer (created_at, started_at, completed_at), read three times
// for every prediction fetched or captured.
#include "Prediction.h"

#include <QDate>
#include <QRegularExpression>
#include <QTime>

namespace {

/// The digits text[from, from + count) as a number; -1 unless they all are digits.
int digitsAt(const QString &text, int from, int count)
{
    int value = 0;
    for (int i = from; i < from + count; ++i) {
        const char16_t c = text.at(i).unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

/// The form every answer of Replicate and the relays uses, `2025-07-12T07:27:54.318436Z`, read without a
/// regular expression (it is read three times for every prediction fetched); an invalid QDateTime for any
/// other form, which the general pattern then reads.
QDateTime parseCommonTimestamp(const QString &text)
{
    const int length = int(text.size());
    if (length < 20 || text.at(4) != u'-' || text.at(7) != u'-' || text.at(10) != u'T' || text.at(13) != u':'
        || text.at(16) != u':' || text.at(length - 1) != u'Z')
        return {};
    int milliseconds = 0;
    if (length > 20) {
        if (text.at(19) != u'.' || length == 21)
            return {};
        for (int i = 20; i < length - 1; ++i) {
            if (text.at(i).unicode() < u'0' || text.at(i).unicode() > u'9')
                return {};
        }
        // Cut, not rounded, to milliseconds.
        const int kept = qMin(length - 21, 3);
        milliseconds = digitsAt(text, 20, kept);
        for (int i = kept; i < 3; ++i)
            milliseconds *= 10;
    }
    const int year = digitsAt(text, 0, 4);
    if (year < 0) // the others are checked by QDate and QTime; year -1 is a valid one
        return {};
    const QDate date(year, digitsAt(text, 5, 2), digitsAt(text, 8, 2));
    const QTime time(digitsAt(text, 11, 2), digitsAt(text, 14, 2), digitsAt(text, 17, 2), milliseconds);
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

} // namespace

QDateTime Prediction::parseTimestamp(const QString &text)
{
    if (const QDateTime common = parseCommonTimestamp(text); common.isValid())
        return common;
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$)"));
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return {};

    const QDate date(match.captured(1).toInt(), match.captured(2).toInt(), match.captured(3).toInt());
    // Fractions finer than a millisecond are cut, not rounded: rounding could move a time into the next second.
    const int milliseconds = match.captured(7).leftJustified(3, QLatin1Char('0')).left(3).toInt();
    const QTime time(match.captured(4).toInt(), match.captured(5).toInt(), match.captured(6).toInt(), milliseconds);
    if (!date.isValid() || !time.isValid())
        return {};

    QDateTime result(date, time, Qt::UTC);
    if (match.hasCaptured(9)) {
        const int hours = match.captured(10).toInt();
        const int minutes = match.captured(11).toInt();
        if (hours > 23 || minutes > 59)
            return {};
        const int offset = (hours * 3600 + minutes * 60) * (match.captured(9) == QLatin1String("-") ? -1 : 1);
        result = result.addSecs(-offset);
    }
    return result;
}
