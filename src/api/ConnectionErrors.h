#pragma once

#include "ApiError.h"
#include "UpstreamConnection.h"

/// The error a request meets when its connection fails (UpstreamConnection::failed), in ReplyErrors'
/// words: PredictionWorker and DownloadWorker alike. @p status is the answer's, if its head had come;
/// @p secret is scrubbed from any detail.
namespace ConnectionErrors {

ApiError classify(const UpstreamConnection &connection, UpstreamConnection::Failure failure, const QString &detail,
                  int status, const QString &secret);

} // namespace ConnectionErrors
