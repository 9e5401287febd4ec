// The history export as others read it: the CSV through Python's csv module and the JSON through Python's
// json module (readers this project did not write), hostile prompts cell for cell, costs that are not known
// never as 0, the formula guard, and a history of 100 000 tasks.
#include "HistoryExport.h"
#include "PythonCsv.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");

// A task as the store keeps it after an answer: built through Task::apply from the prediction's JSON.
Task answered(const QString &id, const QString &prompt, const QString &status = QStringLiteral("succeeded"),
              const QString &model = schnell)
{
    QJsonObject input{
        {QStringLiteral("prompt"), prompt}, {QStringLiteral("num_outputs"), 2}, {QStringLiteral("go_fast"), true}};
    QJsonObject prediction{
        {QStringLiteral("id"), id},
        {QStringLiteral("model"), model},
        {QStringLiteral("version"), QStringLiteral("5599ed30")},
        {QStringLiteral("status"), status},
        {QStringLiteral("input"), input},
        {QStringLiteral("created_at"), QStringLiteral("2025-07-12T07:27:54.5Z")},
        {QStringLiteral("started_at"), QStringLiteral("2025-07-12T07:27:55Z")},
        {QStringLiteral("completed_at"),
         status == u"succeeded" ? QJsonValue(QStringLiteral("2025-07-12T07:27:57.25Z")) : QJsonValue()},
        {QStringLiteral("metrics"),
         QJsonObject{{QStringLiteral("predict_time"), 1.75}, {QStringLiteral("image_count"), 2}}},
        {QStringLiteral("output"),
         status == u"succeeded" ? QJsonValue(QJsonArray{QStringLiteral("https://replicate.delivery/a/out-0.webp"),
                                                        QStringLiteral("https://replicate.delivery/a/out-1.webp")})
                                : QJsonValue()},
    };
    const auto parsed = Prediction::fromJson(QJsonDocument(prediction).toJson(QJsonDocument::Compact));
    Task task;
    task.key = {QStringLiteral("replicate"), id};
    if (parsed.ok())
        task.apply(parsed.value());
    return task;
}

// Runs python3 with @p script on @p path; its stdout, or a null array when it could not run.
QByteArray python(const QString &script, const QString &path)
{
    QProcess process;
    process.start(QStringLiteral("python3"), {QStringLiteral("-c"), script, path});
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        qWarning().noquote() << process.readAllStandardError();
        return {};
    }
    return process.readAllStandardOutput();
}

// The CSV file's rows as Python's csv module reads them.
QList<QStringList> readCsvWithPython(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? PythonCsv::rows(file.readAll()) : QList<QStringList>();
}

QString writeTemp(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

} // namespace

class tst_HistoryExport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void csvLayout();
    void costsThatAreNotKnown();
    void imageCountAgreesWithTheCost();
    void hostilePromptsReadBackByPythonCsv_data();
    void hostilePromptsReadBackByPythonCsv();
    void jsonReadBackByPythonJson();
    void formats();
    void writeFileIsWholeOrReportsTheProblem();
    void hundredThousandTasks();

private:
    QTemporaryDir m_dir;
};

void tst_HistoryExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
        QFAIL("python3 is needed to read the export back");
}

void tst_HistoryExport::csvLayout()
{
    Task task = answered(QStringLiteral("p1"), QStringLiteral("a red fox, running"));
    task.localFiles = {QStringLiteral("/home/me/Pictures/p1-0.webp"), QStringLiteral("/home/me/Pictures/p1 1.webp")};
    const QByteArray csv = HistoryExport::csv({task}, PriceTable::defaults());

    QVERIFY(csv.startsWith("\xEF\xBB\xBF"));
    QCOMPARE(csv.mid(3),
             QByteArray("id,provider,model,status,created,started,completed,predict_time,image_count,cost,currency,"
                        "cost_status,prompt,inputs,output_urls,local_files\r\n"
                        "p1,replicate,black-forest-labs/flux-schnell,succeeded,2025-07-12T07:27:54.500Z,"
                        "2025-07-12T07:27:55.000Z,2025-07-12T07:27:57.250Z,1.75,2,0.006,USD,known,"
                        "\"a red fox, running\",\"{\"\"go_fast\"\":true,\"\"num_outputs\"\":2,\"\"prompt\"\":\"\"a "
                        "red fox, running\"\"}\",\"https://replicate.delivery/a/out-0.webp\n"
                        "https://replicate.delivery/a/out-1.webp\",\"/home/me/Pictures/p1-0.webp\n/home/me/Pictures/"
                        "p1 1.webp\"\r\n"));
}

