#include "DownloadWorker.h"

#include "FileDownloader.h"
#include "PredictionClient.h"
#include "ReplyErrors.h"
#include "SafeWrite.h"
#include "UpstreamConnection.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace {

constexpr int maxRedirects = 5;
// Downloads on the wire at once; the others wait their turn (an import of many finished predictions
// starts a download per output).
constexpr int maxTransfers = 6;
// Enough bytes to recognise every image type we name files after.
constexpr int sniffBytes = 16;
// How much is written before the kernel is asked to put it on the disk (SafeWrite::startWriteBack): the
// sync before the rename then waits for the last few megabytes, not for the whole file.
constexpr qint64 writeBackBytes = 2 * 1024 * 1024;
// Of an error page, only what its message can come from is kept.
constexpr qsizetype errorBodyBytes = 4096;

// The downloader's words: the user meets them as FileDownloader's, whichever thread wrote them.
QString text(const char *source)
{
    return QCoreApplication::translate("FileDownloader", source);
}

QString extensionForContentType(const QByteArray &contentType)
{
    const QByteArray type = contentType.split(';').value(0).trimmed().toLower();
    if (type == "image/png")
        return QStringLiteral("png");
    if (type == "image/jpeg" || type == "image/jpg")
        return QStringLiteral("jpg");
    if (type == "image/webp")
        return QStringLiteral("webp");
    if (type == "image/gif")
        return QStringLiteral("gif");
    if (type == "application/json")
        return QStringLiteral("json");
    if (type.startsWith("text/plain"))
        return QStringLiteral("txt");
    return {};
}

QString extensionFromUrl(const QUrl &url)
{
    const QString suffix = QFileInfo(url.path()).suffix().toLower();
    if (suffix.isEmpty() || suffix.size() > 5)
        return {};
    for (const QChar c : suffix) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128))
            return {};
    }
    return suffix == u"jpeg" ? QStringLiteral("jpg") : suffix;
}

// data:[<mediatype>][;base64],<data>
bool decodeDataUrl(const QUrl &url, QByteArray *data, QByteArray *mediaType)
{
    const QByteArray encoded = url.toEncoded();
    const int comma = encoded.indexOf(',');
    if (!encoded.startsWith("data:") || comma < 0)
        return false;
    const QByteArray header = encoded.mid(5, comma - 5);
    const QByteArray payload = QByteArray::fromPercentEncoding(encoded.mid(comma + 1));
    *mediaType = header.split(';').value(0);
    if (header.endsWith(";base64")) {
        const auto result = QByteArray::fromBase64Encoding(payload, QByteArray::AbortOnBase64DecodingErrors);
        if (!result)
            return false;
        *data = result.decoded;
    } else {
        *data = payload;
    }
    return true;
}

QUrl originOf(const QUrl &url)
{
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host());
    origin.setPort(url.port());
    return origin;
}

} // namespace

struct DownloadWorker::Download
{
    DownloadRequest request;
    QUrl requestUrl; ///< Where the current request goes (redirects change it).
    bool withKey = false;
    int redirects = 0;
    std::unique_ptr<UpstreamConnection> connection;
    int status = 0;
    QByteArray reason;
    QByteArray contentType;
    QByteArray retryAfter;
    QByteArray errorBody; ///< The start of an error page.
    std::unique_ptr<QSaveFile> file;
    QByteArray head; ///< The first bytes, until the file's type is known from them.
    qint64 received = 0;
    qint64 expected = -1;      ///< Content-Length, when the server sent one.
    qint64 writtenBack = 0;    ///< Bytes of the file already handed to startWriteBack().
    bool transferring = false; ///< Begun (not waiting for a free transfer).
};

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
    bool first = false;
    {
        const QMutexLocker lock(&m_postedMutex);
        first = m_posted.isEmpty();
        m_posted.append(std::move(command));
    }
    if (first)
        QMetaObject::invokeMethod(this, &DownloadWorker::runPosted, Qt::QueuedConnection);
}

