#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

/// The simulator's wall clock and the timestamp formats of the Replicate API.
class SimTime final
{
public:
    SimTime() = delete;

    /// Nanoseconds since the Unix epoch, from the system clock.
    static qint64 nowNs();
    /// Milliseconds since the Unix epoch, from the same clock as nowNs().
    static qint64 nowMs();

    /// `2025-07-12T07:27:54.587120975Z` with `digits` (0–9) fractional digits.
    static QByteArray iso(qint64 ns, int digits);
    /// RFC 7231 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    static QByteArray httpDate(qint64 ms);
    /// ISO 8601 with optional fraction and offset, to nanoseconds since the epoch.
    static std::optional<qint64> parseIso(const QString &text);
};
