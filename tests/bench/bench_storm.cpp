// Poll storm: the real application (Application) tracking many running predictions on replimon-sim,
// polling them at the app's interval, while the selection moves through the table so the detail pane
// keeps decoding previews. A 1 ms timer probes the GUI event loop: a late tick is a stall.
//
//   REPLIMON_API_KEY=… bench_storm --settings INI --ids FILE [--seconds 60] [--select-ms 250]
//                     [--trace-slow-events MS]   (events slower than MS on the GUI thread, on stderr)
//                     [--trace-stalls]           (what each stall was made of, on stderr, at the end)
//                     (--select-ms 0: the selection stays put, so only polling and its updates load the thread)
//                     [--request-budget N]       (routine polls a minute; 0: none; default: the app's)
//
// The settings file names the sim's API root (a custom provider) and a download folder. Prints one JSON
// line: stall_max_ms, stalls_over_16ms, polls (answers), update batches (TaskStore::tasksChanged), rows
// changed, model dataChanged / layoutChanged / modelReset signals, previews selected, CPU seconds (the process, the GUI thread).
#include "EventLoopProbe.h"
#include "PreviewWalker.h"
#include "ProcessStats.h"
#include "SlowEventTracer.h"

#include "Application.h"
#include "MainWindow.h"
#include "Settings.h"
#include "TaskFilterModel.h"
#include "TaskStore.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonObject>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <array>
#include <cstdio>

namespace {

/// Each stall on stderr: its length, the GUI thread's CPU time in it, and the deliveries it held, summed
/// by receiver and event type (top level), then the slowest nested ones.
void printStalls(const std::vector<EventLoopProbe::Stall> &stalls, std::vector<SlowEventTracer::Delivery> deliveries)
{
    // Where the GUI thread's CPU time went, by receiver and event type: top level, then nested.
    for (int depth = 0; depth < 2; ++depth) {
        QHash<QString, std::array<qint64, 2>> totals;
        for (const SlowEventTracer::Delivery &d : deliveries) {
            if (d.depth != depth)
                continue;
            auto &total = totals[QStringLiteral("type %1 %2 \"%3\" (parent %4)")
                                     .arg(d.type)
                                     .arg(QLatin1String(d.className), d.name, QLatin1String(d.parentClassName))];
            total[0] += d.cpuNs;
            ++total[1];
        }
        QList<QPair<qint64, QString>> ranked;
        for (auto it = totals.cbegin(); it != totals.cend(); ++it)
            ranked.append({it.value()[0], QStringLiteral("%1 x%2").arg(it.key()).arg(it.value()[1])});
        std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
        std::fprintf(stderr, "the GUI thread's CPU time by receiver, depth %d:\n", depth);
        for (qsizetype i = 0; i < std::min<qsizetype>(ranked.size(), 15); ++i)
            std::fprintf(stderr, "    %8.1f ms  %s\n", double(ranked[i].first) / 1e6, qPrintable(ranked[i].second));
    }
    // The deliveries that took the GUI thread the most CPU time, wherever they fell.
    std::sort(deliveries.begin(), deliveries.end(), [](const auto &a, const auto &b) { return a.cpuNs > b.cpuNs; });
    std::fprintf(stderr, "the GUI thread's most expensive deliveries:\n");
    for (size_t i = 0; i < std::min<size_t>(deliveries.size(), 25); ++i) {
        const SlowEventTracer::Delivery &d = deliveries[i];
        std::fprintf(stderr, "    CPU %6.2f ms, wall %6.2f ms  depth %d type %d %s \"%s\" (parent %s)\n",
                     double(d.cpuNs) / 1e6, double(d.durationNs) / 1e6, d.depth, d.type, d.className,
                     qPrintable(d.name), d.parentClassName);
    }
    // Recorded as they end: a nested delivery before the one it is in.
    std::sort(deliveries.begin(), deliveries.end(), [](const auto &a, const auto &b) { return a.startNs < b.startNs; });
    auto first = deliveries.begin();
    for (const EventLoopProbe::Stall &stall : stalls) {
        while (first != deliveries.end() && first->startNs + first->durationNs < stall.startNs)
            ++first;
        QHash<QString, std::array<qint64, 3>> sums; // top level: ns, CPU ns, count
        std::vector<const SlowEventTracer::Delivery *> nested;
        qint64 accounted = 0;
        for (auto d = first; d != deliveries.end() && d->startNs < stall.endNs; ++d) {
            if (d->depth > 0) {
                nested.push_back(&*d);
                continue;
            }
            const qint64 from = std::max(d->startNs, stall.startNs);
            const qint64 to = std::min(d->startNs + d->durationNs, stall.endNs);
            const QString key =
                QStringLiteral("type %1 %2 \"%3\"").arg(d->type).arg(QLatin1String(d->className), d->name);
            auto &sum = sums[key];
            sum[0] += to - from;
            sum[1] += d->cpuNs;
            ++sum[2];
            accounted += to - from;
        }
        std::fprintf(stderr,
                     "stall %.1f ms, GUI thread CPU %.1f ms, in deliveries %.1f ms (from %.6f s, CLOCK_MONOTONIC):\n",
                     double(stall.endNs - stall.startNs) / 1e6, double(stall.threadCpuNs) / 1e6,
                     double(accounted) / 1e6, double(stall.startNs) / 1e9);
        QList<QPair<qint64, QString>> ranked;
        for (auto it = sums.cbegin(); it != sums.cend(); ++it)
            ranked.append({it.value()[0],
                           QStringLiteral("%1 x%2, CPU %3 ms")
                               .arg(it.key())
                               .arg(it.value()[2])
                               .arg(double(it.value()[1]) / 1e6, 0, 'f', 2)});
        std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
        for (qsizetype i = 0; i < std::min<qsizetype>(ranked.size(), 6); ++i)
            std::fprintf(stderr, "    %6.2f ms  %s\n", double(ranked[i].first) / 1e6, qPrintable(ranked[i].second));
        std::sort(nested.begin(), nested.end(), [](auto a, auto b) { return a->durationNs > b->durationNs; });
        for (size_t i = 0; i < std::min<size_t>(nested.size(), 6); ++i)
            std::fprintf(stderr, "      nested %6.2f ms (CPU %.2f)  depth %d type %d %s \"%s\" (parent %s)\n",
                         double(nested[i]->durationNs) / 1e6, double(nested[i]->cpuNs) / 1e6, nested[i]->depth,
                         nested[i]->type, nested[i]->className, qPrintable(nested[i]->name),
                         nested[i]->parentClassName);
    }
}

int stallsRunningOver(const std::vector<EventLoopProbe::Stall> &stalls, qint64 ns)
{
    return int(std::count_if(stalls.cbegin(), stalls.cend(), [ns](const auto &s) { return s.threadCpuNs > ns; }));
}

double longestRun(const std::vector<EventLoopProbe::Stall> &stalls)
{
    qint64 longest = 0;
    for (const EventLoopProbe::Stall &stall : stalls)
        longest = std::max(longest, stall.threadCpuNs);
    return double(longest);
}

} // namespace

