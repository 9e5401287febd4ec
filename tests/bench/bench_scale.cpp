// Scale: the real application (its composition root, Application) started on a store of N tasks, offscreen.
//
//   bench_scale --fill N --db FILE          writes N finished tasks into a new SQLite store, then exits
//   bench_scale --db FILE --settings INI --t0-ns NS [--start-filter-only]
//                                           starts the app on it and measures; NS is the wall clock
//                                           (ns since the epoch) just before this process was started;
//                                           --start-filter-only stops after the first paint, RSS and
//                                           the filter keystroke (for stores too large to sort 13 times)
//
// The measuring run prints one JSON line: start_ms (process start to the table's first paint), rss_mb after
// that paint, sort_ms per column (sort + repaint), filter_ms (one keystroke in the search field: the
// re-filter and repaint, without the typing debounce, which is reported as filter_debounce_ms), and the
// Usage window's usage_open_ms (the GUI thread's part), usage_charts_ms (until it charts),
// usage_aggregate_ms (the worker's part) and usage_snapshot_ms (the GUI thread's part of a refresh), and the
// status bar's cost summed over every row selected and every row shown (cost_select_all_ms, cost_all_rows_ms).
#include "PaintProbe.h"
#include "ProcessStats.h"

#include "Application.h"
#include "MainWindow.h"
#include "Settings.h"
#include "TaskFilterModel.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "UsageView.h"
#include "Translations.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEvent>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace {

