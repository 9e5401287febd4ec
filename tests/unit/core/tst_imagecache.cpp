// ImageCache without a network: local files and data: URIs, decoded on worker threads, with the memory and
// disk caches bounded and image bombs refused from their header alone.
#include "ImageCache.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QNetworkAccessManager>
#include <QPainter>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QtEndian>

#include <unistd.h>

namespace {

QImage testImage(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient gradient(0, 0, width, height);
    gradient.setColorAt(0, QColor(0x20, 0x60, 0xc0));
    gradient.setColorAt(1, QColor(0xf0, 0xa0, 0x30));
    painter.fillRect(image.rect(), gradient);
    painter.fillRect(QRect(width / 4, height / 4, width / 2, height / 2), Qt::white);
    return image;
}

/// Random pixels: PNG cannot compress them, so the file size is predictable.
QByteArray noisePng(int side, quint32 seed)
{
    QImage image(side, side, QImage::Format_RGB32);
    QRandomGenerator random(seed);
    for (int y = 0; y < side; ++y) {
        auto *line = reinterpret_cast<quint32 *>(image.scanLine(y));
        for (int x = 0; x < side; ++x)
            line[x] = 0xff000000u | (random.generate() & 0xffffffu);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QByteArray encode(const QImage &image, const char *format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (!writer.write(image))
        qWarning("cannot write %s: %s", format, qPrintable(writer.errorString()));
    return bytes;
}

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xffffffffu;
    for (const char byte : data) {
        crc ^= quint8(byte);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    QByteArray chunk(4, '\0');
    qToBigEndian<quint32>(quint32(data.size()), chunk.data());
    const QByteArray body = type + data;
    chunk += body;
    QByteArray crc(4, '\0');
    qToBigEndian<quint32>(crc32(body), crc.data());
    return chunk + crc;
}

/// A valid PNG signature and header claiming @p width × @p height RGBA pixels, with almost no data after it:
/// a few hundred bytes that would decode into gigabytes.
QByteArray bombPng(quint32 width, quint32 height)
{
    QByteArray header(13, '\0');
    qToBigEndian<quint32>(width, header.data());
    qToBigEndian<quint32>(height, header.data() + 4);
    header[8] = 8;                                                   // bit depth
    header[9] = 6;                                                   // RGBA
    const QByteArray idat = QByteArray::fromHex("789c030000000001"); // an empty zlib stream
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", header) + pngChunk("IDAT", idat)
        + pngChunk("IEND", {});
}

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.value(1).toLongLong() * sysconf(_SC_PAGESIZE);
}

qint64 folderBytes(const QString &path, QStringList *names = nullptr)
{
    qint64 total = 0;
    QDirIterator it(path, QDir::Files | QDir::Hidden);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
        if (names)
            names->append(it.fileName());
    }
    return total;
}

QUrl dataUrl(const QByteArray &bytes, const QByteArray &type)
{
    return QUrl::fromEncoded("data:" + type + ";base64," + bytes.toBase64());
}

} // namespace

class tst_ImageCache final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void decodesOffTheGuiThread_data();
    void decodesOffTheGuiThread();
    void fullSizeWhenNoSizeIsGiven();
    void refusesImageBombFromHeader();
    void refusesOverAllocationLimit();
    void dataUriIsDecodedLocally();
    void memoryCacheHit();
    void concurrentRequestsShareOneDecode();
    void notAnImage();
    void textOutputIsText();
    void missingLocalFile();
    void diskCacheStaysWithinBound();
    void unsupportedScheme();

private:
    QString writeFile(const QString &name, const QByteArray &bytes);

    std::unique_ptr<QTemporaryDir> m_dir;
    QNetworkAccessManager m_nam;
    std::unique_ptr<ImageCache> m_cache;
};

void tst_ImageCache::init()
{
    m_cache.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_cache = std::make_unique<ImageCache>(m_nam, m_dir->filePath(QStringLiteral("cache")));
}

QString tst_ImageCache::writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

void tst_ImageCache::decodesOffTheGuiThread_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<bool>("asDataUri");
    QTest::newRow("png file") << QByteArray("png") << false;
    QTest::newRow("jpeg file") << QByteArray("jpeg") << false;
    QTest::newRow("webp file") << QByteArray("webp") << false;
    QTest::newRow("gif file") << QByteArray("gif") << false;
    QTest::newRow("png data uri") << QByteArray("png") << true;
    QTest::newRow("webp data uri") << QByteArray("webp") << true;
}

