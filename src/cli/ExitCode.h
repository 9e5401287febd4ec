#pragma once

#include "ApiError.h"
#include "PredictionStatus.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <utility>

/// replimon-cli's process exit codes. When several predictions end differently, the highest code wins,
/// so a script sees the most serious problem (a local file error outranks a network error, which
/// outranks a failed prediction).
enum class ExitCode {
    Ok = 0,               ///< Everything asked for was done.
    PredictionFailed = 1, ///< A prediction failed, was canceled or aborted, or had nothing to download.
    Usage = 2,            ///< Bad command line or environment; inputs the server refused (422).
    Auth = 3,             ///< 401/403: the API key is missing or wrong; 402: no balance.
    NotFound = 4,         ///< Unknown prediction, outputs already deleted, or endpoint not offered.
    Network = 5,          ///< Network, timeout, server error or rate limit after the retries; --timeout.
    BadResponse = 6,      ///< The server's answer could not be understood.
    LocalFile = 7,        ///< A file could not be written (full disk, quota, read-only or forbidden folder).
    Database = 8,         ///< history: the task database is missing or could not be read.
};

namespace ExitCodes {

/// The exit code for a request that failed with @p error.
ExitCode forError(const ApiError &error);
/// The exit code a prediction's final status stands for: Ok for succeeded, PredictionFailed for
/// failed, canceled and aborted; Ok for states that have not ended (callers decide what that means).
ExitCode forStatus(PredictionStatus status);
/// The more serious of two codes (the numerically higher one).
ExitCode worst(ExitCode a, ExitCode b);
/// Every code with a one-line explanation, for --help and the documentation.
QList<std::pair<int, QString>> descriptions();

} // namespace ExitCodes
