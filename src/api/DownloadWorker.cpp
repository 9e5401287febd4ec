#include "DownloadWorker.h"

#include "ConnectionErrors.h"
#include "DownloadJob.h"
#include "PredictionClient.h"
#include "ReplyErrors.h"

#include <QSaveFile>

#include <utility>

namespace {

constexpr int maxRedirects = 5;
// Downloads on the wire at once; the others wait their turn (an import of many finished predictions
// starts a download per output).
constexpr int maxTransfers = 6;
// Of an error page, only what its message can come from is kept.
constexpr qsizetype errorBodyBytes = 4096;

} // namespace

DownloadWorker::DownloadWorker()
{
    qRegisterMetaType<ApiError>();
}

DownloadWorker::~DownloadWorker()
{
    // Nobody is listening: the connections close, and each partial file goes with its QSaveFile.
    for (const std::shared_ptr<Download> &download : std::as_const(m_downloads)) {
        if (download->connection)
            download->connection->disconnect(this);
        if (download->file)
            download->file->cancelWriting();
    }
}

void DownloadWorker::post(Command command)
{
    if (m_posted.push(std::move(command)))
        QMetaObject::invokeMethod(this, &DownloadWorker::runPosted, Qt::QueuedConnection);
}

void DownloadWorker::runPosted()
{
    const QList<Command> commands = m_posted.take();
    for (const Command &command : commands) {
        switch (command.kind) {
        case Command::Kind::Start:
            start(command.request);
            break;
        case Command::Kind::Cancel:
            cancel(command.request.id);
            break;
        case Command::Kind::CancelAll: {
            const QList<quint64> ids = m_downloads.keys();
            for (const quint64 id : ids)
                cancel(id);
            break;
        }
        }
    }
}

void DownloadWorker::start(const DownloadRequest &request)
{
    auto download = std::make_shared<Download>();
    download->request = request;
    m_downloads.insert(request.id, download);
    if (m_transfers >= maxTransfers) {
        m_queue.push_back(request.id);
        return;
    }
    begin(*download);
}

void DownloadWorker::startQueued()
{
    while (m_transfers < maxTransfers && !m_queue.empty()) {
        const quint64 id = m_queue.front();
        m_queue.pop_front();
        const std::shared_ptr<Download> download = m_downloads.value(id);
        if (download) // not canceled meanwhile
            begin(*download);
    }
}

void DownloadWorker::begin(Download &download)
{
    ++m_transfers;
    download.transferring = true;
    const DownloadRequest &request = download.request;
    const QUrl &url = request.url;
    if (url.scheme() == u"data") {
        startData(download);
        return;
    }
    if ((url.scheme() != u"https" && url.scheme() != u"http") || url.host().isEmpty()) {
        fail(request.id,
             {ApiError::Kind::BadResponse,
              0,
              downloaderText(QT_TRANSLATE_NOOP("FileDownloader",
                                               "Only http, https and data addresses can be "
                                               "downloaded.")),
              {}});
        return;
    }
    startRequest(download, url, request.endpoint.isApiOrigin(url));
}

