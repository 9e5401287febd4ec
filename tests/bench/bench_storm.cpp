// Poll storm: the real application (Application) tracking many running predictions on replimon-sim,
// polling them at the app's interval, while the selection moves through the table so the detail pane
// keeps decoding previews. A 1 ms timer probes the GUI event loop: a late tick is a stall.
//
//   REPLIMON_API_KEY=… bench_storm --settings INI --ids FILE [--seconds 60] [--select-ms 250]
//                     [--trace-slow-events MS]   (what the GUI thread spent a stall on, on stderr)
//                     [--request-budget N]       (routine polls a minute; 0: none; default: the app's)
//
// The settings file names the sim's API root (a custom provider) and a download folder. Prints one JSON
// line: stall_max_ms, stalls_over_16ms, polls (answers), update batches (TaskStore::tasksChanged), rows
// changed, model dataChanged / layoutChanged / modelReset signals, previews selected, CPU seconds.
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
#include <QJsonObject>
#include <QTableView>
#include <QTimer>

#include <cstdio>

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
    const QCommandLineOption budgetOption(QStringLiteral("request-budget"),
                                          QStringLiteral("routine polls a minute (0: no budget)"), QStringLiteral("n"));
    parser.addOptions({settingsOption, idsOption, dbOption, secondsOption, selectOption, traceOption, budgetOption});
    parser.process(app);
    app.setThresholdMs(parser.value(traceOption).toInt());

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
    // The clock starts once the ids are in the store (the key is read asynchronously first), so the
    // storm is measured, not the app's start.
    const int seconds = parser.value(secondsOption).toInt();
    QObject::connect(&store, &TaskStore::tasksAdded, &app, [&] {
        if (probe.isStarted())
            return;
        cpuAtStart = ProcessStats::cpuSeconds();
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

    ProcessStats::printResult({
        {QStringLiteral("tasks"), taskCount},
        {QStringLiteral("request_budget_per_min"), application.scheduler().requestBudget()},
        {QStringLiteral("seconds"), probe.elapsedNs() / 1e9},
        {QStringLiteral("stall_max_ms"), probe.longestStallMs()},
        {QStringLiteral("stalls_over_16ms"), probe.stallsOverFrame()},
        {QStringLiteral("update_batches"), batches},
        {QStringLiteral("rows_changed"), rowsChanged},
        {QStringLiteral("data_changed"), dataChanged},
        {QStringLiteral("data_changed_per_batch"), batches > 0 ? double(dataChanged) / batches : 0.0},
        {QStringLiteral("layout_changed"), layoutChanged},
        {QStringLiteral("model_resets"), resets},
        {QStringLiteral("previews_selected"), walker.selected()},
        {QStringLiteral("cpu_s"), ProcessStats::cpuSeconds() - cpuAtStart},
        {QStringLiteral("rss_mb"), double(ProcessStats::peakResidentKb()) / 1024.0},
    });
    return 0;
}
