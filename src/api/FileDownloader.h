#pragma once

#include "ApiEndpoint.h"
#include "ApiError.h"

#include <QSet>
#include <QSslConfiguration>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <memory>

class DownloadWorker;
class QNetworkAccessManager;

/// Streams output files to disk.
///
/// The work is done by a DownloadWorker on the manager's thread, over HTTP/1.1 connections of its own
/// (the manager lends its thread only): give the downloader a manager on a thread of its own
/// (NetworkThread) and the caller's thread sees none of the transfer, the writing or the sync, only the
/// signals below (progress reports folded together while the caller is busy). That thread must outlive
/// the downloader. Downloads in flight when it is destroyed end without a signal and leave no file.
///
/// Writes through QSaveFile, so a failed, cancelled or oversized download leaves no file behind. The
/// file is named `<baseName>.<ext>` where ext comes from the bytes themselves (PNG, JPEG, WebP, GIF),
/// else the Content-Type, else the URL. The API key is sent only when the URL is on the API origin,
/// and never across a redirect to another origin. `data:` URLs are decoded without any request.
class FileDownloader final : public QObject
{
    Q_OBJECT

public:
    using DownloadId = quint64;

    explicit FileDownloader(QNetworkAccessManager &nam, QObject *parent = nullptr);
    ~FileDownloader() override;

    void setEndpoint(const ApiEndpoint &endpoint) { m_endpoint = endpoint; }
    void setApiKey(const QString &key);
    /// TLS settings for https, in place of QSslSocket's defaults (the system's CAs).
    void setSslConfiguration(const QSslConfiguration &configuration) { m_sslConfiguration = configuration; }
    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; } ///< default 512 MiB
    qint64 maxBytes() const { return m_maxBytes; }
    void setTransferTimeout(std::chrono::milliseconds timeout) { m_transferTimeout = timeout; }

    /// Starts a download into @p directory (created if missing). @p baseName is sanitized
    /// (safeFileName) so the file cannot land outside @p directory.
    DownloadId download(const QUrl &url, const QString &directory, const QString &baseName);
    void cancel(DownloadId id);
    void cancelAll();
    int downloadsInFlight() const { return int(m_inFlight.size()); }

    /// A file name that stays inside its folder: no separators, no "..", no control characters,
    /// no leading dot, at most 120 characters and 200 bytes of UTF-8. Never empty ("download" if
    /// nothing is left).
    static QString safeFileName(const QString &name);
    /// The base names for a prediction's @p count outputs: `<id>` alone, else `<id>-1`, `<id>-2`, …
    /// (the id made safe and shortened first, so that the names stay distinct).
    static QStringList outputBaseNames(const QString &predictionId, int count);
    /// "png", "jpg", "webp", "gif" from the first bytes; "" when not recognised.
    static QString sniffImageType(const QByteArray &head);

Q_SIGNALS:
    void progress(FileDownloader::DownloadId id, qint64 received, qint64 total);
    void finished(FileDownloader::DownloadId id, const QString &filePath);
    void failed(FileDownloader::DownloadId id, const ApiError &error);

private:
    void onEventsReady();

    /// Lives on the manager's thread; deleted there (see the destructor).
    DownloadWorker *m_worker;
    ApiEndpoint m_endpoint;
    QString m_apiKey;
    QSslConfiguration m_sslConfiguration;
    qint64 m_maxBytes = 512LL * 1024 * 1024;
    std::chrono::milliseconds m_transferTimeout{60000};
    DownloadId m_nextId = 1;
    QSet<DownloadId> m_inFlight; ///< Handed to the worker, not ended yet.
};
