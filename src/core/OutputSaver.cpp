#include "OutputSaver.h"

#include "ApiEndpoint.h"
#include "ImageMetadata.h"
#include "Settings.h"
#include "TaskStore.h"

#include <optional>

OutputSaver::OutputSaver(FileDownloader &downloader, TaskStore &store, const Settings *settings, QObject *parent)
    : QObject(parent)
    , m_downloader(downloader)
    , m_store(store)
    , m_settings(settings)
{
    connect(&m_downloader, &FileDownloader::finished, this, &OutputSaver::onFinished);
    connect(&m_downloader, &FileDownloader::failed, this, &OutputSaver::onFailed);
    connect(&m_downloader, &FileDownloader::progress, this, &OutputSaver::onProgress);
}

bool OutputSaver::save(const TaskKey &key, const QString &folder)
{
    const Task *task = m_store.task(key);
    if (!task || task->outputUrls.isEmpty() || m_jobs.contains(key))
        return false;
    Job &job = m_jobs[key];
    const QList<QUrl> urls = task->outputUrls;
    const QStringList names = FileDownloader::outputBaseNames(key.id, int(urls.size()));
    for (int i = 0; i < urls.size(); ++i) {
        const auto id = m_downloader.download(urls.at(i), folder, names.at(i));
        job.pending.append(id);
        job.bytes.insert(id, {0, -1});
        m_owners.insert(id, key);
    }
    Q_EMIT saveStarted(key, int(urls.size()));
    return true;
}

void OutputSaver::cancel(const TaskKey &key)
{
    const auto it = m_jobs.constFind(key);
    if (it == m_jobs.constEnd())
        return;
    const auto pending = it->pending;
    for (const auto id : pending)
        m_downloader.cancel(id);
}

void OutputSaver::onProgress(FileDownloader::DownloadId id, qint64 received, qint64 total)
{
    const auto owner = m_owners.constFind(id);
    if (owner == m_owners.constEnd() || !m_jobs.contains(owner.value()))
        return;
    const TaskKey key = owner.value();
    Job &job = m_jobs[key];
    job.bytes.insert(id, {received, total});
    // One bar for the whole task: the sum over its files, unknown while any file's size is.
    qint64 receivedSum = 0;
    qint64 totalSum = 0;
    for (const auto &[fileReceived, fileTotal] : std::as_const(job.bytes)) {
        receivedSum += fileReceived;
        totalSum = (totalSum < 0 || fileTotal <= 0) ? -1 : totalSum + fileTotal;
    }
    Q_EMIT progress(key, receivedSum, totalSum);
}

void OutputSaver::onFinished(FileDownloader::DownloadId id, const QString &path)
{
    const auto owner = m_owners.take(id);
    if (!m_jobs.contains(owner))
        return;
    Job &job = m_jobs[owner];
    job.pending.removeOne(id);
    job.paths.append(path);
    writeProvenance(owner, path);
    if (job.pending.isEmpty())
        complete(owner);
}

void OutputSaver::onFailed(FileDownloader::DownloadId id, const ApiError &error)
{
    const auto owner = m_owners.take(id);
    if (!m_jobs.contains(owner))
        return;
    Job &job = m_jobs[owner];
    job.pending.removeOne(id);
    if (!job.error)
        job.error = error;
    if (job.pending.isEmpty())
        complete(owner);
}

void OutputSaver::complete(const TaskKey &key)
{
    const Job job = m_jobs.take(key);
    std::optional<ApiError> error = job.error;
    if (!job.paths.isEmpty()) {
        // Keep what was saved before (another folder, an earlier run) alongside the new files.
        QStringList paths = m_store.task(key) ? m_store.task(key)->localFiles : QStringList();
        for (const QString &path : job.paths) {
            if (!paths.contains(path))
                paths.append(path);
        }
        const auto recorded = m_store.setLocalFiles(key, paths);
        if (!recorded.ok() && !error) {
            // The files are on disk, but the task will not list them: the save did not do all it should.
            error = ApiError{ApiError::Kind::FileSystem,
                             0,
                             tr("The files were saved, but the task database could not record them: %1")
                                 .arg(recorded.error().message),
                             {}};
        }
    }
    if (job.error && job.error->kind != ApiError::Kind::Canceled) {
        // The user's own cancel is not an error of the task.
        const auto recorded = m_store.setError(key, *job.error);
        if (!recorded.ok())
            error->message += u' ' + tr("(It could not be recorded on the task: %1)").arg(recorded.error().message);
    }
    if (error) {
        Q_EMIT saveFailed(key, *error);
        return;
    }
    Q_EMIT saved(key, job.paths);
}

void OutputSaver::writeProvenance(const TaskKey &key, const QString &path)
{
    const Task *task = m_store.task(key);
    if (!task || !task->hasPrediction())
        return;
    ImageMetadata::SaveOptions options;
    if (m_settings) {
        options.embed = m_settings->embedProvenance();
        options.sidecar = m_settings->provenanceSidecar();
    }
    if (!options.embed && !options.sidecar)
        return;
    const auto provider = ApiEndpoint::providerFromKey(key.provider);
    const QString providerName = provider ? ApiEndpoint::providerName(*provider) : key.provider;
    // Synchronous: outputs are a few megabytes, read and rewritten in milliseconds.
    const auto error = ImageMetadata::applyToSavedFile(
        path, ProvenanceRecord::fromPrediction(task->prediction(), providerName), options);
    if (error)
        Q_EMIT provenanceFailed(key, path, error->message);
}
