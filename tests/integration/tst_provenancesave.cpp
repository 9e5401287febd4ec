// Outputs of replimon-sim in all four formats, saved through OutputSaver and through replimon-cli, carry
// their prediction where exiftool finds it, and decode to the server file's pixels.
#include "ImageMetadata.h"
#include "OutputSaver.h"
#include "PredictionClient.h"
#include "Settings.h"
#include "TaskStore.h"
#include "TestBackend.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int waitMs = 15000;

// exiftool's JSON for @p path ("Group:Tag": value, every tag even when repeated); empty when it failed.
// Kept as text: a repeated tag (GIF's two comments) is a repeated key, which a JSON object would merge.
QString exiftoolJson(const QString &path)
{
    QProcess process;
    process.start(QStringLiteral("exiftool"),
                  {QStringLiteral("-json"), QStringLiteral("-a"), QStringLiteral("-G1"), QStringLiteral("-charset"),
                   QStringLiteral("UTF8"), path});
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput());
}

// Whether a tag's value is exactly @p text, or starts with it as its first line (the parameters text).
bool holdsValue(const QString &json, const QString &text)
{
    QString quoted = QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact));
    quoted = quoted.mid(1, quoted.size() - 3); // ["…"] → "… without the closing quote
    return json.contains(quoted + u'"') || json.contains(quoted + QStringLiteral("\\n"));
}

QByteArray fetchBytes(QNetworkAccessManager &nam, const QUrl &url)
{
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const bool done = finished.wait(waitMs);
    const QByteArray bytes = done && reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
    reply->deleteLater();
    return bytes;
}

QImage pixels(const QByteArray &bytes)
{
    return QImage::fromData(bytes).convertToFormat(QImage::Format_ARGB32);
}

} // namespace

class tst_ProvenanceSave final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void savedOutputsCarryTheirPrediction_data();
    void savedOutputsCarryTheirPrediction();
    void settingsTurnItOffAndAddTheJson();
    void cliDownloadsCarryTheirPrediction();

private:
    Task fetchTask(const QString &id);
    QStringList saveThroughTheApp(const TaskKey &key);

    TestBackend m_backend;
    SimProcess &m_sim = m_backend.sim();
    std::unique_ptr<OutputSaver> m_saver;
    std::unique_ptr<QTemporaryDir> m_downloads;
};

void tst_ProvenanceSave::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("exiftool")).isEmpty())
        QFAIL("exiftool is missing: install libimage-exiftool-perl (packaging/dev.sh deps)");
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

void tst_ProvenanceSave::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    m_saver = std::make_unique<OutputSaver>(m_backend.downloader(), m_backend.store(), &m_backend.settings());
    m_downloads = std::make_unique<QTemporaryDir>();
}

void tst_ProvenanceSave::cleanup()
{
    m_saver.reset();
    m_backend.close();
}

Task tst_ProvenanceSave::fetchTask(const QString &id)
{
    const QString provider = m_backend.provider();
    if (!m_backend.store().add(provider, {id}))
        return {};
    QSignalSpy received(&m_backend.client(), &PredictionClient::predictionReceived);
    m_backend.client().fetch(id);
    if (!received.wait(waitMs))
        return {};
    if (!m_backend.store().update(provider, {received.constFirst().at(1).value<Prediction>()}))
        return {};
    return *m_backend.store().task(TaskKey{provider, id});
}

QStringList tst_ProvenanceSave::saveThroughTheApp(const TaskKey &key)
{
    QSignalSpy saved(m_saver.get(), &OutputSaver::saved);
    QSignalSpy failed(m_saver.get(), &OutputSaver::provenanceFailed);
    if (!m_saver->save(key, m_downloads->path()) || !saved.wait(waitMs) || !failed.isEmpty())
        return {};
    return saved.constFirst().at(1).toStringList();
}

void tst_ProvenanceSave::savedOutputsCarryTheirPrediction_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("prompt");
    QTest::newRow("png") << QStringLiteral("png") << QStringLiteral("a lighthouse at dusk, oil on canvas");
    QTest::newRow("jpg, Chinese prompt") << QStringLiteral("jpg") << QStringLiteral("雪中的狐狸，水彩画，柔和的光线");
    QTest::newRow("webp") << QStringLiteral("webp") << QStringLiteral("a red bicycle against a blue wall");
    QTest::newRow("gif") << QStringLiteral("gif") << QStringLiteral("pixel art of a cat & a \"dog\"");
}

