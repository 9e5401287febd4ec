// Saving onto a small file system the test mounts itself (a tmpfs, in the user and mount namespace that
// support/in-own-mounts.sh starts it in): full, read-only, out of inodes. What replimon-cli prints and exits
// with; what the app's OutputSaver records on the task and the detail pane shows, and how it saves again once
// space is freed; the task database after a write that found the disk full. Skipped, saying why, where nothing
// can be mounted.
#include "CliRunner.h"
#include "FileDownloader.h"
#include "ImageCache.h"
#include "OutputSaver.h"
#include "PredictionClient.h"
#include "TaskDetailPane.h"
#include "TaskStore.h"
#include "TestBackend.h"

#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QLabel>
#include <QLocale>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/statvfs.h>

#include <memory>

namespace {

constexpr int waitMs = 20000;

qint64 freeBytes(const QString &path)
{
    struct statvfs fs = {};
    if (::statvfs(QFile::encodeName(path).constData(), &fs) != 0)
        return -1;
    return qint64(fs.f_bavail) * qint64(fs.f_frsize);
}

/// How the messages write sizes.
QString size(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString labelText(const QWidget &root, const char *name)
{
    const auto *label = root.findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
}

/// @p path holds the whole image the server sent (@p bytes of it) and its prediction: it reads, and is larger.
void expectWholeImage(const QString &path, qint64 bytes)
{
    QVERIFY2(QFileInfo(path).size() > bytes, qPrintable(QString::number(QFileInfo(path).size())));
    QImageReader reader(path);
    QVERIFY2(!reader.read().isNull(), qPrintable(reader.errorString()));
}

/// Every name in @p folder, hidden ones (QSaveFile's temporary files) included.
QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

QString run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(10000))
        return program + QStringLiteral(" did not finish");
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
    return {};
}

} // namespace

class tst_DiskFull final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void cliNamesFullDisk();
    void cliTextOutputIsNotSavedEmpty();
    void cliNamesReadOnlyFolder();
    void cliNamesMissingInodes();
    void appSavesAgainWhenSpaceReturns();
    void databaseSurvivesFullDisk();

private:
    /// Mounts a tmpfs of @p options at m_mount; fails the test when it cannot.
    bool mount(const QString &options);
    /// Fills the tmpfs with one file until @p leave bytes are free.
    bool fill(qint64 leave);
    QString filler() const { return m_mount->filePath(QStringLiteral("filler")); }
    /// A succeeded PNG prediction on the simulator, fetched into the store; the size of its output as the
    /// server sends it in @p bytes.
    TaskKey fetchTask(qint64 *bytes);
    CliRunner::Run download(const QString &id, const QString &folder);
    /// A task as fetchTask() makes it, then a tmpfs of @p mountOptions with an empty folder `out` on it.
    TaskKey prepare(const QString &mountOptions, qint64 *bytes, QString *folder);
    /// The CLI's download of @p id into @p folder is refused as the user should see it: exit code 7,
    /// @p expected in the message, nothing left in the folder.
    void expectRefused(const QString &id, const QString &folder, const QString &expected);
    /// The database at @p path passes `PRAGMA integrity_check` and holds @p tasks tasks.
    void expectIntact(const QString &path, int tasks);

    TestBackend m_backend{[] {
        TestBackend::Options options;
        // Large enough that a nearly full 2 MB disk can hold a part of it but not all.
        options.simArguments = {QStringLiteral("--image-size"), QStringLiteral("1024")};
        return options;
    }()};
    std::unique_ptr<QTemporaryDir> m_mount;
    bool m_mounted = false;
};

void tst_DiskFull::initTestCase()
{
    if (qEnvironmentVariable("REPLIMON_TEST_OWN_MOUNTS") != u"1")
        QSKIP("Not in a user and mount namespace of its own, so no small file system can be mounted (run through "
              "tests/support/in-own-mounts.sh, as ctest does; it needs unshare -rm to be allowed).");
    // Some sandboxes allow the namespace but not a tmpfs in it.
    QTemporaryDir probe;
    const QString refused = run(QStringLiteral("mount"),
                                {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                 QStringLiteral("size=1m"), QStringLiteral("tmpfs"), probe.path()});
    if (!refused.isEmpty())
        QSKIP(qPrintable(QStringLiteral("A tmpfs cannot be mounted here: ") + refused));
    QCOMPARE(run(QStringLiteral("umount"), {probe.path()}), QString());
    QVERIFY(QFile::exists(QStringLiteral(REPLIMON_CLI_BINARY)));
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

void tst_DiskFull::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    m_mount = std::make_unique<QTemporaryDir>();
    QVERIFY(m_mount->isValid());
}

