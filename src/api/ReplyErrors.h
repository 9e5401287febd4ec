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