void tst_ImageCache::decodesOffTheGuiThread()
{
    QFETCH(QByteArray, format);
    QFETCH(bool, asDataUri);
    if (!QImageReader::supportedImageFormats().contains(format))
        QSKIP("This Qt has no plugin for the format (qt6-image-formats-plugins for WebP).");

    QByteArray bytes;
    if (format == "gif") {
        // Qt cannot write GIF: the classic 1×1 GIF89a, enough to tell the decoder ran.
        bytes = QByteArray::fromBase64("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");
    } else {
        bytes = encode(testImage(640, 480), format.constData());
    }
    QVERIFY(!bytes.isEmpty());
    const QUrl url = asDataUri
        ? dataUrl(bytes, "image/" + format)
        : QUrl::fromLocalFile(writeFile(QStringLiteral("image.") + QString::fromLatin1(format), bytes));

    QSignalSpy ready(m_cache.get(), &ImageCache::imageReady);
    QSignalSpy failed(m_cache.get(), &ImageCache::imageFailed);
    const QSize box(160, 160);
    m_cache->request(url, box);
    QVERIFY(ready.isEmpty()); // never answered synchronously
    QVERIFY2(ready.wait(10000), qPrintable(failed.isEmpty() ? QString() : failed.constFirst().at(1).toString()));

    QCOMPARE(ready.constFirst().at(0).toUrl(), url);
    QCOMPARE(ready.constFirst().at(1).toSize(), box);
    const QImage image = ready.constFirst().at(2).value<QImage>();
    QVERIFY(!image.isNull());
    if (format == "gif") {
        QCOMPARE(image.size(), QSize(1, 1)); // never enlarged
    } else {
        QCOMPARE(image.size(), QSize(160, 120)); // fitted, aspect kept
        // The white square in the middle survived scaling: real pixels, not a blank image.
        QCOMPARE(QColor(image.pixel(80, 60)).lightness() > 230, true);
    }
    QVERIFY(m_cache->lastDecodeThread() != nullptr);
    QVERIFY(m_cache->lastDecodeThread() != QThread::currentThread());
    // Not on the global pool, where Qt's painting waits for its own helpers.
    QVERIFY(!QThreadPool::globalInstance()->contains(m_cache->lastDecodeThread()));
    QCOMPARE(m_cache->decodeCount(), 1);
    QCOMPARE(m_cache->networkRequestCount(), 0);
}

void tst_ImageCache::fullSizeWhenNoSizeIsGiven()
{
    const QUrl url = QUrl::fromLocalFile(writeFile(QStringLiteral("full.png"), encode(testImage(300, 200), "png")));
    QSignalSpy ready(m_cache.get(), &ImageCache::imageReady);
    m_cache->request(url);
    QVERIFY(ready.wait(10000));
    QVERIFY(!ready.constFirst().at(1).toSize().isValid());
    QCOMPARE(ready.constFirst().at(2).value<QImage>().size(), QSize(300, 200));
}

void tst_ImageCache::refusesImageBombFromHeader()
{
    const QByteArray bomb = bombPng(30000, 30000);
    QVERIFY(bomb.size() < 200);
    // Qt itself sees the claimed size in the header (so the test is about our refusal, not a broken file).
    {
        QBuffer buffer;
        buffer.setData(bomb);
        buffer.open(QIODevice::ReadOnly);
        QImageReader reader(&buffer);
        QCOMPARE(reader.size(), QSize(30000, 30000));
    }
    // Qt's own allocation limit out of the way: only the header check stands between us and 3.6 GB.
    ImageCache::Limits limits;
    limits.allocationLimitMb = 0;
    limits.maxDimension = 16384;
    m_cache->setLimits(limits);
    const QUrl url = QUrl::fromLocalFile(writeFile(QStringLiteral("bomb.png"), bomb));

    const qint64 before = residentBytes();
    QSignalSpy ready(m_cache.get(), &ImageCache::imageReady);
    QSignalSpy failed(m_cache.get(), &ImageCache::imageFailed);
    m_cache->request(url, QSize(200, 200));
    QVERIFY(failed.wait(10000));
    const qint64 after = residentBytes();

    QVERIFY(ready.isEmpty());
    QCOMPARE(failed.constFirst().at(2).value<ImageCache::Failure>(), ImageCache::Failure::TooLarge);
    const QString reason = failed.constFirst().at(1).toString();
    QVERIFY2(reason.contains(QLatin1String("30000")), qPrintable(reason));
    QCOMPARE(m_cache->decodeCount(), 0); // refused before reading a pixel
    QVERIFY2(after - before < 64LL * 1024 * 1024,
             qPrintable(QStringLiteral("resident memory grew by %1 bytes").arg(after - before)));
}

