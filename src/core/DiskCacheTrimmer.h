#pragma once

#include <QObject>
#include <QString>

class QThreadPool;

/// Keeps a disk cache folder within its size off the GUI thread, removing the least recently used entries
/// first (by modification time, which the cache moves on each use).
///
/// Only entries are ever removed: files named by entryNameLength characters (the SHA-1 of their URL, in
/// hex). Anything else in the folder (QSaveFile's temporary files in particular) is left alone.
class DiskCacheTrimmer final : public QObject
{
    Q_OBJECT

public:
    static constexpr int entryNameLength = 40;

    /// Runs on @p pool, which must outlive every pass (destroying a QThreadPool waits for its work). It
    /// need not be constructed yet: it is first used by trim().
    explicit DiskCacheTrimmer(QThreadPool *pool, QObject *parent = nullptr);

    /// Trims @p folder to @p limitBytes. The newest entry is always kept: it is what was just asked for.
    /// Asked again while a pass runs, one more pass follows it, with the latest folder and limit.
    void trim(const QString &folder, qint64 limitBytes);

Q_SIGNALS:
    void trimmed(qint64 bytesInUse);

private:
    static qint64 trimFolder(const QString &path, qint64 limit);

    QThreadPool *m_pool;
    QString m_folder;
    qint64 m_limit = 0;
    bool m_running = false;
    bool m_again = false;
};
