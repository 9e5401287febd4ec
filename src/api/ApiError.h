#pragma once

#include "DiskProblem.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <chrono>
#include <optional>

/// Every way a request can fail, classified once here. Widgets turn it into words.
struct ApiError final
{
    enum class Kind {
        Unauthorized,    ///< 401/403: the key is missing, wrong, or has no balance.
        NotFound,        ///< 404 on a prediction.
        RateLimited,     ///< 429; retryAfter says how long the server asked us to wait, if it did.
        Server,          ///< 5xx.
        Network,         ///< No connection, DNS failure, connection dropped, TLS failure.
        Timeout,         ///< No bytes moved for the transfer timeout.
        BadResponse,     ///< Not JSON, not a prediction, too large, unexpected status or redirect.
        NotSupported,    ///< 404/405 on an endpoint the provider does not offer (cancel, list, create).
        Canceled,        ///< The caller aborted the request.
        InvalidInput,    ///< 400/422: the server rejected what we sent (create).
        PaymentRequired, ///< 402: the account behind the key has no balance left.
        FileSystem,      ///< A download could not be written to disk. Keep last: names are looked up up to it.
    };

    /// One entry of a 422 problem body's `invalid_fields` (Replicate's validation errors).
    struct InvalidField
    {
        QString field;       ///< e.g. `input.aspect_ratio`, or `input` for a missing required key
        QString description; ///< e.g. `aspect_ratio must be one of the following: …`
        QString type;        ///< e.g. `enum`, `required`, `number_lte`

        bool operator==(const InvalidField &other) const
        {
            return field == other.field && description == other.description && type == other.type;
        }
    };

    Kind kind = Kind::Network;
    int httpStatus = 0; ///< 0 when no HTTP response arrived.
    QString message;    ///< The server's detail text, or a technical description. Never contains the key.
    std::optional<std::chrono::milliseconds> retryAfter; ///< Only for RateLimited (and 503 with Retry-After).
    /// Only for InvalidInput: what the server said of each field, when it said so field by field.
    QList<InvalidField> invalidFields{};
    /// Only for FileSystem: why the file could not be written, when a write failed.
    std::optional<DiskProblem> disk{};

    /// A FileSystem error for a failed write of @p path, classified by DiskProblem::classify() (see there for
    /// the arguments) and put in its words.
    static ApiError writeFailed(const QString &path, int errorNumber, qint64 neededBytes, const QString &detail);

    /// Whether retrying the same request later may succeed (Server, Network, Timeout, RateLimited).
    bool isTransient() const;
    /// A stable lower-case name for logs and the CLI's --json ("rate_limited", …).
    static QString kindName(Kind kind);
};

Q_DECLARE_METATYPE(ApiError)
