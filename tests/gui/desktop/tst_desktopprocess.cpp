// The real `replimon` binary, started the way a desktop starts it (offscreen, in a home of its own):
// --demo runs replimon-sim as a child that never outlives the app, and a second start hands its ids to
// the running instance and exits. Without an API key it sends nothing.
#include "SimProcess.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

namespace {

struct ProcStat
{
    QByteArray name;
    char state = 0;
    qint64 parent = 0;
};

// /proc/PID/stat: "PID (NAME) STATE PPID …"; NAME may itself hold spaces and parentheses.
std::optional<ProcStat> procStat(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray line = file.readAll();
    const int open = line.indexOf('(');
    const int close = line.lastIndexOf(')');
    if (open < 0 || close < open)
        return std::nullopt;
    const QList<QByteArray> rest = line.mid(close + 2).split(' ');
    if (rest.size() < 2 || rest.at(0).isEmpty())
        return std::nullopt;
    return ProcStat{line.mid(open + 1, close - open - 1), rest.at(0).at(0), rest.at(1).toLongLong()};
}

qint64 childNamed(qint64 parent, const QByteArray &name)
{
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        const auto stat = procStat(pid);
        if (stat && stat->parent == parent && stat->name == name && stat->state != 'Z')
            return pid;
    }
    return 0;
}

// Gone, or a zombie waiting for a parent that does not reap (as PID 1 in some containers).
bool isGone(qint64 pid)
{
    const auto stat = procStat(pid);
    return !stat || stat->state == 'Z' || stat->state == 'X';
}

const QByteArray simName = "replimon-sim";

// The ids in the tasks table of the app's database under @p home (empty until the database exists).
QSet<QString> storedIds(const QString &home)
{
    QDirIterator it(QDir(home).filePath(QStringLiteral(".local/share")), {QStringLiteral("replimon.sqlite")},
                    QDir::Files, QDirIterator::Subdirectories);
    if (!it.hasNext())
        return {};
    QSet<QString> ids;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(it.next());
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT id FROM tasks"), db);
            while (query.next())
                ids.insert(query.value(0).toString());
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return ids;
}

// Succeeded tasks in the demo's database under @p home whose outputs are still on the server: how many, and how
// many of them have no saved copy. {-1, -1} until the database exists.
std::pair<int, int> succeededAndUnsaved(const QString &home)
{
    QDirIterator it(QDir(home).filePath(QStringLiteral(".local/share")), {QStringLiteral("replimon-demo.sqlite")},
                    QDir::Files, QDirIterator::Subdirectories);
    if (!it.hasNext())
        return {-1, -1};
    std::pair<int, int> counts{-1, -1};
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("demo"));
        db.setDatabaseName(it.next());
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(local_files = '[]'), 0) FROM tasks"
                                           " WHERE status = 'succeeded' AND data_removed = 0"),
                            db);
            if (query.next())
                counts = {query.value(0).toInt(), query.value(1).toInt()};
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("demo"));
    return counts;
}

} // namespace

class tst_DesktopProcess final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void versionIsPrinted();
    void helpAndVersionNeedNoDisplay();
    void demoSimulatorEndsWithTheApp_data();
    void demoSimulatorEndsWithTheApp();
    void startAfterACrashTakesOver();
    void addReachesTheRunningInstance();
    void withoutKeyNothingIsSent();
    void importedOutputsAreSaved();
    void badCapturePortIsRefused_data();
    void badCapturePortIsRefused();
    void captureForOneRun();

private:
    /// Starts the app in the test's home; it is killed in cleanup() if still running.
    QProcess &startApp(const QStringList &args);
    /// Runs a second start to its end; returns its exit code (-1 if it did not end).
    int runOnce(const QStringList &args);
    QString socketPath(bool demo) const;
    QString output(QProcess &process) const;

    std::unique_ptr<QTemporaryDir> m_home;
    QProcessEnvironment m_environment;
    std::vector<std::unique_ptr<QProcess>> m_apps;
};

