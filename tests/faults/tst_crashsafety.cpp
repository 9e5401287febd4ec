// Crash safety: replimon-crashchild adds and updates tasks and saves a large output file while this test
// kills it with SIGKILL at random moments. After every kill the database must open as it is (not moved
// aside), hold every task whose add() had returned, hold only readable predictions, and the output
// folder must hold only complete files.
#include "ApiEndpoint.h"
#include "SimProcess.h"
#include "TaskStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

constexpr int kills = 100;
constexpr qint64 fileBytes = 24LL * 1024 * 1024;

} // namespace

class tst_CrashSafety final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killedAtRandomMomentsLosesNothing();

private:
    SimProcess m_sim;
};

void tst_CrashSafety::initTestCase()
{
    QVERIFY2(m_sim.start(), m_sim.standardError().constData());
}

void tst_CrashSafety::killedAtRandomMomentsLosesNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString database = dir.filePath(QStringLiteral("tasks.sqlite"));
    const QString outputs = dir.filePath(QStringLiteral("out"));
    const QString fileUrl = m_sim.secondHost().toString() + QStringLiteral("/files/blob/") + QString::number(fileBytes);
    const QString provider = ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom);

    // Reproducible from the seed in the log.
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    QRandomGenerator random(seed);

    QSet<QString> acknowledged;
    int killedWhileSaving = 0;
    int killedBeforeReady = 0;
    int committedFiles = 0;
    for (int round = 0; round < kills; ++round) {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QStringLiteral(REPLIMON_CRASHCHILD),
                    {database, outputs, fileUrl, QString::number(random.generate())});
        QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
        // Most kills after the store is open, some during start-up.
        QElapsedTimer clock;
        clock.start();
        const int killAfterMs = int(random.bounded(400));
        while (clock.elapsed() < killAfterMs && child.state() == QProcess::Running)
            child.waitForReadyRead(int(killAfterMs - clock.elapsed()) + 1);
        QCOMPARE(child.state(), QProcess::Running); // it never ends by itself
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(5000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        // Whatever it said before dying was true before it died.
        const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
        bool ready = false;
        bool saving = false;
        for (const QByteArray &line : lines) {
            if (line == "ready")
                ready = true;
            if (line.startsWith("added ")) {
                for (const QByteArray &id : line.mid(6).split(' '))
                    acknowledged.insert(QString::fromLatin1(id));
            }
            if (line == "save-start")
                saving = true;
            if (line.startsWith("saved ") || line.startsWith("save-failed "))
                saving = false;
        }
        killedBeforeReady += ready ? 0 : 1;
        killedWhileSaving += saving ? 1 : 0;

        TaskStore store;
        const auto opened = store.open(database);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QVERIFY2(opened.value().movedAsidePath.isEmpty(), qPrintable(opened.value().movedAsideReason));
        for (const QString &id : std::as_const(acknowledged))
            QVERIFY2(store.contains({provider, id}), qPrintable(QStringLiteral("round %1 lost %2").arg(round).arg(id)));
        for (const Task &task : store.tasks()) {
            if (!task.hasPrediction())
                continue;
            const auto parsed = Prediction::fromJson(task.rawJson());
            QVERIFY2(parsed, qPrintable(task.key.id));
            QCOMPARE(parsed.value().id(), task.key.id);
        }

        // Only whole files, under their final names.
        const QFileInfoList files = QDir(outputs).entryInfoList(QDir::Files | QDir::Hidden | QDir::System);
        for (const QFileInfo &file : files) {
            QVERIFY2(file.fileName().endsWith(QStringLiteral(".png")), qPrintable(file.fileName()));
            QCOMPARE(file.size(), fileBytes);
            ++committedFiles;
            QVERIFY(QFile::remove(file.absoluteFilePath())); // keep the disk use bounded
        }
    }
    qInfo("%d kills: %d before the store was open, %d during a save; %lld tasks acknowledged, %d files "
          "committed",
          kills, killedBeforeReady, killedWhileSaving, qlonglong(acknowledged.size()), committedFiles);
    // The dangerous moments were actually hit.
    QCOMPARE_GE(killedWhileSaving, 10);
    QCOMPARE_GE(acknowledged.size(), qsizetype(kills));
}

QTEST_GUILESS_MAIN(tst_CrashSafety)
#include "tst_crashsafety.moc"
