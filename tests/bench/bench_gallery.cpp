// The gallery at scale: the real application (Application) offscreen on a store of N tasks, F of them with a
// saved file, switched from the table to the gallery and scrolled.
//
//   bench_gallery --fill N --files F --db FILE --dir WORK
//                                  writes N tasks into a new SQLite store, then exits. The newest tasks are
//                                  mostly saved (8 in 10, until F are), a few of them running; the older ones
//                                  succeeded with expired outputs, failed or canceled. The saved files are
//                                  512 × 512 PNGs of varied colour, WORK/pictures, made once and kept (hard
//                                  links to a few distinct pictures, each its own file with its own thumbnail).
//   bench_gallery --db FILE --settings INI --dir WORK [--screens S]
//                                  starts the app on it with an empty thumbnail cache (XDG_CACHE_HOME is
//                                  WORK/xdg, emptied first) and measures.
//
// The measuring run prints one JSON line: first_paint_ms (the gallery action triggered, to the end of the
// first paint of the viewport with its cells laid out); then the first S screens are scrolled through once,
// one scroll bar pageStep at a time, each time waiting until the thumbnails the view asked for are in the
// cache, and scrolled through again from the top: scroll_frame_ms (each step: the scroll and the repaint of
// the viewport) and scroll_frame_ms_max; then every screen to the end (scroll_all_*: the thumbnails there
// are not made yet) and rss_mb once the work asked for has been done.
#include "PaintProbe.h"
#include "ProcessStats.h"

#include "ApiEndpoint.h"
#include "Application.h"
#include "FreedesktopThumbnail.h"
#include "GalleryView.h"
#include "MainWindow.h"
#include "Settings.h"
#include "TaskStore.h"
#include "Translations.h"
#include "ViewModeSwitch.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QScrollBar>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>

