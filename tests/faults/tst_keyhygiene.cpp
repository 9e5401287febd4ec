// Runs after every other test (a ctest cleanup fixture) and looks for the tests' API key wherever it must
// not be: the ctest log of this run (every test's output), files the tests left in their temporary
// folder (TMPDIR points into the build tree) or in the build tree, the test-mode settings folder, and the
// names of the screenshot folder's files. Also checks that no source file switches TLS checks off.
// Failures name the file, never the key.
#include "SimProcess.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

namespace {

constexpr qint64 maxScannedBytes = 64LL * 1024 * 1024;

bool isBinary(const QByteArray &head)
{
    return head.contains('\0');
}

} // namespace

class tst_KeyHygiene final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyNeverLeftBehind();
    void tlsErrorsAreNeverIgnored();

private:
    QStringList filesContainingKey(const QString &root, bool includeBinary) const;
    const QByteArray m_key = SimProcess::testKey().toUtf8();
};

QStringList tst_KeyHygiene::filesContainingKey(const QString &root, bool includeBinary) const
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (QFileInfo(path).fileName().contains(QString::fromUtf8(m_key)))
            found.append(path);
        if (it.fileInfo().size() > maxScannedBytes)
            continue;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = file.readAll();
        // Programs and objects hold the key as a literal; they are not output.
        if (!includeBinary && isBinary(content.left(4096)))
            continue;
        if (content.contains(m_key) || content.contains(m_key.toBase64()))
            found.append(path);
    }
    return found;
}

void tst_KeyHygiene::keyNeverLeftBehind()
{
    const QString build = QStringLiteral(REPLIMON_BUILD_DIR);
    QStringList found;

    // This run's log: the output of every test that ran before this one. ctest writes it as
    // LastTest*.log.tmp while it runs and renames it when it ends; a LastTest.log is an earlier run's.
    const QDir testing(build + QStringLiteral("/Testing/Temporary"));
    const QStringList logs = testing.entryList({QStringLiteral("LastTest*.log.tmp")}, QDir::Files);
    QVERIFY2(!logs.isEmpty(), "no ctest log of this run to read: run this through ctest");
    for (const QString &log : logs) {
        QFile file(testing.filePath(log));
        QVERIFY(file.open(QIODevice::ReadOnly));
        if (file.readAll().contains(m_key))
            found.append(file.fileName());
    }

    // What the tests left in their temporary folder, binary or not (a database, a settings file).
    const QString tmp = build + QStringLiteral("/Testing/tmp");
    found += filesContainingKey(tmp, true);
    // Text the tests wrote into the build tree (sim logs, npm logs, screenshots' names).
    found += filesContainingKey(build + QStringLiteral("/tests"), false);
    found += filesContainingKey(build + QStringLiteral("/screenshots"), false);
    // Settings written in Qt's test mode.
    found += filesContainingKey(QDir::homePath() + QStringLiteral("/.qttest"), true);
    qInfo("scanned %lld ctest log(s) and the tests' files under %s", qlonglong(logs.size()), qPrintable(build));
    QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("the test API key appears in:\n") + found.join(u'\n')));
}

void tst_KeyHygiene::tlsErrorsAreNeverIgnored()
{
    QStringList offenders;
    QDirIterator it(QStringLiteral(REPLIMON_SOURCE_DIR "/src"), {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                    QDir::Files, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray source = file.readAll();
        ++files;
        for (const char *pattern : {"ignoreSslErrors", "VerifyNone", "QueryPeer"}) {
            if (source.contains(pattern))
                offenders.append(file.fileName() + QStringLiteral(": ") + QLatin1String(pattern));
        }
    }
    QCOMPARE_GT(files, 50);
    QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(u'\n')));
}

QTEST_GUILESS_MAIN(tst_KeyHygiene)
#include "tst_keyhygiene.moc"
