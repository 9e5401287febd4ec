#include "PredictionDownload.h"

#include "SafeWrite.h"

#include <QDir>
#include <QTimer>

PredictionDownload::PredictionDownload(FileDownloader &downloader, const RetryPolicy &policy, QObject *parent)
    : QObject(parent)
    , m_downloader(downloader)
    , m_policy(policy)
{
    connect(&m_downloader, &FileDownloader::finished, this, &PredictionDownload::onFinished);
    connect(&m_downloader, &FileDownloader::failed, this, &PredictionDownload::onFailed);
}

void PredictionDownload::save(const Prediction &prediction, const QString &directory)
{
    const QString id = prediction.id();
    const QList<QUrl> urls = prediction.outputUrls();
    const QString text = prediction.outputText();
    Group &group = m_groups[id];
    group.prediction = prediction;
    group.remaining += int(urls.size()) + 1; // the extra one is released below, after the text file

    if (!text.isEmpty()) {
        const QDir dir(QDir(directory).absolutePath());
        const QString path = dir.absoluteFilePath(FileDownloader::safeFileName(id + QStringLiteral(".txt")));
        const QByteArray bytes = text.toUtf8() + (text.endsWith(u'\n') ? "" : "\n");
        if (const auto failed = SafeWrite::writeFile(path, bytes)) {
            group.errors.append(*failed);
        } else {
            group.paths.insert(int(urls.size()), path);
        }
    }

    const QStringList names = FileDownloader::outputBaseNames(id, int(urls.size()));
    for (int i = 0; i < urls.size(); ++i)
        start(Item{id, urls.at(i), directory, names.at(i), i, 0});

    // Reported from the event loop, like the downloads, so callers see one order of events.
    QTimer::singleShot(0, this, [this, id] { itemDone(id, -1, {}, std::nullopt); });
}

void PredictionDownload::start(const Item &item)
{
    m_downloads.insert(m_downloader.download(item.url, item.directory, item.baseName), item);
}

void PredictionDownload::itemDone(const QString &id, int index, const QString &path,
                                  const std::optional<ApiError> &error)
{
    const auto it = m_groups.find(id);
    if (it == m_groups.end())
        return;
    if (!path.isEmpty())
        it->paths.insert(index, path);
    if (error)
        it->errors.append(*error);
    if (--it->remaining > 0)
        return;
    const Group group = *it;
    m_groups.erase(it);
    Q_EMIT predictionSaved(id, group.paths.values(), group.errors);
}

void PredictionDownload::onFinished(FileDownloader::DownloadId downloadId, const QString &filePath)
{
    const auto it = m_downloads.find(downloadId);
    if (it == m_downloads.end())
        return;
    const Item item = *it;
    m_downloads.erase(it);
    const auto group = m_groups.constFind(item.id);
    if (group != m_groups.constEnd() && (m_provenance.embed || m_provenance.sidecar)) {
        const auto error = ImageMetadata::applyToSavedFile(
            filePath, ProvenanceRecord::fromPrediction(group->prediction, m_providerName), m_provenance);
        if (error)
            Q_EMIT provenanceFailed(item.id, filePath, error->message);
    }
    itemDone(item.id, item.index, filePath, std::nullopt);
}

void PredictionDownload::onFailed(FileDownloader::DownloadId downloadId, const ApiError &error)
{
    const auto it = m_downloads.find(downloadId);
    if (it == m_downloads.end())
        return;
    Item item = *it;
    m_downloads.erase(it);
    ++item.failures;
    const auto delay = m_canceled ? std::nullopt : m_policy.delayAfter(error, item.failures);
    if (!delay) {
        itemDone(item.id, item.index, {}, error);
        return;
    }
    const quint64 key = m_nextWaiting++;
    m_waiting.insert(key, item);
    Q_EMIT retrying(item.id, item.url, error, *delay);
    QTimer::singleShot(*delay, Qt::PreciseTimer, this, [this, key] {
        const auto waiting = m_waiting.find(key);
        if (waiting == m_waiting.end())
            return;
        const Item again = *waiting;
        m_waiting.erase(waiting);
        start(again);
    });
}

void PredictionDownload::cancelAll()
{
    m_canceled = true;
    const auto waiting = std::exchange(m_waiting, {});
    for (const Item &item : waiting)
        itemDone(item.id, item.index, {}, ApiError{ApiError::Kind::Canceled, 0, tr("The download was canceled."), {}});
    m_downloader.cancelAll();
}
