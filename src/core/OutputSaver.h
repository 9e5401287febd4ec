#pragma once

#include "ApiError.h"
#include "FileDownloader.h"
#include "Task.h"

#include <QHash>
#include <QObject>
#include <QStringList>

class TaskStore;

/// Saves a task's outputs to a folder and records the paths on the task. Names are `<id>.<ext>` for a
/// single output and `<id>-<n>.<ext>` (n from 1) for several; the extension comes from the file's bytes.
class OutputSaver final : public QObject
{
    Q_OBJECT

public:
    OutputSaver(FileDownloader &downloader, TaskStore &store, QObject *parent = nullptr);

    /// Starts saving every output URL of the task into @p folder. Returns false when there is nothing to
    /// save (no outputs, or already saving).
    bool save(const TaskKey &key, const QString &folder);
    bool isSaving(const TaskKey &key) const { return m_jobs.contains(key); }
    void cancel(const TaskKey &key);

Q_SIGNALS:
    void saved(const TaskKey &key, const QStringList &paths);
    void saveFailed(const TaskKey &key, const ApiError &error);
    void progress(const TaskKey &key, qint64 received, qint64 total);

private:
    struct Job
    {
        QList<FileDownloader::DownloadId> pending;
        QStringList paths;
        std::optional<ApiError> error;
    };
    void onFinished(FileDownloader::DownloadId id, const QString &path);
    void onFailed(FileDownloader::DownloadId id, const ApiError &error);
    void complete(const TaskKey &key);

    FileDownloader &m_downloader;
    TaskStore &m_store;
    QHash<TaskKey, Job> m_jobs;
    QHash<FileDownloader::DownloadId, TaskKey> m_owners;
};
