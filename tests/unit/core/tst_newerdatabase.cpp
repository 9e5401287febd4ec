// TaskStore over a database a newer Replimon wrote (a higher schema version, a column and a table this
// build does not know): opened read-only, every task read, every write refused, and the file's bytes the
// same afterwards with nothing made beside it. And the writer's version this build records in its own.
#include "NewerDatabase.h"
#include "TaskStore.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class tst_NewerDatabase final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void thisBuildRecordsItsVersion();
    void newerDatabaseOpensReadOnly_data();
    void newerDatabaseOpensReadOnly();
    void writesAreRefused();
    void newerDatabaseInUseIsRead();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("tasks.sqlite")); }
    QString savedFile() const { return m_dir->filePath(NewerDatabase::succeededId + QStringLiteral(".png")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_NewerDatabase::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_NewerDatabase::thisBuildRecordsItsVersion()
{
    {
        TaskStore store;
        const auto opened = store.open(dbPath());
        QVERIFY(opened.ok());
        QVERIFY(!opened.value().readOnly);
        QCOMPARE(opened.value().writtenBy, QStringLiteral(REPLIMON_VERSION));
        QCOMPARE(store.writtenBy(), QStringLiteral(REPLIMON_VERSION));
    }
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("look"));
        db.setDatabaseName(dbPath());
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("SELECT app_version FROM written_by")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral(REPLIMON_VERSION));
        QVERIFY(!query.next()); // one row
        QVERIFY(query.exec(QStringLiteral("UPDATE written_by SET app_version = '0.0.1'")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("look"));
    // An older build wrote last: this one takes over as the writer.
    TaskStore store;
    QVERIFY(store.open(dbPath()).ok());
    QCOMPARE(store.writtenBy(), QStringLiteral(REPLIMON_VERSION));
}

void tst_NewerDatabase::newerDatabaseOpensReadOnly_data()
{
    QTest::addColumn<QString>("writtenBy");
    QTest::newRow("says who wrote it") << QStringLiteral("9.1.0");
    QTest::newRow("does not say") << QString();
}

void tst_NewerDatabase::newerDatabaseOpensReadOnly()
{
    QFETCH(QString, writtenBy);
    QVERIFY(NewerDatabase::make(dbPath(), savedFile(), writtenBy));
    const QByteArray before = NewerDatabase::bytes(dbPath());
    QVERIFY(!before.isEmpty());
    {
        TaskStore store;
        QSignalSpy loaded(&store, &TaskStore::loaded);
        const auto opened = store.open(dbPath());
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
        QVERIFY(opened.value().readOnly);
        QVERIFY(store.isReadOnly());
        QCOMPARE(opened.value().foundSchemaVersion, NewerDatabase::newerVersion);
        QCOMPARE(store.foundSchemaVersion(), NewerDatabase::newerVersion);
        QCOMPARE(opened.value().writtenBy, writtenBy);
        QCOMPARE(store.writtenBy(), writtenBy);
        QVERIFY(opened.value().movedAsidePath.isEmpty());
        QCOMPARE(loaded.count(), 1);

        // Every task, with what the table and the detail pane show.
        QCOMPARE(store.count(), 3);
        const Task *done = store.task({NewerDatabase::provider, NewerDatabase::succeededId});
        QVERIFY(done);
        QCOMPARE(done->status, PredictionStatus::Succeeded);
        QCOMPARE(done->prompt, QStringLiteral("a red fox"));
        QCOMPARE(done->model, QStringLiteral("black-forest-labs/flux-schnell"));
        QCOMPARE(done->localFiles, QStringList{savedFile()});
        QCOMPARE(done->outputUrlTexts.size(), 1);
        QCOMPARE(store.task({NewerDatabase::provider, NewerDatabase::processingId})->status,
                 PredictionStatus::Processing);
        QCOMPARE(store.task({NewerDatabase::provider, NewerDatabase::failedId})->status, PredictionStatus::Failed);

        // Nothing beside the file while it is open.
        QCOMPARE(NewerDatabase::companions(dbPath()), QStringList());
    }
    QCOMPARE(NewerDatabase::bytes(dbPath()), before);
    QCOMPARE(NewerDatabase::companions(dbPath()), QStringList());
}

void tst_NewerDatabase::writesAreRefused()
{
    QVERIFY(NewerDatabase::make(dbPath(), savedFile(), QStringLiteral("9.1.0")));
    const QByteArray before = NewerDatabase::bytes(dbPath());
    {
        TaskStore store;
        QVERIFY(store.open(dbPath()).ok());
        QSignalSpy added(&store, &TaskStore::tasksAdded);
        QSignalSpy changed(&store, &TaskStore::tasksChanged);
        QSignalSpy removed(&store, &TaskStore::tasksRemoved);
        const TaskKey running{NewerDatabase::provider, NewerDatabase::processingId};

        const auto add = store.add(NewerDatabase::provider, {QStringLiteral("new-one")});
        QVERIFY(!add.ok());
        QCOMPARE(add.error().kind, StoreError::Kind::ReadOnly);
        QVERIFY2(add.error().message.contains(QStringLiteral("read-only")), qPrintable(add.error().message));
        const auto update = store.update(
            NewerDatabase::provider,
            {NewerDatabase::prediction(NewerDatabase::processingId, QStringLiteral("succeeded"), QStringLiteral("x"))});
        QVERIFY(!update.ok());
        QCOMPARE(update.error().kind, StoreError::Kind::ReadOnly);
        const auto remove = store.remove({running});
        QVERIFY(!remove.ok());
        QCOMPARE(remove.error().kind, StoreError::Kind::ReadOnly);
        const auto files = store.setLocalFiles(running, {savedFile()});
        QVERIFY(!files.ok());
        QCOMPARE(files.error().kind, StoreError::Kind::ReadOnly);
        const auto captured = store.recordCaptured(
            NewerDatabase::provider, QStringLiteral("curl/8"),
            {NewerDatabase::prediction(QStringLiteral("cap-1"), QStringLiteral("processing"), QStringLiteral("y"))});
        QVERIFY(!captured.ok());
        QCOMPARE(captured.error().kind, StoreError::Kind::ReadOnly);
        ApiError error;
        error.kind = ApiError::Kind::Network;
        error.message = QStringLiteral("down");
        QVERIFY(!store.setError(running, error).ok());

        // Memory is as the file says.
        QCOMPARE(store.count(), 3);
        QCOMPARE(store.task(running)->status, PredictionStatus::Processing);
        QCOMPARE(added.count() + changed.count() + removed.count(), 0);
        QCOMPARE(store.rowsWritten(), 0);
    }
    QCOMPARE(NewerDatabase::bytes(dbPath()), before);
    QCOMPARE(NewerDatabase::companions(dbPath()), QStringList());
}

void tst_NewerDatabase::newerDatabaseInUseIsRead()
{
    // The newer build is running: it holds the file open in WAL mode, with its latest task still in the log.
    QVERIFY(NewerDatabase::make(dbPath(), savedFile(), QStringLiteral("9.1.0")));
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer-app"));
        db.setDatabaseName(dbPath());
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("PRAGMA wal_autocheckpoint=0")));
        QVERIFY(query.exec(QStringLiteral("INSERT INTO tasks (provider, id, status, added_at) "
                                          "VALUES ('custom', 'in-the-log', 'starting', 1)")));
        QVERIFY(QFileInfo::exists(dbPath() + QStringLiteral("-wal")));
        const QByteArray before = NewerDatabase::bytes(dbPath());

        TaskStore store;
        const auto opened = store.open(dbPath());
        QVERIFY(opened.ok());
        QVERIFY(store.isReadOnly());
        QCOMPARE(store.count(), 4);
        QVERIFY(store.contains({NewerDatabase::provider, QStringLiteral("in-the-log")}));
        QCOMPARE(NewerDatabase::bytes(dbPath()), before);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("newer-app"));
}

QTEST_GUILESS_MAIN(tst_NewerDatabase)
#include "tst_newerdatabase.moc"
