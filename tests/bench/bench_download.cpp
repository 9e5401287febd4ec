// Download: one large file through FileDownloader (what the app and the CLI save outputs with), to disk.
//
//   bench_download --url URL --dir DIR
//
// Prints one JSON line: bytes, wall_s, mb_per_s (MiB/s), cpu_s, rss_start_mb, rss_peak_mb and rss_growth_mb
// (the highest resident memory seen during the transfer, sampled every 20 ms, minus the resident
// memory just before it started), and commit_s: from the progress report of the last byte to the file in
// place (the sync to disk and the rename, which a plain `curl -o` does not do).
#include "ProcessStats.h"

#include "FileDownloader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption urlOption(QStringLiteral("url"), QStringLiteral("file URL"), QStringLiteral("url"));
    const QCommandLineOption dirOption(QStringLiteral("dir"), QStringLiteral("folder"), QStringLiteral("dir"));
    parser.addOptions({urlOption, dirOption});
    parser.process(app);
    const QUrl url(parser.value(urlOption));
    if (!url.isValid() || !parser.isSet(dirOption)) {
        std::fprintf(stderr, "bench_download: need --url and --dir\n");
        return 2;
    }

    QNetworkAccessManager nam;
    FileDownloader downloader(nam);
    downloader.setMaxBytes(qint64(4) * 1024 * 1024 * 1024);

    const qint64 rssStart = ProcessStats::residentKb();
    qint64 rssPeak = rssStart;
    QString savedPath;
    QString error;
    // Sampled on a timer rather than at every progress report: reading /proc thousands of times would
    // slow the very transfer being measured.
    QTimer sampler;
    sampler.setInterval(20);
    QObject::connect(&sampler, &QTimer::timeout, &app,
                     [&] { rssPeak = std::max(rssPeak, ProcessStats::residentKb()); });
    sampler.start();
    QElapsedTimer timer;
    qint64 lastByteNs = -1;
    QObject::connect(&downloader, &FileDownloader::progress, &app,
                     [&](FileDownloader::DownloadId, qint64 received, qint64 total) {
                         if (received == total && lastByteNs < 0)
                             lastByteNs = timer.nsecsElapsed();
                     });
    QObject::connect(&downloader, &FileDownloader::finished, &app,
                     [&](FileDownloader::DownloadId, const QString &path) {
                         savedPath = path;
                         app.quit();
                     });
    QObject::connect(&downloader, &FileDownloader::failed, &app, [&](FileDownloader::DownloadId, const ApiError &e) {
        error = e.message;
        app.quit();
    });

    const double cpuAtStart = ProcessStats::cpuSeconds();
    timer.start();
    downloader.download(url, parser.value(dirOption), QStringLiteral("bench-download"));
    app.exec();
    const qint64 wallNs = timer.nsecsElapsed();
    const double wall = wallNs / 1e9;
    rssPeak = std::max(rssPeak, ProcessStats::residentKb());

    if (savedPath.isEmpty()) {
        std::fprintf(stderr, "bench_download: %s\n", qPrintable(error));
        return 1;
    }
    const qint64 bytes = QFileInfo(savedPath).size();
    ProcessStats::printResult({
        {QStringLiteral("bytes"), bytes},
        {QStringLiteral("wall_s"), wall},
        {QStringLiteral("mb_per_s"), wall > 0 ? double(bytes) / (1024.0 * 1024.0) / wall : 0.0},
        {QStringLiteral("cpu_s"), ProcessStats::cpuSeconds() - cpuAtStart},
        {QStringLiteral("rss_start_mb"), double(rssStart) / 1024.0},
        {QStringLiteral("rss_peak_mb"), double(rssPeak) / 1024.0},
        {QStringLiteral("rss_growth_mb"), double(rssPeak - rssStart) / 1024.0},
        {QStringLiteral("commit_s"), lastByteNs >= 0 ? (wallNs - lastByteNs) / 1e9 : 0.0},
        {QStringLiteral("path"), savedPath},
    });
    return 0;
}
