// `replimon-cli history --format csv|json`, the real binary: the export's fields priced by the app's
// settings file, read back by Python's csv module; --model, --since and --status; --demo reads the demo's
// database; a bad --since is a usage error; and a database that a writer fills while history reads it.
#include "HistoryExport.h"
#include "PriceTable.h"
#include "PythonCsv.h"
#include "Settings.h"
#include "TaskStore.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Prediction prediction(const QString &id, const QString &model, const QString &status, const QString &created,
                      const QString &prompt = QStringLiteral("a fox"))
{
    const QJsonObject object{
        {QStringLiteral("id"), id},
        {QStringLiteral("model"), model},
        {QStringLiteral("status"), status},
        {QStringLiteral("input"), QJsonObject{{QStringLiteral("prompt"), prompt}}},
        {QStringLiteral("created_at"), created},
        {QStringLiteral("metrics"), QJsonObject{{QStringLiteral("image_count"), 2}}},
        {QStringLiteral("output"),
         status == u"succeeded" ? QJsonValue(
             QJsonArray{QStringLiteral("https://x/%1-0.png").arg(id), QStringLiteral("https://x/%1-1.png").arg(id)})
                                : QJsonValue()},
    };
    return Prediction::fromJson(QJsonDocument(object).toJson()).value();
}

} // namespace

class tst_CliHistoryExport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void csvPricedByTheAppsSettings();
    void tableShowsTheCost();
    void jsonIsOneArray();
    void filters_data();
    void filters();
    void usageErrors_data();
    void usageErrors();
    void demoReadsTheDemosDatabase();
    void readsWhileAWriterWrites();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("tasks.sqlite")); }
    /// The five tasks the filters pick from, in a database at dbPath().
    bool makeDatabase() const;
    /// history with @p arguments, the settings and data folders in the test's home.
    Run history(const QStringList &arguments) const;
    /// The ids of CSV output, in order.
    static QStringList csvIds(const QByteArray &csv);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_CliHistoryExport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // The app's settings file, where the CLI finds the prices: a relay's price in CNY.
    Settings settings(m_dir->filePath(QStringLiteral("config/replimon/replimon.ini")));
    QList<PriceRule> rules = PriceTable::defaults().rules();
    rules.append({QStringLiteral("quickrouter"),
                  QStringLiteral("black-forest-labs/flux-dev"),
                  PriceUnit::PerImage,
                  {0.2, QStringLiteral("CNY")}});
    settings.setPrices(PriceTable(rules));
    settings.sync();
}

bool tst_CliHistoryExport::makeDatabase() const
{
    TaskStore store;
    if (!store.open(dbPath()).ok())
        return false;
    const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");
    const QString dev = QStringLiteral("black-forest-labs/flux-dev");
    return store
        .addPredictions(QStringLiteral("quickrouter"),
                        {prediction(QStringLiteral("a1"), schnell, QStringLiteral("succeeded"),
                                    QStringLiteral("2025-07-10T08:00:00Z")),
                         prediction(QStringLiteral("a2"), dev, QStringLiteral("succeeded"),
                                    QStringLiteral("2025-07-11T23:30:00Z"), QStringLiteral("雪, \"fox\"\r\n")),
                         prediction(QStringLiteral("a3"), dev + QStringLiteral(":abc123"), QStringLiteral("failed"),
                                    QStringLiteral("2025-07-12T09:30:00Z")),
                         prediction(QStringLiteral("a4"), QStringLiteral("someone/Flux-Dev"),
                                    QStringLiteral("processing"), QStringLiteral("2025-07-13T10:00:00Z")),
                         prediction(QStringLiteral("a5"), QStringLiteral("other/sdxl"), QStringLiteral("succeeded"),
                                    QStringLiteral("2025-07-14T10:00:00Z"))})
        .ok();
}