void DownloadWorker::startRequest(Download &download, const QUrl &url, bool withKey)
{
    const DownloadRequest &request = download.request;
    const quint64 id = request.id;
    download.withKey = withKey && !request.apiKey.isEmpty() && request.endpoint.isApiOrigin(url);
    download.requestUrl = url;
    download.status = 0;
    download.errorBody.clear();
    if (download.connection) {
        download.connection->disconnect(this);
        download.connection.release()->deleteLater(); // it may be inside one of its own signals
    }
    download.connection = std::make_unique<UpstreamConnection>(UpstreamConnection::originOf(url),
                                                               int(request.transferTimeout.count()));
    UpstreamConnection *connection = download.connection.get();
    if (!request.sslConfiguration.isNull())
        connection->setSslConfiguration(request.sslConfiguration);
    connect(connection, &UpstreamConnection::opened, this, [this, id, connection] {
        const auto it = m_downloads.constFind(id);
        if (it == m_downloads.cend())
            return;
        const Download &d = **it;
        QByteArray bytes = "GET " + UpstreamConnection::requestTarget(d.requestUrl) + " HTTP/1.1\r\nHost: "
            + connection->hostField() + "\r\nAccept: */*\r\nUser-Agent: " + PredictionClient::userAgent() + "\r\n";
        if (d.withKey)
            bytes += "Authorization: Bearer " + d.request.apiKey.toUtf8() + "\r\n";
        bytes += "\r\n";
        connection->beginExchange();
        connection->write(bytes);
    });
    connect(connection, &UpstreamConnection::headReceived, this,
            [this, id](const HttpHead &head, qint64 contentLength, bool) { onHead(id, head, contentLength); });
    connect(connection, &UpstreamConnection::bodyReceived, this,
            [this, id](const char *data, qsizetype size) { onBody(id, data, size); });
    connect(connection, &UpstreamConnection::answerComplete, this, [this, id] { onComplete(id); });
    connect(
        connection, &UpstreamConnection::failed, this,
        [this, id](UpstreamConnection::Failure failure, const QString &detail) { onFailed(id, int(failure), detail); });
    connection->open();
}

void DownloadWorker::onHead(quint64 id, const HttpHead &head, qint64 contentLength)
{
    const std::shared_ptr<Download> d = m_downloads.value(id);
    if (!d)
        return;
    d->status = head.status;
    d->reason = head.reason;
    d->contentType = head.value("Content-Type");
    d->retryAfter = head.value("Retry-After");
    const QByteArray location = head.value("Location");
    if (head.status >= 300 && head.status < 400 && head.status != 304 && !location.isEmpty()) {
        const QUrl target = d->requestUrl.resolved(QUrl::fromEncoded(location));
        if (d->requestUrl.scheme() == u"https" && target.scheme() != u"https") {
            fail(id,
                 ReplyErrors::classifyLocalAbort(
                     ReplyErrors::LocalAbort::RedirectRefused,
                     downloaderText(QT_TRANSLATE_NOOP("FileDownloader",
                                                      "The file server redirected from https to an "
                                                      "insecure address; not followed."))));
            return;
        }
        if (target.scheme() != u"https" && target.scheme() != u"http") {
            fail(id,
                 ReplyErrors::classifyLocalAbort(
                     ReplyErrors::LocalAbort::RedirectRefused,
                     downloaderText(QT_TRANSLATE_NOOP("FileDownloader",
                                                      "Only http, https and data addresses can be downloaded."))));
            return;
        }
        if (++d->redirects > maxRedirects) {
            fail(id,
                 ReplyErrors::classifyLocalAbort(
                     ReplyErrors::LocalAbort::RedirectRefused,
                     downloaderText(QT_TRANSLATE_NOOP("FileDownloader", "Too many redirects."))));
            return;
        }
        // The key goes along only while the request stays on the API's origin.
        startRequest(*d, target, d->withKey);
        return;
    }
    if (head.status >= 200 && head.status < 300) {
        d->expected = contentLength;
        if (contentLength > d->request.maxBytes) {
            fail(id,
                 ReplyErrors::classifyLocalAbort(
                     ReplyErrors::LocalAbort::TooLarge,
                     downloaderText(QT_TRANSLATE_NOOP("FileDownloader", "The file is larger than the limit of %1 MB."))
                         .arg(double(d->request.maxBytes) / (1024.0 * 1024.0), 0, 'f', 0)));
        }
    }
}