/// A prediction as a provider sends it, varied enough that every column sorts on real differences.
QByteArray syntheticPrediction(int i, const QDateTime &base)
{
    static const char *const statuses[] = {"succeeded", "succeeded", "succeeded", "failed", "canceled", "aborted"};
    static const char *const models[] = {"black-forest-labs/flux-kontext-pro", "black-forest-labs/flux-schnell",
                                         "black-forest-labs/flux-kontext-max", "black-forest-labs/flux-dev"};
    static const char *const words[] = {"a lighthouse", "a red fox",       "an old harbour", "a glass city",
                                        "a paper boat", "a mountain lake", "a neon street",  "a quiet library"};
    const QString status = QLatin1String(statuses[i % 6]);
    const QString id = QStringLiteral("bench%1").arg(i, 21, 36, QLatin1Char('0'));
    const QDateTime created = base.addSecs(-qint64(i) * 37);
    const QDateTime started = created.addMSecs(300 + (i * 7919) % 4000);
    const double predict = 1.0 + double((i * 104729) % 20000) / 1000.0;
    const QDateTime completed = started.addMSecs(qint64(predict * 1000));
    const bool ok = status == u"succeeded";
    const bool ran = status != u"aborted";
    const QString prompt = QStringLiteral("%1 at dusk, study %2").arg(QLatin1String(words[(i / 3) % 8])).arg(i);

    QJsonObject input{{QStringLiteral("prompt"), prompt},
                      {QStringLiteral("aspect_ratio"), QStringLiteral("1:1")},
                      {QStringLiteral("output_format"), QStringLiteral("png")}};
    QJsonObject metrics;
    if (ran) {
        metrics.insert(QStringLiteral("predict_time"), predict);
        metrics.insert(QStringLiteral("total_time"), predict + 0.4);
    }
    if (ok)
        metrics.insert(QStringLiteral("image_count"), 1 + i % 4);
    QJsonArray output;
    if (ok) {
        for (int n = 0; n < 1 + i % 4; ++n)
            output.append(QStringLiteral("http://127.0.0.2:9/files/%1/output-%2.png").arg(id).arg(n));
    }
    const auto iso = [](const QDateTime &t) { return t.toString(Qt::ISODateWithMs); };
    const QJsonObject object{
        {QStringLiteral("id"), id},
        {QStringLiteral("logs"), ran ? QStringLiteral("Starting generate image\nUsing seed: %1\n").arg(i) : QString()},
        {QStringLiteral("urls"),
         QJsonObject{{QStringLiteral("web"), QString(QStringLiteral("https://replicate.com/p/") + id)}}},
        {QStringLiteral("error"),
         status == u"failed" ? QJsonValue(QStringLiteral("NSFW content detected")) : QJsonValue()},
        {QStringLiteral("input"), input},
        {QStringLiteral("model"), QLatin1String(models[i % 4])},
        {QStringLiteral("output"), ok ? QJsonValue(output) : QJsonValue()},
        {QStringLiteral("status"), status},
        {QStringLiteral("metrics"), metrics},
        {QStringLiteral("version"), QStringLiteral("hidden")},
        {QStringLiteral("created_at"), iso(created)},
        {QStringLiteral("started_at"), ran ? QJsonValue(iso(started)) : QJsonValue()},
        {QStringLiteral("completed_at"), iso(completed)},
        {QStringLiteral("data_removed"), false},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

int fill(const QString &dbPath, int count)
{
    TaskStore store;
    if (!store.open(dbPath)) {
        std::fprintf(stderr, "bench_scale: cannot open %s\n", qPrintable(dbPath));
        return 1;
    }
    const QString provider = ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom);
    const QDateTime base = QDateTime::currentDateTimeUtc();
    constexpr int batchSize = 5000;
    for (int from = 0; from < count; from += batchSize) {
        QList<Prediction> batch;
        for (int i = from; i < std::min(count, from + batchSize); ++i) {
            auto prediction = Prediction::fromJson(syntheticPrediction(i, base));
            if (!prediction) {
                std::fprintf(stderr, "bench_scale: synthetic prediction %d does not parse\n", i);
                return 1;
            }
            batch.append(prediction.value());
        }
        if (!store.addPredictions(provider, batch)) {
            std::fprintf(stderr, "bench_scale: cannot write the tasks\n");
            return 1;
        }
    }
    return 0;
}

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("replimon"));
    QApplication::setApplicationName(QStringLiteral("replimon"));

    QCommandLineParser parser;
    const QCommandLineOption fillOption(QStringLiteral("fill"), QStringLiteral("tasks to write"), QStringLiteral("n"));
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("SQLite file"), QStringLiteral("file"));
    const QCommandLineOption settingsOption(QStringLiteral("settings"), QStringLiteral("ini file"),
                                            QStringLiteral("file"));
    const QCommandLineOption t0Option(QStringLiteral("t0-ns"), QStringLiteral("start time"), QStringLiteral("ns"));
    const QCommandLineOption startFilterOption(QStringLiteral("start-filter-only"),
                                               QStringLiteral("measure the start and one filter keystroke only"));
    parser.addOptions({fillOption, dbOption, settingsOption, t0Option, startFilterOption});
    parser.process(app);
    if (!parser.isSet(dbOption)) {
        std::fprintf(stderr, "bench_scale: --db is required\n");
        return 2;
    }
    if (parser.isSet(fillOption))
        return fill(parser.value(dbOption), parser.value(fillOption).toInt());

    const qint64 t0Ns = parser.value(t0Option).toLongLong();
    const bool startFilterOnly = parser.isSet(startFilterOption);
    Application::Options options;
    options.databasePath = parser.value(dbOption);
    options.settingsPath = parser.value(settingsOption);
    Translations translations;
    translations.install(Settings(options.settingsPath).language());
    Application application(options, translations);

    QJsonObject result;
    auto measure = [&] {
        const qint64 nowNs = QDateTime::currentMSecsSinceEpoch() * 1000000;
        result.insert(QStringLiteral("start_ms"), t0Ns > 0 ? double(nowNs - t0Ns) / 1e6 : -1.0);
        result.insert(QStringLiteral("rss_mb"), double(ProcessStats::residentKb()) / 1024.0);
        result.insert(QStringLiteral("tasks"), application.store().count());

        MainWindow &window = application.window();
        auto *table = window.findChild<QTableView *>(QStringLiteral("tableView"));
        auto *search = window.findChild<QLineEdit *>(QStringLiteral("searchEdit"));
        if (!table || !search) {
            std::fprintf(stderr, "bench_scale: the window has no tableView/searchEdit\n");
            app.exit(1);
            return;
        }
        QJsonObject sorts;
        double worstSort = 0;
        for (int column = 0; column < TaskTableModel::ColumnCount && !startFilterOnly; ++column) {
            const QString name = QString::fromLatin1(QMetaEnum::fromType<TaskTableModel::Column>().valueToKey(column));
            QElapsedTimer timer;
            timer.start();
            table->sortByColumn(column, Qt::AscendingOrder);
            table->viewport()->repaint();
            const double ms = msSince(timer);
            sorts.insert(name, ms);
            worstSort = std::max(worstSort, ms);
        }
        if (!startFilterOnly) {
            result.insert(QStringLiteral("sort_ms"), sorts);
            result.insert(QStringLiteral("sort_max_ms"), worstSort);
        }

        // One keystroke as the user types it, then the filter the debounce would run, and the repaint.
        TaskFilterModel &filter = window.filterModel();
        search->setFocus();
        QElapsedTimer timer;
        timer.start();
        QTest::keyClick(search, Qt::Key_Q);
        filter.applyNow();
        table->viewport()->repaint();
        result.insert(QStringLiteral("filter_ms"), msSince(timer));
        result.insert(QStringLiteral("filter_rows"), filter.rowCount());
        result.insert(QStringLiteral("filter_debounce_ms"), TaskFilterModel::typingDelayMs);
        if (startFilterOnly) {
            result.insert(QStringLiteral("rss_after_mb"), double(ProcessStats::residentKb()) / 1024.0);
            app.quit();
            return;
        }

        // View → Usage… over every task: what the GUI thread spends opening it and taking a snapshot of the
        // filter's rows, and what the aggregation takes on its worker thread.
        search->clear();
        filter.applyNow();
        const QList<QAction *> actions = window.actions();
        const auto usage = std::find_if(actions.cbegin(), actions.cend(),
                                        [](const QAction *action) { return action->objectName() == u"actionUsage"; });
        if (usage == actions.cend()) {
            std::fprintf(stderr, "bench_scale: the window has no actionUsage\n");
            app.exit(1);
            return;
        }
        timer.restart();
        (*usage)->trigger();
        result.insert(QStringLiteral("usage_open_ms"), msSince(timer));
        auto *view = window.findChild<UsageView *>();
        const bool charted = view
            && QTest::qWaitFor([&] { return !view->model().isComputing() && !view->model().summary().isEmpty(); });
        result.insert(QStringLiteral("usage_charts_ms"), charted ? msSince(timer) : -1.0);
        result.insert(QStringLiteral("usage_tasks"), charted ? view->model().summary().taskCount : 0);
        result.insert(QStringLiteral("usage_aggregate_ms"), charted ? double(view->model().lastMilliseconds()) : -1.0);
        if (charted) {
            timer.restart();
            view->model().refresh();
            result.insert(QStringLiteral("usage_snapshot_ms"), msSince(timer));
        }
        // The status bar's cost: every row selected, then every row shown. What the GUI thread spends: the
        // change itself (the selection's listeners run in it), and the turn of the event loop in which the
        // sum is written (StatusBarFields waits costDelayMs first, or less when its timer is already going:
        // the wait is not counted).
        auto *cost = window.findChild<QLabel *>(QStringLiteral("costLabel"));
        const auto costMs = [&](const std::function<void()> &change, const QString &start) {
            QElapsedTimer costTimer;
            costTimer.start();
            change();
            double busy = msSince(costTimer);
            QElapsedTimer turn;
            while (cost && !cost->text().startsWith(start) && costTimer.elapsed() < 60000) {
                turn.start();
                QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
                if (cost->text().startsWith(start))
                    busy += msSince(turn);
            }
            return busy;
        };
        filter.setSearchText(QString());
        filter.applyNow();
        result.insert(QStringLiteral("cost_select_all_ms"),
                      costMs([&] { table->selectAll(); }, QStringLiteral("Selected")));
        result.insert(QStringLiteral("cost_all_rows_ms"),
                      costMs([&] { table->clearSelection(); }, QStringLiteral("Cost")));
        result.insert(QStringLiteral("cost_text"), cost ? cost->text() : QString());
        result.insert(QStringLiteral("rss_after_mb"), double(ProcessStats::residentKb()) / 1024.0);
        app.quit();
    };

    if (!application.start())
        return 1;
    auto *table = application.window().findChild<QTableView *>(QStringLiteral("tableView"));
    if (!table)
        return 1;
    new PaintProbe(table->viewport(), nullptr, measure);
    const int code = app.exec();
    if (code == 0)
        ProcessStats::printResult(result);
    return code;
}