void tst_DesktopProcess::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    const QDir home(m_home->path());
    for (const char *dir : {".config", ".local/share", ".cache", "run"})
        QVERIFY(home.mkpath(QLatin1String(dir)));
    QVERIFY(QFile::setPermissions(home.filePath(QStringLiteral("run")),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("HOME"), home.path());
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral(".config")));
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral(".local/share")));
    m_environment.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral(".cache")));
    m_environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.filePath(QStringLiteral("run")));
    m_environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    m_environment.insert(QStringLiteral("REPLIMON_SIM"), QStringLiteral(REPLIMON_SIM));
    // No keyring, no key, no display: nothing outside the test's home is touched.
    for (const char *name :
         {"DBUS_SESSION_BUS_ADDRESS", "REPLIMON_API_KEY", "REPLICATE_API_TOKEN", "DISPLAY", "WAYLAND_DISPLAY"})
        m_environment.remove(QLatin1String(name));

    // The provider is a closed port on loopback: polling fails fast and never leaves the machine.
    QVERIFY(home.mkpath(QStringLiteral(".config/replimon")));
    QFile ini(home.filePath(QStringLiteral(".config/replimon/replimon.ini")));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write("[Api]\nprovider=custom\ncustomRoot=http://127.0.0.1:9/v1\n");
}

void tst_DesktopProcess::cleanup()
{
    for (const auto &app : m_apps) {
        if (app->state() != QProcess::NotRunning) {
            app->kill();
            app->waitForFinished(10000);
        }
    }
    m_apps.clear();
}

QProcess &tst_DesktopProcess::startApp(const QStringList &args)
{
    auto app = std::make_unique<QProcess>();
    app->setProcessEnvironment(m_environment);
    app->setProcessChannelMode(QProcess::MergedChannels);
    app->start(QStringLiteral(REPLIMON_APP), args);
    app->waitForStarted(30000);
    m_apps.push_back(std::move(app));
    return *m_apps.back();
}

int tst_DesktopProcess::runOnce(const QStringList &args)
{
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(REPLIMON_APP), args);
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    const QByteArray said = process.readAll();
    if (!said.trimmed().isEmpty())
        qInfo("replimon %s said: %s", qPrintable(args.join(u' ')), said.constData());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QString tst_DesktopProcess::socketPath(bool demo) const
{
    const QString name = demo ? QStringLiteral("replimon-demo-%1") : QStringLiteral("replimon-%1");
    return QDir(m_home->path()).filePath(QStringLiteral("run/") + name.arg(::getuid()));
}

QString tst_DesktopProcess::output(QProcess &process) const
{
    return QString::fromLocal8Bit(process.readAll());
}

void tst_DesktopProcess::versionIsPrinted()
{
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(QStringLiteral(REPLIMON_APP), {QStringLiteral("--version")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(process.readAllStandardOutput().trimmed(), QByteArray("replimon " REPLIMON_VERSION));
}

void tst_DesktopProcess::helpAndVersionNeedNoDisplay()
{
    // A terminal without any display (ssh): no platform plugin can start, yet these only print.
    QProcessEnvironment environment = m_environment;
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    for (const QString &option : {QStringLiteral("--version"), QStringLiteral("--help")}) {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(REPLIMON_APP), {option});
        QVERIFY(process.waitForFinished(60000));
        QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
                 process.readAllStandardError().constData());
        const QByteArray out = process.readAllStandardOutput();
        QVERIFY2(out.contains(option == u"--version" ? QByteArray("replimon " REPLIMON_VERSION) : QByteArray("--demo")),
                 out.constData());
    }
}

void tst_DesktopProcess::demoSimulatorEndsWithTheApp_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGKILL (the child is told by the kernel)") << int(SIGKILL);
}