void tst_HistoryExport::costsThatAreNotKnown()
{
    const QList<Task> tasks = {
        answered(QStringLiteral("unpriced"), QStringLiteral("x"), QStringLiteral("succeeded"),
                 QStringLiteral("someone/unpriced-model")),
        answered(QStringLiteral("running"), QStringLiteral("y"), QStringLiteral("processing")),
        answered(QStringLiteral("failed"), QStringLiteral("z"), QStringLiteral("failed")),
    };
    const QString path = writeTemp(m_dir, QStringLiteral("costs.csv"),
                                   HistoryExport::csv(tasks, PriceTable::defaults()));
    const QList<QStringList> rows = readCsvWithPython(path);
    QCOMPARE(rows.size(), 4);
    const int cost = int(HistoryExport::fields().indexOf(QStringLiteral("cost")));
    // cost, currency, cost_status
    QCOMPARE(rows.at(1).mid(cost, 3), (QStringList{QString(), QString(), QStringLiteral("unknown")}));
    QCOMPARE(rows.at(2).mid(cost, 3), (QStringList{QString(), QStringLiteral("USD"), QStringLiteral("pending")}));
    QCOMPARE(rows.at(3).mid(cost, 3),
             (QStringList{QStringLiteral("0"), QStringLiteral("USD"), QStringLiteral("known")}));

    const QJsonArray json = QJsonDocument::fromJson(HistoryExport::json(tasks, PriceTable::defaults())).array();
    QCOMPARE(json.size(), 3);
    QVERIFY(json.at(0)[QStringLiteral("cost")].isNull());
    QVERIFY(json.at(0)[QStringLiteral("currency")].isNull());
    QCOMPARE(json.at(0)[QStringLiteral("cost_status")].toString(), QStringLiteral("unknown"));
    QVERIFY(json.at(1)[QStringLiteral("cost")].isNull());
    QCOMPARE(json.at(1)[QStringLiteral("cost_status")].toString(), QStringLiteral("pending"));
    QCOMPARE(json.at(2)[QStringLiteral("cost")].toDouble(-1), 0.0);
}

void tst_HistoryExport::imageCountAgreesWithTheCost()
{
    // The metrics say one image, the outputs are two: the row is charged for two and says two.
    Task task = answered(QStringLiteral("under"), QStringLiteral("x"));
    task.imageCount = 1;
    const QJsonObject row =
        QJsonDocument::fromJson(HistoryExport::json({task}, PriceTable::defaults())).array().at(0).toObject();
    QCOMPARE(row[QStringLiteral("image_count")].toInt(), 2);
    QCOMPARE(row[QStringLiteral("cost")].toDouble(), 0.006);
}

void tst_HistoryExport::hostilePromptsReadBackByPythonCsv_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QString>("readBack");
    const auto same = [](const char *name, const QString &prompt) { QTest::newRow(name) << prompt << prompt; };
    same("commas", QStringLiteral("a fox, a hen, a sly grin"));
    same("double quotes", QStringLiteral("the \"best\" fox \"\""));
    same("CR", QStringLiteral("one\rtwo"));
    same("LF", QStringLiteral("one\ntwo\n"));
    same("CRLF", QStringLiteral("one\r\ntwo\r\n\r\nthree"));
    same("Chinese", QStringLiteral("一只红色的狐狸，在雪地里奔跑，“电影感”"));
    same("emoji", QStringLiteral("🦊 in the snow 👩🏽‍🚀"));
    same("empty", QString());
    same("spaces around", QStringLiteral("  padded  "));
    same("apostrophe", QStringLiteral("'quoted' fox"));
    same("minus inside", QStringLiteral("fox -blur"));
    // The formula guard: an apostrophe in front, so the spreadsheet shows the text instead of running it.
    QTest::newRow("=") << QStringLiteral("=HYPERLINK(\"http://x\",\"y\")")
                       << QStringLiteral("'=HYPERLINK(\"http://x\",\"y\")");
    QTest::newRow("+") << QStringLiteral("+1+1") << QStringLiteral("'+1+1");
    QTest::newRow("-") << QStringLiteral("-2+3") << QStringLiteral("'-2+3");
    QTest::newRow("@") << QStringLiteral("@SUM(A1:A2)") << QStringLiteral("'@SUM(A1:A2)");
    QTest::newRow("tab") << QStringLiteral("\t=1") << QStringLiteral("'\t=1");
}

