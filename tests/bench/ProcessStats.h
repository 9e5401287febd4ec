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

    /// This process's open file descriptors by what they point at, read from /proc/self/fd.
    struct OpenFiles
    {
        int files = 0;   ///< Files and folders on a filesystem.
        int sockets = 0; ///< Network and local sockets.
        int other = 0;   ///< Pipes, eventfds, inotify and other anonymous inodes.
    };
    static OpenFiles openFiles();

    /// The key the benchmarks send, from REPLIMON_API_KEY (never from the command line, which other users
    /// of the machine can read).
    static QString apiKeyFromEnvironment();

    /// Prints @p result as one compact JSON line on stdout.
    static void printResult(const QJsonObject &result);
};
