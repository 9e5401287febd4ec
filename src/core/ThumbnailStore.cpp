#include "ThumbnailStore.h"

#include "FreedesktopThumbnail.h"
#include "ThumbnailMaker.h"

#include <QDir>
#include <QFutureWatcher>
#include <QSet>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>

ThumbnailSource ThumbnailSource::of(const Task &task, int output)
{
    ThumbnailSource source;
    source.localFile = task.localFiles.value(output);
    if (!task.dataRemoved)
        source.remoteUrl = task.outputUrl(output);
    return source;
}

ThumbnailStore::ThumbnailStore(ImageCache &images, const Options &options, QObject *parent)
    : QObject(parent)
    , m_images(images)
    , m_sharedRoot(options.sharedRoot.isEmpty() ? FreedesktopThumbnail::sharedCacheRoot() : options.sharedRoot)
    , m_ownRoot(options.ownRoot)
{
    qRegisterMetaType<ThumbnailId>();
    if (m_ownRoot.isEmpty()) {
        m_ownRoot =
            QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("thumbnails"));
    }
    m_memory.setMaxCost(qsizetype(std::max<qint64>(0, options.memoryBytes)));
    // As ImageCache: one core is left to the GUI thread.
    m_workers.setMaxThreadCount(options.threads > 0 ? options.threads : std::max(1, QThread::idealThreadCount() - 1));
    connect(&m_images, &ImageCache::imageReady, this, &ThumbnailStore::onImageReady);
    connect(&m_images, &ImageCache::imageFailed, this,
            [this](const QUrl &url, const QString &reason, ImageCache::Failure failure) {
                onImageFailed(url, reason, failure != ImageCache::Failure::Network);
            });
    connect(&m_images, &ImageCache::textReady, this,
            [this](const QUrl &url) { onImageFailed(url, tr("The output is text, not an image."), true); });
}

ThumbnailStore::ThumbnailStore(ImageCache &images, QObject *parent)
    : ThumbnailStore(images, Options(), parent)
{}

ThumbnailStore::~ThumbnailStore() = default;

ThumbnailSize ThumbnailStore::sizeFor(int devicePixels)
{
    return FreedesktopThumbnail::sizeFor(devicePixels);
}

int ThumbnailStore::pixels(ThumbnailSize size)
{
    return FreedesktopThumbnail::pixels(size);
}

QString ThumbnailStore::jobKey(const ThumbnailSource &source, ThumbnailSize size)
{
    const QString where = source.localFile.isEmpty() ? QStringLiteral("url:") + source.remoteUrl.toString()
                                                     : QStringLiteral("file:") + source.localFile;
    return where + u'@' + QString::number(int(size));
}

QImage ThumbnailStore::cached(const ThumbnailId &id) const
{
    const QImage *hit = m_memory.object(id);
    return hit ? *hit : QImage();
}

void ThumbnailStore::request(const ThumbnailId &id, const ThumbnailSource &source)
{
    if (const QImage *hit = m_memory.object(id)) {
        QTimer::singleShot(0, this, [this, id, image = *hit] { Q_EMIT thumbnailReady(id, image); });
        return;
    }
    const auto remembered = m_failures.constFind(id);
    if (remembered != m_failures.constEnd()) {
        failLater(id, remembered.value());
        return;
    }
    if (source.isNull()) {
        failLater(id, tr("This output was not saved and the server no longer has it."));
        return;
    }
    const QString key = jobKey(source, id.size);
    auto job = m_jobs.find(key);
    if (job == m_jobs.end()) {
        job = m_jobs.insert(key, Job{source, id.size, {}, Job::State::Queued, {}});
        m_queue.append(key);
    }
    if (!job->waiters.contains(id))
        job->waiters.append(id);
    pump();
}

void ThumbnailStore::setWanted(const QList<ThumbnailId> &ids)
{
    const QSet<ThumbnailId> wanted(ids.cbegin(), ids.cend());
    QHash<ThumbnailId, QString> queuedKeys;
    for (const QString &key : std::as_const(m_queue)) {
        Job &job = m_jobs[key];
        job.waiters.removeIf([&wanted](const ThumbnailId &id) { return !wanted.contains(id); });
        if (job.waiters.isEmpty())
            m_jobs.remove(key);
        else
            for (const ThumbnailId &id : std::as_const(job.waiters))
                queuedKeys.insert(id, key);
    }
    QList<QString> order;
    order.reserve(queuedKeys.size());
    QSet<QString> placed;
    for (const ThumbnailId &id : ids) {
        const QString key = queuedKeys.value(id);
        if (!key.isEmpty() && !placed.contains(key)) {
            placed.insert(key);
            order.append(key);
        }
    }
    m_queue = std::move(order);
}