void DownloadWorker::runPosted()
{
    QList<Command> commands;
    {
        const QMutexLocker lock(&m_postedMutex);
        commands = std::exchange(m_posted, {});
    }
    for (const Command &command : std::as_const(commands)) {
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
              text(QT_TRANSLATE_NOOP("FileDownloader",
                                     "Only http, https and data addresses can be "
                                     "downloaded.")),
              {}});
        return;
    }
    startRequest(download, url, request.endpoint.isApiOrigin(url));
}

void DownloadWorker::startData(Download &download)
{
    const quint64 id = download.request.id;
    QByteArray data;
    QByteArray mediaType;
    if (!decodeDataUrl(download.request.url, &data, &mediaType)) {
        fail(id,
             {ApiError::Kind::BadResponse,
              0,
              text(QT_TRANSLATE_NOOP("FileDownloader", "The data: address could not be decoded.")),
              {}});
        return;
    }
    if (data.size() > download.request.maxBytes) {
        fail(id,
             {ApiError::Kind::BadResponse,
              0,
              text(QT_TRANSLATE_NOOP("FileDownloader", "The file is larger than the limit.")),
              {}});
        return;
    }
    download.head = data;
    download.received = data.size();
    if (!openTarget(download, mediaType))
        return;
    report({DownloadEvent::Kind::Progress, id, download.received, download.received, {}, {}});
    finish(download);
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
    download.connection = std::make_unique<UpstreamConnection>(originOf(url), int(request.transferTimeout.count()));
    UpstreamConnection *connection = download.connection.get();
    if (!request.sslConfiguration.isNull())
        connection->setSslConfiguration(request.sslConfiguration);
    connect(connection, &UpstreamConnection::opened, this, [this, id, connection] {
        const auto it = m_downloads.constFind(id);
        if (it == m_downloads.cend())
            return;
        const Download &d = **it;
        QByteArray target = d.requestUrl.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
        if (target.isEmpty())
            target = "/";
        QByteArray bytes = "GET " + target + " HTTP/1.1\r\nHost: " + connection->hostField()
            + "\r\nAccept: */*\r\nUser-Agent: " + PredictionClient::userAgent() + "\r\n";
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
                 ReplyErrors::classifyLocalAbort(ReplyErrors::LocalAbort::RedirectRefused,
                                                 text(QT_TRANSLATE_NOOP("FileDownloader",
                                                                        "The file server redirected from https to an "
                                                                        "insecure address; not followed."))));
            return;
        }
        if (target.scheme() != u"https" && target.scheme() != u"http") {
            fail(id,
                 ReplyErrors::classifyLocalAbort(
                     ReplyErrors::LocalAbort::RedirectRefused,
                     text(QT_TRANSLATE_NOOP("FileDownloader",
                                            "Only http, https and data addresses can be downloaded."))));
            return;
        }
        if (++d->redirects > maxRedirects) {
            fail(id,
                 ReplyErrors::classifyLocalAbort(ReplyErrors::LocalAbort::RedirectRefused,
                                                 text(QT_TRANSLATE_NOOP("FileDownloader", "Too many redirects."))));
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
                     text(QT_TRANSLATE_NOOP("FileDownloader", "The file is larger than the limit of %1 MB."))
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
                 text(QT_TRANSLATE_NOOP("FileDownloader", "The file is larger than the limit of %1 MB."))
                     .arg(double(d->request.maxBytes) / (1024.0 * 1024.0), 0, 'f', 0)));
        return;
    }
    if (!write(*d, data, size))
        return;
    report({DownloadEvent::Kind::Progress, id, d->received, d->expected, {}, {}});
}

