#pragma once

#include <variant>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "CaptureConfig.h"
#include "HttpHead.h"

/// The endpoint's rules for one request head, kept apart from the sockets so that they can be tested alone:
/// what is refused (it is not an open proxy) and where an accepted request goes.
class CaptureRouting final
{
public:
    /// A refused request: the status and the problem+json words to send back.
    struct Refusal
    {
        int status = 0;
        QString title;
        QString detail;
    };

    /// An accepted request.
    struct Route
    {
        QByteArray upstreamTarget; ///< Root path + the path below /v1 or /replicate/v1 + query, as sent.
        CaptureCallKind kind = CaptureCallKind::None;
    };

    /// Refuses a non-loopback Host (DNS rebinding), absolute- and authority-form targets, CONNECT and
    /// Upgrade, paths outside `/v1` and `/replicate/v1` or with dot segments, and an Origin not in
    /// @p allowedOrigins; otherwise maps the target onto @p upstreamRootPath (encoded, no trailing slash).
    static std::variant<Refusal, Route> route(const HttpHead &head, const QByteArray &upstreamRootPath,
                                              const QStringList &allowedOrigins);

    /// Which prediction call @p method on @p apiPath (the path below the root, no query) is.
    static CaptureCallKind classify(const QByteArray &method, const QByteArray &apiPath);
    /// Whether @p hostField (a Host header value, port included) names this machine's loopback.
    static bool isLoopbackHost(const QByteArray &hostField);
};
