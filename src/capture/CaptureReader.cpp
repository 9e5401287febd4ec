#include "CaptureReader.h"

#include <utility>

#include "PredictionTap.h"

void CaptureReader::read(const QList<CapturedAnswer> &answers)
{
    QList<CapturedPredictions> captured;
    for (const CapturedAnswer &answer : answers) {
        QString failure = answer.failure;
        if (failure.isEmpty()) {
            auto predictions = PredictionTap::read(answer.kind, answer.body);
            if (predictions)
                captured.append({answer.kind, answer.userAgent, std::move(predictions).value()});
            else
                failure = predictions.error();
        }
        if (failure.isEmpty())
            continue;
        // What was captured before the failure is reported before it.
        if (!captured.isEmpty())
            Q_EMIT predictionsCaptured(std::exchange(captured, {}));
        Q_EMIT recordingFailed({answer.kind, answer.userAgent, failure});
    }
    if (!captured.isEmpty())
        Q_EMIT predictionsCaptured(captured);
}