void DownloadWorker::onBody(quint64 id, const char *data, qsizetype size)
{
    const std::shared_ptr<Download> d = m_downloads.value(id);
    if (!d)
        return;
    if (d->status < 200 || d->status >= 300) {
        // An error page: classified when complete, never written.
        d->errorBody.append(data, std::min(size, errorBodyBytes - d->errorBody.size()));
        return;
    }
    d->received += size;
    if (d->received > d->request.maxBytes) {
        fail(id,
             ReplyErrors::classifyLocalAbort(
                 ReplyErrors::LocalAbort::TooLarge,
                 downloaderText(QT_TRANSLATE_NOOP("FileDownloader", "The file is larger than the limit of %1 MB."))
                     .arg(double(d->request.maxBytes) / (1024.0 * 1024.0), 0, 'f', 0)));
        return;
    }
    if (!write(*d, data, size))
        return;
    report({DownloadEvent::Kind::Progress, id, d->received, d->expected, {}, {}});
}

void DownloadWorker::onComplete(quint64 id)
{
    const std::shared_ptr<Download> d = m_downloads.value(id);
    if (!d)
        return;
    if (d->status < 200 || d->status >= 300) {
        const ReplyErrors::Answer answer{d->status, QString::fromLatin1(d->reason), d->contentType, d->retryAfter};
        ApiError error = ReplyErrors::classifyAnswer(answer, d->errorBody, false, d->request.apiKey);
        if (error.kind == ApiError::Kind::NotFound)
            error.message = downloaderText(
                QT_TRANSLATE_NOOP("FileDownloader",
                                  "The file is gone from the server (outputs are deleted an hour "
                                  "after the prediction completes)."));
        fail(id, error);
        return;
    }
    if (!d->file && !openTarget(*d, d->contentType))
        return;
    if (d->received == 0 || d->expected < 0)
        report({DownloadEvent::Kind::Progress, id, d->received, d->received, {}, {}});
    finish(*d);
}

void DownloadWorker::onFailed(quint64 id, int failure, const QString &detail)
{
    const std::shared_ptr<Download> d = m_downloads.value(id);
    if (!d)
        return;
    fail(id,
         ConnectionErrors::classify(*d->connection, UpstreamConnection::Failure(failure), detail, d->status,
                                    d->request.apiKey));
}

void DownloadWorker::endTransfer(bool transferring)
{
    if (!transferring)
        return;
    --m_transfers;
    // Not from inside the ended one's signals: the next starts once they have returned.
    if (!m_queue.empty() && !m_startQueuedPosted) {
        m_startQueuedPosted = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_startQueuedPosted = false;
                startQueued();
            },
            Qt::QueuedConnection);
    }
}

void DownloadWorker::fail(quint64 id, const ApiError &error)
{
    const std::shared_ptr<Download> d = m_downloads.take(id);
    if (!d)
        return;
    if (d->file)
        d->file->cancelWriting(); // QSaveFile removes its temporary file: nothing partial remains.
    if (d->connection) {
        d->connection->disconnect(this);
        d->connection.release()->deleteLater();
    }
    report({DownloadEvent::Kind::Failed, id, 0, -1, {}, error});
    endTransfer(d->transferring);
}

void DownloadWorker::cancel(quint64 id)
{
    if (m_downloads.contains(id))
        fail(id,
             {ApiError::Kind::Canceled,
              0,
              downloaderText(QT_TRANSLATE_NOOP("FileDownloader", "The download was canceled.")),
              {}});
}

void DownloadWorker::report(DownloadEvent event)
{
    bool first = false;
    {
        const QMutexLocker lock(&m_eventsMutex);
        first = m_events.isEmpty();
        if (event.kind == DownloadEvent::Kind::Progress) {
            // Folded into the download's progress report still waiting, if there is one.
            const auto at = m_progressAt.constFind(event.id);
            if (at != m_progressAt.cend()) {
                m_events[*at] = std::move(event);
                return;
            }
            m_progressAt.insert(event.id, m_events.size());
        } else {
            m_progressAt.remove(event.id);
        }
        m_events.append(std::move(event));
    }
    if (first)
        Q_EMIT eventsReady();
}

QList<DownloadEvent> DownloadWorker::takeEvents()
{
    const QMutexLocker lock(&m_eventsMutex);
    m_progressAt.clear();
    return std::exchange(m_events, {});
}
