#pragma once

#include "ApiError.h"
#include "FileDownloader.h"
#include "ImageMetadata.h"
#include "Prediction.h"
#include "RetryPolicy.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

/// Saves every output of a prediction into a folder through FileDownloader.
///
/// Files are named after the prediction: `ID.EXT` for a single output, `ID-1.EXT`, `ID-2.EXT`, … for
/// several (the extension from the real file type), and `ID.txt` for text output. Existing files of
/// the same name are replaced. Transient download failures are retried as RetryPolicy says. Saved images
/// carry their prediction (ImageMetadata) as setProvenance() says: embedded, no `.json`, by default.
class PredictionDownload final : public QObject
{
    Q_OBJECT

public:
    PredictionDownload(FileDownloader &downloader, const RetryPolicy &policy, QObject *parent = nullptr);

    /// Starts saving @p prediction's outputs into @p directory; ends in predictionSaved() for its id.
    /// A prediction without outputs ends at once (from the event loop) with no paths and no errors.
    void save(const Prediction &prediction, const QString &directory);
    void cancelAll();
    /// @p providerName goes into the parameters text ("Provider: Replicate").
    void setProvenance(const QString &providerName, ImageMetadata::SaveOptions options)
    {
        m_providerName = providerName;
        m_provenance = options;
    }
    bool isBusy() const { return !m_groups.isEmpty(); }

Q_SIGNALS:
    /// Everything for @p id is done: @p paths were written, @p errors are the downloads that failed.
    void predictionSaved(const QString &id, const QStringList &paths, const QList<ApiError> &errors);
    /// @p path was saved, but its prediction could not be written into it or beside it.
    void provenanceFailed(const QString &id, const QString &path, const QString &message);
    /// A transient failure of one file, retried after @p delay.
    void retrying(const QString &id, const QUrl &url, const ApiError &error, std::chrono::milliseconds delay);

private:
    struct Item
    {
        QString id;
        QUrl url;
        QString directory;
        QString baseName;
        int index = 0; ///< Position among the prediction's outputs: paths are reported in this order.
        int failures = 0;
    };
    struct Group
    {
        int remaining = 0;
        QMap<int, QString> paths;
        QList<ApiError> errors;
        Prediction prediction;
    };

    void start(const Item &item);
    void itemDone(const QString &id, int index, const QString &path, const std::optional<ApiError> &error);
    void onFinished(FileDownloader::DownloadId downloadId, const QString &filePath);
    void onFailed(FileDownloader::DownloadId downloadId, const ApiError &error);

    FileDownloader &m_downloader;
    const RetryPolicy &m_policy;
    QHash<FileDownloader::DownloadId, Item> m_downloads;
    QHash<quint64, Item> m_waiting; ///< Sleeping before a retry, keyed by a local serial.
    quint64 m_nextWaiting = 1;
    QHash<QString, Group> m_groups;
    bool m_canceled = false;
    QString m_providerName;
    ImageMetadata::SaveOptions m_provenance;
};