namespace {

constexpr int side = 512;
constexpr int distinctPictures = 64;

QImage makePicture(int index)
{
    QImage image(side, side, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    const int hue = index * 360 / distinctPictures;
    QLinearGradient sky(0, 0, side, side);
    sky.setColorAt(0, QColor::fromHsv(hue, 150, 235));
    sky.setColorAt(1, QColor::fromHsv((hue + 140) % 360, 200, 80));
    painter.fillRect(image.rect(), sky);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor::fromHsv((hue + 200) % 360, 220, 250));
    painter.drawEllipse(QPoint(side / 3 + index % 7 * 20, side / 2), side / 5 + index % 5 * 10, side / 4);
    return image;
}

/// @p count saved files in @p folder: hard links (copies where links fail) to a few distinct pictures.
QStringList ensureFiles(const QString &folder, int count)
{
    QDir().mkpath(folder);
    QStringList pictures;
    for (int i = 0; i < distinctPictures; ++i) {
        const QString path = folder + QStringLiteral("/picture-%1.png").arg(i, 2, 10, QLatin1Char('0'));
        if (!QFileInfo::exists(path) && !makePicture(i).save(path, "PNG"))
            return {};
        pictures.append(path);
    }
    QStringList files;
    for (int i = 0; i < count; ++i) {
        const QString path = folder + QStringLiteral("/output-%1.png").arg(i, 6, 10, QLatin1Char('0'));
        if (!QFileInfo::exists(path)) {
            std::error_code error;
            const QString &picture = pictures.at(i % distinctPictures);
            std::filesystem::create_hard_link(QFile::encodeName(picture).toStdString(),
                                              QFile::encodeName(path).toStdString(), error);
            if (error && !QFile::copy(picture, path))
                return {};
        }
        files.append(path);
    }
    return files;
}

enum class Kind {
    Saved,
    Expired,
    Failed,
    Canceled,
    Running,
};

/// What task @p i (0 the newest) is, while @p saved of the @p files saved ones are placed.
Kind kindOf(int i, int saved, int files)
{
    const int recent = files * 10 / 8;
    if (i < recent || saved < files) {
        switch (i % 10) {
        case 8:
            return Kind::Failed;
        case 9:
            return i < 100 ? Kind::Running : Kind::Canceled;
        default:
            return saved < files ? Kind::Saved : Kind::Expired;
        }
    }
    static constexpr Kind older[] = {Kind::Expired, Kind::Expired,  Kind::Expired,
                                     Kind::Failed,  Kind::Canceled, Kind::Expired};
    return older[i % 6];
}

QByteArray predictionJson(int i, Kind kind, const QDateTime &base)
{
    const QString id = QStringLiteral("gal%1").arg(i, 22, 36, QLatin1Char('0'));
    const QDateTime created = base.addSecs(-qint64(i) * 41);
    const auto iso = [](const QDateTime &t) { return t.toString(Qt::ISODateWithMs); };
    static const char *const statuses[] = {"succeeded", "succeeded", "failed", "canceled", "processing"};
    QJsonObject object{
        {QStringLiteral("id"), id},
        {QStringLiteral("model"), QStringLiteral("black-forest-labs/flux-schnell")},
        {QStringLiteral("version"), QStringLiteral("hidden")},
        {QStringLiteral("status"), QLatin1String(statuses[int(kind)])},
        {QStringLiteral("input"),
         QJsonObject{{QStringLiteral("prompt"), QStringLiteral("a harbour, study %1").arg(i)}}},
        {QStringLiteral("created_at"), iso(created)},
        {QStringLiteral("started_at"), iso(created.addMSecs(400))},
        {QStringLiteral("data_removed"), kind == Kind::Expired},
    };
    if (kind == Kind::Running)
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    object.insert(QStringLiteral("completed_at"), iso(created.addMSecs(2400 + i % 900)));
    object.insert(QStringLiteral("metrics"), QJsonObject{{QStringLiteral("predict_time"), 2.0 + (i % 900) / 1000.0}});
    if (kind == Kind::Saved || kind == Kind::Expired) {
        QJsonArray output;
        for (int n = 0; n < 1 + (i % 7 == 0 ? 1 : 0); ++n)
            output.append(QStringLiteral("http://127.0.0.2:9/files/%1/output-%2.png").arg(id).arg(n));
        object.insert(QStringLiteral("output"), output);
    } else if (kind == Kind::Failed) {
        object.insert(QStringLiteral("error"), QStringLiteral("NSFW content detected"));
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

int fill(const QString &dbPath, int count, int files, const QString &work)
{
    const QStringList paths = ensureFiles(work + QStringLiteral("/pictures"), files);
    if (paths.size() != files) {
        std::fprintf(stderr, "bench_gallery: cannot make the saved files in %s\n", qPrintable(work));
        return 1;
    }
    TaskStore store;
    if (!store.open(dbPath)) {
        std::fprintf(stderr, "bench_gallery: cannot open %s\n", qPrintable(dbPath));
        return 1;
    }
    const QString provider = ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom);
    const QDateTime base = QDateTime::currentDateTimeUtc();
    int saved = 0;
    constexpr int batchSize = 5000;
    for (int from = 0; from < count; from += batchSize) {
        QList<Task> batch;
        for (int i = from; i < std::min(count, from + batchSize); ++i) {
            const Kind kind = kindOf(i, saved, files);
            auto prediction = Prediction::fromJson(predictionJson(i, kind, base));
            if (!prediction) {
                std::fprintf(stderr, "bench_gallery: synthetic prediction %d does not parse\n", i);
                return 1;
            }
            Task task;
            task.key = TaskKey{provider, prediction.value().id()};
            task.apply(prediction.value());
            if (kind == Kind::Saved)
                task.localFiles = {paths.at(saved++)};
            batch.append(task);
        }
        if (!store.addRestored(batch)) {
            std::fprintf(stderr, "bench_gallery: cannot write the tasks\n");
            return 1;
        }
    }
    return 0;
}

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

double residentMb()
{
    return double(ProcessStats::residentKb()) / 1024.0;
}

/// The freedesktop thumbnail files of the saved outputs @p gallery asks for now (on screen and a screen ahead).
QStringList wantedThumbnailFiles(const GalleryView &gallery, const TaskStore &store)
{
    QStringList files;
    const QString root = FreedesktopThumbnail::sharedCacheRoot();
    for (const ThumbnailId &id : gallery.wantedThumbnails()) {
        const Task *task = store.task(id.task);
        if (task && !task->localFiles.isEmpty())
            files.append(root + QLatin1Char('/') + FreedesktopThumbnail::folderName(id.size) + QLatin1Char('/')
                         + FreedesktopThumbnail::fileName(FreedesktopThumbnail::fileUri(task->localFiles.first())));
    }
    return files;
}

/// Lets the view settle and ask, then waits until every thumbnail it asked for is in the cache and answered.
/// Returns how many it asked for; -1 when they were not all made within two minutes.
int waitForThumbnails(const GalleryView &gallery, const TaskStore &store)
{
    QTest::qWait(150);
    const QStringList files = wantedThumbnailFiles(gallery, store);
    const bool made = QTest::qWaitFor(
        [&] {
            return std::all_of(files.cbegin(), files.cend(), [](const QString &f) { return QFileInfo::exists(f); });
        },
        120000);
    if (!made) {
        std::fprintf(stderr, "bench_gallery: the thumbnails asked for were not made\n");
        return -1;
    }
    QTest::qWait(200);
    return int(files.size());
}

int cachedThumbnails()
{
    return int(QDir(FreedesktopThumbnail::sharedCacheRoot() + QStringLiteral("/large"))
                   .entryList({QStringLiteral("*.png")}, QDir::Files)
                   .size());
}

/// Measures once @p tablePainted is true (the table's first paint).
int measure(Application &application, const bool &tablePainted, int screens)
{
    MainWindow &window = application.window();
    if (!QTest::qWaitFor([&] { return tablePainted; }, 60000)) {
        std::fprintf(stderr, "bench_gallery: the table was not painted\n");
        return 1;
    }
    QTest::qWait(500);
    QJsonObject result;
    result.insert(QStringLiteral("tasks"), application.store().count());
    result.insert(QStringLiteral("rss_table_mb"), residentMb());

    // To the first painted grid: the cells laid out when the paint starts.
    ViewModeSwitch &mode = window.viewMode();
    GalleryView &gallery = mode.gallery();
    double firstPaint = -1;
    QElapsedTimer timer;
    new PaintProbe(
        gallery.viewport(),
        [&] {
            const QModelIndex first = gallery.model()->index(0, 0);
            return first.isValid() && gallery.indexAt(gallery.visualRect(first).center()) == first;
        },
        [&] { firstPaint = msSince(timer); });
    timer.start();
    mode.galleryAction()->trigger();
    if (!QTest::qWaitFor([&] { return firstPaint >= 0; }, 60000)) {
        std::fprintf(stderr, "bench_gallery: the gallery was not painted\n");
        return 1;
    }
    result.insert(QStringLiteral("first_paint_ms"), firstPaint);
    result.insert(QStringLiteral("cell_size"), gallery.cellSize());
    result.insert(QStringLiteral("viewport"),
                  QStringLiteral("%1x%2").arg(gallery.viewport()->width()).arg(gallery.viewport()->height()));

    // Pre-warm: the first screens once, each time until the thumbnails asked for are made.
    QScrollBar *bar = gallery.verticalScrollBar();
    const int page = bar->pageStep();
    result.insert(QStringLiteral("page_step_px"), page);
    for (int screen = 0; screen <= screens; ++screen) {
        if (screen > 0)
            bar->setValue(bar->value() + page);
        if (waitForThumbnails(gallery, application.store()) < 0)
            return 1;
    }
    result.insert(QStringLiteral("prewarm_screens"), screens);
    result.insert(QStringLiteral("prewarmed_thumbnails"), cachedThumbnails());

    // The same screens again from the top, their thumbnails cached: each step to its repaint.
    bar->setValue(0);
    QTest::qWait(300);
    QJsonArray frames;
    double worst = 0;
    for (int screen = 0; screen < screens; ++screen) {
        timer.restart();
        bar->setValue(bar->value() + page);
        gallery.viewport()->repaint();
        const double ms = msSince(timer);
        frames.append(ms);
        worst = std::max(worst, ms);
        QTest::qWait(150); // the view settles and asks, as between two Page Down presses
    }
    result.insert(QStringLiteral("scroll_frame_ms"), frames);
    result.insert(QStringLiteral("scroll_frame_ms_max"), worst);

    // Everything, one screen at a time, to the end; then what was asked for is made, and the memory read.
    QElapsedTimer all;
    all.start();
    int steps = 0;
    double worstAll = 0;
    while (bar->value() < bar->maximum()) {
        timer.restart();
        bar->setValue(bar->value() + page);
        gallery.viewport()->repaint();
        worstAll = std::max(worstAll, msSince(timer));
        QCoreApplication::processEvents();
        ++steps;
    }
    result.insert(QStringLiteral("scroll_all_steps"), steps);
    result.insert(QStringLiteral("scroll_all_s"), msSince(all) / 1000.0);
    result.insert(QStringLiteral("scroll_all_frame_ms_max"), worstAll);
    if (waitForThumbnails(gallery, application.store()) < 0)
        return 1;
    int made = -1;
    while (made != cachedThumbnails()) {
        made = cachedThumbnails();
        QTest::qWait(1000);
    }
    result.insert(QStringLiteral("thumbnails_made"), made);
    result.insert(QStringLiteral("rss_mb"), residentMb());
    result.insert(QStringLiteral("peak_rss_mb"), double(ProcessStats::peakResidentKb()) / 1024.0);
    ProcessStats::printResult(result);
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("replimon"));
    QApplication::setApplicationName(QStringLiteral("replimon"));

    QCommandLineParser parser;
    const QCommandLineOption fillOption(QStringLiteral("fill"), QStringLiteral("tasks to write"), QStringLiteral("n"));
    const QCommandLineOption filesOption(QStringLiteral("files"), QStringLiteral("saved files"), QStringLiteral("n"),
                                         QStringLiteral("10000"));
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("SQLite file"), QStringLiteral("file"));
    const QCommandLineOption dirOption(QStringLiteral("dir"), QStringLiteral("work folder"), QStringLiteral("path"));
    const QCommandLineOption settingsOption(QStringLiteral("settings"), QStringLiteral("ini file"),
                                            QStringLiteral("file"));
    const QCommandLineOption screensOption(QStringLiteral("screens"), QStringLiteral("screens pre-warmed"),
                                           QStringLiteral("n"), QStringLiteral("8"));
    parser.addOptions({fillOption, filesOption, dbOption, dirOption, settingsOption, screensOption});
    parser.process(app);
    if (!parser.isSet(dbOption) || !parser.isSet(dirOption)) {
        std::fprintf(stderr, "bench_gallery: --db and --dir are required\n");
        return 2;
    }
    const QString work = QDir(parser.value(dirOption)).absolutePath();
    if (parser.isSet(fillOption))
        return fill(parser.value(dbOption), parser.value(fillOption).toInt(), parser.value(filesOption).toInt(), work);

