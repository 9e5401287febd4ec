#include "FileDownloader.h"

#include "ApiKey.h"
#include "PredictionClient.h"
#include "ReplyErrors.h"
#include "SafeWrite.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSaveFile>
#include <QSslError>
#include <QTimer>

#include <algorithm>
#include <cerrno>

namespace {

constexpr int maxRedirects = 5;
// Enough bytes to recognise every image type we name files after.
constexpr int sniffBytes = 16;
constexpr qint64 readBufferBytes = 1024 * 1024;
// How much is written before the kernel is asked to put it on the disk (SafeWrite::startWriteBack): the
// sync before the rename then waits for the last few megabytes, not for the whole file.
constexpr qint64 writeBackBytes = 2 * 1024 * 1024;

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

} // namespace

struct FileDownloader::Download
{
    QUrl url;
    /// Where the current request is. Not the reply's url(): when redirected() is emitted that already
    /// names the target, so comparing the two would never see a downgrade.
    QUrl requestUrl;
    QString directory;
    QString baseName;
    QPointer<QNetworkReply> reply;
    std::unique_ptr<QSaveFile> file;
    QByteArray head;
    qint64 received = 0;
    qint64 expected = -1;   ///< Content-Length, when the server sent one.
    qint64 writtenBack = 0; ///< Bytes of the file already handed to startWriteBack().
    int redirects = 0;
    bool withKey = false;
    bool canceled = false;
    bool tooLarge = false;
    QString refused;
    QList<QSslError> certificateErrors; ///< Of the current request.
};

FileDownloader::FileDownloader(QNetworkAccessManager &nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{
    qRegisterMetaType<ApiError>();
    qRegisterMetaType<FileDownloader::DownloadId>("FileDownloader::DownloadId");
}

FileDownloader::~FileDownloader()
{
    const auto downloads = std::exchange(m_downloads, {});
    for (const auto &download : downloads) {
        if (download->reply) {
            download->reply->disconnect(this);
            download->reply->abort();
            download->reply->deleteLater();
        }
        if (download->file)
            download->file->cancelWriting();
    }
}

void FileDownloader::setApiKey(const QString &key)
{
    m_apiKey = ApiKeys::sanitize(key);
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

FileDownloader::DownloadId FileDownloader::download(const QUrl &url, const QString &directory, const QString &baseName)
{
    const DownloadId id = m_nextId++;
    auto download = std::make_shared<Download>();
    download->url = url;
    download->directory = directory;
    download->baseName = safeFileName(baseName);
    m_downloads.insert(id, download);

    if (url.scheme() == u"data") {
        // Decoded without any request; reported from the event loop like a network download.
        QTimer::singleShot(0, this, [this, id] {
            const auto it = m_downloads.constFind(id);
            if (it == m_downloads.constEnd())
                return;
            const auto d = *it;
            QByteArray data;
            QByteArray mediaType;
            if (!decodeDataUrl(d->url, &data, &mediaType)) {
                fail(id, {ApiError::Kind::BadResponse, 0, tr("The data: address could not be decoded."), {}});
                return;
            }
            if (data.size() > m_maxBytes) {
                fail(id, {ApiError::Kind::BadResponse, 0, tr("The file is larger than the limit."), {}});
                return;
            }
            d->head = data;
            d->received = data.size();
            if (!openTarget(id, mediaType))
                return;
            Q_EMIT progress(id, d->received, d->received);
            onFinished(id);
        });
        return id;
    }

    if (url.scheme() != u"https" && url.scheme() != u"http") {
        QTimer::singleShot(0, this, [this, id] {
            fail(id,
                 {ApiError::Kind::BadResponse, 0, tr("Only http, https and data addresses can be downloaded."), {}});
        });
        return id;
    }
    startRequest(id, url, m_endpoint.isApiOrigin(url));
    return id;
}

void FileDownloader::startRequest(DownloadId id, const QUrl &url, bool withKey)
{
    const auto download = m_downloads.value(id);
    download->withKey = withKey && !m_apiKey.isEmpty() && m_endpoint.isApiOrigin(url);
    download->certificateErrors.clear();
    download->requestUrl = url;

    QNetworkRequest request(url);
    request.setRawHeader("User-Agent", PredictionClient::userAgent());
    if (download->withKey)
        request.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
    request.setTransferTimeout(int(m_transferTimeout.count()));

    QNetworkReply *reply = m_nam.get(request);
    // Without a limit Qt's network thread reads the socket as fast as it can and queues everything this
    // thread has not written yet: a 200 MB output grew the process by 90 MB. A bounded buffer makes the
    // socket wait for the disk instead.
    reply->setReadBufferSize(readBufferBytes);
    download->reply = reply;

    connect(reply, &QNetworkReply::redirected, this, [this, id, reply](const QUrl &target) {
        const auto d = m_downloads.value(id);
        if (!d || d->reply != reply)
            return;
        if (d->requestUrl.scheme() == u"https" && target.scheme() != u"https") {
            d->refused = tr("The file server redirected from https to an insecure address; not followed.");
            reply->abort();
            return;
        }
        if (++d->redirects > maxRedirects) {
            d->refused = tr("Too many redirects.");
            reply->abort();
            return;
        }
        if (!d->withKey || m_endpoint.isApiOrigin(target)) {
            d->requestUrl = target;
            Q_EMIT reply->redirectAllowed();
            return;
        }
        // Qt would carry the Authorization header along: start over at the target without it.
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
        startRequest(id, target, false);
    });
    // Recorded to name them in the error, never ignored: the handshake fails before anything is sent.
    connect(reply, &QNetworkReply::sslErrors, this, [this, id, reply](const QList<QSslError> &errors) {
        const auto d = m_downloads.value(id);
        if (d && d->reply == reply)
            d->certificateErrors += errors;
    });
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, id, reply] {
        const auto d = m_downloads.value(id);
        if (!d || d->reply != reply)
            return;
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid())
            d->expected = length.toLongLong();
        if (length.isValid() && length.toLongLong() > m_maxBytes) {
            d->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, id] { onReadyRead(id); });
    connect(reply, &QNetworkReply::downloadProgress, this, [this, id, reply](qint64 received, qint64 total) {
        const auto d = m_downloads.value(id);
        if (d && d->reply == reply)
            Q_EMIT progress(id, received, total);
    });
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] {
        const auto d = m_downloads.value(id);
        if (d && d->reply == reply)
            onFinished(id);
    });
}