Run tst_CliHistoryExport::history(const QStringList &arguments) const
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("REPLIMON_API_KEY"));
    environment.remove(QStringLiteral("REPLICATE_API_TOKEN"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(REPLIMON_CLI_BINARY), QStringList{QStringLiteral("history")} + arguments);
    Run run;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QStringList tst_CliHistoryExport::csvIds(const QByteArray &csv)
{
    QStringList ids;
    const QList<QStringList> rows = PythonCsv::rows(csv);
    for (qsizetype i = 1; i < rows.size(); ++i)
        ids << rows.at(i).value(0);
    return ids;
}

void tst_CliHistoryExport::csvPricedByTheAppsSettings()
{
    QVERIFY(makeDatabase());
    const Run run = history(
        {QStringLiteral("--database"), dbPath(), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.err, QString());
    QVERIFY(run.out.startsWith("\xEF\xBB\xBF"
                               "id,provider,model,status,created,"));
    const QList<QStringList> rows = PythonCsv::rows(run.out);
    QCOMPARE(rows.size(), 6);
    const QStringList header = rows.at(0);
    const auto cell = [&](int row, const char *field) {
        return rows.at(row).value(header.indexOf(QLatin1String(field)));
    };
    // Newest first, as the table prints them.
    QCOMPARE(csvIds(run.out),
             (QStringList{QStringLiteral("a5"), QStringLiteral("a4"), QStringLiteral("a3"), QStringLiteral("a2"),
                          QStringLiteral("a1")}));
    // a2: the relay's CNY price from the settings file, 2 images.
    QCOMPARE(cell(4, "cost"), QStringLiteral("0.4"));
    QCOMPARE(cell(4, "currency"), QStringLiteral("CNY"));
    QCOMPARE(cell(4, "prompt"), QStringLiteral("雪, \"fox\"\r\n"));
    QCOMPARE(cell(4, "created"), QStringLiteral("2025-07-11T23:30:00.000Z"));
    QCOMPARE(cell(4, "output_urls"), QStringLiteral("https://x/a2-0.png\nhttps://x/a2-1.png"));
    // a1: schnell has no quickrouter price: unknown, never 0.
    QCOMPARE(cell(5, "cost"), QString());
    QCOMPARE(cell(5, "cost_status"), QStringLiteral("unknown"));
    // a3: failed, per image: nothing charged, and that is known.
    QCOMPARE(cell(3, "cost"), QStringLiteral("0"));
    QCOMPARE(cell(3, "cost_status"), QStringLiteral("known"));
}

void tst_CliHistoryExport::tableShowsTheCost()
{
    QVERIFY(makeDatabase());
    const Run run = history({QStringLiteral("--database"), dbPath()});
    QCOMPARE(run.exitCode, 0);
    const QStringList lines = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    const auto lineOf = [&lines](const QString &id) {
        for (const QString &line : lines) {
            if (line.startsWith(id + u' '))
                return line;
        }
        return QString();
    };
    // The relay's price for two images, and "unknown" without a price (never 0), running or not.
    QVERIFY2(lineOf(QStringLiteral("a2")).contains(QStringLiteral("  ¥0.40  ")),
             qPrintable(lineOf(QStringLiteral("a2"))));
    QVERIFY2(lineOf(QStringLiteral("a1")).contains(QStringLiteral(" unknown  ")),
             qPrintable(lineOf(QStringLiteral("a1"))));
    QVERIFY2(lineOf(QStringLiteral("a4")).contains(QStringLiteral(" unknown  ")),
             qPrintable(lineOf(QStringLiteral("a4"))));
    // Failed: no image, nothing charged.
    QVERIFY2(lineOf(QStringLiteral("a3")).contains(QStringLiteral("  ¥0.00  ")),
             qPrintable(lineOf(QStringLiteral("a3"))));
}

void tst_CliHistoryExport::jsonIsOneArray()
{
    QVERIFY(makeDatabase());
    const Run run = history({QStringLiteral("--database"), dbPath(), QStringLiteral("--format"), QStringLiteral("json"),
                             QStringLiteral("--limit"), QStringLiteral("4")});
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(document.isArray());
    const QJsonArray tasks = document.array();
    QCOMPARE(tasks.size(), 4);
    QCOMPARE(tasks.at(3)[QStringLiteral("id")].toString(), QStringLiteral("a2"));
    QCOMPARE(tasks.at(3)[QStringLiteral("cost")].toDouble(), 0.4);
    QCOMPARE(tasks.at(3)[QStringLiteral("inputs")][QStringLiteral("prompt")].toString(),
             QStringLiteral("雪, \"fox\"\r\n"));
    // a4: a model nobody priced.
    QVERIFY(tasks.at(1)[QStringLiteral("cost")].isNull());
    QCOMPARE(tasks.at(1)[QStringLiteral("cost_status")].toString(), QStringLiteral("unknown"));

    // --json stays what it was: one object per line, its own fields.
    const Run lines = history({QStringLiteral("--database"), dbPath(), QStringLiteral("--json")});
    QCOMPARE(lines.exitCode, 0);
    const QList<QByteArray> objects = lines.out.trimmed().split('\n');
    QCOMPARE(objects.size(), 5);
    QCOMPARE(QJsonDocument::fromJson(objects.at(0)).object()[QStringLiteral("created_at")].toString(),
             QStringLiteral("2025-07-14T10:00:00.000Z"));
}

void tst_CliHistoryExport::filters_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("ids");
    const auto ids = [](const char *list) { return QString::fromLatin1(list).split(u' '); };
    QTest::newRow("model by owner/name") << QStringList{QStringLiteral("--model"),
                                                        QStringLiteral("black-forest-labs/FLUX-dev")}
                                         << ids("a3 a2");
    QTest::newRow("model by name") << QStringList{QStringLiteral("--model"), QStringLiteral("flux-dev")}
                                   << ids("a4 a3 a2");
    QTest::newRow("model with version") << QStringList{QStringLiteral("--model"), QStringLiteral("flux-dev:abc123")}
                                        << ids("a3");
    QTest::newRow("since a day (local midnight, TZ=UTC)")
        << QStringList{QStringLiteral("--since"), QStringLiteral("2025-07-12")} << ids("a5 a4 a3");
    QTest::newRow("since a time") << QStringList{QStringLiteral("--since"), QStringLiteral("2025-07-11T23:30:00Z")}
                                  << ids("a5 a4 a3 a2");
    QTest::newRow("since a time with an offset")
        << QStringList{QStringLiteral("--since"), QStringLiteral("2025-07-12T11:30:01+02:00")} << ids("a5 a4");
    QTest::newRow("status") << QStringList{QStringLiteral("--status"), QStringLiteral("succeeded")} << ids("a5 a2 a1");
    QTest::newRow("all three") << QStringList{QStringLiteral("--status"), QStringLiteral("succeeded,failed"),
                                              QStringLiteral("--model"),  QStringLiteral("flux-dev"),
                                              QStringLiteral("--since"),  QStringLiteral("2025-07-12")}
                               << ids("a3");
}

void tst_CliHistoryExport::filters()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, ids);
    QVERIFY(makeDatabase());
    const Run run = history(
        QStringList{QStringLiteral("--database"), dbPath(), QStringLiteral("--format"), QStringLiteral("csv")}
        + arguments);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(csvIds(run.out), ids);
    // The table prints the same tasks.
    const Run table = history(QStringList{QStringLiteral("--database"), dbPath()} + arguments);
    QCOMPARE(table.exitCode, 0);
    QStringList tableIds;
    for (const QByteArray &line : table.out.trimmed().split('\n'))
        tableIds << QString::fromUtf8(line.left(line.indexOf(' ')));
    QCOMPARE(tableIds, ids);
}

