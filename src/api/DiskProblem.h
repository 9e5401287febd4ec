#pragma once

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

/// Why a file could not be written to a folder, classified once from the failing call's errno and the state
/// of the folder's file system (free bytes, free inodes, read-only), so that the app and the CLI say the same
/// thing and the app can tell a full disk (worth trying again once space returns) from a folder it may not
/// write to.
struct DiskProblem final
{
    enum class Cause {
        NoSpace,      ///< ENOSPC, or fewer bytes free than the file needs.
        NoInodes,     ///< ENOSPC with bytes left: the file system has no free inodes.
        Quota,        ///< EDQUOT: the user's quota is used up.
        ReadOnly,     ///< EROFS, or a file system mounted read-only.
        NoPermission, ///< EACCES/EPERM: the folder is not ours to write in.
        Other,        ///< Anything else: the system's own words are given.
    };

    Cause cause = Cause::Other;
    QString folder;          ///< The folder written into (native separators).
    QString mountPoint;      ///< Root of its file system; empty when unknown.
    qint64 freeBytes = -1;   ///< Available to this user when classified; -1 when unknown.
    qint64 neededBytes = -1; ///< The file's size when known; -1 otherwise.
    QString detail;          ///< The system's words (strerror, or Qt's errorString) for Other.

    /// Classifies a failed write of @p path. @p errorNumber is errno right after the failing call (0 when it
    /// is not known); @p neededBytes the file's size when known (else -1); @p detail Qt's errorString.
    static DiskProblem classify(const QString &path, int errorNumber, qint64 neededBytes, const QString &detail);
    /// The cause in the user's words, naming @p path (translated, context "DiskProblem").
    QString describe(const QString &path) const;
    /// Whether freeing space can cure it (NoSpace, NoInodes, Quota): a later attempt may succeed.
    bool isLackOfSpace() const;
    /// Whether the file system holding @p folder has at least @p bytes free (and a free inode) now. A
    /// folder that does not exist yet is judged by its nearest existing parent.
    static bool hasRoomFor(const QString &folder, qint64 bytes);

    Q_DECLARE_TR_FUNCTIONS(DiskProblem)
};

Q_DECLARE_METATYPE(DiskProblem)
