#pragma once

#include <QByteArray>
#include <QString>

/// The endpoint's own answers (refusals, 502, 504) as complete HTTP/1.1 messages with an RFC 9457
/// `application/problem+json` body and `Connection: close`.
class ProblemResponse final
{
public:
    static QByteArray bytes(int status, const QString &title, const QString &detail);
    /// The standard reason phrase for the statuses the endpoint itself sends.
    static QByteArray reasonPhrase(int status);
};
