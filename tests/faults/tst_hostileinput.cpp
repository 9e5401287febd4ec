// Hostile input: names taken from prediction ids cannot leave the download folder, and an image bomb or
// an oversized body is refused without the memory it asks for. Memory is read from /proc/self/status:
// the peak (VmHWM) is reset before each attempt where the kernel allows it, else the growth of the
// resident size is taken.
#include "FileDownloader.h"
#include "ImageCache.h"
#include "PredictionClient.h"
#include "SimProcess.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {

qint64 statusKiB(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

/// Measures how far memory rose above where it was when constructed.
class PeakMemory final
{
public:
    PeakMemory()
    {
        // "5" resets the peak to the current size (Linux ≥ 4.0).
        QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
        m_peakReset = clearRefs.open(QIODevice::WriteOnly) && clearRefs.write("5") == 1;
        m_startRss = statusKiB("VmRSS");
    }
    /// KiB above the starting point at the highest moment since (peak), or now (without a peak reset).
    qint64 growthKiB() const { return m_peakReset ? statusKiB("VmHWM") - m_startRss : statusKiB("VmRSS") - m_startRss; }
    bool peakReset() const { return m_peakReset; }

private:
    bool m_peakReset = false;
    qint64 m_startRss = 0;
};

constexpr qint64 memoryBoundKiB = 64 * 1024;

} // namespace

class tst_HostileInput final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void namesFromIdsStayInFolder_data();
    void namesFromIdsStayInFolder();
    void imageBombIsRefusedWithBoundedMemory();
    void oversizedApiBodyIsRefusedWithBoundedMemory();
    void oversizedDownloadIsRefusedWithBoundedMemory();

private:
    SimProcess m_sim;
    QNetworkAccessManager m_nam;
};

void tst_HostileInput::initTestCase()
{
    QVERIFY2(m_sim.start(), m_sim.standardError().constData());
}

void tst_HostileInput::namesFromIdsStayInFolder_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("parent") << QStringLiteral("../../../../tmp/escaped");
    QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
    QTest::newRow("backslashes") << QStringLiteral("..\\..\\escaped");
    QTest::newRow("dot-dot alone") << QStringLiteral("..");
    QTest::newRow("hidden") << QStringLiteral(".profile");
    QTest::newRow("control") << QStringLiteral("a\nb\rc\td\x1b[31me\x7f");
    QTest::newRow("nul") << QStringLiteral("abc") + QChar(u'\0') + QStringLiteral("/../x");
    QTest::newRow("bidi override") << QStringLiteral("abc\u202Egnp.exe");
    QTest::newRow("very long ascii") << QString(5000, u'a');
    // 3 bytes each in UTF-8: a name counted in characters would pass the file system's 255 bytes.
    QTest::newRow("very long cjk") << QString(400, QChar(0x56FE));
    QTest::newRow("very long emoji") << QString::fromUtf8(QByteArray(4 * 200, 'x'))
                                            .replace(QStringLiteral("xxxx"), QString::fromUtf8("\xF0\x9F\x96\xBC"));
    QTest::newRow("url") << QStringLiteral("https://evil.example/../../x?y=/z#frag");
}

void tst_HostileInput::namesFromIdsStayInFolder()
{
    QFETCH(QString, id);
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString folder = root.filePath(QStringLiteral("downloads"));
    FileDownloader downloader(m_nam);
    QSignalSpy finished(&downloader, &FileDownloader::finished);
    QSignalSpy failed(&downloader, &FileDownloader::failed);

    // A 1×1 PNG as a data: URL: no network needed, the same naming path as a download.
    const QUrl url(QStringLiteral(
        "data:image/"
        "png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="));
    const QStringList names = FileDownloader::outputBaseNames(id, 1) + FileDownloader::outputBaseNames(id, 2);
    for (const QString &name : names)
        downloader.download(url, folder, name);
    QTRY_COMPARE(finished.count() + failed.count(), names.size());
    if (!failed.isEmpty())
        QFAIL(qPrintable(failed.first().at(1).value<ApiError>().message));

    // Every file where it belongs, and nothing anywhere else under the root.
    const QString canonicalFolder = QFileInfo(folder).canonicalFilePath();
    QSet<QString> paths;
    for (const QList<QVariant> &arguments : std::as_const(finished)) {
        const QFileInfo file(arguments.at(1).toString());
        QCOMPARE(QFileInfo(file.canonicalPath()).canonicalFilePath(), canonicalFolder);
        QVERIFY2(file.fileName().toUtf8().size() <= 255, qPrintable(file.fileName()));
        QVERIFY(!file.fileName().startsWith(u'.'));
        for (const QChar c : file.fileName())
            QVERIFY(c.category() != QChar::Other_Control && c.category() != QChar::Other_Format);
        paths.insert(file.absoluteFilePath());
    }
    QCOMPARE(paths.size(), names.size()); // distinct names, nothing overwritten
    QCOMPARE(QDir(root.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList{QStringLiteral("downloads")});
    QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).size(), names.size());
}