void tst_HistoryExport::hostilePromptsReadBackByPythonCsv()
{
    QFETCH(QString, prompt);
    QFETCH(QString, readBack);
    Task task = answered(QStringLiteral("h1"), prompt);
    task.localFiles = {QStringLiteral("/tmp/a,b \"c\".png"), QStringLiteral("/tmp/下载/d.png")};
    const Task second = answered(QStringLiteral("h2"), QStringLiteral("after"));
    const QString path = writeTemp(m_dir, QStringLiteral("hostile.csv"),
                                   HistoryExport::csv({task, second}, PriceTable::defaults()));
    QVERIFY(!path.isEmpty());

    const QList<QStringList> rows = readCsvWithPython(path);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0), HistoryExport::fields());
    const int promptColumn = int(HistoryExport::fields().indexOf(QStringLiteral("prompt")));
    QCOMPARE(rows.at(1).size(), HistoryExport::fields().size());
    QCOMPARE(rows.at(1).at(promptColumn), readBack);
    // The inputs cell is the JSON text, which itself holds the prompt exactly (no guard inside).
    const QJsonObject inputs = QJsonDocument::fromJson(rows.at(1).at(promptColumn + 1).toUtf8()).object();
    QCOMPARE(inputs.value(QStringLiteral("prompt")).toString(), prompt);
    QCOMPARE(rows.at(1).at(promptColumn + 3).split(u'\n'), task.localFiles);
    // The next record starts where it should: nothing of the prompt leaked into it.
    QCOMPARE(rows.at(2).first(), QStringLiteral("h2"));
    QCOMPARE(rows.at(2).at(promptColumn), QStringLiteral("after"));
}

void tst_HistoryExport::jsonReadBackByPythonJson()
{
    Task task = answered(QStringLiteral("j1"), QStringLiteral("=1+1, \"雪\"\r\n🦊"));
    task.localFiles = {QStringLiteral("/tmp/j1.webp")};
    const Task unpriced = answered(QStringLiteral("j2"), QString(), QStringLiteral("processing"),
                                   QStringLiteral("me/mine"));
    Task never;
    never.key = {QStringLiteral("quickrouter"), QStringLiteral("j3")};
    const QString path = writeTemp(m_dir, QStringLiteral("history.json"),
                                   HistoryExport::json({task, unpriced, never}, PriceTable::defaults()));
    // Python says the type of every value, so a number written as text would show.
    const QByteArray out = python(
        QStringLiteral("import json, sys\n"
                       "rows = json.load(open(sys.argv[1], encoding='utf-8'))\n"
                       "print(json.dumps([{k: [type(v).__name__, v] for k, v in row.items()} for row in rows]))\n"),
        path);
    const QJsonArray rows = QJsonDocument::fromJson(out).array();
    QCOMPARE(rows.size(), 3);
    const auto typed = [](const QJsonValue &row, const char *key) {
        const QJsonArray pair = row[QLatin1String(key)].toArray();
        return std::make_pair(pair.at(0).toString(), pair.at(1));
    };
    const QJsonValue first = rows.at(0);
    QCOMPARE(typed(first, "prompt").second.toString(), QStringLiteral("=1+1, \"雪\"\r\n🦊")); // no guard in JSON
    QCOMPARE(typed(first, "cost").first, QStringLiteral("float"));
    QCOMPARE(typed(first, "cost").second.toDouble(), 0.006);
    QCOMPARE(typed(first, "image_count"), std::make_pair(QStringLiteral("int"), QJsonValue(2)));
    QCOMPARE(typed(first, "predict_time").second.toDouble(), 1.75);
    QCOMPARE(typed(first, "created").second.toString(), QStringLiteral("2025-07-12T07:27:54.500Z"));
    QCOMPARE(typed(first, "inputs").first, QStringLiteral("dict"));
    QCOMPARE(typed(first, "inputs").second[QStringLiteral("num_outputs")].toInt(), 2);
    QCOMPARE(typed(first, "inputs").second[QStringLiteral("go_fast")].toBool(), true);
    QCOMPARE(typed(first, "output_urls").second.toArray().size(), 2);
    QCOMPARE(typed(first, "local_files").second.toArray(), QJsonArray{QStringLiteral("/tmp/j1.webp")});
    QCOMPARE(typed(rows.at(1), "cost").first, QStringLiteral("NoneType"));
    QCOMPARE(typed(rows.at(1), "cost_status").second.toString(), QStringLiteral("unknown"));
    QCOMPARE(typed(rows.at(1), "completed").first, QStringLiteral("NoneType"));
    // A task never answered: its id and provider, nulls and empty lists.
    QCOMPARE(typed(rows.at(2), "id").second.toString(), QStringLiteral("j3"));
    QCOMPARE(typed(rows.at(2), "inputs").first, QStringLiteral("NoneType"));
    QCOMPARE(typed(rows.at(2), "output_urls").first, QStringLiteral("list"));
    QCOMPARE(typed(rows.at(2), "model").first, QStringLiteral("NoneType"));

    QCOMPARE(HistoryExport::json({}, PriceTable::defaults()), QByteArray("[]\n"));
}