int main(int argc, char *argv[])
{
    SlowEventTracer app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("replimon"));
    QApplication::setApplicationName(QStringLiteral("replimon"));

    QCommandLineParser parser;
    const QCommandLineOption settingsOption(QStringLiteral("settings"), QStringLiteral("ini file"),
                                            QStringLiteral("file"));
    const QCommandLineOption idsOption(QStringLiteral("ids"), QStringLiteral("file of ids"), QStringLiteral("file"));
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("SQLite file"), QStringLiteral("file"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("duration"), QStringLiteral("s"),
                                           QStringLiteral("60"));
    const QCommandLineOption selectOption(QStringLiteral("select-ms"), QStringLiteral("selection period"),
                                          QStringLiteral("ms"), QStringLiteral("250"));
    const QCommandLineOption traceOption(QStringLiteral("trace-slow-events"),
                                         QStringLiteral("report GUI-thread events slower than this on stderr"),
                                         QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption stallsOption(QStringLiteral("trace-stalls"),
                                          QStringLiteral("break each stall down into its events on stderr"));
    const QCommandLineOption budgetOption(QStringLiteral("request-budget"),
                                          QStringLiteral("routine polls a minute (0: no budget)"), QStringLiteral("n"));
    parser.addOptions(
        {settingsOption, idsOption, dbOption, secondsOption, selectOption, traceOption, stallsOption, budgetOption});
    parser.process(app);
    app.setThresholdMs(parser.value(traceOption).toInt());
    app.recordDeliveries(parser.isSet(stallsOption));

    QFile idsFile(parser.value(idsOption));
    if (!idsFile.open(QIODevice::ReadOnly | QIODevice::Text) || !parser.isSet(dbOption)) {
        std::fprintf(stderr, "bench_storm: need --settings, --db and a readable --ids file\n");
        return 2;
    }
    Application::Options options;
    options.settingsPath = parser.value(settingsOption);
    options.databasePath = parser.value(dbOption);
    // The ids arrive as they do from `replimon ID…`: added once the key has been read.
    options.addIds = QString::fromLatin1(idsFile.readAll()).split(u'\n', Qt::SkipEmptyParts);
    const int taskCount = int(options.addIds.size());
    if (parser.isSet(budgetOption))
        options.requestBudget = parser.value(budgetOption).toInt();
    Translations translations;
    translations.install(Settings(options.settingsPath).language());
    Application application(options, translations);
    if (!application.start())
        return 1;

    TaskStore &store = application.store();
    MainWindow &window = application.window();
    TaskFilterModel &proxy = window.filterModel();
    QAbstractItemModel *model = proxy.sourceModel();
    auto *table = window.findChild<QTableView *>(QStringLiteral("tableView"));
    if (!table || !model)
        return 1;

    int batches = 0;
    qint64 rowsChanged = 0;
    int dataChanged = 0;
    int layoutChanged = 0;
    int resets = 0;
    QObject::connect(&store, &TaskStore::tasksChanged, &app, [&](const QList<TaskKey> &keys) {
        ++batches;
        rowsChanged += keys.size();
    });
    QObject::connect(model, &QAbstractItemModel::dataChanged, &app, [&] { ++dataChanged; });
    QObject::connect(model, &QAbstractItemModel::modelReset, &app, [&] { ++resets; });
    QObject::connect(&proxy, &QAbstractItemModel::layoutChanged, &app, [&] { ++layoutChanged; });

    // A late tick of the probe is a stall of the GUI thread.
    EventLoopProbe probe;

    // Moves the selection to the next row with images, so the detail pane asks for previews.
    PreviewWalker walker(*table, proxy, parser.value(selectOption).toInt());

    double cpuAtStart = 0;
    qint64 guiCpuAtStart = 0;
    // The clock starts once the ids are in the store (the key is read asynchronously first), so the
    // storm is measured, not the app's start.
    const int seconds = parser.value(secondsOption).toInt();
    QObject::connect(&store, &TaskStore::tasksAdded, &app, [&] {
        if (probe.isStarted())
            return;
        cpuAtStart = ProcessStats::cpuSeconds();
        guiCpuAtStart = SlowEventTracer::threadCpuNs();
        probe.start();
        walker.start();
        QTimer::singleShot(seconds * 1000, &app, &QCoreApplication::quit);
    });
    // Gives up if the ids never arrive.
    QTimer::singleShot((seconds + 30) * 1000, &app, &QCoreApplication::quit);
    app.exec();
    if (!probe.isStarted()) {
        std::fprintf(stderr, "bench_storm: the ids were never added\n");
        return 1;
    }

    if (parser.isSet(stallsOption))
        printStalls(probe.stalls(), app.deliveries());

    ProcessStats::printResult({
        {QStringLiteral("tasks"), taskCount},
        {QStringLiteral("request_budget_per_min"), application.scheduler().requestBudget()},
        {QStringLiteral("seconds"), probe.elapsedNs() / 1e9},
        {QStringLiteral("stall_max_ms"), probe.longestStallMs()},
        {QStringLiteral("stalls_over_16ms"), probe.stallsOverFrame()},
        // The GUI thread's own share: of those stalls, the ones in which it ran for more than a frame (the
        // rest of a stall it was not running: other work on the machine had the core).
        {QStringLiteral("stalls_gui_cpu_over_16ms"), stallsRunningOver(probe.stalls(), 16'000'000)},
        {QStringLiteral("stall_gui_cpu_ms_max"), longestRun(probe.stalls()) / 1e6},
        {QStringLiteral("update_batches"), batches},
        {QStringLiteral("rows_changed"), rowsChanged},
        {QStringLiteral("data_changed"), dataChanged},
        {QStringLiteral("data_changed_per_batch"), batches > 0 ? double(dataChanged) / batches : 0.0},
        {QStringLiteral("layout_changed"), layoutChanged},
        {QStringLiteral("model_resets"), resets},
        {QStringLiteral("previews_selected"), walker.selected()},
        {QStringLiteral("cpu_s"), ProcessStats::cpuSeconds() - cpuAtStart},
        {QStringLiteral("gui_thread_cpu_s"), double(SlowEventTracer::threadCpuNs() - guiCpuAtStart) / 1e9},
        {QStringLiteral("rss_mb"), double(ProcessStats::peakResidentKb()) / 1024.0},
    });
    return 0;
}