void tst_HostileInput::imageBombIsRefusedWithBoundedMemory()
{
    // 291 KB of PNG that decodes to 10000×10000 RGB (about 400 MB as a QImage).
    const QString bomb = QFINDTESTDATA("../fixtures/image_bomb_10000x10000.png");
    QVERIFY(!bomb.isEmpty());
    QTemporaryDir cacheDir;
    ImageCache cache(m_nam, cacheDir.path());
    QSignalSpy ready(&cache, &ImageCache::imageReady);
    QSignalSpy failed(&cache, &ImageCache::imageFailed);

    const PeakMemory memory;
    cache.request(QUrl::fromLocalFile(bomb)); // full size
    QTRY_COMPARE(ready.count() + failed.count(), 1);
    // A preview must not decode it whole either (a local file's failure is not remembered: decoded again).
    cache.request(QUrl::fromLocalFile(bomb), QSize(256, 256));
    QTRY_COMPARE(ready.count() + failed.count(), 2);
    const qint64 growth = memory.growthKiB();
    qInfo("image bomb: memory grew by %lld KiB (%s)", qlonglong(growth), memory.peakReset() ? "peak" : "resident");
    QCOMPARE(ready.count(), 0);
    for (const QList<QVariant> &arguments : std::as_const(failed))
        QCOMPARE(arguments.at(2).value<ImageCache::Failure>(), ImageCache::Failure::TooLarge);
    QCOMPARE_LT(growth, memoryBoundKiB);
}

void tst_HostileInput::oversizedApiBodyIsRefusedWithBoundedMemory()
{
    const QStringList ids = m_sim.createPredictions({{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}});
    QCOMPARE(ids.size(), 1);
    // The prediction's address redirects (on our own origin, so the redirect is followed) to 1 GiB.
    const QString blob = m_sim.origin().toString() + QStringLiteral("/files/blob/") + QString::number(1LL << 30);
    QVERIFY(m_sim.setFaults(
        {QJsonObject{{QStringLiteral("kind"), QStringLiteral("redirect")}, {QStringLiteral("to"), blob}}}));
    PredictionClient client(m_nam);
    client.setEndpoint(ApiEndpoint::fromRoot(ApiEndpoint::Provider::Custom, m_sim.apiRoot().toString()).value());
    client.setApiKey(m_sim.token());
    QSignalSpy failed(&client, &PredictionClient::requestFailed);

    const PeakMemory memory;
    client.fetch(ids.first());
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
    const qint64 growth = memory.growthKiB();
    QVERIFY(m_sim.clearFaults());
    qInfo("1 GiB API body: memory grew by %lld KiB", qlonglong(growth));
    const ApiError error = failed.first().at(2).value<ApiError>();
    QCOMPARE(error.kind, ApiError::Kind::BadResponse);
    QVERIFY2(error.message.contains(QStringLiteral("larger")), qPrintable(error.message));
    QCOMPARE_LT(growth, memoryBoundKiB);
}

void tst_HostileInput::oversizedDownloadIsRefusedWithBoundedMemory()
{
    QTemporaryDir folder;
    FileDownloader downloader(m_nam);
    downloader.setMaxBytes(128LL * 1024 * 1024);
    QSignalSpy failed(&downloader, &FileDownloader::failed);
    QSignalSpy finished(&downloader, &FileDownloader::finished);

    const PeakMemory memory;
    downloader.download(
        QUrl(m_sim.secondHost().toString() + QStringLiteral("/files/blob/") + QString::number(1LL << 30)),
        folder.path(), QStringLiteral("huge"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count() + finished.count(), 1, 30000);
    const qint64 growth = memory.growthKiB();
    qInfo("1 GiB download over a 128 MiB cap: memory grew by %lld KiB", qlonglong(growth));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
    QCOMPARE_LT(growth, memoryBoundKiB);
}

QTEST_GUILESS_MAIN(tst_HostileInput)
#include "tst_hostileinput.moc"
