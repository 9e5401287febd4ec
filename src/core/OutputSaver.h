#pragma once

#include "ApiError.h"
#include "FileDownloader.h"
#include "Task.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <utility>

class Settings;
class TaskStore;

/// Saves a task's outputs to a folder and records the paths on the task. Names are `<id>.<ext>` for a
/// single output and `<id>-<n>.<ext>` (n from 1) for several; the extension comes from the file's bytes.
/// Each saved image carries its prediction (ImageMetadata) as @p settings say at the time; without settings
/// it is embedded and no `.json` is written.
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
    void cancel(const TaskKey &key);

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
    void complete(const TaskKey &key);
    void writeProvenance(const TaskKey &key, const QString &path);

    FileDownloader &m_downloader;
    TaskStore &m_store;
    const Settings *m_settings = nullptr;
    QHash<TaskKey, Job> m_jobs;
    QHash<FileDownloader::DownloadId, TaskKey> m_owners;
};
