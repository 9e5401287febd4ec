#include "PredictionStatus.h"

namespace PredictionStatuses {

PredictionStatus fromString(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"starting")
        return PredictionStatus::Starting;
    if (t == u"processing")
        return PredictionStatus::Processing;
    if (t == u"succeeded")
        return PredictionStatus::Succeeded;
    if (t == u"failed")
        return PredictionStatus::Failed;
    if (t == u"canceled" || t == u"cancelled")
        return PredictionStatus::Canceled;
    if (t == u"aborted")
        return PredictionStatus::Aborted;
    return PredictionStatus::Unknown;
}

QString toString(PredictionStatus status)
{
    switch (status) {
    case PredictionStatus::Starting:
        return QStringLiteral("starting");
    case PredictionStatus::Processing:
        return QStringLiteral("processing");
    case PredictionStatus::Succeeded:
        return QStringLiteral("succeeded");
    case PredictionStatus::Failed:
        return QStringLiteral("failed");
    case PredictionStatus::Canceled:
        return QStringLiteral("canceled");
    case PredictionStatus::Aborted:
        return QStringLiteral("aborted");
    case PredictionStatus::Unknown:
        break;
    }
    return {};
}

bool isTerminal(PredictionStatus status)
{
    switch (status) {
    case PredictionStatus::Succeeded:
    case PredictionStatus::Failed:
    case PredictionStatus::Canceled:
    case PredictionStatus::Aborted:
        return true;
    case PredictionStatus::Unknown:
    case PredictionStatus::Starting:
    case PredictionStatus::Processing:
        break;
    }
    return false;
}

bool isActive(PredictionStatus status)
{
    return status == PredictionStatus::Starting || status == PredictionStatus::Processing;
}

} // namespace PredictionStatuses
