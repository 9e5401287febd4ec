// FileDownloader against replimon-sim: real files named from their bytes, atomic writes, size caps,
// and the API key kept away from the file host even across redirects.
#include "FileDownloader.h"
#include "PredictionClient.h"
#include "SimProcess.h"

#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_FileDownloader final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void safeFileName_data();
    void safeFileName();
    void sniffImageType();

    void downloadsNamedFromRealType_data();
    void downloadsNamedFromRealType();
    void noKeyAtFileHost();
    void redirectFromApiHostDropsKey();
    void droppedDownloadLeavesNoFile();
    void expiredOutputIsNotFoundWithReason();
    void sizeCapLeavesNoFile();
    void cancelLeavesNoFile();
    void dataUrlIsDecodedLocally();
    void hostileBaseNameStaysInFolder();
    void progressIsReported();
    void largeFileArrivesWhole();

private:
    QUrl outputUrl(const QString &id, const QString &format, const QUrl &host) const;
    struct Outcome
    {
        bool ok = false;
        QString path;
        ApiError error;
    };
    Outcome run(const QUrl &url, const QString &baseName);
    QStringList filesInFolder() const;

    SimProcess m_sim;
    QNetworkAccessManager m_nam;
    std::unique_ptr<FileDownloader> m_downloader;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_FileDownloader::initTestCase()
{
    QVERIFY2(m_sim.start(), "replimon-sim did not start");
}

void tst_FileDownloader::init()
{
    QVERIFY(m_sim.clearFaults());
    QVERIFY(m_sim.clearLog());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_downloader = std::make_unique<FileDownloader>(m_nam);
    auto endpoint = ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom, m_sim.apiRoot().toString());
    QVERIFY(endpoint);
    m_downloader->setEndpoint(endpoint.value());
    m_downloader->setApiKey(m_sim.token());
}

QUrl tst_FileDownloader::outputUrl(const QString &id, const QString &format, const QUrl &host) const
{
    QUrl url = host;
    url.setPath(QStringLiteral("/files/%1/output-0.%2").arg(id, format));
    return url;
}

tst_FileDownloader::Outcome tst_FileDownloader::run(const QUrl &url, const QString &baseName)
{
    QSignalSpy finished(m_downloader.get(), &FileDownloader::finished);
    QSignalSpy failed(m_downloader.get(), &FileDownloader::failed);
    m_downloader->download(url, m_dir->path(), baseName);
    Outcome outcome;
    if (!QTest::qWaitFor([&] { return finished.count() + failed.count() > 0; }, 20000))
        return outcome;
    if (!finished.isEmpty()) {
        outcome.ok = true;
        outcome.path = finished.first().at(1).toString();
    } else {
        outcome.error = failed.first().at(1).value<ApiError>();
    }
    return outcome;
}

QStringList tst_FileDownloader::filesInFolder() const
{
    return QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden | QDir::System);
}

void tst_FileDownloader::safeFileName_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("abc123.png") << QStringLiteral("abc123.png");
    QTest::newRow("traversal") << QStringLiteral("../../etc/passwd") << QStringLiteral("____etc_passwd");
    QTest::newRow("absolute") << QStringLiteral("/tmp/x.png") << QStringLiteral("_tmp_x.png");
    QTest::newRow("backslash") << QStringLiteral("..\\..\\x") << QStringLiteral("____x");
    QTest::newRow("hidden") << QStringLiteral(".bashrc") << QStringLiteral("bashrc");
    QTest::newRow("control") << QStringLiteral("a\nb\tc\x01.png") << QStringLiteral("a_b_c_.png");
    QTest::newRow("empty") << QString() << QStringLiteral("download");
    QTest::newRow("dots") << QStringLiteral("...") << QStringLiteral("download");
}

void tst_FileDownloader::safeFileName()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(FileDownloader::safeFileName(input), expected);
    const QString longName = QString(300, u'a') + QStringLiteral(".webp");
    const QString shortened = FileDownloader::safeFileName(longName);
    QCOMPARE(shortened.size(), 120);
    QVERIFY(shortened.endsWith(QStringLiteral(".webp")));
}

