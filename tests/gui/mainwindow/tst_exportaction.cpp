// File → Export… in the window: the table filtered and sorted, the save dialog filled in and accepted, the
// file read back (the same tasks in the same order, nothing of the hidden ones), the status bar's words;
// a full disk (a small tmpfs, where the test may mount one) says so and leaves no file.
#include "ExportAction.h"
#include "MainWindow.h"
#include "PythonCsv.h"
#include "Settings.h"
#include "TaskFilterModel.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "TestBackend.h"
#include "Translations.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {

Prediction prediction(const QString &id, const QString &prompt, const QString &model, int minute)
{
    const QJsonObject object{
        {QStringLiteral("id"), id},
        {QStringLiteral("model"), model},
        {QStringLiteral("status"), QStringLiteral("succeeded")},
        {QStringLiteral("input"), QJsonObject{{QStringLiteral("prompt"), prompt}}},
        {QStringLiteral("created_at"), QStringLiteral("2025-07-12T07:%1:00Z").arg(minute, 2, 10, QLatin1Char('0'))},
        {QStringLiteral("metrics"), QJsonObject{{QStringLiteral("image_count"), 1}}},
        {QStringLiteral("output"), QJsonArray{QStringLiteral("https://replicate.delivery/%1.webp").arg(id)}},
    };
    return Prediction::fromJson(QJsonDocument(object).toJson()).value();
}

QString run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(10000))
        return QStringLiteral("did not finish");
    return process.exitCode() == 0 ? QString() : QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
}

} // namespace

class tst_ExportAction final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void exportsWhatTheTableShows();
    void jsonByTheChosenFilter();
    void fullDiskIsSaidAndLeavesNoFile();
    void largeHistoryLeavesTheWindowFree();

private:
    /// File → Export… from the menu bar, then @p path typed into the save dialog under @p filter and accepted.
    void exportThroughTheDialog(const QString &path, int filter);

    Translations m_translations;
    TestBackend m_backend{TestBackend::offline()};
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ExportAction> m_export;
    QTemporaryDir m_dir;
};

void tst_ExportAction::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // English plurals ("3 tasks") come from the English catalogue, as in the app.
    QCOMPARE(m_translations.install(QStringLiteral("en")), QStringLiteral("en_US"));
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

void tst_ExportAction::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");
    const QList<Prediction> predictions = {
        prediction(QStringLiteral("fox1"), QStringLiteral("a red fox, \"running\""), schnell, 1),
        prediction(QStringLiteral("owl1"), QStringLiteral("an owl"), schnell, 2),
        prediction(QStringLiteral("fox2"), QStringLiteral("红狐狸\nin snow"), QStringLiteral("me/unpriced"), 3),
        prediction(QStringLiteral("fox3"), QStringLiteral("=fox()"), schnell, 4),
    };
    QVERIFY(m_backend.store().addPredictions(QStringLiteral("replicate"), predictions).ok());
    m_window = std::make_unique<MainWindow>(m_backend.store(), m_backend.scheduler(), m_backend.settings());
    m_export = std::make_unique<ExportAction>(*m_window, m_backend.store(), m_backend.settings());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_ExportAction::cleanup()
{
    m_export.reset();
    m_window.reset();
    m_backend.close();
}

void tst_ExportAction::exportThroughTheDialog(const QString &path, int filter)
{
    QMenu *file = nullptr;
    for (QAction *menu : m_window->menuBar()->actions()) {
        if (menu->menu() && menu->menu()->objectName() == u"menuFile")
            file = menu->menu();
    }
    QVERIFY(file);
    QAction *exportAction = nullptr;
    for (QAction *action : file->actions()) {
        if (action->text() == u"&Export…")
            exportAction = action;
    }
    QVERIFY2(exportAction, "File has no Export…");
    QVERIFY(exportAction->isEnabled());
    exportAction->trigger();
    QFileDialog *dialog = m_export->dialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->acceptMode(), QFileDialog::AcceptSave);
    QCOMPARE(dialog->nameFilters(),
             (QStringList{QStringLiteral("CSV for spreadsheets (*.csv)"), QStringLiteral("JSON (*.json)")}));
    dialog->selectNameFilter(dialog->nameFilters().at(filter));
    Q_EMIT dialog->filterSelected(dialog->nameFilters().at(filter));
    dialog->setDirectory(QFileInfo(path).absolutePath());
    dialog->selectFile(QFileInfo(path).fileName());
    static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept(), as its Save button does
}

void tst_ExportAction::exportsWhatTheTableShows()
{
    // "fox" hides the owl; sorted by prompt, descending.
    m_window->findChild<QLineEdit *>(QStringLiteral("searchEdit"))->setText(QStringLiteral("fox"));
    m_window->filterModel().applyNow();
    QCOMPARE(m_window->filterModel().rowCount(), 3);
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    const int promptColumn = [&] {
        for (int column = 0; column < table->model()->columnCount(); ++column) {
            if (table->model()->headerData(column, Qt::Horizontal).toString() == u"Prompt")
                return column;
        }
        return -1;
    }();
    QVERIFY(promptColumn >= 0);
    table->sortByColumn(promptColumn, Qt::DescendingOrder);

    QSignalSpy finished(m_export.get(), &ExportAction::exportFinished);
    const QString path = m_dir.filePath(QStringLiteral("foxes.csv"));
    exportThroughTheDialog(path, 0);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    const QString said = QStringLiteral("Exported 3 tasks to %1").arg(path);
    QCOMPARE(finished.at(0).at(1).toString(), said);
    QCOMPARE(m_window->statusBar()->currentMessage(), said);

    // Read back by Python's csv module: the ids in the table's order, the prompts intact (the formula guarded).
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QStringList> rows = PythonCsv::rows(file.readAll());
    QCOMPARE(rows.size(), 4);
    const QStringList header = rows.constFirst();
    const auto row = [&](int i) {
        QStringList cells;
        for (const char *field : {"id", "prompt", "cost", "cost_status"})
            cells << rows.at(i + 1).value(int(header.indexOf(QLatin1String(field))));
        return cells;
    };
    // Descending by prompt: 红狐狸… > a red fox… > =fox().
    QCOMPARE(
        row(0),
        (QStringList{QStringLiteral("fox2"), QStringLiteral("红狐狸\nin snow"), QString(), QStringLiteral("unknown")}));
    QCOMPARE(row(1),
             (QStringList{QStringLiteral("fox1"), QStringLiteral("a red fox, \"running\""), QStringLiteral("0.003"),
                          QStringLiteral("known")}));
    QCOMPARE(row(2),
             (QStringList{QStringLiteral("fox3"), QStringLiteral("'=fox()"), QStringLiteral("0.003"),
                          QStringLiteral("known")}));
}