void tst_DesktopProcess::demoSimulatorEndsWithTheApp()
{
    QFETCH(int, signal);
    QProcess &app = startApp({QStringLiteral("--demo")});
    QCOMPARE(app.state(), QProcess::Running);
    const qint64 appPid = app.processId();

    qint64 sim = 0;
    QTRY_VERIFY2_WITH_TIMEOUT((sim = childNamed(appPid, simName)) > 0 || app.state() == QProcess::NotRunning,
                              qPrintable(output(app)), 60000);
    QVERIFY2(sim > 0, qPrintable(QStringLiteral("the app ended: ") + output(app)));
    // The demo has its own socket, apart from the real app's.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(socketPath(true)), 30000);
    QVERIFY(!QFileInfo::exists(socketPath(false)));

    QCOMPARE(::kill(pid_t(appPid), signal), 0);
    QVERIFY(app.waitForFinished(30000));
    QTRY_VERIFY_WITH_TIMEOUT(isGone(sim), 15000);
}

void tst_DesktopProcess::startAfterACrashTakesOver()
{
    // A killed instance leaves its socket behind; the next start must not mistake it for a running one.
    QProcess &first = startApp({QStringLiteral("--demo")});
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(socketPath(true)), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(childNamed(first.processId(), simName) > 0, 60000);
    first.kill();
    QVERIFY(first.waitForFinished(30000));
    QVERIFY(QFileInfo::exists(socketPath(true)));

    QProcess &second = startApp({QStringLiteral("--demo")});
    QTRY_VERIFY2_WITH_TIMEOUT(childNamed(second.processId(), simName) > 0 || second.state() == QProcess::NotRunning,
                              qPrintable(output(second)), 60000);
    QCOMPARE(second.state(), QProcess::Running);
    // And it answers: a third start hands over and ends.
    QCOMPARE(runOnce({QStringLiteral("--demo")}), 0);
    QCOMPARE(second.state(), QProcess::Running);
}

void tst_DesktopProcess::addReachesTheRunningInstance()
{
    const QString first = QStringLiteral("w44zs9cet5rmc0cqzp49gpkhf8");
    const QString second = QStringLiteral("qh5yfvd6ksrm80cqzpa9kq5ks4");
    const QString third = QStringLiteral("8xv2k1m3d5rmc0cqzp4bqvnt2c");
    const QString fourth = QStringLiteral("zq7h3fy0xnrmc0cqzp4c1ve8d4");

    QProcess &app = startApp({QStringLiteral("--add"), first});
    QTRY_VERIFY2_WITH_TIMEOUT(QFileInfo::exists(socketPath(false)) || app.state() == QProcess::NotRunning,
                              qPrintable(output(app)), 60000);
    QCOMPARE(app.state(), QProcess::Running);

    QCOMPARE(runOnce({QStringLiteral("--add"), second}), 0);
    QCOMPARE(runOnce({third, QStringLiteral("https://replicate.com/p/") + fourth}), 0);
    QCOMPARE(runOnce({}), 0); // only brings the window up
    QCOMPARE(app.state(), QProcess::Running);

    // The running instance put every id in its database.
    const QSet<QString> expected{first, second, third, fourth};
    QTRY_COMPARE_WITH_TIMEOUT(storedIds(m_home->path()), expected, 30000);

    // Still there once the app has gone.
    app.terminate();
    QVERIFY(app.waitForFinished(30000));
    QCOMPARE(storedIds(m_home->path()), expected);
}

void tst_DesktopProcess::withoutKeyNothingIsSent()
{
    // No key anywhere: the task is tracked and the window asks for a key, but no poll goes out (each
    // would only fetch a 401). With a key, the same start polls at once.
    SimProcess sim;
    QVERIFY2(sim.start(), sim.standardError().constData());
    const QStringList ids = sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 60000}});
    QCOMPARE(ids.size(), 1);
    const QString pollPath = QStringLiteral("/v1/predictions/") + ids.first();
    QFile ini(QDir(m_home->path()).filePath(QStringLiteral(".config/replimon/replimon.ini")));
    QVERIFY(ini.open(QIODevice::WriteOnly | QIODevice::Truncate));
    ini.write("[Api]\nprovider=custom\ncustomRoot=" + sim.apiRoot().toString().toUtf8()
              + "\n[Polling]\nintervalMs=500\n");
    ini.close();
    const auto logText = [&sim] { return QJsonDocument(sim.requestLog()).toJson(QJsonDocument::Compact); };

    QProcess &keyless = startApp({QStringLiteral("--add"), ids.first()});
    QTRY_COMPARE_WITH_TIMEOUT(storedIds(m_home->path()), QSet<QString>{ids.first()}, 30000);
    // The first poll would leave as soon as the id is stored: wait four poll intervals for any.
    QTest::qWait(2000);
    QCOMPARE(keyless.state(), QProcess::Running);
    QVERIFY2(sim.requestLog().isEmpty(), logText().constData());
    keyless.terminate();
    QVERIFY(keyless.waitForFinished(30000));

    m_environment.insert(QStringLiteral("REPLIMON_API_KEY"), sim.token());
    startApp({});
    const auto polled = [&sim, &pollPath] {
        const QJsonArray log = sim.requestLog();
        return std::any_of(log.cbegin(), log.cend(), [&pollPath](const QJsonValue &entry) {
            return entry[QLatin1String("path")].toString() == pollPath && entry[QLatin1String("authorization")].toBool()
                && entry[QLatin1String("status")].toInt() == 200;
        });
    };
    QTRY_VERIFY2_WITH_TIMEOUT(polled(), logText().constData(), 30000);
}