bool DownloadWorker::write(Download &download, const char *data, qsizetype size)
{
    if (!download.file) {
        download.head.append(data, size);
        if (download.head.size() < sniffBytes)
            return true;
        return openTarget(download, download.contentType);
    }
    errno = 0;
    if (download.file->write(data, size) != size) {
        failWrite(download, errno);
        return false;
    }
    if (download.received - download.writtenBack >= writeBackBytes) {
        SafeWrite::startWriteBack(*download.file, download.writtenBack, download.received - download.writtenBack);
        download.writtenBack = download.received;
    }
    return true;
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
            error.message = text(QT_TRANSLATE_NOOP("FileDownloader",
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
    using ReplyErrors::Transport;
    const QAbstractSocket::SocketError socketError = d->connection->socketError();
    const QList<QSslError> certificateErrors = d->connection->certificateErrors();
    Transport transport = Transport::Other;
    switch (UpstreamConnection::Failure(failure)) {
    case UpstreamConnection::Failure::TimedOut:
        transport = Transport::TimedOut;
        break;
    case UpstreamConnection::Failure::Unreachable:
        if (socketError == QAbstractSocket::ConnectionRefusedError)
            transport = Transport::Refused;
        else if (socketError == QAbstractSocket::HostNotFoundError)
            transport = Transport::HostNotFound;
        else if (socketError == QAbstractSocket::SslHandshakeFailedError || !certificateErrors.isEmpty())
            transport = Transport::Tls;
        break;
    case UpstreamConnection::Failure::Broken:
        transport = Transport::Closed;
        break;
    case UpstreamConnection::Failure::Malformed:
        fail(id,
             {ApiError::Kind::BadResponse,
              d->status,
              QCoreApplication::translate("PredictionClient", "The server's answer is not valid HTTP."),
              {}});
        return;
    }
    fail(id, ReplyErrors::classifyTransport(transport, detail, d->request.apiKey, certificateErrors));
}

bool DownloadWorker::openTarget(Download &d, const QByteArray &contentType)
{
    QString extension = FileDownloader::sniffImageType(d.head);
    if (extension.isEmpty())
        extension = extensionForContentType(contentType);
    if (extension.isEmpty())
        extension = extensionFromUrl(d.request.url);
    if (extension.isEmpty())
        extension = QStringLiteral("bin");

    const QDir directory(QDir(d.request.directory).absolutePath());
    errno = 0;
    if (!directory.mkpath(QStringLiteral("."))) {
        const int error = errno;
        ApiError failure = ApiError::writeFailed(directory.path(), error, -1, QString());
        if (failure.disk->cause == DiskProblem::Cause::Other)
            failure.message = text(QT_TRANSLATE_NOOP("FileDownloader", "Could not create the folder %1."))
                                  .arg(QDir::toNativeSeparators(directory.path()));
        fail(d.request.id, failure);
        return false;
    }
    const QString path = directory.absoluteFilePath(
        FileDownloader::safeFileName(d.request.baseName + u'.' + extension));
    // safeFileName already removed separators; this is the last line of defence.
    if (QFileInfo(path).absoluteDir() != directory) {
        fail(d.request.id,
             {ApiError::Kind::FileSystem,
              0,
              text(QT_TRANSLATE_NOOP("FileDownloader", "Refused to write outside the download folder.")),
              {}});
        return false;
    }
    d.file = std::make_unique<QSaveFile>(path);
    errno = 0;
    if (!d.file->open(QIODevice::WriteOnly) || d.file->write(d.head) != d.head.size()) {
        failWrite(d, errno);
        return false;
    }
    d.head.clear();
    return true;
}

void DownloadWorker::finish(Download &d)
{
    const quint64 id = d.request.id;
    const QString path = d.file->fileName();
    if (const auto error = SafeWrite::commit(*d.file)) {
        failWrite(d, *error);
        return;
    }
    if (d.connection) {
        d.connection->disconnect(this);
        d.connection.release()->deleteLater();
    }
    const bool transferring = d.transferring;
    m_downloads.remove(id); // may be the last owner of d
    report({DownloadEvent::Kind::Finished, id, 0, -1, path, {}});
    endTransfer(transferring);
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

void DownloadWorker::failWrite(Download &d, int errorNumber)
{
    const QString path = d.file->fileName();
    const QString detail = d.file->errorString();
    // The partial file goes first (QSaveFile removes its temporary file when destroyed), so that the free
    // space the message names is what the user has once the attempt is over.
    d.file->cancelWriting();
    d.file.reset();
    const qint64 needed = std::max(d.expected, d.received);
    fail(d.request.id, ApiError::writeFailed(path, errorNumber, needed > 0 ? needed : -1, detail));
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
        fail(
            id,
            {ApiError::Kind::Canceled, 0, text(QT_TRANSLATE_NOOP("FileDownloader", "The download was canceled.")), {}});
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