bool FileDownloader::openTarget(DownloadId id, const QByteArray &contentType)
{
    const auto d = m_downloads.value(id);
    QString extension = sniffImageType(d->head);
    if (extension.isEmpty())
        extension = extensionForContentType(contentType);
    if (extension.isEmpty())
        extension = extensionFromUrl(d->url);
    if (extension.isEmpty())
        extension = QStringLiteral("bin");

    const QDir directory(QDir(d->directory).absolutePath());
    errno = 0;
    if (!directory.mkpath(QStringLiteral("."))) {
        const int error = errno;
        ApiError failure = ApiError::writeFailed(directory.path(), error, -1, QString());
        if (failure.disk->cause == DiskProblem::Cause::Other)
            failure.message = tr("Could not create the folder %1.").arg(QDir::toNativeSeparators(directory.path()));
        fail(id, failure);
        return false;
    }
    const QString path = directory.absoluteFilePath(safeFileName(d->baseName + u'.' + extension));
    // safeFileName already removed separators; this is the last line of defence.
    if (QFileInfo(path).absoluteDir() != directory) {
        fail(id, {ApiError::Kind::FileSystem, 0, tr("Refused to write outside the download folder."), {}});
        return false;
    }
    d->file = std::make_unique<QSaveFile>(path);
    errno = 0;
    if (!d->file->open(QIODevice::WriteOnly) || d->file->write(d->head) != d->head.size()) {
        failWrite(id, errno);
        return false;
    }
    d->head.clear();
    return true;
}

