#pragma once

#include "ApiEndpoint.h"
#include "ApiError.h"
#include "Prediction.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

/// How replimon-cli puts predictions and errors into words. Pure functions, so tests can read them. Durations,
/// times and values come from DisplayText, as in the app.
namespace PredictionText {

/// A multi-line, human-readable summary: status, model, local times, durations, prompt, inputs,
/// outputs, error. @p savedPaths are listed as "saved" lines. Ends with a newline.
QString summary(const Prediction &prediction, const QStringList &savedPaths = {});
/// One line for the list command: id, status, created (local), model, prompt (shortened).
QString listLine(const Prediction &prediction);
/// A short status for progress: "processing", "succeeded 6.12 s", or the server's text for unknown ones.
QString shortStatus(const Prediction &prediction);

/// What went wrong, for stderr. @p keySource is where the key came from ("" if none): a 401 message
/// names it so the user knows which key to check. Never contains the key.
QString describeError(const ApiError &error, const ApiEndpoint &endpoint, const QString &keySource);
/// `{"id": …, "replimon_error": {"kind", "http_status", "message"}}`, compact, for --json output.
QByteArray errorJson(const QString &id, const ApiError &error);

} // namespace PredictionText
