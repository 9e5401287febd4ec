// `replimon-cli history`, the real binary: the tasks of a database this build wrote and of one a newer
// Replimon wrote (read-only, with a note on stderr), as text and as JSON, filtered; the file's bytes the
// same afterwards and nothing made beside it; a missing database is exit code 8 and is not created.
#include "CommandLine.h"
#include "NewerDatabase.h"

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
    QStringList lines; ///< stdout, line by line
    QString err;
};

Run history(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("REPLIMON_API_KEY"));
    environment.remove(QStringLiteral("REPLICATE_API_TOKEN"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(REPLIMON_CLI_BINARY), QStringList{QStringLiteral("history")} + arguments);
    Run run;
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.exitCode = process.exitCode();
    run.lines = QString::fromUtf8(process.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class tst_CliHistory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void commandLine();
    void listsTheTasksOfTheAppsDatabase();
    void jsonAndFilters();
    void readsANewerDatabaseReadOnly_data();
    void readsANewerDatabaseReadOnly();
    void missingDatabaseIsNotCreated();
    void unreadableDatabaseIsLeftWhereItIs();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("tasks.sqlite")); }
    QString savedFile() const { return m_dir->filePath(NewerDatabase::succeededId + QStringLiteral(".png")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_CliHistory::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_CliHistory::commandLine()
{
    const auto parse = [](const QStringList &arguments) {
        CommandLine commandLine;
        return commandLine.parse(QStringList{QStringLiteral("replimon-cli")} + arguments, {});
    };
    const auto all = parse({QStringLiteral("history")});
    QVERIFY(all.ok());
    QCOMPARE(all.value().command, CliOptions::Command::History);
    QCOMPARE(all.value().limit, 0);
    QVERIFY(all.value().statuses.isEmpty());
    QVERIFY(all.value().databasePath.isEmpty());

    const auto some = parse({QStringLiteral("history"), QStringLiteral("--json"), QStringLiteral("-n"),
                             QStringLiteral("5"), QStringLiteral("--status"), QStringLiteral("succeeded,Failed,failed"),
                             QStringLiteral("--database"), QStringLiteral("/tmp/t.sqlite")});
    QVERIFY2(some.ok(), some.ok() ? "" : qPrintable(some.error()));
    QVERIFY(some.value().json);
    QCOMPARE(some.value().limit, 5);
    QCOMPARE(some.value().statuses, (QList<PredictionStatus>{PredictionStatus::Succeeded, PredictionStatus::Failed}));
    QCOMPARE(some.value().databasePath, QStringLiteral("/tmp/t.sqlite"));

    const auto exported = parse({QStringLiteral("history"), QStringLiteral("--format"), QStringLiteral("CSV"),
                                 QStringLiteral("--model"), QStringLiteral("flux-dev"), QStringLiteral("--since"),
                                 QStringLiteral("2025-07-12T09:30:00+02:00"), QStringLiteral("--demo")});
    QVERIFY2(exported.ok(), exported.ok() ? "" : qPrintable(exported.error()));
    QCOMPARE(exported.value().historyFormat, CliOptions::HistoryFormat::Csv);
    QCOMPARE(exported.value().historyModel, QStringLiteral("flux-dev"));
    QCOMPARE(exported.value().since, QDateTime(QDate(2025, 7, 12), QTime(7, 30), Qt::UTC));
    QVERIFY(exported.value().demo);
    QVERIFY(!exported.value().json);
    // A day is its local midnight.
    const auto day = parse({QStringLiteral("history"), QStringLiteral("--since"), QStringLiteral("2025-07-12")});
    QVERIFY(day.ok());
    QCOMPARE(day.value().since, QDateTime(QDate(2025, 7, 12), QTime(0, 0), Qt::LocalTime).toUTC());

    // Usage errors: ids, an unknown state, history's options on other commands.
    const QList<std::pair<QStringList, QString>> refused = {
        {{QStringLiteral("history"), QStringLiteral("w44zs9cet5rmc0cqzp49gpkhf8")},
         QStringLiteral("history takes no ids.")},
        {{QStringLiteral("history"), QStringLiteral("--status"), QStringLiteral("done")},
         QStringLiteral("--status takes starting, processing, succeeded, failed, canceled or aborted (several "
                        "separated by commas).")},
        {{QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("failed")},
         QStringLiteral("--status does not apply to list.")},
        {{QStringLiteral("get"), QStringLiteral("abc"), QStringLiteral("--database"), QStringLiteral("x.sqlite")},
         QStringLiteral("--database does not apply to get.")},
        {{QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("csv")},
         QStringLiteral("--format does not apply to list.")},
        {{QStringLiteral("get"), QStringLiteral("abc"), QStringLiteral("--demo")},
         QStringLiteral("--demo does not apply to get.")},
        {{QStringLiteral("history"), QStringLiteral("--since"), QStringLiteral("2025-13-01")},
         QStringLiteral("--since takes a date (YYYY-MM-DD, from local midnight) or an ISO 8601 date and time (e.g. "
                        "2025-07-12T09:30:00Z).")},
    };
    for (const auto &[arguments, message] : refused) {
        const auto parsed = parse(arguments);
        QVERIFY2(!parsed.ok(), qPrintable(arguments.join(u' ')));
        QCOMPARE(parsed.error(), message);
    }
}

void tst_CliHistory::listsTheTasksOfTheAppsDatabase()
{
    QVERIFY(NewerDatabase::makeCurrent(dbPath(), savedFile()));
    const QByteArray before = NewerDatabase::bytes(dbPath());

    const Run run = history({QStringLiteral("--database"), dbPath()});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.err, QString());
    QCOMPARE(run.lines.size(), 3);
    // Newest first: the three were added together, so in reverse order of adding.
    QVERIFY2(run.lines.at(0).startsWith(NewerDatabase::failedId + QStringLiteral("  failed ")),
             qPrintable(run.lines.at(0)));
    QVERIFY(run.lines.at(0).endsWith(QStringLiteral("a storm")));
    QVERIFY(run.lines.at(1).startsWith(NewerDatabase::processingId + QStringLiteral("  processing ")));
    QVERIFY(run.lines.at(2).startsWith(NewerDatabase::succeededId + QStringLiteral("  succeeded ")));
    QVERIFY(run.lines.at(2).contains(QStringLiteral("black-forest-labs/flux-schnell")));
    QVERIFY(run.lines.at(2).endsWith(QStringLiteral("a red fox")));

    QCOMPARE(NewerDatabase::bytes(dbPath()), before);
    QCOMPARE(NewerDatabase::companions(dbPath()), QStringList());
}

void tst_CliHistory::jsonAndFilters()
{
    QVERIFY(NewerDatabase::makeCurrent(dbPath(), savedFile()));

    const Run json = history({QStringLiteral("--database"), dbPath(), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(json.lines.size(), 3);
    const QJsonObject done = QJsonDocument::fromJson(json.lines.at(2).toUtf8()).object();
    QCOMPARE(done.value(QStringLiteral("id")).toString(), NewerDatabase::succeededId);
    QCOMPARE(done.value(QStringLiteral("provider")).toString(), NewerDatabase::provider);
    QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(done.value(QStringLiteral("prompt")).toString(), QStringLiteral("a red fox"));
    QCOMPARE(done.value(QStringLiteral("created_at")).toString(), QStringLiteral("2025-07-12T07:27:54.500Z"));
    QCOMPARE(done.value(QStringLiteral("local_files")).toArray().first().toString(), savedFile());

    const Run failed = history(
        {QStringLiteral("--database"), dbPath(), QStringLiteral("--status"), QStringLiteral("failed,succeeded")});
    QCOMPARE(failed.exitCode, 0);
    QCOMPARE(failed.lines.size(), 2);
    QVERIFY(failed.lines.at(0).startsWith(NewerDatabase::failedId));
    QVERIFY(failed.lines.at(1).startsWith(NewerDatabase::succeededId));

    const Run newest = history(
        {QStringLiteral("--database"), dbPath(), QStringLiteral("--limit"), QStringLiteral("1")});
    QCOMPARE(newest.exitCode, 0);
    QCOMPARE(newest.lines.size(), 1);
    QVERIFY(newest.lines.at(0).startsWith(NewerDatabase::failedId));

    const Run wrong = history(
        {QStringLiteral("--database"), dbPath(), QStringLiteral("--status"), QStringLiteral("done")});
    QCOMPARE(wrong.exitCode, 2);
    QVERIFY2(wrong.err.contains(QStringLiteral("--status takes")), qPrintable(wrong.err));
}

void tst_CliHistory::readsANewerDatabaseReadOnly_data()
{
    QTest::addColumn<QString>("writtenBy");
    QTest::addColumn<QString>("said");
    QTest::newRow("says who wrote it") << QStringLiteral("9.1.0")
                                       << QStringLiteral("was written by Replimon 9.1.0, newer than this one (%1)")
                                              .arg(QStringLiteral(REPLIMON_VERSION));
    QTest::newRow("does not say") << QString()
                                  << QStringLiteral("was written by a newer version of Replimon (schema %1; this one "
                                                    "reads up to %2)")
                                         .arg(NewerDatabase::newerVersion)
                                         .arg(TaskStore::schemaVersion);
}

void tst_CliHistory::readsANewerDatabaseReadOnly()
{
    QFETCH(QString, writtenBy);
    QFETCH(QString, said);
    QVERIFY(NewerDatabase::make(dbPath(), savedFile(), writtenBy));
    const QByteArray before = NewerDatabase::bytes(dbPath());

    const Run run = history({QStringLiteral("--database"), dbPath()});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains(said), qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("read-only")), qPrintable(run.err));
    QCOMPARE(run.lines.size(), 3);
    QVERIFY(run.lines.at(2).startsWith(NewerDatabase::succeededId + QStringLiteral("  succeeded ")));

    QCOMPARE(NewerDatabase::bytes(dbPath()), before);
    QCOMPARE(NewerDatabase::companions(dbPath()), QStringList());
}

void tst_CliHistory::missingDatabaseIsNotCreated()
{
    const QString missing = m_dir->filePath(QStringLiteral("none/tasks.sqlite"));
    const Run run = history({QStringLiteral("--database"), missing});
    QCOMPARE(run.exitCode, 8);
    QVERIFY2(run.err.contains(QStringLiteral("No task database at")), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(missing));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("none"))));
}

void tst_CliHistory::unreadableDatabaseIsLeftWhereItIs()
{
    // The app moves an unreadable database aside; history only reads, and says so.
    const QByteArray garbage(8192, 'x');
    QFile file(dbPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(garbage);
    file.close();
    const Run run = history({QStringLiteral("--database"), dbPath()});
    QCOMPARE(run.exitCode, 8);
    QVERIFY2(run.err.contains(QStringLiteral("The task database could not be read")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("not an SQLite database")), qPrintable(run.err));
    QCOMPARE(NewerDatabase::bytes(dbPath()), garbage);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList{QStringLiteral("tasks.sqlite")});
}

QTEST_GUILESS_MAIN(tst_CliHistory)
#include "tst_clihistory.moc"
