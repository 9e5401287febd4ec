#pragma once

#include <QString>

/// The lifecycle state of a prediction. Servers may send states not listed here:
/// those map to Unknown and the original text is kept alongside (Prediction::statusText()).
enum class PredictionStatus {
    Unknown,
    Starting,
    Processing,
    Succeeded,
    Failed,
    Canceled,
    Aborted,
};

namespace PredictionStatuses {

/// Maps the API's status text ("succeeded", …) to the enum; anything else is Unknown.
PredictionStatus fromString(const QString &text);
/// The API's text for a known status; an empty string for Unknown.
QString toString(PredictionStatus status);
/// succeeded, failed, canceled, aborted: the prediction will not change any more.
bool isTerminal(PredictionStatus status);
/// starting, processing: the prediction is queued or running.
bool isActive(PredictionStatus status);

} // namespace PredictionStatuses
