#pragma once

// DownloadWorker's download in flight, shared by its two source files (the transfer in
// DownloadWorker.cpp, the file in DownloadWorkerFile.cpp). Not for anyone else.
#include "DownloadWorker.h"
#include "UpstreamConnection.h"

#include <QCoreApplication>
#include <QSaveFile>

#include <memory>

/// The downloader's words: the user meets them as FileDownloader's, whichever thread wrote them.
inline QString downloaderText(const char *source)
{
    return QCoreApplication::translate("FileDownloader", source);
}

/// One download from the client's command to its file in place (or its error).
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