void tst_CliHistoryExport::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString since = QStringLiteral("replimon-cli: --since takes a date (YYYY-MM-DD, from local midnight) or an "
                                         "ISO 8601 date and time (e.g. 2025-07-12T09:30:00Z).\n");
    QTest::newRow("since: not a date") << QStringList{QStringLiteral("--since"), QStringLiteral("yesterday")} << since;
    QTest::newRow("since: no such day") << QStringList{QStringLiteral("--since"), QStringLiteral("2025-02-30")}
                                        << since;
    QTest::newRow("since: American order")
        << QStringList{QStringLiteral("--since"), QStringLiteral("07/12/2025")} << since;
    QTest::newRow("format") << QStringList{QStringLiteral("--format"), QStringLiteral("xml")}
                            << QStringLiteral("replimon-cli: --format takes table, csv or json.\n");
    QTest::newRow("json and format") << QStringList{QStringLiteral("--json"), QStringLiteral("--format"),
                                                    QStringLiteral("csv")}
                                     << QStringLiteral("replimon-cli: --json and --format cannot be combined: --json "
                                                       "prints JSON Lines, --format json one array.\n");
    QTest::newRow("demo and database") << QStringList{QStringLiteral("--demo"), QStringLiteral("--database"),
                                                      QStringLiteral("x.sqlite")}
                                       << QStringLiteral("replimon-cli: --demo and --database cannot be combined.\n");
    QTest::newRow("empty model") << QStringList{QStringLiteral("--model"), QStringLiteral(" ")}
                                 << QStringLiteral(
                                        "replimon-cli: --model needs a model: owner/name, or just the name.\n");
}

void tst_CliHistoryExport::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QVERIFY(makeDatabase());
    const Run run = history(
        QStringList{QStringLiteral("--database"), dbPath()}.mid(arguments.contains(u"--demo") ? 2 : 0) + arguments);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.out, QByteArray());
    QVERIFY2(run.err.startsWith(message), qPrintable(run.err));
}