void tst_DiskFull::cleanup()
{
    m_backend.close();
    if (m_mounted)
        QCOMPARE(run(QStringLiteral("umount"), {m_mount->path()}), QString());
    m_mounted = false;
    m_mount.reset();
}

bool tst_DiskFull::mount(const QString &options)
{
    const QString error = run(QStringLiteral("mount"),
                              {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"), options,
                               QStringLiteral("tmpfs"), m_mount->path()});
    if (!error.isEmpty()) {
        qWarning("mount -t tmpfs failed: %s", qPrintable(error));
        return false;
    }
    m_mounted = true;
    return true;
}

bool tst_DiskFull::fill(qint64 leave)
{
    QFile file(filler());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return false;
    const QByteArray page(4096, 'x');
    while (freeBytes(m_mount->path()) > leave) {
        if (file.write(page) != page.size())
            return false;
    }
    return true;
}

TaskKey tst_DiskFull::fetchTask(qint64 *bytes)
{
    const QStringList ids = m_backend.sim().createPredictions({{QStringLiteral("queue_ms"), 0},
                                                               {QStringLiteral("run_ms"), 0},
                                                               {QStringLiteral("output_format"), QStringLiteral("png")},
                                                               {QStringLiteral("input_image"), false}});
    if (ids.size() != 1)
        return {};
    const QList<TaskKey> keys = m_backend.track(ids);
    QSignalSpy received(&m_backend.client(), &PredictionClient::predictionReceived);
    m_backend.client().fetch(ids.constFirst());
    if (keys.size() != 1 || !received.wait(waitMs))
        return {};
    if (!m_backend.store().update(m_backend.provider(), {received.constFirst().at(1).value<Prediction>()}))
        return {};
    // The size the server sends (saved files are larger: they carry their prediction).
    QTemporaryDir roomy;
    QSignalSpy finished(&m_backend.downloader(), &FileDownloader::finished);
    m_backend.downloader().download(m_backend.store().task(keys.constFirst())->outputUrl(0), roomy.path(),
                                    QStringLiteral("probe"));
    if (!finished.wait(waitMs))
        return {};
    *bytes = QFileInfo(finished.constFirst().at(1).toString()).size();
    return keys.constFirst();
}

CliRunner::Run tst_DiskFull::download(const QString &id, const QString &folder)
{
    return CliRunner(m_backend.sim()).run({QStringLiteral("download"), id, QStringLiteral("--dir"), folder});
}

TaskKey tst_DiskFull::prepare(const QString &mountOptions, qint64 *bytes, QString *folder)
{
    const TaskKey key = fetchTask(bytes);
    *folder = m_mount->filePath(QStringLiteral("out"));
    if (key.id.isEmpty() || !mount(mountOptions) || !QDir().mkpath(*folder))
        return {};
    return key;
}

void tst_DiskFull::expectRefused(const QString &id, const QString &folder, const QString &expected)
{
    const CliRunner::Run result = download(id, folder);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 7);
    QVERIFY2(QString::fromUtf8(result.err).contains(expected), result.err.constData());
    QVERIFY(result.out.isEmpty());
    QCOMPARE(entries(folder), QStringList()); // not even QSaveFile's temporary file
}

void tst_DiskFull::cliNamesFullDisk()
{
    qint64 size = 0;
    QString folder;
    const TaskKey key = prepare(QStringLiteral("size=2m"), &size, &folder);
    QVERIFY(!key.id.isEmpty());
    QVERIFY2(size > 100 * 1024, qPrintable(QString::number(size)));
    QVERIFY(fill(size / 3));
    const qint64 free = freeBytes(m_mount->path());

    expectRefused(
        key.id, folder,
        QStringLiteral("No space left on %1: %2 free, %3 needed to save %4")
            .arg(m_mount->path(), ::size(free), ::size(size), QDir(folder).filePath(key.id + QStringLiteral(".png"))));
    QCOMPARE(freeBytes(m_mount->path()), free);

    // Space freed: the same command saves it whole.
    QVERIFY(QFile::remove(filler()));
    const CliRunner::Run again = download(key.id, folder);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(entries(folder), QStringList{key.id + QStringLiteral(".png")});
    expectWholeImage(QDir(folder).filePath(key.id + QStringLiteral(".png")), size);
}

