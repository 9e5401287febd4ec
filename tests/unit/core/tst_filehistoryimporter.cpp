// History rebuilt from saved outputs: FileHistoryImporter over files that carry their prediction (written
// by ImageMetadata, as the save path does), files that do not, and a thousand files with a progress bar.
#include "FileHistoryImporter.h"
#include "ImageMetadata.h"
#include "SavedOutputFixtures.h"
#include "TaskStore.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

using namespace SavedOutputFixtures;

const QString fallback = QStringLiteral("quickrouter");

bool writeOutput(const QString &path, const Prediction &p, const QString &providerName)
{
    const auto embedded = ImageMetadata::embed(smallPng(), ProvenanceRecord::fromPrediction(p, providerName));
    return embedded.ok() && writeFile(path, embedded.value());
}

} // namespace

class tst_FileHistoryImporter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void addsTasksAsTheyWere();
    void listsFilesWithoutAPrediction();
    void leavesTrackedTasksAlone();
    void thousandOutputsWithProgress();

private:
    FileHistoryImporter::Summary run(const QStringList &paths);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TaskStore> m_store;
    std::unique_ptr<FileHistoryImporter> m_importer;
};

void tst_FileHistoryImporter::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_FileHistoryImporter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<TaskStore>();
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("tasks.sqlite"))).ok());
    m_importer = std::make_unique<FileHistoryImporter>(*m_store);
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("outputs/nested")));
}

void tst_FileHistoryImporter::cleanup()
{
    m_importer.reset();
    m_store.reset();
    m_dir.reset();
}

FileHistoryImporter::Summary tst_FileHistoryImporter::run(const QStringList &paths)
{
    QSignalSpy finished(m_importer.get(), &FileHistoryImporter::finished);
    if (!m_importer->start(paths, fallback) || !finished.wait(20000))
        return {};
    return finished.constFirst().at(0).value<FileHistoryImporter::Summary>();
}

void tst_FileHistoryImporter::addsTasksAsTheyWere()
{
    const QString folder = m_dir->filePath(QStringLiteral("outputs"));
    const Prediction two = prediction(QStringLiteral("twooutputs0000000000000000"), QStringLiteral("两只猫"));
    const Prediction one = prediction(QStringLiteral("oneoutput00000000000000000"), QStringLiteral("a lighthouse"));
    QVERIFY(
        writeOutput(folder + QStringLiteral("/twooutputs0000000000000000-1.png"), two, QStringLiteral("Replicate")));
    QVERIFY(writeOutput(folder + QStringLiteral("/nested/twooutputs0000000000000000-2.png"), two,
                        QStringLiteral("Replicate")));
    QVERIFY(writeOutput(folder + QStringLiteral("/oneoutput00000000000000000.png"), one, QStringLiteral("Someone")));

    const FileHistoryImporter::Summary summary = run({folder});
    QCOMPARE(summary.files, 3);
    QCOMPARE(summary.added.size(), 2);
    QVERIFY(summary.skipped.isEmpty());

    // The provider named in the file, else the one given; two outputs of one prediction are one task.
    const Task *restored = m_store->task(TaskKey{QStringLiteral("replicate"), two.id()});
    QVERIFY(restored);
    QCOMPARE(restored->status, PredictionStatus::Succeeded);
    QCOMPARE(restored->prompt, QStringLiteral("两只猫"));
    QCOMPARE(restored->rawJson(), two.rawJson());
    QCOMPARE(restored->prediction().input(QStringLiteral("seed")).toInt(), 7);
    QCOMPARE(restored->localFiles,
             (QStringList{folder + QStringLiteral("/nested/twooutputs0000000000000000-2.png"),
                          folder + QStringLiteral("/twooutputs0000000000000000-1.png")}));
    QVERIFY(restored->addedAt.isValid());
    QVERIFY(m_store->contains(TaskKey{fallback, one.id()}));
}

void tst_FileHistoryImporter::listsFilesWithoutAPrediction()
{
    const QString folder = m_dir->filePath(QStringLiteral("outputs"));
    QVERIFY(writeFile(folder + QStringLiteral("/plain.png"), smallPng()));
    QVERIFY(writeFile(folder + QStringLiteral("/notes.txt"), "not an image"));
    QByteArray broken = ImageMetadata::embed(
                            smallPng(),
                            ProvenanceRecord::fromPrediction(
                                prediction(QStringLiteral("brokenfile0000000000000000"), QStringLiteral("x")),
                                QStringLiteral("Replicate")))
                            .value();
    broken[60] = char(broken.at(60) ^ 1); // inside the first text chunk: its CRC no longer matches
    QVERIFY(writeFile(folder + QStringLiteral("/broken.png"), broken));

    const FileHistoryImporter::Summary summary = run({folder, m_dir->filePath(QStringLiteral("missing"))});
    QCOMPARE(summary.added.size(), 0);
    QCOMPARE(m_store->count(), 0);
    QCOMPARE(summary.skipped.size(), 4);
    QStringList listed;
    for (const auto &[path, reason] : summary.skipped) {
        QVERIFY2(!reason.isEmpty(), qPrintable(path));
        listed.append(QFileInfo(path).fileName());
    }
    listed.sort();
    QCOMPARE(listed,
             (QStringList{QStringLiteral("broken.png"), QStringLiteral("missing"), QStringLiteral("notes.txt"),
                          QStringLiteral("plain.png")}));
}

void tst_FileHistoryImporter::leavesTrackedTasksAlone()
{
    const Prediction p = prediction(QStringLiteral("trackedalready000000000000"), QStringLiteral("kept"));
    QVERIFY(m_store->add(fallback, {p.id()}).ok());
    const QString path = m_dir->filePath(QStringLiteral("outputs/tracked.png"));
    QVERIFY(writeOutput(path, p, QStringLiteral("QuickRouter")));
    const FileHistoryImporter::Summary summary = run({path});
    QCOMPARE(summary.added.size(), 0);
    QCOMPARE(summary.alreadyTracked, 1);
    QCOMPARE(m_store->count(), 1);
    QVERIFY(!m_store->task(TaskKey{fallback, p.id()})->hasPrediction());
}

void tst_FileHistoryImporter::thousandOutputsWithProgress()
{
    const QString folder = m_dir->filePath(QStringLiteral("outputs"));
    const QByteArray png = smallPng();
    constexpr int count = 1000;
    for (int i = 0; i < count; ++i) {
        const QString id = QStringLiteral("bulk%1").arg(i, 22, 10, QLatin1Char('0'));
        const auto embedded = ImageMetadata::embed(
            png,
            ProvenanceRecord::fromPrediction(prediction(id, QStringLiteral("prompt %1").arg(i)),
                                             QStringLiteral("Replicate")));
        QVERIFY(writeFile(folder + u'/' + id + QStringLiteral(".png"), embedded.value()));
    }

    // How long it takes is a speed figure: tests/bench/bench_fileimport (fileimport.ms, target 5 s).
    QSignalSpy progress(m_importer.get(), &FileHistoryImporter::progress);
    const FileHistoryImporter::Summary summary = run({folder});
    QCOMPARE(summary.added.size(), count);
    QCOMPARE(m_store->count(), count);
    // A progress bar has something to show (Qt coalesces the steps of a fast read), ending at all files read.
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().at(0).toInt(), count);
    QCOMPARE(progress.constLast().at(1).toInt(), count);
}

QTEST_GUILESS_MAIN(tst_FileHistoryImporter)
#include "tst_filehistoryimporter.moc"