void tst_ProvenanceSave::savedOutputsCarryTheirPrediction()
{
    QFETCH(QString, format);
    QFETCH(QString, prompt);
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0},
                                                     {QStringLiteral("run_ms"), 0},
                                                     {QStringLiteral("output_format"), format},
                                                     {QStringLiteral("prompt"), prompt},
                                                     {QStringLiteral("input_image"), false}});
    QCOMPARE(ids.size(), 1);
    const Task task = fetchTask(ids.constFirst());
    QCOMPARE(task.status, PredictionStatus::Succeeded);
    QCOMPARE(task.outputUrlTexts.size(), 1);

    const QStringList paths = saveThroughTheApp(task.key);
    QCOMPARE(paths.size(), 1);
    const QString path = paths.constFirst();
    QCOMPARE(QFileInfo(path).suffix(), format);

    const QString tags = exiftoolJson(path);
    QVERIFY2(!tags.isEmpty(), "exiftool read nothing");
    QVERIFY2(holdsValue(tags, prompt), qPrintable(tags));
    QVERIFY2(tags.contains(QStringLiteral("Prediction: ") + task.key.id), qPrintable(tags));
    QVERIFY2(tags.contains(QStringLiteral("\\\"id\\\":\\\"") + task.key.id), qPrintable(tags));
    QVERIFY2(!tags.contains(QLatin1String("Warning")), qPrintable(tags));

    // Our own reader gives back the prediction as the store had it.
    const auto read = ImageMetadata::readFile(path);
    QVERIFY2(read.ok(), read.ok() ? "" : qPrintable(read.error().message));
    QCOMPARE(read.value().predictionId, task.key.id);
    QCOMPARE(read.value().prompt, prompt);
    QCOMPARE(read.value().predictionJson, task.rawJson());

    // The saved file decodes to the server file's pixels.
    const QByteArray server = fetchBytes(m_backend.nam(), task.outputUrl(0));
    QVERIFY(!server.isEmpty());
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray savedBytes = saved.readAll();
    QVERIFY(savedBytes.size() > server.size());
    const QImage expected = pixels(server);
    QVERIFY(!expected.isNull());
    QCOMPARE(pixels(savedBytes), expected);
}

void tst_ProvenanceSave::settingsTurnItOffAndAddTheJson()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0},
                                                     {QStringLiteral("run_ms"), 0},
                                                     {QStringLiteral("output_format"), QStringLiteral("png")},
                                                     {QStringLiteral("input_image"), false}});
    const Task task = fetchTask(ids.constFirst());
    m_backend.settings().setEmbedProvenance(false);
    m_backend.settings().setProvenanceSidecar(true);
    const QStringList paths = saveThroughTheApp(task.key);
    QCOMPARE(paths.size(), 1);
    QCOMPARE(ImageMetadata::readFile(paths.constFirst()).error().kind, MetadataError::Kind::NoMetadata);
    QFile server(paths.constFirst());
    QVERIFY(server.open(QIODevice::ReadOnly));
    QCOMPARE(server.readAll(), fetchBytes(m_backend.nam(), task.outputUrl(0)));
    QFile sidecar(ImageMetadata::sidecarPath(paths.constFirst()));
    QVERIFY(sidecar.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(sidecar.readAll()).object().value(QLatin1String("id")).toString(), task.key.id);
}

void tst_ProvenanceSave::cliDownloadsCarryTheirPrediction()
{
    const QString prompt = QStringLiteral("山间的小屋，清晨的雾");
    QStringList ids;
    for (const QString &format :
         {QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("webp"), QStringLiteral("gif")}) {
        ids += m_sim.createPredictions({{QStringLiteral("queue_ms"), 0},
                                        {QStringLiteral("run_ms"), 0},
                                        {QStringLiteral("output_format"), format},
                                        {QStringLiteral("prompt"), prompt},
                                        {QStringLiteral("input_image"), false}});
    }
    QCOMPARE(ids.size(), 4);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REPLIMON_API_KEY"), m_sim.token());
    environment.remove(QStringLiteral("REPLICATE_API_TOKEN"));
    QProcess cli;
    cli.setProcessEnvironment(environment);
    cli.start(QStringLiteral(REPLIMON_CLI_BINARY),
              QStringList{QStringLiteral("--base-url"), m_sim.apiRoot().toString(), QStringLiteral("wait")} + ids
                  + QStringList{QStringLiteral("--download"), m_downloads->path()});
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    const QStringList files = QDir(m_downloads->path()).entryList(QDir::Files, QDir::Name);
    QCOMPARE(files.size(), 4);
    for (const QString &name : files) {
        const QString tags = exiftoolJson(m_downloads->filePath(name));
        QVERIFY2(holdsValue(tags, prompt), qPrintable(name + tags));
        const QString id = QFileInfo(name).completeBaseName();
        QVERIFY2(tags.contains(QStringLiteral("Prediction: ") + id), qPrintable(tags));
        QVERIFY2(tags.contains(QStringLiteral("Provider: Custom")), qPrintable(tags));
    }
}

QTEST_MAIN(tst_ProvenanceSave)
#include "tst_provenancesave.moc"