void tst_FileDownloader::sniffImageType()
{
    QCOMPARE(FileDownloader::sniffImageType(QByteArray("\x89PNG\r\n\x1a\n0000", 12)), QStringLiteral("png"));
    QCOMPARE(FileDownloader::sniffImageType(QByteArray("\xff\xd8\xff\xe0", 4)), QStringLiteral("jpg"));
    QCOMPARE(FileDownloader::sniffImageType(QByteArray("GIF89a")), QStringLiteral("gif"));
    QCOMPARE(FileDownloader::sniffImageType(QByteArray("RIFF\x10\0\0\0WEBPVP8 ", 16)), QStringLiteral("webp"));
    QCOMPARE(FileDownloader::sniffImageType(QByteArray("RIFF\x10\0\0\0WAVE", 12)), QString());
    QCOMPARE(FileDownloader::sniffImageType(QByteArray("{\"a\":1}")), QString());
}

void tst_FileDownloader::downloadsNamedFromRealType_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("png") << QStringLiteral("png");
    QTest::newRow("jpg") << QStringLiteral("jpg");
    QTest::newRow("webp") << QStringLiteral("webp");
}

void tst_FileDownloader::downloadsNamedFromRealType()
{
    QFETCH(QString, format);
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}, {QStringLiteral("output_format"), format}});
    QCOMPARE(ids.size(), 1);
    // The URL claims .bin: the name must come from the bytes.
    QUrl url = outputUrl(ids.first(), format, m_sim.secondHost());
    const Outcome outcome = run(url, ids.first());
    QVERIFY2(outcome.ok, qPrintable(outcome.error.message));
    QCOMPARE(QFileInfo(outcome.path).fileName(), ids.first() + u'.' + format);
    QImageReader reader(outcome.path);
    QVERIFY2(reader.canRead(), qPrintable(reader.errorString()));
    QVERIFY(!reader.read().isNull());
    QCOMPARE(filesInFolder().size(), 1);
}

void tst_FileDownloader::noKeyAtFileHost()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    const Outcome outcome = run(outputUrl(ids.first(), QStringLiteral("png"), m_sim.secondHost()), ids.first());
    QVERIFY2(outcome.ok, qPrintable(outcome.error.message));
    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 1);
    QVERIFY(log.first().toObject().value(QStringLiteral("host")).toString().contains(m_sim.secondHost().host()));
    QVERIFY(!log.first().toObject().value(QStringLiteral("authorization")).toBool());
}

void tst_FileDownloader::redirectFromApiHostDropsKey()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("redirect")},
                                         {QStringLiteral("target"), QStringLiteral("files")},
                                         {QStringLiteral("path"), QStringLiteral("/files/")},
                                         {QStringLiteral("count"), 1}}}));
    // A file on the API origin gets the key; its redirect to the file host must not.
    const Outcome outcome = run(outputUrl(ids.first(), QStringLiteral("png"), m_sim.apiRoot()), ids.first());
    QVERIFY2(outcome.ok, qPrintable(outcome.error.message));
    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 2);
    QVERIFY(log.at(0).toObject().value(QStringLiteral("authorization")).toBool());
    QCOMPARE(log.at(0).toObject().value(QStringLiteral("status")).toInt(), 302);
    QVERIFY(log.at(1).toObject().value(QStringLiteral("host")).toString().contains(m_sim.secondHost().host()));
    QVERIFY(!log.at(1).toObject().value(QStringLiteral("authorization")).toBool());
}

void tst_FileDownloader::droppedDownloadLeavesNoFile()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("drop")},
                                         {QStringLiteral("target"), QStringLiteral("files")}}}));
    const Outcome outcome = run(outputUrl(ids.first(), QStringLiteral("png"), m_sim.secondHost()), ids.first());
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.error.kind, ApiError::Kind::Network);
    QCOMPARE(filesInFolder(), QStringList());
}

void tst_FileDownloader::expiredOutputIsNotFoundWithReason()
{
    const QStringList ids = m_sim.createPredictions(
        {{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}, {QStringLiteral("retention_ms"), 0}});
    const Outcome outcome = run(outputUrl(ids.first(), QStringLiteral("png"), m_sim.secondHost()), ids.first());
    QCOMPARE(outcome.error.kind, ApiError::Kind::NotFound);
    QVERIFY(outcome.error.message.contains(QStringLiteral("hour")));
    QCOMPARE(filesInFolder(), QStringList());
}

void tst_FileDownloader::sizeCapLeavesNoFile()
{
    QUrl url = m_sim.secondHost();
    url.setPath(QStringLiteral("/files/blob/2000000"));
    m_downloader->setMaxBytes(100000);
    const Outcome outcome = run(url, QStringLiteral("big"));
    QCOMPARE(outcome.error.kind, ApiError::Kind::BadResponse);
    QVERIFY(outcome.error.message.contains(QStringLiteral("limit")));
    QCOMPARE(filesInFolder(), QStringList());
}