void tst_ImageCache::refusesOverAllocationLimit()
{
    // 3000 × 3000 is within the pixel limit but needs 36 MB decoded: over a 16 MB allocation limit.
    ImageCache::Limits limits;
    limits.allocationLimitMb = 16;
    m_cache->setLimits(limits);
    const QUrl url = QUrl::fromLocalFile(writeFile(QStringLiteral("wide.png"), bombPng(3000, 3000)));
    QSignalSpy failed(m_cache.get(), &ImageCache::imageFailed);
    m_cache->request(url, QSize(100, 100));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.constFirst().at(2).value<ImageCache::Failure>(), ImageCache::Failure::TooLarge);
    QCOMPARE(m_cache->decodeCount(), 0);
    m_cache->setLimits(ImageCache::Limits());
}

void tst_ImageCache::dataUriIsDecodedLocally()
{
    const QByteArray png = encode(testImage(64, 32), "png");
    const QUrl url = dataUrl(png, "image/png");
    QCOMPARE(m_cache->originalFile(url), QString());
    QSignalSpy ready(m_cache.get(), &ImageCache::imageReady);
    m_cache->request(url, QSize(640, 640));
    QVERIFY(ready.wait(10000));
    QCOMPARE(ready.constFirst().at(2).value<QImage>().size(), QSize(64, 32));
    QCOMPARE(m_cache->networkRequestCount(), 0);
    // The original bytes are kept in the disk cache, so the image can be saved or dragged out as a file.
    const QString original = m_cache->originalFile(url);
    QVERIFY(!original.isEmpty());
    QVERIFY(original.startsWith(m_cache->diskCacheDir()));
    QFile file(original);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), png);

    // A data: address whose payload is not base64 is a clear failure, not a crash.
    QSignalSpy failed(m_cache.get(), &ImageCache::imageFailed);
    m_cache->request(QUrl::fromEncoded("data:image/png;base64,%%%not-base64"), QSize(10, 10));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.constFirst().at(2).value<ImageCache::Failure>(), ImageCache::Failure::NotAnImage);
}

void tst_ImageCache::memoryCacheHit()
{
    const QUrl url = QUrl::fromLocalFile(writeFile(QStringLiteral("hit.jpg"), encode(testImage(400, 400), "jpeg")));
    QSignalSpy ready(m_cache.get(), &ImageCache::imageReady);
    QVERIFY(m_cache->cachedImage(url, QSize(100, 100)).isNull());
    m_cache->request(url, QSize(100, 100));
    QVERIFY(ready.wait(10000));
    QCOMPARE(m_cache->decodeCount(), 1);
    QCOMPARE(m_cache->cachedImage(url, QSize(100, 100)).size(), QSize(100, 100));

    // Deleting the file proves the second answer comes from memory, not from the disk.
    QVERIFY(QFile::remove(url.toLocalFile()));
    m_cache->request(url, QSize(100, 100));
    QCOMPARE(ready.size(), 1); // still asynchronous
    QVERIFY(ready.wait(10000));
    QCOMPARE(ready.size(), 2);
    QCOMPARE(ready.at(1).at(2).value<QImage>().size(), QSize(100, 100));
    QCOMPARE(m_cache->decodeCount(), 1);

    // Another size is another entry: it needs the file.
    QSignalSpy failed(m_cache.get(), &ImageCache::imageFailed);
    m_cache->request(url, QSize(50, 50));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.constFirst().at(2).value<ImageCache::Failure>(), ImageCache::Failure::NotFound);

    // The memory bound holds: a cache too small for the image keeps nothing.
    ImageCache::Limits limits;
    limits.memoryBytes = 1000;
    m_cache->setLimits(limits);
    QVERIFY(m_cache->cachedImage(url, QSize(100, 100)).isNull());
}

void tst_ImageCache::concurrentRequestsShareOneDecode()
{
    const QUrl url = QUrl::fromLocalFile(writeFile(QStringLiteral("shared.png"), encode(testImage(200, 100), "png")));
    QSignalSpy ready(m_cache.get(), &ImageCache::imageReady);
    m_cache->request(url, QSize(50, 50));
    m_cache->request(url, QSize(50, 50));
    m_cache->request(url, QSize(100, 100));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 10000);
    QCOMPARE(m_cache->decodeCount(), 2); // one per distinct size, not per request
    QSet<int> widths;
    for (const auto &arguments : std::as_const(ready))
        widths.insert(arguments.at(2).value<QImage>().width());
    QCOMPARE(widths, (QSet<int>{50, 100}));
}

