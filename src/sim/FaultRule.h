#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

/// One fault: which requests it matches and what goes wrong with their answer. See the Faults section of
/// docs/simulator.md for the JSON form.
struct FaultRule final
{
    enum class Kind {
        Status,
        Latency,
        Stall,
        Drop,
        Truncate,
        Malformed,
        WrongSchema,
        Redirect,
        NotJson
    };
    /// Which routes a rule (or a request) belongs to.
    enum class Target {
        Api,
        Files,
        Stream, ///< A prediction's event stream (urls.stream).
        All
    };

    Kind kind = Kind::Status;
    QString kindName;

    // Matching.
    double rate = 1.0;
    QStringList ids;
    QString path;
    QByteArray method;
    Target target = Target::Api;
    int remaining = -1; ///< From `count`; -1 for no limit.

    // Parameters.
    int status = 0;
    QString retryAfter;                   ///< Header value; `http-date:+N` is resolved when sent.
    std::optional<double> bodyRetryAfter; ///< `retry_after` in the 429 problem body.
    std::optional<QString> body;
    qint64 ms = 0;
    bool stallHeaders = false; ///< phase: headers (else body).
    QString to;

    static std::optional<FaultRule> fromJson(const QJsonObject &json, QString *error);

    /// Whether the request fits the rule's filters (not counting `rate` and `count`). `requestTarget` is
    /// Api or Files, or nullopt for routes that are neither (only `target: all` matches those).
    bool matches(const QByteArray &requestMethod, const QString &requestPath, std::optional<Target> requestTarget,
                 const QString &predictionId) const;
};