void tst_FileDownloader::cancelLeavesNoFile()
{
    QVERIFY(m_sim.setFaults({QJsonObject{{QStringLiteral("kind"), QStringLiteral("stall")},
                                         {QStringLiteral("phase"), QStringLiteral("body")},
                                         {QStringLiteral("target"), QStringLiteral("files")}}}));
    QUrl url = m_sim.secondHost();
    url.setPath(QStringLiteral("/files/blob/100000"));
    QSignalSpy failed(m_downloader.get(), &FileDownloader::failed);
    const auto id = m_downloader->download(url, m_dir->path(), QStringLiteral("stalled"));
    QTest::qWait(200);
    m_downloader->cancel(id);
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(1).value<ApiError>().kind, ApiError::Kind::Canceled);
    QCOMPARE(filesInFolder(), QStringList());
}

void tst_FileDownloader::dataUrlIsDecodedLocally()
{
    QImage image(4, 3, QImage::Format_RGB32);
    image.fill(Qt::red);
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
    }
    const QUrl url(QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64()));
    const Outcome outcome = run(url, QStringLiteral("inline"));
    QVERIFY2(outcome.ok, qPrintable(outcome.error.message));
    QCOMPARE(QFileInfo(outcome.path).fileName(), QStringLiteral("inline.png"));
    QCOMPARE(QImage(outcome.path).size(), QSize(4, 3));
    QCOMPARE(m_sim.requestLog().size(), 0);
}

void tst_FileDownloader::hostileBaseNameStaysInFolder()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    const Outcome outcome = run(outputUrl(ids.first(), QStringLiteral("png"), m_sim.secondHost()),
                                QStringLiteral("../../escape"));
    QVERIFY2(outcome.ok, qPrintable(outcome.error.message));
    QCOMPARE(QFileInfo(outcome.path).absolutePath(), QDir(m_dir->path()).absolutePath());
    QCOMPARE(filesInFolder().size(), 1);
}

void tst_FileDownloader::progressIsReported()
{
    constexpr qint64 size = 3 * 1024 * 1024;
    QUrl url = m_sim.secondHost();
    url.setPath(QStringLiteral("/files/blob/%1").arg(size));
    QSignalSpy progress(m_downloader.get(), &FileDownloader::progress);
    const Outcome outcome = run(url, QStringLiteral("blob"));
    QVERIFY(outcome.ok);
    QCOMPARE(QFileInfo(outcome.path).size(), size);

    // Never backwards, ending at the whole file, with the total from Content-Length. (Qt reports at most
    // every 100 ms, so a fast loopback transfer may be a single step.)
    QCOMPARE_GE(progress.count(), 1);
    qint64 last = -1;
    for (const QList<QVariant> &arguments : std::as_const(progress)) {
        const qint64 received = arguments.at(1).toLongLong();
        QCOMPARE_GE(received, last);
        QCOMPARE(arguments.at(2).toLongLong(), size);
        last = received;
    }
    QCOMPARE(last, size);
}

void tst_FileDownloader::largeFileArrivesWhole()
{
    // Many reads, several write-back windows and a short last one: the file holds the sim's bytes in
    // order, every one of them (its blob is a PNG signature, then byte n = (n * 131 + n / 1024) mod 256).
    constexpr qint64 size = 20 * 1024 * 1024 + 5;
    QUrl url = m_sim.secondHost();
    url.setPath(QStringLiteral("/files/blob/%1").arg(size));
    const Outcome outcome = run(url, QStringLiteral("large"));
    QVERIFY2(outcome.ok, qPrintable(outcome.error.message));
    QCOMPARE(filesInFolder(), QStringList{QStringLiteral("large.png")});
    QFile file(outcome.path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QCOMPARE(bytes.size(), size);
    QVERIFY(bytes.startsWith("\x89PNG\r\n\x1a\n"));
    for (qint64 at = 8; at < size; ++at) {
        if (bytes.at(at) != char((at * 131 + (at >> 10)) & 0xff))
            QFAIL(qPrintable(QStringLiteral("byte %1 of the file differs from the server's").arg(at)));
    }
}

QTEST_GUILESS_MAIN(tst_FileDownloader)
#include "tst_filedownloader.moc"