void tst_DiskFull::cliTextOutputIsNotSavedEmpty()
{
    // A small file stays in QSaveFile's buffer until commit(), whose failed flush Qt 6.4 ignores: the file
    // was renamed into place empty and the download reported done.
    const QStringList ids = m_backend.sim().createPredictions(
        {{QStringLiteral("queue_ms"), 0},
         {QStringLiteral("run_ms"), 0},
         {QStringLiteral("output_shape"), QStringLiteral("text")}});
    QCOMPARE(ids.size(), 1);
    QVERIFY(mount(QStringLiteral("size=1m")));
    const QString folder = m_mount->filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(fill(0));
    const QString path = QDir(folder).filePath(ids.constFirst() + QStringLiteral(".txt"));
    expectRefused(ids.constFirst(), folder,
                  QStringLiteral("No space left on %1: %2 free, ").arg(m_mount->path(), size(0)));

    QVERIFY(QFile::remove(filler()));
    const CliRunner::Run again = download(ids.constFirst(), folder);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(QString::fromUtf8(again.out.trimmed()), path);
    QVERIFY(QFileInfo(path).size() > 1);
}

void tst_DiskFull::cliNamesReadOnlyFolder()
{
    qint64 size = 0;
    QString folder;
    const TaskKey key = prepare(QStringLiteral("size=2m"), &size, &folder);
    QVERIFY(!key.id.isEmpty());
    QCOMPARE(run(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("remount,ro"), m_mount->path()}),
             QString());
    expectRefused(key.id, folder, QStringLiteral("The folder %1 is read-only").arg(folder));
}

void tst_DiskFull::cliNamesMissingInodes()
{
    qint64 size = 0;
    QString folder;
    const TaskKey key = prepare(QStringLiteral("size=8m,nr_inodes=16"), &size, &folder);
    QVERIFY(!key.id.isEmpty());
    // Every inode taken by an empty file; the bytes stay free.
    int taken = 0;
    while (taken < 64 && QFile(m_mount->filePath(QStringLiteral("empty-%1").arg(taken))).open(QIODevice::WriteOnly))
        ++taken;
    QVERIFY(taken > 0 && taken < 64);
    expectRefused(
        key.id, folder,
        QStringLiteral("No room for another file on %1: its file system has no free inodes left").arg(m_mount->path()));
}

void tst_DiskFull::appSavesAgainWhenSpaceReturns()
{
    qint64 size = 0;
    QString folder;
    const TaskKey key = prepare(QStringLiteral("size=2m"), &size, &folder);
    QVERIFY(!key.id.isEmpty());
    QVERIFY(fill(size / 3));
    OutputSaver saver(m_backend.downloader(), m_backend.store());
    saver.setSpaceCheckInterval(std::chrono::milliseconds(100));
    QSignalSpy failed(&saver, &OutputSaver::saveFailed);
    QSignalSpy saved(&saver, &OutputSaver::saved);
    // The detail pane, wired as Application wires it.
    ImageCache cache(m_backend.nam(), m_backend.filePath(QStringLiteral("cache")));
    TaskDetailPane pane(cache);
    pane.setSaveFolder(folder);
    connect(&pane, &TaskDetailPane::saveRequested, &saver,
            [&saver, &folder](const TaskKey &k) { saver.save(k, folder); });
    connect(&saver, &OutputSaver::saveStarted, &pane, &TaskDetailPane::onSaveStarted);
    connect(&saver, &OutputSaver::saved, &pane, &TaskDetailPane::onSaved);
    connect(&saver, &OutputSaver::saveFailed, &pane, &TaskDetailPane::onSaveFailed);
    connect(&m_backend.store(), &TaskStore::tasksChanged, &pane, [this, &pane, key](const QList<TaskKey> &keys) {
        if (keys.contains(key))
            pane.setTask(m_backend.store().task(key));
    });
    pane.setTask(m_backend.store().task(key));
    pane.show();

    Q_EMIT pane.saveRequested(key); // as the Save Output button does
    QVERIFY(failed.wait(waitMs));
    const QString message = failed.constFirst().at(1).value<ApiError>().message;
    QVERIFY2(message.startsWith(QStringLiteral("No space left on %1: ").arg(m_mount->path())), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("saved again by itself as soon as there is room")), qPrintable(message));
    // The task shows why, and keeps what the server still holds.
    const Task *task = m_backend.store().task(key);
    QCOMPARE(task->lastError, message);
    QCOMPARE(task->lastErrorKind, ApiError::Kind::FileSystem);
    QCOMPARE(task->outputUrlTexts.size(), 1);
    QVERIFY(!task->dataRemoved);
    QVERIFY(task->localFiles.isEmpty());
    QVERIFY(saver.isWaitingForSpace(key));
    QCOMPARE(entries(folder), QStringList());
    QCOMPARE(labelText(pane, "saveStatusLabel"), QStringLiteral("Saving failed: ") + message);

    // Still full: nothing is fetched again.
    QVERIFY(m_backend.sim().clearLog());
    QTest::qWait(1000);
    QCOMPARE(m_backend.sim().requestLog().size(), 0);
    QCOMPARE(saved.size(), 0);

    QVERIFY(QFile::remove(filler()));
    QVERIFY(saved.wait(waitMs));
    const QString path = QDir(folder).filePath(key.id + QStringLiteral(".png"));
    QCOMPARE(saved.constFirst().at(1).toStringList(), QStringList{path});
    expectWholeImage(path, size);
    QCOMPARE(entries(folder), QStringList{key.id + QStringLiteral(".png")});
    task = m_backend.store().task(key);
    QCOMPARE(task->localFiles, QStringList{path});
    QCOMPARE(task->lastError, QString());
    QVERIFY(!saver.isWaitingForSpace(key));
    QVERIFY2(labelText(pane, "saveStatusLabel").startsWith(QStringLiteral("Saved as %1.png").arg(key.id)),
             qPrintable(labelText(pane, "saveStatusLabel")));
}

