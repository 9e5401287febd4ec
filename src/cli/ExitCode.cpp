#include "ExitCode.h"

namespace ExitCodes {

ExitCode forError(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
        return ExitCode::Auth;
    case ApiError::Kind::NotFound:
    case ApiError::Kind::NotSupported:
        return ExitCode::NotFound;
    case ApiError::Kind::RateLimited:
    case ApiError::Kind::Server:
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Canceled:
        return ExitCode::Network;
    case ApiError::Kind::InvalidInput:
        return ExitCode::Usage; // the inputs given on the command line were refused
    case ApiError::Kind::BadResponse:
        return ExitCode::BadResponse;
    case ApiError::Kind::PaymentRequired:
        return ExitCode::Auth;
    case ApiError::Kind::FileSystem:
        return ExitCode::LocalFile;
    }
    return ExitCode::BadResponse;
}

ExitCode forStatus(PredictionStatus status)
{
    switch (status) {
    case PredictionStatus::Failed:
    case PredictionStatus::Canceled:
    case PredictionStatus::Aborted:
        return ExitCode::PredictionFailed;
    case PredictionStatus::Succeeded:
    case PredictionStatus::Starting:
    case PredictionStatus::Processing:
    case PredictionStatus::Unknown:
        break;
    }
    return ExitCode::Ok;
}

ExitCode worst(ExitCode a, ExitCode b)
{
    return int(a) >= int(b) ? a : b;
}

QList<std::pair<int, QString>> descriptions()
{
    return {
        {0, QCoreApplication::translate("ExitCode", "success")},
        {1,
         QCoreApplication::translate("ExitCode",
                                     "a prediction failed, was canceled or aborted, or has no "
                                     "output to download")},
        {2,
         QCoreApplication::translate("ExitCode",
                                     "usage error (bad option, argument or environment variable), or inputs the "
                                     "server refused (run, rerun)")},
        {3,
         QCoreApplication::translate("ExitCode",
                                     "the API key was refused (401/403) or is missing, or its account has no "
                                     "balance left (402)")},
        {4,
         QCoreApplication::translate("ExitCode",
                                     "prediction not found, outputs deleted, or not supported by "
                                     "the provider")},
        {5,
         QCoreApplication::translate("ExitCode",
                                     "network error, timeout, server error or rate limit after "
                                     "the retries")},
        {6, QCoreApplication::translate("ExitCode", "the server's answer could not be understood")},
        {7,
         QCoreApplication::translate("ExitCode",
                                     "a local file could not be written: the disk is full, a quota is used up, "
                                     "the folder is read-only or not writable (the message says which)")},
        {8, QCoreApplication::translate("ExitCode", "history: the task database is missing or could not be read")},
    };
}

} // namespace ExitCodes
