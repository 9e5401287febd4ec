#pragma once

#include "PredictionStatus.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonValue>
#include <QLocale>
#include <QString>

/// How predictions and tasks are put into words, wherever they are shown: the task table, the detail pane
/// and replimon-cli. Pure functions; translated under the context "DisplayText"; numbers and dates through
/// QLocale.
class DisplayText final
{
    Q_DECLARE_TR_FUNCTIONS(DisplayText)

public:
    DisplayText() = delete;

    /// "Succeeded", "Processing", …; the server's own word for statuses this build does not know ("Unknown"
    /// when it sent none); "Waiting" while the server has not answered yet (@p answered false).
    static QString statusName(PredictionStatus status, const QString &serverText, bool answered = true);
    /// "The server reports "…"" for a status this build does not know; "" otherwise.
    static QString unknownStatusNote(PredictionStatus status, const QString &serverText);

    /// "0.84 s", "3.59 s", "1 min 4 s", "2 h 5 min"; negative durations read as 0, non-finite ones as "?".
    static QString duration(double seconds, const QLocale &locale = QLocale());
    /// A running clock: "12 s" below a minute (hundredths would only flicker), duration() above.
    static QString elapsed(qint64 seconds, const QLocale &locale = QLocale());
    /// "just now", "3 minutes ago", "in 2 hours", "5 days ago".
    static QString relativeTime(const QDateTime &time, const QDateTime &now);

    /// Local date and time, short format with seconds (queue times are seconds long); "—" when invalid.
    static QString dateTimeWithSeconds(const QDateTime &utc, const QLocale &locale = QLocale());
    /// Local date and time in the locale's short format; "" when invalid.
    static QString shortDateTime(const QDateTime &utc, const QLocale &locale = QLocale());
    /// Local date and time in the locale's long format; "" when invalid.
    static QString longDateTime(const QDateTime &utc, const QLocale &locale = QLocale());
    /// Local time of day in the locale's short format; "" when invalid.
    static QString shortTime(const QDateTime &utc, const QLocale &locale = QLocale());
    /// Local time as "yyyy-MM-dd HH:mm:ss" and the zone, the same in every locale (terminal output);
    /// "" when invalid.
    static QString timestamp(const QDateTime &utc);

    /// Where a task came from, for a column: "Captured" (its answer passed through the capture endpoint) or
    /// "Added" (by id, by import).
    static QString sourceName(bool captured);
    /// "Captured from <User-Agent> at <local time with seconds>"; "(no User-Agent)" when the caller sent
    /// none, and without the time when it is unknown.
    static QString captureSource(const QString &userAgent, const QDateTime &capturedAtUtc,
                                 const QLocale &locale = QLocale());

    /// "Prompt", "Aspect ratio", …: a known input's name in words; other keys as they are.
    static QString inputLabel(const QString &key);
    /// "Predict time", "Total time", "Images"; other keys as they are.
    static QString metricLabel(const QString &key);
    /// An input or metric value for people: Yes/No, locale numbers, "embedded image/png (1.2 KB)" for a
    /// data: URI, long tokens elided in the middle. When the text is shortened, @p fullText gets the whole.
    static QString value(const QJsonValue &json, QString *fullText = nullptr);
    /// A value as JSON would write it (strings unquoted), on one line of at most @p maxLength characters;
    /// data: URIs as their header and length. For `key=value` lines.
    static QString literalValue(const QJsonValue &value, int maxLength);
    /// A data: URI as its header and payload length: "data:image/png;base64,… (1,234 characters)".
    static QString dataUriSummary(const QString &uri);
    /// One line at most @p maxLength long, with an ellipsis when cut; line breaks become spaces.
    static QString oneLine(const QString &text, int maxLength);
    /// A long single token (URL, hash, data address) shortened in the middle; text with spaces as it is.
    static QString elideToken(const QString &text);

    /// A JSON value in compact text; "" for undefined.
    static QString compactJson(const QJsonValue &value);
    /// Re-indents compact JSON by two spaces, keeping the keys in the order of the text.
    static QString prettyJson(const QByteArray &json);
};
