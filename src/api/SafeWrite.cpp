#include "SafeWrite.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <memory>

#include <fcntl.h>
#include <unistd.h>

namespace SafeWrite {

std::optional<int> commit(QSaveFile &file)
{
    const auto failure = [] { return errno != 0 ? errno : EIO; };
    errno = 0;
    if (!file.flush())
        return failure();
    // Where blocks are allocated late (NFS, delayed allocation) a full disk shows only here.
    if (::fdatasync(file.handle()) != 0)
        return failure();
    errno = 0;
    if (!file.commit())
        return failure();
    return std::nullopt;
}

void startWriteBack(const QSaveFile &file, qint64 offset, qint64 length)
{
#ifdef Q_OS_LINUX
    const int fd = file.handle();
    if (fd >= 0 && length > 0)
        ::sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE); // a hint: a failure shows in commit()
#else
    Q_UNUSED(file);
    Q_UNUSED(offset);
    Q_UNUSED(length);
#endif
}

std::optional<ApiError> writeFile(const QString &path, const QByteArray &bytes)
{
    auto file = std::make_unique<QSaveFile>(path);
    errno = 0;
    std::optional<int> failed;
    if (QDir().mkpath(QFileInfo(path).absolutePath()) && file->open(QIODevice::WriteOnly)
        && file->write(bytes) == bytes.size())
        failed = commit(*file);
    else
        failed = errno;
    if (!failed)
        return std::nullopt;
    const QString detail = file->errorString();
    file.reset(); // its temporary file goes before the free space is measured
    return ApiError::writeFailed(path, *failed, bytes.size(), detail);
}

} // namespace SafeWrite
