#pragma once

#include "ApiEndpoint.h"
#include "ApiError.h"
#include "Prediction.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

/// How replimon-cli puts predictions and errors into words. Pure functions, so tests can read them.
namespace PredictionText {

/// A multi-line, human-readable summary: status, model, local times, durations, prompt, inputs,
/// outputs, error. @p savedPaths are listed as "saved" lines. Ends with a newline.
QString summary(const Prediction &prediction, const QStringList &savedPaths = {});
/// One line for the list command: id, status, created (local), model, prompt (shortened).
QString listLine(const Prediction &prediction);
/// A short status for progress: "processing", "succeeded 6.1 s", or the server's text for unknown ones.
QString shortStatus(const Prediction &prediction);

/// "0.8 s", "12.3 s", "3 min 12 s", "1 h 02 min".
QString duration(double seconds);
/// Local time, "yyyy-MM-dd HH:mm:ss" and the zone; "" for an invalid time.
QString localTime(const QDateTime &utc);
/// One line at most @p maxLength long, with an ellipsis when cut; line breaks become spaces.
QString oneLine(const QString &text, int maxLength);

/// What went wrong, for stderr. @p keySource is where the key came from ("" if none): a 401 message
/// names it so the user knows which key to check. Never contains the key.
QString describeError(const ApiError &error, const ApiEndpoint &endpoint, const QString &keySource);
/// `{"id": …, "replimon_error": {"kind", "http_status", "message"}}`, compact, for --json output.
QByteArray errorJson(const QString &id, const ApiError &error);

} // namespace PredictionText