void tst_ExportAction::jsonByTheChosenFilter()
{
    QSignalSpy finished(m_export.get(), &ExportAction::exportFinished);
    // No extension typed: the JSON filter decides, and its suffix is added.
    exportThroughTheDialog(m_dir.filePath(QStringLiteral("all")), 1);
    QVERIFY(finished.wait(10000));
    const QString path = m_dir.filePath(QStringLiteral("all.json"));
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("Exported 4 tasks to %1").arg(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray tasks = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(tasks.size(), 4);
    QStringList ids;
    for (const QJsonValue &task : tasks)
        ids << task[QStringLiteral("id")].toString();
    QStringList shown;
    for (int row = 0; row < m_window->filterModel().rowCount(); ++row)
        shown << m_window->filterModel().index(row, 0).data(TaskTableModel::TaskKeyRole).value<TaskKey>().id;
    QCOMPARE(ids, shown);
}

void tst_ExportAction::fullDiskIsSaidAndLeavesNoFile()
{
    if (qEnvironmentVariable("REPLIMON_TEST_OWN_MOUNTS") != u"1")
        QSKIP("No small file system can be mounted outside tests/support/in-own-mounts.sh");
    QTemporaryDir mount;
    const QString refused = run(QStringLiteral("mount"),
                                {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                 QStringLiteral("size=8k"), QStringLiteral("tmpfs"), mount.path()});
    if (!refused.isEmpty())
        QSKIP(qPrintable(QStringLiteral("A tmpfs cannot be mounted here: ") + refused));
    // More than 8 KiB of export.
    QList<Prediction> many;
    for (int i = 0; i < 200; ++i)
        many.append(prediction(QStringLiteral("many%1").arg(i), QString(80, u'x'), QStringLiteral("me/m"), i % 60));
    QVERIFY(m_backend.store().addPredictions(QStringLiteral("replicate"), many).ok());
    m_window->filterModel().applyNow();

    QSignalSpy finished(m_export.get(), &ExportAction::exportFinished);
    const QString path = mount.filePath(QStringLiteral("history.csv"));
    m_export->exportTo(path, HistoryExport::Format::Csv);
    QVERIFY(finished.wait(10000));
    const QString message = finished.at(0).at(1).toString();
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY2(message.startsWith(QStringLiteral("Export failed: No space left on %1").arg(mount.path())),
             qPrintable(message));
    QCOMPARE(m_window->statusBar()->currentMessage(), message);
    QVERIFY(m_export->errorBox());
    QCOMPARE(m_export->errorBox()->text(), message);
    QCOMPARE(QDir(mount.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
    m_export->errorBox()->close();
    QCOMPARE(run(QStringLiteral("umount"), {mount.path()}), QString());
}

void tst_ExportAction::largeHistoryLeavesTheWindowFree()
{
    constexpr int count = 100000;
    QList<Prediction> many;
    many.reserve(count);
    for (int i = 0; i < count; ++i)
        many.append(prediction(QStringLiteral("big%1").arg(i), QStringLiteral("a lighthouse at dusk, %1").arg(i),
                               QStringLiteral("black-forest-labs/flux-schnell"), i % 60));
    QVERIFY(m_backend.store().addPredictions(QStringLiteral("replicate"), many).ok());
    m_window->filterModel().applyNow();
    QCOMPARE(m_window->filterModel().rowCount(), count + 4);

    // The event loop's longest pause while the export runs: the window answers meanwhile.
    QElapsedTimer sinceTick;
    qint64 longestPause = 0;
    int ticks = 0;
    QTimer tick;
    tick.setInterval(10);
    connect(&tick, &QTimer::timeout, this, [&] {
        longestPause = std::max(longestPause, sinceTick.restart());
        ++ticks;
    });
    QSignalSpy finished(m_export.get(), &ExportAction::exportFinished);
    const QString path = m_dir.filePath(QStringLiteral("large.csv"));
    QElapsedTimer total;
    total.start();
    m_export->exportTo(path, HistoryExport::Format::Csv);
    const qint64 snapshot = total.elapsed();
    sinceTick.start();
    tick.start();
    QVERIFY(finished.wait(120000));
    const qint64 all = total.elapsed();
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("Exported %1 tasks to %2").arg(count + 4).arg(path));
    qInfo("%d tasks: the table's order read on the GUI thread in %lld ms, written after %lld ms; the event loop ran %d "
          "times, its "
          "longest pause %lld ms",
          count + 4, snapshot, all, ticks, longestPause);
    // The writing took the worker thread, not the window's.
    QVERIFY2(ticks >= 3, qPrintable(QString::number(ticks)));
}

QTEST_MAIN(tst_ExportAction)
#include "tst_exportaction.moc"
