// History rebuilt from saved outputs: 1 000 small PNGs that carry their prediction (embedded as the save
// path does) imported into a fresh SQLite store by FileHistoryImporter, as File → Import from Files… does.
// Prints one JSON line: files, added, ms (from start() to finished()), rss_mb.
#include "ProcessStats.h"

#include "FileHistoryImporter.h"
#include "ImageMetadata.h"
#include "TaskStore.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace {

QByteArray smallPng()
{
    QImage image(32, 24, QImage::Format_RGB32);
    image.fill(qRgb(40, 90, 160));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "png");
    return bytes;
}

QByteArray embeddedOutput(const QByteArray &png, int index)
{
    const QString id = QStringLiteral("bulk%1").arg(index, 22, 10, QLatin1Char('0'));
    const QJsonObject object{
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), QStringLiteral("succeeded")},
        {QStringLiteral("model"), QStringLiteral("black-forest-labs/flux-schnell")},
        {QStringLiteral("input"), QJsonObject{{QStringLiteral("prompt"), QStringLiteral("prompt %1").arg(index)}}},
        {QStringLiteral("output"), QStringLiteral("https://replicate.delivery/x/%1.png").arg(id)},
        {QStringLiteral("created_at"), QStringLiteral("2025-07-12T07:27:54.577Z")},
    };
    const auto prediction = Prediction::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact));
    const auto embedded = ImageMetadata::embed(
        png, ProvenanceRecord::fromPrediction(prediction.value(), QStringLiteral("Replicate")));
    return embedded.ok() ? embedded.value() : QByteArray();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    constexpr int count = 1000;
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("outputs"));
    if (!dir.isValid() || !QDir().mkpath(folder))
        return 1;
    const QByteArray png = smallPng();
    for (int i = 0; i < count; ++i) {
        QFile file(folder + QStringLiteral("/%1.png").arg(i));
        const QByteArray bytes = embeddedOutput(png, i);
        if (bytes.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
            std::fprintf(stderr, "bench_fileimport: cannot write the outputs\n");
            return 1;
        }
    }

    TaskStore store;
    if (!store.open(dir.filePath(QStringLiteral("tasks.sqlite"))).ok())
        return 1;
    FileHistoryImporter importer(store);
    QElapsedTimer timer;
    qint64 ms = -1;
    int added = 0;
    QObject::connect(&importer, &FileHistoryImporter::finished, &app, [&](const FileHistoryImporter::Summary &summary) {
        ms = timer.elapsed();
        added = int(summary.added.size());
        app.quit();
    });
    QTimer::singleShot(0, &app, [&] {
        timer.start();
        if (!importer.start({folder}, QStringLiteral("quickrouter")))
            app.exit(1);
    });
    QTimer::singleShot(120000, &app, &QCoreApplication::quit);
    app.exec();
    if (ms < 0 || added != count) {
        std::fprintf(stderr, "bench_fileimport: %d of %d imported\n", added, count);
        return 1;
    }
    ProcessStats::printResult({
        {QStringLiteral("files"), count},
        {QStringLiteral("added"), added},
        {QStringLiteral("ms"), double(ms)},
        {QStringLiteral("rss_mb"), double(ProcessStats::peakResidentKb()) / 1024.0},
    });
    return 0;
}