void FileDownloader::onReadyRead(DownloadId id)
{
    const auto d = m_downloads.value(id);
    if (!d || !d->reply)
        return;
    QNetworkReply *reply = d->reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 0 && (status < 200 || status >= 300))
        return; // An error page: classified when finished, never written.

    // read(bytesAvailable()) hands over the reply's buffered block itself when it holds one (every
    // readyRead is drained here, so it mostly does); readAll() would copy it into a new, larger array.
    const QByteArray chunk = reply->read(reply->bytesAvailable());
    d->received += chunk.size();
    if (d->received > m_maxBytes) {
        d->tooLarge = true;
        reply->abort();
        return;
    }
    if (!d->file) {
        d->head += chunk;
        if (d->head.size() >= sniffBytes)
            openTarget(id, reply->header(QNetworkRequest::ContentTypeHeader).toByteArray());
        return;
    }
    errno = 0;
    if (d->file->write(chunk) != chunk.size()) {
        failWrite(id, errno);
        return;
    }
    if (d->received - d->writtenBack >= writeBackBytes) {
        SafeWrite::startWriteBack(*d->file, d->writtenBack, d->received - d->writtenBack);
        d->writtenBack = d->received;
    }
}

void FileDownloader::onFinished(DownloadId id)
{
    const auto d = m_downloads.value(id);
    if (!d)
        return;
    QNetworkReply *reply = d->reply;
    if (reply) {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool ok = !d->canceled && !d->tooLarge && d->refused.isEmpty() && reply->error() == QNetworkReply::NoError
            && status >= 200 && status < 300;
        if (!ok) {
            ReplyErrors::LocalAbort abort = ReplyErrors::LocalAbort::None;
            QString detail;
            if (d->canceled) {
                abort = ReplyErrors::LocalAbort::ByUser;
            } else if (d->tooLarge) {
                abort = ReplyErrors::LocalAbort::TooLarge;
                detail = tr("The file is larger than the limit of %1 MB.")
                             .arg(double(m_maxBytes) / (1024.0 * 1024.0), 0, 'f', 0);
            } else if (!d->refused.isEmpty()) {
                abort = ReplyErrors::LocalAbort::RedirectRefused;
                detail = d->refused;
            }
            const QByteArray body = (status >= 400) ? reply->readAll().left(4096) : QByteArray();
            ApiError error = ReplyErrors::classify(reply, body, abort, detail, false, m_apiKey, d->certificateErrors);
            if (error.kind == ApiError::Kind::NotFound)
                error.message = tr("The file is gone from the server (outputs are deleted an hour after "
                                   "the prediction completes).");
            fail(id, error);
            return;
        }
        // Whatever is left after the last readyRead.
        onReadyRead(id);
        if (!m_downloads.contains(id))
            return;
        if (!d->file && !openTarget(id, reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()))
            return;
    }
    if (!d->file)
        return;
    const QString path = d->file->fileName();
    if (const auto error = SafeWrite::commit(*d->file)) {
        failWrite(id, *error);
        return;
    }
    m_downloads.remove(id);
    Q_EMIT finished(id, path);
}

void FileDownloader::failWrite(DownloadId id, int errorNumber)
{
    const auto d = m_downloads.value(id);
    const QString path = d->file->fileName();
    const QString detail = d->file->errorString();
    // The partial file goes first (QSaveFile removes its temporary file when destroyed), so that the free
    // space the message names is what the user has once the attempt is over.
    d->file->cancelWriting();
    d->file.reset();
    const qint64 needed = std::max(d->expected, d->received);
    fail(id, ApiError::writeFailed(path, errorNumber, needed > 0 ? needed : -1, detail));
}

void FileDownloader::fail(DownloadId id, const ApiError &error)
{
    const auto d = m_downloads.take(id);
    if (!d)
        return;
    if (d->file)
        d->file->cancelWriting(); // QSaveFile removes its temporary file: nothing partial remains.
    if (d->reply) {
        d->reply->disconnect(this);
        d->reply->abort();
        d->reply->deleteLater();
    }
    Q_EMIT failed(id, error);
}

void FileDownloader::cancel(DownloadId id)
{
    const auto d = m_downloads.value(id);
    if (!d)
        return;
    d->canceled = true;
    if (d->reply)
        d->reply->abort();
    else
        fail(id, {ApiError::Kind::Canceled, 0, tr("The download was canceled."), {}});
}

void FileDownloader::cancelAll()
{
    const QList<DownloadId> ids = m_downloads.keys();
    for (const DownloadId id : ids)
        cancel(id);
}
