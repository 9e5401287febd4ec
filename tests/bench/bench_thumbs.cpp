// Cold thumbnail rate: ThumbnailStore making the large (256) freedesktop thumbnails of saved 1-megapixel
// PNGs into an empty cache, against ImageMagick making the same thumbnails one file after another
// (`convert IN -thumbnail 256x256 OUT.png`), as a script over a folder would.
//
//   bench_thumbs --dir WORK [--count N]
//
// The PNGs are made once in WORK/sources (varied content, so that their compression is realistic) and
// kept for later runs. Prints one JSON line: files, threads, ms, thumbs_per_s, convert, convert_ms,
// convert_per_s, vs_convert, failed.
#include "ProcessStats.h"

#include "ThumbnailStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QNetworkAccessManager>
#include <QPainter>
#include <QPainterPath>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentMap>

#include <cstdio>
#include <numeric>

namespace {

constexpr int side = 1024; // 1 048 576 pixels

// A picture like a generated one: a gradient sky, shapes with soft edges, and a little grain.
QImage makePicture(int index)
{
    QRandomGenerator random(quint32(index) * 2654435761u + 7);
    QImage image(side, side, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    QLinearGradient sky(0, 0, random.bounded(side), side);
    sky.setColorAt(0, QColor::fromHsv(random.bounded(360), 120 + random.bounded(100), 200));
    sky.setColorAt(1, QColor::fromHsv(random.bounded(360), 80 + random.bounded(150), 60 + random.bounded(100)));
    painter.fillRect(image.rect(), sky);
    for (int shape = 0; shape < 12; ++shape) {
        QRadialGradient glow(random.bounded(side), random.bounded(side), 40 + random.bounded(300));
        glow.setColorAt(0, QColor::fromHsv(random.bounded(360), 200, 255, 220));
        glow.setColorAt(1, QColor(0, 0, 0, 0));
        painter.setBrush(glow);
        painter.setPen(Qt::NoPen);
        QPainterPath path;
        path.addEllipse(QPointF(random.bounded(side), random.bounded(side)), 30 + random.bounded(260),
                        30 + random.bounded(260));
        painter.drawPath(path);
    }
    painter.end();
    for (int y = 0; y < side; ++y) {
        auto *line = reinterpret_cast<quint32 *>(image.scanLine(y));
        for (int x = 0; x < side; ++x) {
            const int grain = int(random.bounded(9)) - 4;
            const QRgb c = line[x];
            line[x] = qRgb(qBound(0, qRed(c) + grain, 255), qBound(0, qGreen(c) + grain, 255),
                           qBound(0, qBlue(c) + grain, 255));
        }
    }
    return image;
}

QStringList ensureSources(const QString &folder, int count)
{
    QDir().mkpath(folder);
    QList<int> missing;
    QStringList paths;
    for (int i = 0; i < count; ++i) {
        const QString path = folder + QStringLiteral("/output-%1.png").arg(i, 5, 10, QLatin1Char('0'));
        paths.append(path);
        if (!QFileInfo::exists(path))
            missing.append(i);
    }
    if (!missing.isEmpty()) {
        std::fprintf(stderr, "bench_thumbs: making %lld pictures of %d × %d\n", qlonglong(missing.size()), side, side);
        QtConcurrent::blockingMap(missing, [&paths](int i) {
            const QString temporary = paths.at(i) + QStringLiteral(".part");
            if (makePicture(i).save(temporary, "PNG"))
                QFile::rename(temporary, paths.at(i));
        });
    }
    return paths;
}

QString convertProgram()
{
    // Debian's ImageMagick 6 under its own name first: "convert" may be a wrapper script in front of it.
    for (const char *name : {"convert-im6.q16", "convert"}) {
        const QString found = QStandardPaths::findExecutable(QString::fromLatin1(name));
        if (!found.isEmpty())
            return found;
    }
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("dir"), QStringLiteral("Work folder."), QStringLiteral("path")});
    parser.addOption(
        {QStringLiteral("count"), QStringLiteral("Pictures."), QStringLiteral("n"), QStringLiteral("1000")});
    parser.process(app);
    const QString work = QDir(parser.value(QStringLiteral("dir"))).absolutePath();
    const int count = parser.value(QStringLiteral("count")).toInt();
    if (parser.value(QStringLiteral("dir")).isEmpty() || count <= 0) {
        std::fprintf(stderr, "usage: bench_thumbs --dir WORK [--count N]\n");
        return 2;
    }
    const QString convert = convertProgram();
    if (convert.isEmpty()) {
        std::fprintf(stderr, "bench_thumbs: ImageMagick's convert is missing (packaging/dev.sh deps)\n");
        return 1;
    }
    const QStringList sources = ensureSources(work + QStringLiteral("/sources"), count);

