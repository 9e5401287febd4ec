// DownloadWorker's file side: naming the file from its first bytes, writing what arrives through QSaveFile
// (with the kernel asked to write back as it goes), the sync and rename at the end, and a data: address
// decoded without any request.
#include "DownloadJob.h"
#include "FileDownloader.h"
#include "SafeWrite.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>

namespace {

// Enough bytes to recognise every image type we name files after.
constexpr int sniffBytes = 16;
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

void DownloadWorker::startData(Download &download)
{
    const quint64 id = download.request.id;
    QByteArray data;
    QByteArray mediaType;
    if (!decodeDataUrl(download.request.url, &data, &mediaType)) {
        fail(id,
             {ApiError::Kind::BadResponse,
              0,
              downloaderText(QT_TRANSLATE_NOOP("FileDownloader", "The data: address could not be decoded.")),
              {}});
        return;
    }
    if (data.size() > download.request.maxBytes) {
        fail(id,
             {ApiError::Kind::BadResponse,
              0,
              downloaderText(QT_TRANSLATE_NOOP("FileDownloader", "The file is larger than the limit.")),
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
            failure.message = downloaderText(QT_TRANSLATE_NOOP("FileDownloader", "Could not create the folder %1."))
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
              downloaderText(QT_TRANSLATE_NOOP("FileDownloader", "Refused to write outside the download folder.")),
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
