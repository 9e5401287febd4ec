// Saved outputs dropped on the window become tasks through FileImportFlow; web addresses stay the window's.
#include "FileImportFlow.h"
#include "ImageMetadata.h"
#include "TaskStore.h"

#include <QBuffer>
#include <QDropEvent>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

namespace {

QString savedOutput(const QTemporaryDir &dir, const QString &id)
{
    QImage image(16, 16, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "png");
    QJsonObject object;
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("status"), QStringLiteral("succeeded"));
    object.insert(QStringLiteral("input"), QJsonObject{{QStringLiteral("prompt"), QStringLiteral("a dropped file")}});
    const Prediction prediction = Prediction::fromJson(QJsonDocument(object).toJson()).value();
    const QByteArray bytes =
        ImageMetadata::embed(png, ProvenanceRecord::fromPrediction(prediction, QStringLiteral("Replicate"))).value();
    const QString path = dir.filePath(id + QStringLiteral(".png"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

// What the window system sends: enter, then drop. Returns whether the drop was taken.
bool drop(QWidget &window, const QList<QUrl> &urls)
{
    QMimeData data;
    data.setUrls(urls);
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent event(QPointF(5, 5), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &event);
    return event.isAccepted();
}

} // namespace

class tst_FileImportFlow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void droppedFilesAreImported();
    void webAddressesAreLeftToTheWindow();
    void existingPathsSeparatesFilesFromIds();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TaskStore> m_store;
    std::unique_ptr<QWidget> m_window;
    std::unique_ptr<FileImportFlow> m_flow;
};

void tst_FileImportFlow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<TaskStore>();
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("tasks.sqlite"))).ok());
    m_window = std::make_unique<QWidget>();
    m_window->setAcceptDrops(true); // as MainWindow does
    m_flow = std::make_unique<FileImportFlow>(*m_store, m_window.get());
}

void tst_FileImportFlow::cleanup()
{
    m_flow.reset();
    m_window.reset();
    m_store.reset();
    m_dir.reset();
}

void tst_FileImportFlow::droppedFilesAreImported()
{
    FileImportFlow *flow = m_flow.get();
    connect(flow, &FileImportFlow::filesDropped, flow,
            [flow](const QStringList &paths) { flow->import(paths, QStringLiteral("quickrouter")); });
    QSignalSpy message(flow, &FileImportFlow::message);

    const QString first = savedOutput(*m_dir, QStringLiteral("droppedfile000000000000001"));
    const QString second = savedOutput(*m_dir, QStringLiteral("droppedfile000000000000002"));
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    QVERIFY(drop(*m_window, {QUrl::fromLocalFile(first), QUrl::fromLocalFile(second)}));
    QVERIFY(message.wait(10000));
    QCOMPARE(m_store->count(), 2);
    const Task *task = m_store->task(
        TaskKey{QStringLiteral("replicate"), QStringLiteral("droppedfile000000000000001")});
    QVERIFY(task);
    QCOMPARE(task->prompt, QStringLiteral("a dropped file"));
    QCOMPARE(task->localFiles, QStringList{first});
    QVERIFY(message.constFirst().at(0).toString().startsWith(QLatin1String("2 prediction")));
}

void tst_FileImportFlow::webAddressesAreLeftToTheWindow()
{
    QSignalSpy dropped(m_flow.get(), &FileImportFlow::filesDropped);
    QVERIFY(!drop(*m_window, {QUrl(QStringLiteral("https://replicate.com/p/w44zs9cet5rmc0cqzp49gpkhf8"))}));
    QVERIFY(dropped.isEmpty());
}

void tst_FileImportFlow::existingPathsSeparatesFilesFromIds()
{
    const QTemporaryDir &dir = *m_dir;
    const QString file = savedOutput(dir, QStringLiteral("existingfile00000000000001"));
    QCOMPARE(FileImportFlow::existingPaths({QStringLiteral("w44zs9cet5rmc0cqzp49gpkhf8"), file, dir.path()}),
             (QStringList{file, dir.path()}));
}

QTEST_MAIN(tst_FileImportFlow)
#include "tst_fileimportflow.moc"
