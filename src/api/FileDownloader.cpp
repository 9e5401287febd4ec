#include "FileDownloader.h"

#include "ApiKey.h"
#include "DownloadWorker.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QThread>

#include <algorithm>

FileDownloader::FileDownloader(QNetworkAccessManager &nam, QObject *parent)
    : QObject(parent)
    , m_worker(new DownloadWorker)
{
    qRegisterMetaType<ApiError>();
    qRegisterMetaType<FileDownloader::DownloadId>("FileDownloader::DownloadId");
    if (nam.thread() != thread())
        m_worker->moveToThread(nam.thread());
    // Queued also on one thread: a receiver may destroy the downloader, never from inside the worker.
    connect(m_worker, &DownloadWorker::eventsReady, this, &FileDownloader::onEventsReady, Qt::QueuedConnection);
}

FileDownloader::~FileDownloader()
{
    // The worker closes its connections and drops its partial files, on its thread.
    if (m_worker->thread() == QThread::currentThread())
        delete m_worker;
    else
        m_worker->deleteLater();
}

void FileDownloader::setApiKey(const QString &key)
{
    m_apiKey = ApiKeys::sanitize(key);
}

FileDownloader::DownloadId FileDownloader::download(const QUrl &url, const QString &directory, const QString &baseName)
{
    const DownloadId id = m_nextId++;
    const DownloadRequest request{id,       url,        directory,         safeFileName(baseName), m_endpoint,
                                  m_apiKey, m_maxBytes, m_transferTimeout, m_sslConfiguration};
    m_inFlight.insert(id);
    m_worker->post({DownloadWorker::Command::Kind::Start, request});
    return id;
}

void FileDownloader::cancel(DownloadId id)
{
    if (!m_inFlight.contains(id))
        return;
    DownloadWorker::Command command{DownloadWorker::Command::Kind::Cancel, {}};
    command.request.id = id;
    m_worker->post(std::move(command));
}

void FileDownloader::cancelAll()
{
    if (!m_inFlight.isEmpty())
        m_worker->post({DownloadWorker::Command::Kind::CancelAll, {}});
}

void FileDownloader::onEventsReady()
{
    const QList<DownloadEvent> events = m_worker->takeEvents();
    // A receiver may destroy the downloader: stop there.
    const QPointer<FileDownloader> self(this);
    for (const DownloadEvent &event : events) {
        if (!self)
            return;
        if (!m_inFlight.contains(event.id))
            continue;
        switch (event.kind) {
        case DownloadEvent::Kind::Progress:
            Q_EMIT progress(event.id, event.received, event.total);
            break;
        case DownloadEvent::Kind::Finished:
            m_inFlight.remove(event.id);
            Q_EMIT finished(event.id, event.path);
            break;
        case DownloadEvent::Kind::Failed:
            m_inFlight.remove(event.id);
            Q_EMIT failed(event.id, event.error);
            break;
        }
    }
}

QString FileDownloader::safeFileName(const QString &name)
{
    QString result;
    result.reserve(name.size());
    for (const QChar c : name) {
        const bool forbidden = c.category() == QChar::Other_Control || c.category() == QChar::Other_Format
            || QStringView(u"/\\:*?\"<>|").contains(c);
        result.append(forbidden ? QChar(u'_') : c);
    }
    result.replace(QStringLiteral(".."), QStringLiteral("_"));
    while (!result.isEmpty() && (result.front() == u'.' || result.front().isSpace()))
        result.remove(0, 1);
    while (!result.isEmpty() && (result.back() == u'.' || result.back().isSpace()))
        result.chop(1);
    // File systems count bytes (255 on Linux), not characters: 120 characters of CJK or emoji would be
    // far over. The margin leaves room for a temporary suffix.
    constexpr int maxLength = 120;
    constexpr int maxBytes = 200;
    if (result.size() > maxLength || result.toUtf8().size() > maxBytes) {
        const int dot = int(result.lastIndexOf(u'.'));
        const QString extension = (dot > 0 && result.size() - dot <= 6) ? result.mid(dot) : QString();
        QString stem = result.left(maxLength - extension.size());
        while (stem.toUtf8().size() + extension.size() > maxBytes)
            stem.chop(stem.back().isLowSurrogate() && stem.size() > 1 ? 2 : 1);
        result = stem + extension;
    }
    // Nothing readable left (only dots and underscores): a plain name is better than "_".
    const bool readable = std::any_of(result.cbegin(), result.cend(), [](QChar c) { return c.isLetterOrNumber(); });
    return readable ? result : QStringLiteral("download");
}

QStringList FileDownloader::outputBaseNames(const QString &predictionId, int count)
{
    // Made safe and short here, so that the number survives: shortening "<id>-2" later would cut it
    // off and give every output the same name.
    QString stem = safeFileName(predictionId);
    constexpr int maxStemBytes = 160;
    while (stem.size() > 100 || stem.toUtf8().size() > maxStemBytes)
        stem.chop(stem.back().isLowSurrogate() && stem.size() > 1 ? 2 : 1);
    if (count == 1)
        return {stem};
    QStringList names;
    names.reserve(count);
    for (int n = 1; n <= count; ++n)
        names.append(stem + u'-' + QString::number(n));
    return names;
}

QString FileDownloader::sniffImageType(const QByteArray &head)
{
    if (head.startsWith("\x89PNG\r\n\x1a\n"))
        return QStringLiteral("png");
    if (head.startsWith("\xff\xd8\xff"))
        return QStringLiteral("jpg");
    if (head.startsWith("GIF87a") || head.startsWith("GIF89a"))
        return QStringLiteral("gif");
    if (head.size() >= 12 && head.startsWith("RIFF") && head.mid(8, 4) == "WEBP")
        return QStringLiteral("webp");
    return {};
}