void tst_DiskFull::databaseSurvivesFullDisk()
{
    QVERIFY(mount(QStringLiteral("size=2m")));
    const QString path = m_mount->filePath(QStringLiteral("tasks.sqlite"));
    auto owned = std::make_unique<TaskStore>();
    TaskStore &store = *owned;
    QVERIFY(store.open(path));
    QVERIFY(store.add(QStringLiteral("custom"), {QStringLiteral("before-1"), QStringLiteral("before-2")}));
    QVERIFY(fill(64 * 1024)); // a few batches fit, then the disk fills during a write
    QSignalSpy writeFailed(&store, &TaskStore::writeFailed);
    // Batches of long ids until one does not fit.
    std::optional<StoreError> error;
    for (int batch = 0; batch < 200 && !error; ++batch) {
        QStringList ids;
        for (int n = 0; n < 50; ++n)
            ids.append(QStringLiteral("batch-%1-%2-").arg(batch).arg(n) + QString(200, u'x'));
        const int before = store.count();
        const auto added = store.add(QStringLiteral("custom"), ids);
        if (!added) {
            error = added.error();
            QCOMPARE(store.count(), before); // the batch is not half in memory either
        }
    }
    QVERIFY(error);
    // What the app shows in its status bar ("The task database could not be written: …").
    QCOMPARE(writeFailed.size(), 1);
    QCOMPARE(writeFailed.constFirst().at(0).value<StoreError>().message, error->message);
    QVERIFY2(error->message.contains(QStringLiteral("No space left on %1: ").arg(m_mount->path())),
             qPrintable(error->message));
    const int stored = store.count();
    QVERIFY(stored > 2);
    expectIntact(path, stored);

    // Space freed: the same store writes again, with nothing lost from before.
    QVERIFY(QFile::remove(filler()));
    QVERIFY(store.add(QStringLiteral("custom"), {QStringLiteral("after")}));
    owned.reset();
    expectIntact(path, stored + 1);
    TaskStore reopened;
    QVERIFY(reopened.open(path));
    QCOMPARE(reopened.count(), stored + 1);
    QVERIFY(reopened.task(TaskKey{QStringLiteral("custom"), QStringLiteral("after")}));
}

void tst_DiskFull::expectIntact(const QString &path, int tasks)
{
    {
        // A connection of its own, as the CLI's history reads it: WAL lets it read beside the store.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("PRAGMA integrity_check")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("ok"));
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM tasks")) && query.next());
        QCOMPARE(query.value(0).toInt(), tasks);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
}

QTEST_MAIN(tst_DiskFull)
#include "tst_diskfull.moc"