void tst_DesktopProcess::importedOutputsAreSaved()
{
    // The demo imports predictions that succeeded before it started. They never finish while watched, but
    // their outputs expire all the same: they are saved as soon as they are tracked.
    const QString folder = QDir(m_home->path()).filePath(QStringLiteral("saved"));
    QFile ini(QDir(m_home->path()).filePath(QStringLiteral(".config/replimon/replimon.ini")));
    QVERIFY(ini.open(QIODevice::Append));
    ini.write("[Downloads]\nfolder=" + folder.toUtf8() + "\n");
    ini.close();

    QProcess &app = startApp({QStringLiteral("--demo")});
    std::pair<int, int> counts;
    QTRY_VERIFY2_WITH_TIMEOUT((counts = succeededAndUnsaved(m_home->path())).first >= 3 && counts.second == 0,
                              qPrintable(QStringLiteral("%1 succeeded, %2 without a saved copy; the app said: %3")
                                             .arg(counts.first)
                                             .arg(counts.second)
                                             .arg(output(app))),
                              60000);
    QVERIFY(!QDir(folder).entryList(QDir::Files).isEmpty());
}

void tst_DesktopProcess::badCapturePortIsRefused_data()
{
    QTest::addColumn<QString>("port");
    QTest::newRow("privileged") << QStringLiteral("80");
    QTest::newRow("too large") << QStringLiteral("70000");
    QTest::newRow("not a number") << QStringLiteral("http");
    QTest::newRow("negative") << QStringLiteral("-5088");
}

void tst_DesktopProcess::badCapturePortIsRefused()
{
    QFETCH(QString, port);
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(QStringLiteral(REPLIMON_APP), {QStringLiteral("--capture"), port});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 1);
    const QByteArray said = process.readAllStandardError();
    QVERIFY2(said.contains("--capture") && said.contains("1024"), said.constData());
}

void tst_DesktopProcess::captureForOneRun()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    QProcess &app = startApp({QStringLiteral("--capture"), QString::number(port)});
    QCOMPARE(app.state(), QProcess::Running);

    // The endpoint answers at once, forwarding to the configured provider root: a closed port, so 502.
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            if (!socket.waitForConnected(1000))
                return false;
            socket.write("GET /v1/predictions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            while (socket.waitForReadyRead(10000))
                answer += socket.readAll();
            return !answer.isEmpty();
        }() || app.state() == QProcess::NotRunning,
        30000);
    QVERIFY2(app.state() == QProcess::Running, qPrintable(output(app)));
    QVERIFY2(answer.startsWith("HTTP/1.1 502"), answer.constData());
    QVERIFY2(answer.contains("application/problem+json"), answer.constData());

    // For this run only: nothing about capture was saved.
    QFile ini(QDir(m_home->path()).filePath(QStringLiteral(".config/replimon/replimon.ini")));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray settings = ini.readAll();
    QVERIFY2(!settings.contains("Capture"), settings.constData());
}

QTEST_GUILESS_MAIN(tst_DesktopProcess)
#include "tst_desktopprocess.moc"
