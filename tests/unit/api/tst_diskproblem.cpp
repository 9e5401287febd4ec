// DiskProblem: the cause of a failed write in words, from errno and the folder's file system. The full disk,
// read-only folder and missing inodes are also met for real on a small tmpfs (tests/integration/tst_diskfull).
#include "ApiError.h"
#include "DiskProblem.h"

#include <QDir>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>

class tst_DiskProblem final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classifiesErrno_data();
    void classifiesErrno();
    void missingFolderIsJudgedByItsParent();
    void roomFor();
};

void tst_DiskProblem::classifiesErrno_data()
{
    QTest::addColumn<int>("errorNumber");
    QTest::addColumn<qint64>("needed");
    QTest::addColumn<int>("cause");
    QTest::addColumn<QString>("start"); // %1 the folder, %2 the mount point, %3 the file
    QTest::addColumn<bool>("lackOfSpace");

    const qint64 huge = qint64(1) << 60;
    QTest::newRow("ENOSPC, size known") << ENOSPC << huge << int(DiskProblem::Cause::NoSpace)
                                        << QStringLiteral("No space left on %2: ") << true;
    QTest::newRow("EDQUOT") << EDQUOT << qint64(-1) << int(DiskProblem::Cause::Quota)
                            << QStringLiteral("Your disk quota on %2 is used up; %3 could not be saved.") << true;
    QTest::newRow("EROFS") << EROFS << qint64(-1) << int(DiskProblem::Cause::ReadOnly)
                           << QStringLiteral("The folder %1 is read-only; %3 could not be saved.") << false;
    QTest::newRow("EACCES") << EACCES << qint64(-1) << int(DiskProblem::Cause::NoPermission)
                            << QStringLiteral("No permission to write in %1; %3 could not be saved.") << false;
    QTest::newRow("EIO") << EIO << qint64(-1) << int(DiskProblem::Cause::Other)
                         << QStringLiteral("Could not write %3: Input/output error") << false;
    QTest::newRow("errno unknown, folder fine") << 0 << qint64(10) << int(DiskProblem::Cause::Other)
                                                << QStringLiteral("Could not write %3: Qt's words") << false;
}

void tst_DiskProblem::classifiesErrno()
{
    QFETCH(int, errorNumber);
    QFETCH(qint64, needed);
    QFETCH(int, cause);
    QFETCH(QString, start);
    QFETCH(bool, lackOfSpace);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("out.png"));
    const QString mountPoint = QStorageInfo(dir.path()).rootPath();

    const ApiError error = ApiError::writeFailed(file, errorNumber, needed, QStringLiteral("Qt's words"));
    QCOMPARE(error.kind, ApiError::Kind::FileSystem);
    QVERIFY(error.disk);
    QCOMPARE(int(error.disk->cause), cause);
    QCOMPARE(error.disk->isLackOfSpace(), lackOfSpace);
    const QString expected = QString(start)
                                 .replace(QStringLiteral("%1"), QDir::toNativeSeparators(dir.path()))
                                 .replace(QStringLiteral("%2"), mountPoint)
                                 .replace(QStringLiteral("%3"), file);
    QVERIFY2(error.message.startsWith(expected), qPrintable(error.message + u" / " + expected));
    if (error.disk->cause == DiskProblem::Cause::NoSpace) {
        QVERIFY2(error.message.contains(QStringLiteral(" free, ")), qPrintable(error.message));
        QVERIFY(error.disk->freeBytes >= 0);
    }
}

void tst_DiskProblem::missingFolderIsJudgedByItsParent()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("not/yet/there/out.png"));
    const DiskProblem problem = DiskProblem::classify(file, ENOSPC, -1, {});
    QCOMPARE(problem.cause, DiskProblem::Cause::NoSpace);
    QVERIFY(problem.freeBytes >= 0);
    QCOMPARE(problem.mountPoint, QStorageInfo(dir.path()).rootPath());
    QVERIFY2(problem.describe(file).startsWith(QStringLiteral("No space left on %1: ").arg(problem.mountPoint)),
             qPrintable(problem.describe(file)));
}

void tst_DiskProblem::roomFor()
{
    QTemporaryDir dir;
    QVERIFY(DiskProblem::hasRoomFor(dir.filePath(QStringLiteral("new/folder")), 1024));
    QVERIFY(!DiskProblem::hasRoomFor(dir.path(), qint64(1) << 60));
}

QTEST_GUILESS_MAIN(tst_DiskProblem)
#include "tst_diskproblem.moc"
