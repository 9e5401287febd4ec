#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QList>
#include <QSslError>
#include <QString>

class QNetworkReply;

/// Turns a finished QNetworkReply into an ApiError. Shared by PredictionClient and FileDownloader so
/// that both classify the same way.
namespace ReplyErrors {

/// Why our side ended the reply, if it did: QNetworkReply reports all of these, and the transfer
/// timeout, as OperationCanceledError.
enum class LocalAbort {
    None,
    ByUser,
    TooLarge,
    RedirectRefused
};

/// Why a request ended without an HTTP answer, whichever client sent it.
enum class Transport {
    TimedOut,
    Refused,
    Closed, ///< Closed (or broken off) before the answer was complete.
    HostNotFound,
    Tls,
    Other ///< Described by the detail given.
};

/// What a complete HTTP answer said in its head.
struct Answer
{
    int status = 0;
    QString reason;
    QByteArray contentType;
    QByteArray retryAfter;
};

/// The error for a request our side ended (not None).
ApiError classifyLocalAbort(LocalAbort abort, const QString &detail);
/// The error for a request that got no complete answer. @p detail (for Other) is scrubbed of @p secret.
ApiError classifyTransport(Transport transport, const QString &detail, const QString &secret,
                           const QList<QSslError> &certificateErrors = {});
/// The error for a complete answer that is not a success.
ApiError classifyAnswer(const Answer &answer, const QByteArray &body, bool notSupportedOn404, const QString &secret);

/// True when the reply ended without a usable HTTP answer (connection refused, dropped mid-body, TLS…).
bool isTransportFailure(const QNetworkReply *reply);

/// Classifies a reply that did not succeed. @p notSupportedOn404 for endpoints a relay may lack.
/// @p secret is removed from any text taken from the body (a server may echo the key back).
/// @p certificateErrors are what the reply's sslErrors() reported: a handshake that failed on them is
/// described as an untrusted certificate, naming the problem.
ApiError classify(const QNetworkReply *reply, const QByteArray &body, LocalAbort abort, const QString &detail,
                  bool notSupportedOn404, const QString &secret, const QList<QSslError> &certificateErrors = {});

/// The human part of an error body: problem+json `detail`, else `title`, `message` or `error`;
/// short plain text as-is; HTML and anything else gives "". Never longer than 500 characters.
QString detailFromBody(const QByteArray &body, const QByteArray &contentType);

} // namespace ReplyErrors