    // An empty thumbnail cache, before anything reads where it is.
    const QString xdg = work + QStringLiteral("/xdg");
    QDir(xdg).removeRecursively();
    QDir().mkpath(xdg);
    qputenv("XDG_CACHE_HOME", QFile::encodeName(xdg));

    Application::Options options;
    options.databasePath = parser.value(dbOption);
    options.settingsPath = parser.value(settingsOption);
    Translations translations;
    {
        // The table first, and cells of the default size, whatever an earlier run left.
        Settings settings(options.settingsPath);
        settings.setViewMode(Settings::ViewMode::Table);
        settings.setGalleryThumbnailSize(Settings::defaultGalleryThumbnailSize);
        translations.install(settings.language());
    }
    Application application(options, translations);
    if (!application.start())
        return 1;
    application.window().resize(1280, 800);
    auto *table = application.window().findChild<QTableView *>(QStringLiteral("tableView"));
    if (!table)
        return 1;
    bool tablePainted = false;
    new PaintProbe(
        table->viewport(), [] { return true; }, [&] { tablePainted = true; });
    int code = 1;
    QMetaObject::invokeMethod(
        &app,
        [&] {
            code = measure(application, tablePainted, std::max(1, parser.value(screensOption).toInt()));
            app.quit();
        },
        Qt::QueuedConnection);
    app.exec();
    return code;
}
