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
    void droppedFilesAreImported();
    void webAddressesAreLeftToTheWindow();
    void existingPathsSeparatesFilesFromIds();
};

void tst_FileImportFlow::droppedFilesAreImported()
{
    QTemporaryDir dir;
    TaskStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("tasks.sqlite"))).ok());
    QWidget window;
    window.setAcceptDrops(true); // as MainWindow does
    FileImportFlow flow(store, &window);
    connect(&flow, &FileImportFlow::filesDropped, &flow,
            [&flow](const QStringList &paths) { flow.import(paths, QStringLiteral("quickrouter")); });
    QSignalSpy message(&flow, &FileImportFlow::message);

    const QString first = savedOutput(dir, QStringLiteral("droppedfile000000000000001"));
    const QString second = savedOutput(dir, QStringLiteral("droppedfile000000000000002"));
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    QVERIFY(drop(window, {QUrl::fromLocalFile(first), QUrl::fromLocalFile(second)}));
    QVERIFY(message.wait(10000));
    QCOMPARE(store.count(), 2);
    const Task *task = store.task(TaskKey{QStringLiteral("replicate"), QStringLiteral("droppedfile000000000000001")});
    QVERIFY(task);
    QCOMPARE(task->prompt, QStringLiteral("a dropped file"));
    QCOMPARE(task->localFiles, QStringList{first});
    QVERIFY(message.constFirst().at(0).toString().startsWith(QLatin1String("2 prediction")));
}

void tst_FileImportFlow::webAddressesAreLeftToTheWindow()
{
    QTemporaryDir dir;
    TaskStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("tasks.sqlite"))).ok());
    QWidget window;
    window.setAcceptDrops(true); // as MainWindow does
    FileImportFlow flow(store, &window);
    QSignalSpy dropped(&flow, &FileImportFlow::filesDropped);
    QVERIFY(!drop(window, {QUrl(QStringLiteral("https://replicate.com/p/w44zs9cet5rmc0cqzp49gpkhf8"))}));
    QVERIFY(dropped.isEmpty());
}

void tst_FileImportFlow::existingPathsSeparatesFilesFromIds()
{
    QTemporaryDir dir;
    const QString file = savedOutput(dir, QStringLiteral("existingfile00000000000001"));
    QCOMPARE(FileImportFlow::existingPaths({QStringLiteral("w44zs9cet5rmc0cqzp49gpkhf8"), file, dir.path()}),
             (QStringList{file, dir.path()}));
}

QTEST_MAIN(tst_FileImportFlow)
#include "tst_fileimportflow.moc"
