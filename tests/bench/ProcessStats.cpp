#include "ProcessStats.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

namespace {

qint64 statusField(const char *name)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray prefix = QByteArray(name) + ':';
    // /proc files report a size of 0, so atEnd() cannot be trusted: read everything, then look.
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

} // namespace

double ProcessStats::cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

qint64 ProcessStats::residentKb()
{
    return statusField("VmRSS");
}

qint64 ProcessStats::peakResidentKb()
{
    return statusField("VmHWM");
}

ProcessStats::OpenFiles ProcessStats::openFiles()
{
    OpenFiles open;
    const QDir fds(QStringLiteral("/proc/self/fd"));
    const QStringList entries = fds.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        // The link's target says what the descriptor is: "/path", "socket:[n]", "pipe:[n]", "anon_inode:…".
        // The descriptor QDir used to list the folder is gone by now and reads as an empty target.
        // (QFile::symLinkTarget() would make the relative targets absolute.)
        char target[256];
        const ssize_t length = ::readlink(QFile::encodeName(fds.filePath(entry)).constData(), target, sizeof target);
        if (length <= 0)
            continue;
        const QByteArray text(target, int(length));
        if (text.startsWith('/'))
            ++open.files;
        else if (text.startsWith("socket:"))
            ++open.sockets;
        else
            ++open.other;
    }
    return open;
}

QString ProcessStats::apiKeyFromEnvironment()
{
    return qEnvironmentVariable("REPLIMON_API_KEY");
}

void ProcessStats::printResult(const QJsonObject &result)
{
    const QByteArray line = QJsonDocument(result).toJson(QJsonDocument::Compact);
    std::fprintf(stdout, "%s\n", line.constData());
    std::fflush(stdout);
}
