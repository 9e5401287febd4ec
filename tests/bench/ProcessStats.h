#pragma once

#include <QJsonObject>
#include <QString>

/// What this process has cost so far, read from getrusage() and /proc/self/status.
class ProcessStats final
{
public:
    /// User + system CPU seconds of this process (all threads).
    static double cpuSeconds();
    /// Current resident memory (VmRSS) in KiB; 0 when /proc cannot be read.
    static qint64 residentKb();
    /// Peak resident memory (VmHWM) in KiB.
    static qint64 peakResidentKb();

    /// The key the benchmarks send, from REPLIMON_API_KEY (never from the command line, which other users
    /// of the machine can read).
    static QString apiKeyFromEnvironment();

    /// Prints @p result as one compact JSON line on stdout.
    static void printResult(const QJsonObject &result);
};
