#pragma once

#include "ApiError.h"
#include "FileDownloader.h"
#include "Task.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <utility>

class Settings;
class TaskStore;

/// Saves a task's outputs to a folder and records the paths on the task. Names are `<id>.<ext>` for a
/// single output and `<id>-<n>.<ext>` (n from 1) for several; the extension comes from the file's bytes.
/// Each saved image carries its prediction (ImageMetadata) as @p settings say at the time; without settings
/// it is embedded and no `.json` is written.
///
/// A save that fails for lack of space (a full disk, no free inodes, a used-up quota) is tried again by
/// itself once the folder has room, for as long as the server keeps the outputs (retention() after the
/// prediction completed); the task keeps its output URLs meanwhile and shows why it is not saved yet.
class OutputSaver final : public QObject
{
    Q_OBJECT

public:
    OutputSaver(FileDownloader &downloader, TaskStore &store, const Settings *settings = nullptr,
                QObject *parent = nullptr);

    /// Starts saving every output URL of the task into @p folder. Returns false when there is nothing to
    /// save (no outputs, or already saving).
    bool save(const TaskKey &key, const QString &folder);
    bool isSaving(const TaskKey &key) const { return m_jobs.contains(key); }
    /// Stops saving the task's outputs, and stops waiting for room to save them again.
    void cancel(const TaskKey &key);
    /// Whether a save of the task failed for lack of space and is waiting for room to try again.
    bool isWaitingForSpace(const TaskKey &key) const { return m_waiting.contains(key); }
    /// How often the free space of folders waiting for room is looked at (5 s by default).
    void setSpaceCheckInterval(std::chrono::milliseconds interval);
    /// How long the server keeps outputs after the prediction completed (one hour on Replicate).
    void setRetention(std::chrono::seconds retention) { m_retention = retention; }

Q_SIGNALS:
    /// save() started downloading @p fileCount files.
    void saveStarted(const TaskKey &key, int fileCount);
    void saved(const TaskKey &key, const QStringList &paths);
    /// Some file could not be saved (those that were are still recorded), or the store could not record
    /// the files that were. Canceled when cancel() ended it.
    void saveFailed(const TaskKey &key, const ApiError &error);
    /// Bytes over all of the task's files; @p total is -1 while any file's size is unknown.
    void progress(const TaskKey &key, qint64 received, qint64 total);
    /// @p path was saved, but its prediction could not be written into it or beside it.
    void provenanceFailed(const TaskKey &key, const QString &path, const QString &message);

private:
    struct Job
    {
        QList<FileDownloader::DownloadId> pending;
        QHash<FileDownloader::DownloadId, std::pair<qint64, qint64>> bytes; ///< received, total
        QStringList paths;
        std::optional<ApiError> error;
    };
    void onProgress(FileDownloader::DownloadId id, qint64 received, qint64 total);
    void onFinished(FileDownloader::DownloadId id, const QString &path);
    void onFailed(FileDownloader::DownloadId id, const ApiError &error);
    /// Another try, once the file system has room for what did not fit.
    struct SpaceWait
    {
        QString folder;
        qint64 neededBytes = -1;
        QDateTime giveUpAt; ///< When the server deletes the outputs: trying later is pointless.
        QDateTime notBefore;
        int attempts = 0;
    };
    void complete(const TaskKey &key);
    void writeProvenance(const TaskKey &key, const QString &path);
    /// Starts waiting for room after @p error; returns false when it cannot help (outputs expired).
    bool waitForSpace(const TaskKey &key, const QString &folder, const ApiError &error);
    void onSpaceCheck();

    FileDownloader &m_downloader;
    TaskStore &m_store;
    const Settings *m_settings = nullptr;
    QHash<TaskKey, Job> m_jobs;
    QHash<FileDownloader::DownloadId, TaskKey> m_owners;
    QHash<TaskKey, QString> m_folders; ///< Where each running job saves.
    QHash<TaskKey, SpaceWait> m_waiting;
    QHash<TaskKey, int> m_spaceAttempts; ///< Tries after a lack of space so far, for the back-off.
    QTimer m_spaceTimer;
    std::chrono::milliseconds m_spaceCheckInterval{5000};
    std::chrono::seconds m_retention{3600};
};
