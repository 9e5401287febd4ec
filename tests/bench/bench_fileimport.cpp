// History rebuilt from saved outputs: 1 000 small PNGs that carry their prediction (embedded as the save
// path does) imported into a fresh SQLite store by FileHistoryImporter, as File → Import from Files… does.
// Prints one JSON line: files, added, ms (from start() to finished()), rss_mb.
#include "ProcessStats.h"

#include "FileHistoryImporter.h"
#include "ImageMetadata.h"
#include "SavedOutputFixtures.h"
#include "TaskStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    constexpr int count = 1000;
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("outputs"));
    if (!dir.isValid() || !QDir().mkpath(folder))
        return 1;
    const QByteArray png = SavedOutputFixtures::smallPng();
    for (int i = 0; i < count; ++i) {
        const QString id = QStringLiteral("bulk%1").arg(i, 22, 10, QLatin1Char('0'));
        const auto bytes = ImageMetadata::embed(
            png,
            ProvenanceRecord::fromPrediction(SavedOutputFixtures::prediction(id, QStringLiteral("prompt %1").arg(i)),
                                             QStringLiteral("Replicate")));
        if (!bytes.ok()
            || !SavedOutputFixtures::writeFile(folder + u'/' + id + QStringLiteral(".png"), bytes.value())) {
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
