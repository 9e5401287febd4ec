#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>

#include <chrono>
#include <functional>
#include <optional>

/// When to try a failed request again.
///
/// Server, Network and Timeout errors back off exponentially (base · factor^attempt, capped) with
/// ±jitter; RateLimited waits exactly what the server asked, or backs off when it did not say.
/// Unauthorized, NotFound, BadResponse, NotSupported, InvalidInput and Canceled are never retried.
struct RetryParameters final
{
    std::chrono::milliseconds base{1000};
    std::chrono::milliseconds cap{60000};
    double factor = 2.0;
    double jitter = 0.2; ///< ±20 % of the computed delay.
    int maxAttempts = 0; ///< 0: no limit (the scheduler keeps polling); else give up after this many.
};

class RetryPolicy final
{
public:
    using Parameters = RetryParameters;

    /// @p random returns a uniform value in [0, 1); defaults to QRandomGenerator::global(). Tests inject one.
    explicit RetryPolicy(Parameters parameters = Parameters(), std::function<double()> random = {});

    /// The wait before attempt number @p attempt + 1, after @p attempt failures in a row (attempt ≥ 1).
    /// nullopt: do not retry.
    std::optional<std::chrono::milliseconds> delayAfter(const ApiError &error, int attempt) const;

    /// The backoff part alone (no error classification), for callers that schedule their own retries.
    std::chrono::milliseconds backoff(int attempt) const;

    const Parameters &parameters() const { return m_parameters; }

    /// Parses a Retry-After header: delta-seconds ("5", "2.5" tolerated) or an HTTP-date (RFC 7231
    /// IMF-fixdate, RFC 850 and asctime forms) relative to @p now. A date in the past gives 0.
    static std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &header, const QDateTime &now);
    /// The body's `retry_after` (seconds, number or numeric string), if any.
    static std::optional<std::chrono::milliseconds> retryAfterFromBody(const QJsonObject &body);

private:
    Parameters m_parameters;
    std::function<double()> m_random;
};