void tst_ImageCache::notAnImage()
{
    // Binary, and no image format Qt knows.
    const QUrl url = QUrl::fromLocalFile(writeFile(QStringLiteral("blob.bin"), QByteArray("\x01\x02\x00\xfe junk", 9)));
    QSignalSpy failed(m_cache.get(), &ImageCache::imageFailed);
    QSignalSpy text(m_cache.get(), &ImageCache::textReady);
    m_cache->request(url, QSize(100, 100));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.constFirst().at(2).value<ImageCache::Failure>(), ImageCache::Failure::NotAnImage);
    QVERIFY(!failed.constFirst().at(1).toString().isEmpty());
    QCOMPARE(text.size(), 0);
}

void tst_ImageCache::textOutputIsText()
{
    // A text model's output file, or a data: URI of text: handed back as text to be shown as such.
    const QByteArray json = "{\"caption\": \"a red fox in fresh snow, 雪\"}\n";
    const QUrl file = QUrl::fromLocalFile(writeFile(QStringLiteral("output.json"), json));
    const QUrl data = dataUrl("plain words", "text/plain");
    QSignalSpy text(m_cache.get(), &ImageCache::textReady);
    QSignalSpy failed(m_cache.get(), &ImageCache::imageFailed);
    m_cache->request(file, QSize(100, 100));
    m_cache->request(data, QSize(100, 100));
    QTRY_COMPARE_WITH_TIMEOUT(text.size(), 2, 10000);
    QCOMPARE(failed.size(), 0);
    for (const QList<QVariant> &answer : std::as_const(text)) {
        if (answer.at(0).toUrl() == file)
            QCOMPARE(answer.at(1).toString(), QString::fromUtf8(json));
        else
            QCOMPARE(answer.at(1).toString(), QStringLiteral("plain words"));
    }

    // Past the text limit it is just "not an image": nobody reads megabytes in a preview tile.
    ImageCache::Limits limits = m_cache->limits();
    limits.maxTextBytes = 16;
    m_cache->setLimits(limits);
    m_cache->request(QUrl::fromLocalFile(writeFile(QStringLiteral("long.txt"), QByteArray(64, 'a'))), QSize(100, 100));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.constFirst().at(2).value<ImageCache::Failure>(), ImageCache::Failure::NotAnImage);
}

void tst_ImageCache::missingLocalFile()
{
    const QUrl url = QUrl::fromLocalFile(m_dir->filePath(QStringLiteral("gone.png")));
    QSignalSpy failed(m_cache.get(), &ImageCache::imageFailed);
    m_cache->request(url, QSize(100, 100));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.constFirst().at(2).value<ImageCache::Failure>(), ImageCache::Failure::NotFound);

    // Local failures are not remembered: the file may be saved again under the same name.
    writeFile(QStringLiteral("gone.png"), encode(testImage(20, 20), "png"));
    QSignalSpy ready(m_cache.get(), &ImageCache::imageReady);
    m_cache->request(url, QSize(100, 100));
    QVERIFY(ready.wait(10000));
}

void tst_ImageCache::diskCacheStaysWithinBound()
{
    ImageCache::Limits limits;
    const QByteArray sample = noisePng(160, 1);
    limits.diskBytes = sample.size() * 3 + sample.size() / 2; // room for three files and a half
    m_cache->setLimits(limits);
    QSignalSpy ready(m_cache.get(), &ImageCache::imageReady);
    QSignalSpy trimmed(m_cache.get(), &ImageCache::diskCacheTrimmed);

    QList<QUrl> urls;
    for (quint32 seed = 1; seed <= 7; ++seed) {
        const QUrl url = dataUrl(noisePng(160, seed), "image/png");
        urls.append(url);
        const qsizetype before = ready.size();
        m_cache->request(url, QSize(32, 32));
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), before + 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!trimmed.isEmpty(), 10000);
        trimmed.clear();
        // Distinct modification times even on file systems with coarse ones.
        QTest::qWait(15);
    }
    QTRY_VERIFY_WITH_TIMEOUT(folderBytes(m_cache->diskCacheDir()) <= limits.diskBytes, 10000);
    QVERIFY(!m_cache->originalFile(urls.constLast()).isEmpty()); // the newest stays
    QVERIFY(m_cache->originalFile(urls.constFirst()).isEmpty()); // the oldest went first
    QStringList names;
    folderBytes(m_cache->diskCacheDir(), &names);
    QCOMPARE(names.size(), 3);
}

void tst_ImageCache::unsupportedScheme()
{
    QSignalSpy failed(m_cache.get(), &ImageCache::imageFailed);
    m_cache->request(QUrl(QStringLiteral("ftp://example.com/a.png")), QSize(10, 10));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.constFirst().at(2).value<ImageCache::Failure>(), ImageCache::Failure::Unsupported);
    QCOMPARE(m_cache->networkRequestCount(), 0);
}

QTEST_GUILESS_MAIN(tst_ImageCache)
#include "tst_imagecache.moc"
