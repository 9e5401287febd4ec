// Starred tasks (favourites): the star is kept across restarts, written in one transaction for a
// selection, survives the migration from a database without it, and makes a task's outputs wanted even
// with automatic saving off.
#include "NewerDatabase.h"
#include "Task.h"
#include "TaskStore.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class tst_Favourites final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void starsSurviveARestart();
    void starringASelectionIsOneWrite();
    void databaseOfTheLastVersionGainsNoStars();
    void readOnlyStoreRefuses();
    void starredOutputsAreAlwaysWanted();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

namespace {

const QString provider = NewerDatabase::provider;

TaskKey key(const QString &id)
{
    return {provider, id};
}

} // namespace

void tst_Favourites::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qRegisterMetaType<QList<TaskKey>>();
}

void tst_Favourites::starsSurviveARestart()
{
    const QString file = path(QStringLiteral("restart.sqlite"));
    {
        TaskStore store;
        QVERIFY(store.open(file).ok());
        QVERIFY(store.add(provider, {QStringLiteral("a"), QStringLiteral("b")}).ok());
        QSignalSpy changed(&store, &TaskStore::tasksChanged);
        const auto starred = store.setStarred({key(QStringLiteral("b"))}, true);
        QVERIFY(starred.ok());
        QCOMPARE(starred.value(), QList<TaskKey>{key(QStringLiteral("b"))});
        QCOMPARE(changed.count(), 1);
    }
    TaskStore reopened;
    QVERIFY(reopened.open(file).ok());
    QVERIFY(!reopened.task(key(QStringLiteral("a")))->starred);
    QVERIFY(reopened.task(key(QStringLiteral("b")))->starred);
    QVERIFY(reopened.setStarred({key(QStringLiteral("b"))}, false).ok());
    QVERIFY(!reopened.task(key(QStringLiteral("b")))->starred);
}

void tst_Favourites::starringASelectionIsOneWrite()
{
    TaskStore store;
    QVERIFY(store.open(path(QStringLiteral("selection.sqlite"))).ok());
    QVERIFY(store.add(provider, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}).ok());
    QVERIFY(store.setStarred({key(QStringLiteral("a"))}, true).ok());
    const qint64 before = store.rowsWritten();
    QSignalSpy changed(&store, &TaskStore::tasksChanged);
    // Already starred, repeated, untracked: only b and c change, announced together.
    const auto starred = store.setStarred({key(QStringLiteral("a")), key(QStringLiteral("b")), key(QStringLiteral("b")),
                                           key(QStringLiteral("c")), key(QStringLiteral("nope"))},
                                          true);
    QVERIFY(starred.ok());
    QCOMPARE(starred.value(), (QList<TaskKey>{key(QStringLiteral("b")), key(QStringLiteral("c"))}));
    QCOMPARE(store.rowsWritten() - before, qint64(2));
    QCOMPARE(changed.count(), 1);
    // Nothing to change: nothing written, nothing said.
    QVERIFY(store.setStarred({key(QStringLiteral("b"))}, true).value().isEmpty());
    QCOMPARE(changed.count(), 1);
}

void tst_Favourites::databaseOfTheLastVersionGainsNoStars()
{
    const QString file = path(QStringLiteral("v4.sqlite"));
    QVERIFY(NewerDatabase::makeCurrent(file, path(QStringLiteral("saved.png"))));
    {
        // Back to version 4: the column this step adds, gone.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v4"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(NewerDatabase::exec(query, QStringLiteral("ALTER TABLE tasks DROP COLUMN starred")));
        QVERIFY(NewerDatabase::exec(query, QStringLiteral("UPDATE schema_version SET version = 4")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v4"));
    TaskStore store;
    const auto opened = store.open(file);
    QVERIFY(opened.ok());
    QCOMPARE(opened.value().foundSchemaVersion, 4);
    QCOMPARE(store.count(), 3);
    for (const Task &task : store.tasks())
        QVERIFY(!task.starred);
    QVERIFY(store.setStarred({key(NewerDatabase::succeededId)}, true).ok());
    QVERIFY(store.task(key(NewerDatabase::succeededId))->starred);
}

void tst_Favourites::readOnlyStoreRefuses()
{
    const QString file = path(QStringLiteral("readonly.sqlite"));
    {
        TaskStore store;
        QVERIFY(store.open(file).ok());
        QVERIFY(store.add(provider, {QStringLiteral("a")}).ok());
    }
    TaskStore store;
    QVERIFY(store.open(file, TaskDatabase::Access::ReadOnly).ok());
    QVERIFY(!store.setStarred({key(QStringLiteral("a"))}, true).ok());
    QVERIFY(!store.task(key(QStringLiteral("a")))->starred);
}

void tst_Favourites::starredOutputsAreAlwaysWanted()
{
    Task task;
    task.key = key(QStringLiteral("a"));
    task.status = PredictionStatus::Succeeded;
    task.outputUrlTexts = {QStringLiteral("https://replicate.delivery/x/a.png")};
    QVERIFY(task.wantsSaving(true));
    QVERIFY(!task.wantsSaving(false));
    task.starred = true;
    QVERIFY(task.wantsSaving(false));
    // Saved already, or gone from the server: nothing to save.
    task.localFiles = {QStringLiteral("/tmp/a.png")};
    QVERIFY(!task.wantsSaving(false));
    task.localFiles.clear();
    task.dataRemoved = true;
    QVERIFY(!task.wantsSaving(true));
    task.dataRemoved = false;
    task.status = PredictionStatus::Failed;
    QVERIFY(!task.wantsSaving(false));
}

QTEST_GUILESS_MAIN(tst_Favourites)
#include "tst_favourites.moc"
