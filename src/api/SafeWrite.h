#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QString>

#include <optional>

class QSaveFile;

/// Files written whole or not at all, with the cause of a failure in words (DiskProblem).
namespace SafeWrite {

/// QSaveFile::commit() that fails when a byte did not reach the disk: Qt 6.4's commit() ignores a failed
/// flush of its write buffer and a failed sync, and then renames the short file into place, so on a full
/// disk the tail of a file (or all of a small one) was lost while the save was reported done. Returns
/// nothing when the whole file is in place; else errno of the step that failed (EIO when it left none). The
/// temporary file is removed once @p file is destroyed.
std::optional<int> commit(QSaveFile &file);

/// Asks the kernel to start writing bytes [@p offset, @p offset + @p length) of @p file to the disk now,
/// without waiting for them. A long stream written in pieces then reaches the disk while it arrives, and
/// commit()'s sync at the end finds little left to do instead of the whole file. Only a hint: durability
/// still rests on commit(). Does nothing where the system has no such call.
void startWriteBack(const QSaveFile &file, qint64 offset, qint64 length);

/// Writes @p bytes to @p path through QSaveFile and commit(), creating the folder if needed. Returns what
/// went wrong (ApiError::writeFailed()), measured after the temporary file is gone.
std::optional<ApiError> writeFile(const QString &path, const QByteArray &bytes);

} // namespace SafeWrite
