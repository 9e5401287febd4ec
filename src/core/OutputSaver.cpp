#include "OutputSaver.h"

#include "ApiEndpoint.h"
#include "ImageMetadata.h"
#include "Settings.h"
#include "TaskStore.h"

#include <QLocale>

#include <algorithm>
#include <optional>

namespace {
// The back-off doubles from the check interval up to 64 times it (5 min at 5 s).
constexpr int maxBackoffDoublings = 6;
} // namespace

OutputSaver::OutputSaver(FileDownloader &downloader, TaskStore &store, const Settings *settings, QObject *parent)
    : QObject(parent)
    , m_downloader(downloader)
    , m_store(store)
    , m_settings(settings)
{
    connect(&m_downloader, &FileDownloader::finished, this, &OutputSaver::onFinished);
    connect(&m_downloader, &FileDownloader::failed, this, &OutputSaver::onFailed);
    connect(&m_downloader, &FileDownloader::progress, this, &OutputSaver::onProgress);
    // Free space announces nothing when it changes (inotify on the folder misses files deleted elsewhere on
    // the same disk), so it is looked at on a timer: statvfs is cheap, and the outputs are fetched again only
    // once the folder has room for them. Where the file system cannot tell (a quota, a size that was not
    // known) the tries back off instead, so that a disk that stays full does not cost a download every few
    // seconds for an hour.
    m_spaceTimer.setInterval(m_spaceCheckInterval);
    connect(&m_spaceTimer, &QTimer::timeout, this, &OutputSaver::onSpaceCheck);
}

void OutputSaver::setSpaceCheckInterval(std::chrono::milliseconds interval)
{
    m_spaceCheckInterval = interval;
    m_spaceTimer.setInterval(interval);
}

bool OutputSaver::save(const TaskKey &key, const QString &folder)
{
    const Task *task = m_store.task(key);
    if (!task || task->outputUrlTexts.isEmpty() || m_jobs.contains(key))
        return false;
    m_waiting.remove(key); // saving now: no need to wait any longer
    Job &job = m_jobs[key];
    m_folders.insert(key, folder);
    const QList<QUrl> urls = task->outputUrls();
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
    m_waiting.remove(key);
    m_spaceAttempts.remove(key);
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
    const QString folder = m_folders.take(key);
    std::optional<ApiError> error = job.error;
    if (error && error->disk && error->disk->isLackOfSpace() && waitForSpace(key, folder, *error)) {
        const SpaceWait &wait = m_waiting[key];
        error->message += u' '
            + tr("It is saved again by itself as soon as there is room, until the server deletes it at %1.")
                  .arg(QLocale().toString(wait.giveUpAt.toLocalTime().time(), QLocale::ShortFormat));
    }
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
        const auto recorded = m_store.setError(key, *error);
        if (!recorded.ok())
            error->message += u' ' + tr("(It could not be recorded on the task: %1)").arg(recorded.error().message);
    }
    if (error) {
        Q_EMIT saveFailed(key, *error);
        return;
    }
    m_spaceAttempts.remove(key);
    // What an earlier try left on the task (a full disk) no longer holds.
    const Task *task = m_store.task(key);
    if (task && task->lastErrorKind == ApiError::Kind::FileSystem)
        (void)m_store.clearError(key); // a refusal is announced by the store's writeFailed()
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

bool OutputSaver::waitForSpace(const TaskKey &key, const QString &folder, const ApiError &error)
{
    const Task *task = m_store.task(key);
    if (!task || task->dataRemoved || task->outputUrlTexts.isEmpty())
        return false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime giveUpAt = task->outputsExpireAt(m_retention);
    if (!giveUpAt.isValid())
        giveUpAt = now.addSecs(m_retention.count()); // no completion time: assume it just completed
    if (giveUpAt <= now)
        return false;
    const int attempts = m_spaceAttempts.value(key);
    const auto backoff = m_spaceCheckInterval * (1LL << std::min(attempts, maxBackoffDoublings));
    m_waiting.insert(
        key, SpaceWait{folder, error.disk->neededBytes, giveUpAt, now.addMSecs(qint64(backoff.count())), attempts});
    if (!m_spaceTimer.isActive())
        m_spaceTimer.start();
    return true;
}

void OutputSaver::onSpaceCheck()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<TaskKey> keys = m_waiting.keys();
    for (const TaskKey &key : keys) {
        const SpaceWait wait = m_waiting.value(key);
        if (now >= wait.giveUpAt || !m_store.task(key)) {
            m_waiting.remove(key);
            m_spaceAttempts.remove(key);
            continue;
        }
        if (now < wait.notBefore || !DiskProblem::hasRoomFor(wait.folder, wait.neededBytes))
            continue;
        m_waiting.remove(key);
        m_spaceAttempts.insert(key, wait.attempts + 1);
        save(key, wait.folder);
    }
    if (m_waiting.isEmpty())
        m_spaceTimer.stop();
}