    // Cold: an empty freedesktop cache.
    const QString xdg = work + QStringLiteral("/xdg");
    QDir(xdg).removeRecursively();
    QDir().mkpath(xdg);
    qputenv("XDG_CACHE_HOME", QFile::encodeName(xdg));
    QNetworkAccessManager nam;
    ImageCache images(nam, work + QStringLiteral("/images"));
    ThumbnailStore::Options options;
    options.ownRoot = work + QStringLiteral("/own");
    ThumbnailStore store(images, options);
    int answered = 0;
    int failed = 0;
    qint64 ms = -1;
    QElapsedTimer timer;
    const auto done = [&] {
        if (++answered == count) {
            ms = timer.elapsed();
            app.quit();
        }
    };
    QObject::connect(&store, &ThumbnailStore::thumbnailReady, &app, done);
    QObject::connect(&store, &ThumbnailStore::thumbnailFailed, &app, [&] {
        ++failed;
        done();
    });
    QTimer::singleShot(0, &app, [&] {
        timer.start();
        for (int i = 0; i < count; ++i) {
            ThumbnailSource source;
            source.localFile = sources.at(i);
            store.request(
                ThumbnailId{TaskKey{QStringLiteral("replicate"), QString::number(i)}, 0, ThumbnailSize::Large}, source);
        }
    });
    QTimer::singleShot(600000, &app, &QCoreApplication::quit);
    app.exec();
    if (ms < 0 || failed > 0 || store.decodeCount() != count) {
        std::fprintf(stderr, "bench_thumbs: %d answered, %d failed, %d decoded of %d\n", answered, failed,
                     store.decodeCount(), count);
        return 1;
    }

    // ImageMagick, one file after another.
    const QString out = work + QStringLiteral("/convert");
    QDir(out).removeRecursively();
    QDir().mkpath(out);
    QElapsedTimer convertTimer;
    convertTimer.start();
    for (int i = 0; i < count; ++i) {
        const int status = QProcess::execute(convert,
                                             {sources.at(i), QStringLiteral("-thumbnail"), QStringLiteral("256x256"),
                                              out + QStringLiteral("/%1.png").arg(i)});
        if (status != 0) {
            std::fprintf(stderr, "bench_thumbs: convert failed on %s\n", qPrintable(sources.at(i)));
            return 1;
        }
    }
    const qint64 convertMs = std::max<qint64>(1, convertTimer.elapsed());
    const double perSecond = count * 1000.0 / double(std::max<qint64>(1, ms));
    const double convertPerSecond = count * 1000.0 / double(convertMs);
    ProcessStats::printResult({
        {QStringLiteral("files"), count},
        {QStringLiteral("pixels"), side * side},
        {QStringLiteral("size"), 256},
        {QStringLiteral("threads"),
         options.threads > 0 ? options.threads : std::max(1, QThread::idealThreadCount() - 1)},
        {QStringLiteral("ms"), double(ms)},
        {QStringLiteral("thumbs_per_s"), perSecond},
        {QStringLiteral("convert"), convert},
        {QStringLiteral("convert_ms"), double(convertMs)},
        {QStringLiteral("convert_per_s"), convertPerSecond},
        {QStringLiteral("vs_convert"), perSecond / convertPerSecond},
        {QStringLiteral("failed"), failed},
    });
    return 0;
}
