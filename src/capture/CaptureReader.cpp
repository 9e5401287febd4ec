#include "CaptureReader.h"

#include <utility>

#include "PredictionTap.h"

void CaptureReader::read(const QList<CapturedAnswer> &answers)
{
    QList<CapturedPredictions> captured;
    for (const CapturedAnswer &answer : answers) {
        QString failure = answer.failure;
        if (failure.isEmpty()) {
            const bool single = answer.kind != CaptureCallKind::List;
            if (const Prediction *known = single ? m_recent.object(answer.body) : nullptr) {
                captured.append({answer.kind, answer.userAgent, {*known}});
                continue;
            }
            ++m_parsed;
            auto predictions = PredictionTap::read(answer.kind, answer.body);
            if (predictions) {
                if (single && predictions.value().size() == 1)
                    m_recent.insert(answer.body, new Prediction(predictions.value().constFirst()),
                                    2 * answer.body.size());
                captured.append({answer.kind, answer.userAgent, std::move(predictions).value()});
            } else {
                failure = predictions.error();
            }
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