void tst_CliHistoryExport::demoReadsTheDemosDatabase()
{
    // Where `replimon --demo` keeps its tasks: the app's data folder, replimon-demo.sqlite.
    const QString demo = m_dir->filePath(QStringLiteral("data/replimon/replimon/replimon-demo.sqlite"));
    QVERIFY(QDir().mkpath(QFileInfo(demo).absolutePath()));
    {
        TaskStore store;
        QVERIFY(store.open(demo).ok());
        QVERIFY(store
                    .addPredictions(QStringLiteral("demo"),
                                    {prediction(QStringLiteral("d1"), QStringLiteral("black-forest-labs/flux-schnell"),
                                                QStringLiteral("succeeded"), QStringLiteral("2025-07-12T09:30:00Z"))})
                    .ok());
    }
    const Run run = history({QStringLiteral("--demo"), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(csvIds(run.out), QStringList{QStringLiteral("d1")});
    // The demo is priced as Replicate: two schnell images.
    QCOMPARE(PythonCsv::rows(run.out).at(1).value(int(HistoryExport::fields().indexOf(QStringLiteral("cost")))),
             QStringLiteral("0.006"));

    const Run own = history({});
    QCOMPARE(own.exitCode, 8);
    QVERIFY2(own.err.contains(m_dir->filePath(QStringLiteral("data/replimon/replimon/replimon.sqlite"))),
             qPrintable(own.err));
}

void tst_CliHistoryExport::readsWhileAWriterWrites()
{
    // The app's TaskStore in this process adds tasks ten to a transaction, and updates older ones, while
    // history reads: each read must see whole transactions, every row complete, newest first.
    constexpr int batch = 10;
    TaskStore store;
    QVERIFY(store.open(dbPath()).ok());
    int added = 0;
    const auto addBatch = [&] {
        QList<Prediction> predictions;
        for (int i = 0; i < batch; ++i, ++added)
            predictions << prediction(QStringLiteral("w%1").arg(added, 5, 10, QLatin1Char('0')),
                                      QStringLiteral("black-forest-labs/flux-dev"), QStringLiteral("processing"),
                                      QStringLiteral("2025-07-12T09:30:00Z"), QStringLiteral("prompt, %1").arg(added));
        return store.addPredictions(QStringLiteral("quickrouter"), predictions).ok();
    };
    // A thousand to start with, so that a read takes long enough for writes to land in the middle of it.
    for (int i = 0; i < 100; ++i)
        QVERIFY(addBatch());
    int reads = 0;
    int largestSeen = 0;
    for (; reads < 8; ++reads) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(REPLIMON_CLI_BINARY),
                      {QStringLiteral("history"), QStringLiteral("--database"), dbPath(), QStringLiteral("--format"),
                       QStringLiteral("csv")});
        QVERIFY(process.waitForStarted());
        const int before = added;
        // Write until it has finished.
        while (!process.waitForFinished(1)) {
            QVERIFY(addBatch());
            // An update of an older task in between: rewrites a row history may be reading.
            const int older = added / 2;
            QVERIFY(store
                        .update(QStringLiteral("quickrouter"),
                                {prediction(QStringLiteral("w%1").arg(older, 5, 10, QLatin1Char('0')),
                                            QStringLiteral("black-forest-labs/flux-dev"), QStringLiteral("succeeded"),
                                            QStringLiteral("2025-07-12T09:30:00Z"),
                                            QStringLiteral("prompt, %1").arg(older))})
                        .ok());
        }
        const int after = added;
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(process.readAllStandardError(), QByteArray());
        const QList<QStringList> rows = PythonCsv::rows(process.readAllStandardOutput());
        const int seen = int(rows.size()) - 1;
        QVERIFY2(seen >= before && seen <= after,
                 qPrintable(QStringLiteral("%1 not in [%2, %3]").arg(seen).arg(before).arg(after)));
        QCOMPARE(seen % batch, 0); // whole transactions only
        for (int i = 0; i < seen; ++i) {
            const QStringList &row = rows.at(i + 1);
            QCOMPARE(row.size(), 16);
            // Newest first: w(seen-1) … w0, each with its own prompt.
            QCOMPARE(row.at(0), QStringLiteral("w%1").arg(seen - 1 - i, 5, 10, QLatin1Char('0')));
            QCOMPARE(row.at(12), QStringLiteral("prompt, %1").arg(seen - 1 - i));
        }
        largestSeen = seen;
    }
    QVERIFY(added > largestSeen || added == largestSeen);
    qInfo("%d reads while %d tasks were added; the last read saw %d", reads, added, largestSeen);
}

QTEST_GUILESS_MAIN(tst_CliHistoryExport)
#include "tst_clihistoryexport.moc"
