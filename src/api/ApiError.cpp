#include "ApiError.h"

bool ApiError::isTransient() const
{
    switch (kind) {
    case Kind::Server:
    case Kind::Network:
    case Kind::Timeout:
    case Kind::RateLimited:
        return true;
    case Kind::Unauthorized:
    case Kind::NotFound:
    case Kind::BadResponse:
    case Kind::NotSupported:
    case Kind::Canceled:
    case Kind::InvalidInput:
    case Kind::PaymentRequired:
    case Kind::FileSystem:
        break;
    }
    return false;
}

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Unauthorized:
        return QStringLiteral("unauthorized");
    case Kind::NotFound:
        return QStringLiteral("not_found");
    case Kind::RateLimited:
        return QStringLiteral("rate_limited");
    case Kind::Server:
        return QStringLiteral("server");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::BadResponse:
        return QStringLiteral("bad_response");
    case Kind::NotSupported:
        return QStringLiteral("not_supported");
    case Kind::Canceled:
        return QStringLiteral("canceled");
    case Kind::InvalidInput:
        return QStringLiteral("invalid_input");
    case Kind::PaymentRequired:
        return QStringLiteral("payment_required");
    case Kind::FileSystem:
        return QStringLiteral("file_system");
    }
    return {};
}

ApiError ApiError::writeFailed(const QString &path, int errorNumber, qint64 neededBytes, const QString &detail)
{
    const DiskProblem problem = DiskProblem::classify(path, errorNumber, neededBytes, detail);
    return ApiError{Kind::FileSystem, 0, problem.describe(path), {}, {}, problem};
}
