#pragma once

#include <QString>

namespace ApiKeys {

/// Cleans a key the way users paste it: surrounding spaces and newlines, matching quotes
/// ('…', "…", “…”), and a leading "Bearer " are removed; inner whitespace is removed too
/// (a key never contains any). Returns "" for nothing usable.
QString sanitize(const QString &pasted);

/// The key from REPLIMON_API_KEY, else REPLICATE_API_TOKEN (sanitized); "" when neither is set.
/// @p variableName receives the variable it came from.
QString fromEnvironment(QString *variableName = nullptr);

/// "r8_…1234"-style hint for showing which key is in use without revealing it.
QString redacted(const QString &key);

} // namespace ApiKeys