void tst_HistoryExport::formats()
{
    QCOMPARE(HistoryExport::formatOfPath(QStringLiteral("/x/a.CSV")), HistoryExport::Format::Csv);
    QCOMPARE(HistoryExport::formatOfPath(QStringLiteral("/x/a.json")), HistoryExport::Format::Json);
    QCOMPARE(HistoryExport::formatOfPath(QStringLiteral("/x/a.txt")), std::nullopt);
    QCOMPARE(HistoryExport::formatNamed(QStringLiteral("Json")), HistoryExport::Format::Json);
    QCOMPARE(HistoryExport::plainNumber(0.003 * 3), QStringLiteral("0.009000000000000001"));
    QCOMPARE(HistoryExport::plainNumber(HistoryExport::roundedAmount(0.003 * 3)), QStringLiteral("0.009"));
    QCOMPARE(HistoryExport::plainNumber(1234567.5), QStringLiteral("1234567.5"));
    QCOMPARE(HistoryExport::plainNumber(0.00001), QStringLiteral("0.00001"));
}

void tst_HistoryExport::writeFileIsWholeOrReportsTheProblem()
{
    const QList<Task> tasks = {answered(QStringLiteral("w1"), QStringLiteral("a"))};
    const QString path = m_dir.filePath(QStringLiteral("sub/export.csv"));
    QCOMPARE(HistoryExport::writeFile(path, HistoryExport::Format::Csv, tasks, PriceTable::defaults()), std::nullopt);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), HistoryExport::csv(tasks, PriceTable::defaults()));

    // A folder that cannot be made: the problem in words, and no file.
    const QString blocked = m_dir.filePath(QStringLiteral("sub/export.csv/inside.json"));
    const auto error = HistoryExport::writeFile(blocked, HistoryExport::Format::Json, tasks, PriceTable::defaults());
    QVERIFY(error.has_value());
    QVERIFY2(error->message.contains(QStringLiteral("inside.json")), qPrintable(error->message));
    QVERIFY(!QFileInfo::exists(blocked));
}

void tst_HistoryExport::hundredThousandTasks()
{
    constexpr int count = 100000;
    QList<Task> tasks;
    tasks.reserve(count);
    const Task model = answered(QStringLiteral("m"), QStringLiteral("a lighthouse at dusk, \"cinematic\", 35mm"));
    for (int i = 0; i < count; ++i) {
        Task task = model;
        task.key.id = QStringLiteral("id%1").arg(i);
        tasks.append(task);
    }
    for (const auto format : {HistoryExport::Format::Csv, HistoryExport::Format::Json}) {
        const QString path = m_dir.filePath(QStringLiteral("large.") + HistoryExport::extension(format));
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(HistoryExport::writeFile(path, format, tasks, PriceTable::defaults()), std::nullopt);
        qInfo("%d tasks as %s: %lld ms, %lld bytes", count, qPrintable(HistoryExport::extension(format)),
              timer.elapsed(), QFileInfo(path).size());
    }
    const QByteArray counted = python(QStringLiteral("import csv, sys\n"
                                                     "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
                                                     "    print(sum(1 for _ in csv.reader(f)))\n"),
                                      m_dir.filePath(QStringLiteral("large.csv")));
    QCOMPARE(counted.trimmed(), QByteArray::number(count + 1));
}

QTEST_GUILESS_MAIN(tst_HistoryExport)
#include "tst_historyexport.moc"
