#include "DiskProblem.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QStorageInfo>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <sys/statvfs.h>

namespace {

/// What statvfs says of the file system holding @p folder (or its nearest existing parent).
struct FileSystemState
{
    bool known = false;
    qint64 freeBytes = -1;
    qint64 freeInodes = -1; ///< -1 where the file system does not count them (f_files == 0)
    bool readOnly = false;
    QString mountPoint;
    QString existingFolder;
};

QString existingAncestor(const QString &folder)
{
    QFileInfo info(QDir::cleanPath(QDir(folder).absolutePath()));
    while (!info.exists() && !info.isRoot() && info.absoluteFilePath() != info.absolutePath())
        info = QFileInfo(info.absolutePath());
    return info.absoluteFilePath();
}

FileSystemState stateOf(const QString &folder)
{
    FileSystemState state;
    state.existingFolder = existingAncestor(folder);
    struct statvfs fs = {};
    if (::statvfs(QFile::encodeName(state.existingFolder).constData(), &fs) != 0)
        return state;
    state.known = true;
    state.freeBytes = qint64(fs.f_bavail) * qint64(fs.f_frsize ? fs.f_frsize : fs.f_bsize);
    state.freeInodes = fs.f_files == 0 ? -1 : qint64(fs.f_favail);
    state.readOnly = (fs.f_flag & ST_RDONLY) != 0;
    const QStorageInfo storage(state.existingFolder);
    if (storage.isValid())
        state.mountPoint = storage.rootPath();
    return state;
}

/// "307.2 kB", "2.1 MB": the unit that suits the size, in the user's locale.
QString size(qint64 bytes)
{
    return QLocale().formattedDataSize(std::max<qint64>(bytes, 0), 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

DiskProblem DiskProblem::classify(const QString &path, int errorNumber, qint64 neededBytes, const QString &detail)
{
    const QFileInfo info(path);
    // The path may be the folder itself (when creating it failed) or a file inside it.
    const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    const FileSystemState fs = stateOf(folder);

    DiskProblem problem;
    problem.folder = QDir::toNativeSeparators(folder);
    problem.mountPoint = QDir::toNativeSeparators(fs.mountPoint);
    problem.freeBytes = fs.freeBytes;
    problem.neededBytes = neededBytes;
    problem.detail = errorNumber != 0 ? QString::fromLocal8Bit(std::strerror(errorNumber)) : detail;

    // Less than a block left counts as full: nothing useful fits.
    const bool bytesShort = fs.known && (fs.freeBytes < 4096 || (neededBytes > 0 && fs.freeBytes < neededBytes));
    const bool inodesOut = fs.known && fs.freeInodes == 0;
    switch (errorNumber) {
    case EDQUOT:
        problem.cause = Cause::Quota;
        return problem;
    case EROFS:
        problem.cause = Cause::ReadOnly;
        return problem;
    case ENOSPC:
        problem.cause = (inodesOut && !bytesShort) ? Cause::NoInodes : Cause::NoSpace;
        return problem;
    case EACCES:
    case EPERM:
        problem.cause = fs.readOnly ? Cause::ReadOnly : Cause::NoPermission;
        return problem;
    default:
        break;
    }
    // errno did not say (Qt reported the failure later than the system call, or another error came first):
    // the file system's state does.
    if (fs.readOnly)
        problem.cause = Cause::ReadOnly;
    else if (bytesShort)
        problem.cause = Cause::NoSpace;
    else if (inodesOut)
        problem.cause = Cause::NoInodes;
    else if (errorNumber == 0 && !QFileInfo(fs.existingFolder).isWritable())
        problem.cause = Cause::NoPermission;
    return problem;
}

QString DiskProblem::describe(const QString &path) const
{
    const QString file = QDir::toNativeSeparators(path);
    const QString volume = mountPoint.isEmpty() ? folder : mountPoint;
    switch (cause) {
    case Cause::NoSpace:
        if (neededBytes > 0)
            return tr("No space left on %1: %2 free, %3 needed to save %4.")
                .arg(volume, size(freeBytes), size(neededBytes), file);
        return tr("No space left on %1: %2 free; %3 could not be saved.").arg(volume, size(freeBytes), file);
    case Cause::NoInodes:
        return tr("No room for another file on %1: its file system has no free inodes left; %2 could not be saved.")
            .arg(volume, file);
    case Cause::Quota:
        return tr("Your disk quota on %1 is used up; %2 could not be saved.").arg(volume, file);
    case Cause::ReadOnly:
        return tr("The folder %1 is read-only; %2 could not be saved.").arg(folder, file);
    case Cause::NoPermission:
        return tr("No permission to write in %1; %2 could not be saved.").arg(folder, file);
    case Cause::Other:
        break;
    }
    return tr("Could not write %1: %2").arg(file, detail.isEmpty() ? tr("unknown error") : detail);
}

bool DiskProblem::isLackOfSpace() const
{
    return cause == Cause::NoSpace || cause == Cause::NoInodes || cause == Cause::Quota;
}

bool DiskProblem::hasRoomFor(const QString &folder, qint64 bytes)
{
    const FileSystemState fs = stateOf(folder);
    if (!fs.known)
        return true; // Nothing to go by: let the attempt find out.
    return !fs.readOnly && fs.freeBytes >= std::max<qint64>(bytes, 4096) && fs.freeInodes != 0;
}