void ThumbnailStore::forget(const TaskKey &task)
{
    const QList<ThumbnailId> kept = m_memory.keys();
    for (const ThumbnailId &id : kept) {
        if (id.task == task)
            m_memory.remove(id);
    }
    m_failures.removeIf([&task](const auto &entry) { return entry.key().task == task; });
}

void ThumbnailStore::pump()
{
    while (m_running < m_workers.maxThreadCount() && !m_queue.isEmpty())
        start(m_queue.takeFirst());
}

void ThumbnailStore::start(const QString &key)
{
    Job &job = m_jobs[key];
    job.state = Job::State::Working;
    ++m_running;
    ThumbnailJob task;
    task.source = job.source;
    task.size = job.size;
    task.sharedRoot = m_sharedRoot;
    task.ownRoot = m_ownRoot;
    task.fetched = std::exchange(job.fetched, QImage());
    const ImageCache::Limits limits = m_images.limits();
    task.maxDimension = limits.maxDimension;
    task.allocationBytes = qint64(limits.allocationLimitMb) * 1024 * 1024;

    auto *watcher = new QFutureWatcher<ThumbnailOutcome>(this);
    connect(watcher, &QFutureWatcher<ThumbnailOutcome>::finished, this, [this, key, watcher] {
        watcher->deleteLater();
        onFinished(key, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&m_workers, ThumbnailMaker::run, std::move(task)));
}

void ThumbnailStore::onFinished(const QString &key, const ThumbnailOutcome &outcome)
{
    --m_running;
    m_decodes += outcome.decoded;
    m_reuses += outcome.reused ? 1 : 0;
    const auto job = m_jobs.find(key);
    if (job != m_jobs.end()) {
        switch (outcome.kind) {
        case ThumbnailOutcome::Kind::Ready:
            answer(key, outcome.image);
            break;
        case ThumbnailOutcome::Kind::Failed:
            fail(key, outcome.reason, outcome.permanent);
            break;
        case ThumbnailOutcome::Kind::NeedsFetch: {
            job->state = Job::State::Fetching;
            const QUrl url = job->source.remoteUrl;
            const int side = pixels(job->size);
            m_fetching[url].append(key);
            ++m_fetches;
            m_images.request(url, QSize(side, side));
            break;
        }
        }
    }
    pump();
}

void ThumbnailStore::onImageReady(const QUrl &url, const QSize &size, const QImage &image)
{
    const auto waiting = m_fetching.find(url);
    if (waiting == m_fetching.end())
        return;
    // Written to the own cache by a job of its own, ahead of the queue: the decoding is done.
    waiting->removeIf([&](const QString &key) {
        Job &job = m_jobs[key];
        const int side = pixels(job.size);
        if (size != QSize(side, side))
            return false;
        job.fetched = image;
        job.state = Job::State::Queued;
        m_queue.prepend(key);
        return true;
    });
    if (waiting->isEmpty())
        m_fetching.erase(waiting);
    pump();
}

void ThumbnailStore::onImageFailed(const QUrl &url, const QString &reason, bool permanent)
{
    const QList<QString> keys = m_fetching.take(url);
    for (const QString &key : keys)
        fail(key, reason, permanent);
}

void ThumbnailStore::answer(const QString &key, const QImage &image)
{
    const Job job = m_jobs.take(key);
    for (const ThumbnailId &id : job.waiters)
        m_memory.insert(id, new QImage(image), qsizetype(image.sizeInBytes()));
    for (const ThumbnailId &id : job.waiters)
        Q_EMIT thumbnailReady(id, image);
}

void ThumbnailStore::fail(const QString &key, const QString &reason, bool permanent)
{
    const Job job = m_jobs.take(key);
    for (const ThumbnailId &id : job.waiters) {
        if (permanent)
            m_failures.insert(id, reason);
        Q_EMIT thumbnailFailed(id, reason);
    }
}

void ThumbnailStore::failLater(const ThumbnailId &id, const QString &reason)
{
    QTimer::singleShot(0, this, [this, id, reason] { Q_EMIT thumbnailFailed(id, reason); });
}
