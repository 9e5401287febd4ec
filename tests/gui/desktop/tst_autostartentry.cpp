// AutostartEntry on real files: the entry it writes is read by desktop-file-validate (the validator the
// desktops' own tools use), its Exec line names the program and --tray however odd the program's path,
// and removing it leaves nothing.
#include "AutostartEntry.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

/// Splits an Exec value (already unescaped as a desktop-entry string) into arguments as the Desktop Entry
/// specification says: double-quoted arguments with `\"`, `\``, `\$` and `\\` escaped, and `%%` a percent.
QStringList splitExec(const QString &exec)
{
    QStringList arguments;
    QString current;
    bool inQuotes = false;
    bool started = false;
    for (qsizetype i = 0; i < exec.size(); ++i) {
        const QChar c = exec.at(i);
        if (inQuotes && c == u'\\' && i + 1 < exec.size()) {
            current += exec.at(++i);
        } else if (c == u'"') {
            inQuotes = !inQuotes;
            started = true;
        } else if (c == u'%' && i + 1 < exec.size() && exec.at(i + 1) == u'%') {
            current += u'%';
            ++i;
        } else if (c == u' ' && !inQuotes) {
            if (started || !current.isEmpty())
                arguments.append(current);
            current.clear();
            started = false;
        } else {
            current += c;
        }
    }
    if (started || !current.isEmpty())
        arguments.append(current);
    return arguments;
}

/// The Exec value of @p contents, with the desktop-entry string escapes undone.
QString execValue(const QByteArray &contents)
{
    for (const QByteArray &line : contents.split('\n')) {
        if (!line.startsWith("Exec="))
            continue;
        const QString raw = QString::fromUtf8(line.mid(5));
        QString value;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw.at(i) == u'\\' && i + 1 < raw.size()) {
                const QChar next = raw.at(++i);
                value += next == u'n' ? QChar(u'\n') : next == u't' ? QChar(u'\t') : next;
            } else {
                value += raw.at(i);
            }
        }
        return value;
    }
    return {};
}

} // namespace

class tst_AutostartEntry final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void defaultPathFollowsXdgConfigHome();
    void writtenEntryValidates_data();
    void writtenEntryValidates();
    void removeLeavesNothing();
    void rightEntryIsNotWrittenAgain();
    void unwritablePlaceIsAnError();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_AutostartEntry::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_AutostartEntry::defaultPathFollowsXdgConfigHome()
{
    const QByteArray saved = qgetenv("XDG_CONFIG_HOME");
    const auto restore = qScopeGuard([&] { qputenv("XDG_CONFIG_HOME", saved); });
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir->path()));
    QCOMPARE(AutostartEntry::defaultPath(), m_dir->filePath(QStringLiteral("autostart/replimon.desktop")));
}

void tst_AutostartEntry::writtenEntryValidates_data()
{
    QTest::addColumn<QString>("program");
    QTest::newRow("installed") << QStringLiteral("/usr/bin/replimon");
    QTest::newRow("spaces") << QStringLiteral("/home/li wei/My Apps/replimon");
    QTest::newRow("characters the shell and the spec reserve")
        << QStringLiteral("/opt/a \"quoted\" $HOME `cmd` 100% back\\slash/replimon");
    QTest::newRow("not ASCII") << QString::fromUtf8("/home/李伟/应用/replimon");
}

void tst_AutostartEntry::writtenEntryValidates()
{
    QFETCH(QString, program);
    const QString validator = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
    if (validator.isEmpty())
        QSKIP("desktop-file-validate is not installed (desktop-file-utils, in packaging/debian-deps.txt)");

    // The folder does not exist yet: a user who never had an autostart entry.
    const AutostartEntry entry(m_dir->filePath(QStringLiteral("config/autostart/replimon.desktop")), program);
    QVERIFY(!entry.exists());
    const auto written = entry.write();
    QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error()));
    QVERIFY(entry.exists());

    QFile file(entry.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    QCOMPARE(contents, entry.contents());

    QProcess validate;
    validate.setProcessChannelMode(QProcess::MergedChannels);
    validate.start(validator, {entry.filePath()});
    QVERIFY(validate.waitForFinished(30000));
    // Hints are advice; errors and warnings fail.
    QStringList complaints;
    for (const QByteArray &line : validate.readAll().split('\n')) {
        if (!line.trimmed().isEmpty() && !line.contains(": hint: "))
            complaints.append(QString::fromUtf8(line));
    }
    QVERIFY2(validate.exitStatus() == QProcess::NormalExit && validate.exitCode() == 0 && complaints.isEmpty(),
             qPrintable(complaints.join(u'\n') + u'\n' + QString::fromUtf8(contents)));

    // What the desktop runs: this program, in the tray.
    QCOMPARE(splitExec(execValue(contents)), (QStringList{program, QStringLiteral("--tray")}));
    QVERIFY(contents.contains("\nType=Application\n"));
    QVERIFY(contents.contains("\nName=Replimon\n"));
}

void tst_AutostartEntry::removeLeavesNothing()
{
    const QString path = m_dir->filePath(QStringLiteral("autostart/replimon.desktop"));
    const AutostartEntry entry(path, QStringLiteral("/usr/bin/replimon"));
    QVERIFY(entry.apply(true).ok());
    QVERIFY(QFile::exists(path));
    QVERIFY(entry.apply(false).ok());
    QVERIFY(!QFile::exists(path));
    // Removing what is not there is no error, and the folder and its other entries stay.
    QFile other(m_dir->filePath(QStringLiteral("autostart/other.desktop")));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.close();
    QVERIFY(entry.remove().ok());
    QCOMPARE(QDir(m_dir->filePath(QStringLiteral("autostart"))).entryList(QDir::Files),
             QStringList{QStringLiteral("other.desktop")});
}

void tst_AutostartEntry::rightEntryIsNotWrittenAgain()
{
    // Applied at every start: an entry already right is left as it is; one that differs (the program
    // moved, or someone edited it) is written again.
    const QString path = m_dir->filePath(QStringLiteral("autostart/replimon.desktop"));
    const AutostartEntry entry(path, QStringLiteral("/usr/bin/replimon"));
    QVERIFY(entry.apply(true).ok());
    const QDateTime longAgo = QDateTime::currentDateTimeUtc().addDays(-30);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(longAgo, QFileDevice::FileModificationTime));
    }
    QVERIFY(entry.apply(true).ok());
    QCOMPARE(QFileInfo(path).lastModified().toUTC().toSecsSinceEpoch(), longAgo.toSecsSinceEpoch());

    const AutostartEntry moved(path, QStringLiteral("/opt/replimon/bin/replimon"));
    QVERIFY(moved.apply(true).ok());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), moved.contents());
}

void tst_AutostartEntry::unwritablePlaceIsAnError()
{
    // The autostart "folder" is a file: nothing can be written under it.
    QFile blocker(m_dir->filePath(QStringLiteral("autostart")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const AutostartEntry entry(m_dir->filePath(QStringLiteral("autostart/replimon.desktop")),
                               QStringLiteral("/usr/bin/replimon"));
    const auto written = entry.write();
    QVERIFY(!written.ok());
    QVERIFY(!written.error().isEmpty());
    QVERIFY(!entry.exists());
}

QTEST_GUILESS_MAIN(tst_AutostartEntry)
#include "tst_autostartentry.moc"
