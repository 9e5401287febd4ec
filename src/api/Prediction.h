#pragma once

#include "PredictionStatus.h"
#include "Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

#include <optional>
#include <utility>

/// Why a response body could not be read as a prediction.
struct ParseError final
{
    QString message; ///< Plain words for the user, e.g. "The server's answer is not a prediction …".
};

/// One prediction as the API reported it at one moment. A value type: cheap to copy (implicitly shared members).
///
/// Parsing is lenient where real servers are loose (unknown statuses, any JSON in `output` and `error`,
/// extra metrics and inputs) and strict where it matters: a body must be a JSON object with a non-empty
/// string `id` and a string `status`, or it is not a prediction at all.
class Prediction final
{
public:
    /// Parses one prediction from a response body. Keeps the body (compacted) as rawJson().
    static Result<Prediction, ParseError> fromJson(const QByteArray &body);
    /// Same, for an object already parsed (a page of the list endpoint). @p rawObjectText, if given, is
    /// the object's own text and is used to recover the order of `input` keys.
    static Result<Prediction, ParseError> fromJsonObject(const QJsonObject &object,
                                                         const QByteArray &rawObjectText = {});

    QString id() const { return m_id; }
    QString model() const { return m_model; }     ///< "owner/name"; may be empty.
    QString version() const { return m_version; } ///< A hash or "hidden"; may be empty.
    PredictionStatus status() const { return m_status; }
    QString statusText() const { return m_statusText; } ///< Verbatim from the server (shown for unknown ones).
    QString logs() const { return m_logs; }

    /// The `input` object's entries in the order the server sent them.
    const QList<std::pair<QString, QJsonValue>> &inputs() const { return m_inputs; }
    QJsonValue input(const QString &key) const; ///< Undefined when absent.
    QString prompt() const;                     ///< input.prompt, or "" .
    QString inputImage() const;                 ///< input.input_image (URL or data: URI), or "".

    QJsonValue output() const { return m_output; } ///< Verbatim; Null while running or after removal.
    /// Every URL found in `output`: a string, strings in an array, string values of objects in an array
    /// (`[{"file": url}]`), `data:` URIs. In order, without duplicates.
    QList<QUrl> outputUrls() const;
    /// `output` as text when it carries something other than URLs (text models, other JSON); else "".
    QString outputText() const;

    QJsonValue error() const { return m_error; } ///< Verbatim: null, a string, or any JSON.
    QString errorText() const;                   ///< The error as one readable string; "" when null.

    QJsonObject metrics() const { return m_metrics; }
    std::optional<double> predictTime() const; ///< seconds
    std::optional<double> totalTime() const;   ///< seconds (Replicate only)
    std::optional<int> imageCount() const;

    QDateTime createdAt() const { return m_createdAt; } ///< UTC; invalid when null/absent.
    QDateTime startedAt() const { return m_startedAt; }
    QDateTime completedAt() const { return m_completedAt; }

    bool dataRemoved() const { return m_dataRemoved; }

    QUrl webUrl() const { return urlOf(m_webUrl); } ///< urls.web: fine to open in a browser.
    /// urls.get/cancel/stream as sent. Shown for information only: API calls are always built from the
    /// configured root (a relay's urls point at api.replicate.com, where a relay key is useless).
    QUrl reportedGetUrl() const { return urlOf(m_getUrl); }
    QUrl reportedCancelUrl() const { return urlOf(m_cancelUrl); }
    QUrl reportedStreamUrl() const { return urlOf(m_streamUrl); }

    QByteArray rawJson() const { return m_raw; } ///< The prediction object, compact.

    /// Parses an ISO 8601 timestamp with 0–9 fractional digits and a Z or ±hh:mm offset. Invalid on failure.
    static QDateTime parseTimestamp(const QString &text);

    friend bool operator==(const Prediction &a, const Prediction &b) { return a.m_raw == b.m_raw; }
    friend bool operator!=(const Prediction &a, const Prediction &b) { return !(a == b); }

private:
    /// @p rawIsSource: @p object was parsed from exactly @p rawObjectText, so compact text that equals it
    /// needs no second parse to be trusted.
    static Result<Prediction, ParseError> fromParsedObject(const QJsonObject &object, const QByteArray &rawObjectText,
                                                           bool rawIsSource);
    /// A URL member's text made a URL (tolerantly); empty when it is not a valid one. The urls are kept as
    /// text and made URLs when asked for: most answers are stored, not opened.
    static QUrl urlOf(const QString &text);

    QString m_id;
    QString m_model;
    QString m_version;
    QString m_statusText;
    PredictionStatus m_status = PredictionStatus::Unknown;
    QString m_logs;
    QList<std::pair<QString, QJsonValue>> m_inputs;
    QJsonValue m_output;
    QJsonValue m_error;
    QJsonObject m_metrics;
    QDateTime m_createdAt;
    QDateTime m_startedAt;
    QDateTime m_completedAt;
    bool m_dataRemoved = false;
    QString m_webUrl; ///< The urls' texts, trimmed (urlOf()).
    QString m_getUrl;
    QString m_cancelUrl;
    QString m_streamUrl;
    QByteArray m_raw;
};

/// One page of the list endpoint. `nextCursor` is the opaque cursor of the next page (empty on the last).
struct PredictionPage final
{
    QList<Prediction> predictions;
    QString nextCursor;
    int skipped = 0; ///< Entries that were not predictions (kept out, counted).

    static Result<PredictionPage, ParseError> fromJson(const QByteArray &body);
};

Q_DECLARE_METATYPE(Prediction)
Q_DECLARE_METATYPE(PredictionPage)
