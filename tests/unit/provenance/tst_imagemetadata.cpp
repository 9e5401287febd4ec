// ImageMetadata on bytes made here: provenance goes in without touching the pixels, comes back out whole,
// and hostile containers end in an error value, never a crash or an unbounded allocation.
#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "BinaryIo.h"
#include "ExifUserComment.h"
#include "ImageMetadata.h"
#include "Prediction.h"
#include "ProvenanceRecord.h"

namespace {

using Kind = MetadataError::Kind;

// The classic 1×1 GIF89a (two-colour global table, one image, LZW data).
const QByteArray tinyGif("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
                         "!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02"
                         "D\x01\x00;",
                         43);

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(REPLIMON_FIXTURES_DIR "/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QImage testPicture(bool alpha)
{
    QImage image(64, 48, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, qRgba(x * 4, y * 5, (x ^ y) * 8, alpha ? 128 + x : 255));
    }
    return image;
}

QByteArray encoded(const QImage &image, const char *format, int quality = -1)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    return writer.write(image) ? bytes : QByteArray();
}

ProvenanceRecord chineseRecord()
{
    const QJsonObject input{{QStringLiteral("prompt"), QStringLiteral("雪中的狐狸，水彩画 & <b>\"quotes\"</b>")},
                            {QStringLiteral("seed"), 42},
                            {QStringLiteral("output_format"), QStringLiteral("png")}};
    const QJsonObject object{{QStringLiteral("id"), QStringLiteral("zh4prov3nanc3test0000000a")},
                             {QStringLiteral("status"), QStringLiteral("succeeded")},
                             {QStringLiteral("model"), QStringLiteral("black-forest-labs/flux-schnell")},
                             {QStringLiteral("input"), input},
                             {QStringLiteral("created_at"), QStringLiteral("2025-07-12T07:27:54.577Z")},
                             {QStringLiteral("logs"), QStringLiteral("Using seed: 42\n")}};
    const QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    const auto prediction = Prediction::fromJson(json);
    return ProvenanceRecord::fromPrediction(prediction.value(), QStringLiteral("Replicate"));
}

QImage decoded(const QByteArray &bytes)
{
    QImage image = QImage::fromData(bytes);
    return image.convertToFormat(QImage::Format_ARGB32);
}

} // namespace

class tst_ImageMetadata final : public QObject
{
    Q_OBJECT

private slots:
    void parametersText();
    void seedFromLogsWhenNoInput();
    void roundTrip_data();
    void roundTrip();
    void simpleWebpBecomesExtended();
    void sidecarAndTextFiles();
    void hostile_data();
    void hostile();
    void everyTruncationIsAnError_data();
    void everyTruncationIsAnError();
    void exifOffsetLoop();
    void hugeXmpPacketInAFile();

private:
    QTemporaryDir m_dir;
};

void tst_ImageMetadata::parametersText()
{
    const auto prediction = Prediction::fromJson(fixture(QStringLiteral("prediction_seed_success.json")));
    QVERIFY(prediction.ok());
    QCOMPARE(ProvenanceRecord::parametersText(prediction.value(), QStringLiteral("Replicate")),
             QStringLiteral("Make the letters 3D, floating in space on a city street\n"
                            "Model: black-forest-labs/flux-kontext-dev, Seed: 29889, Aspect ratio: match_input_image, "
                            "Output format: jpg, Prediction: w44zs9cet5rmc0cqzp49gpkhf8, Provider: Replicate, "
                            "Created: 2025-07-12T07:27:54Z"));
}

void tst_ImageMetadata::seedFromLogsWhenNoInput()
{
    const auto fromLogs = Prediction::fromJson(
        QByteArrayLiteral("{\"id\":\"abcdef1\",\"status\":\"succeeded\",\"logs\":\"Using seed: 77\"}"));
    QCOMPARE(ProvenanceRecord::seedOf(fromLogs.value()), QStringLiteral("77"));
    const auto fromInput = Prediction::fromJson(QByteArrayLiteral(
        "{\"id\":\"abcdef1\",\"status\":\"succeeded\",\"input\":{\"seed\":5},\"logs\":\"Using seed: 77\"}"));
    QCOMPARE(ProvenanceRecord::seedOf(fromInput.value()), QStringLiteral("5"));
    const auto none = Prediction::fromJson(QByteArrayLiteral("{\"id\":\"abcdef1\",\"status\":\"succeeded\"}"));
    QCOMPARE(ProvenanceRecord::parametersText(none.value(), {}), QStringLiteral("\nPrediction: abcdef1"));
}

void tst_ImageMetadata::roundTrip_data()
{
    QTest::addColumn<QByteArray>("image");
    QTest::newRow("png") << encoded(testPicture(true), "png");
    QTest::newRow("jpeg") << encoded(testPicture(false), "jpeg", 90);
    QTest::newRow("gif") << tinyGif;
    if (QImageWriter::supportedImageFormats().contains("webp")) {
        QTest::newRow("webp lossy") << encoded(testPicture(false), "webp", 80);
        QTest::newRow("webp lossless alpha") << encoded(testPicture(true), "webp", 100);
    }
}

void tst_ImageMetadata::roundTrip()
{
    QFETCH(QByteArray, image);
    QVERIFY(!image.isEmpty());
    QCOMPARE(ImageMetadata::read(image).error().kind, Kind::NoMetadata);

    const ProvenanceRecord record = chineseRecord();
    const auto embedded = ImageMetadata::embed(image, record);
    QVERIFY2(embedded.ok(), embedded.ok() ? "" : qPrintable(embedded.error().message));
    const auto read = ImageMetadata::read(embedded.value());
    QVERIFY2(read.ok(), read.ok() ? "" : qPrintable(read.error().message));
    QCOMPARE(read.value().prompt, record.prompt);
    QCOMPARE(read.value().parameters, record.parameters);
    QCOMPARE(read.value().predictionJson, record.predictionJson);
    QCOMPARE(read.value().predictionId, QStringLiteral("zh4prov3nanc3test0000000a"));

    // Byte insertion only: the decoded pixels are those of the file as it was.
    const QImage before = decoded(image);
    QVERIFY(!before.isNull());
    QCOMPARE(decoded(embedded.value()), before);

    // Saving again replaces what is there instead of adding a second copy.
    QCOMPARE(ImageMetadata::embed(embedded.value(), record).value(), embedded.value());
    ProvenanceRecord other = record;
    other.prompt = QStringLiteral("another prompt");
    other.parameters = QStringLiteral("another prompt\nPrediction: other12345");
    const auto again = ImageMetadata::embed(embedded.value(), other);
    QVERIFY(again.ok());
    QCOMPARE(ImageMetadata::read(again.value()).value().parameters, other.parameters);
    QVERIFY(again.value().size() < embedded.value().size());
}

void tst_ImageMetadata::simpleWebpBecomesExtended()
{
    if (!QImageWriter::supportedImageFormats().contains("webp"))
        QSKIP("No WebP image plugin (qt6-image-formats-plugins)");
    for (const bool lossless : {false, true}) {
        const QByteArray simple = encoded(testPicture(lossless), "webp", lossless ? 100 : 80);
        QCOMPARE(simple.mid(12, 4), lossless ? QByteArray("VP8L") : QByteArray("VP8 "));
        const QByteArray extended = ImageMetadata::embed(simple, chineseRecord()).value();
        QCOMPARE(extended.mid(12, 4), QByteArray("VP8X"));
        QCOMPARE(BinaryIo::le32(extended, 16), 10U);
        const quint8 flags = quint8(extended.at(20));
        QCOMPARE(flags & 0x0c, 0x0c);                    // EXIF and XMP
        QCOMPARE(bool(flags & 0x10), lossless);          // alpha, from the VP8L header
        QCOMPARE(BinaryIo::le24(extended, 24) + 1, 64U); // canvas width
        QCOMPARE(BinaryIo::le24(extended, 27) + 1, 48U);
        QCOMPARE(BinaryIo::le32(extended, 4), quint32(extended.size() - 8));
    }
}

void tst_ImageMetadata::sidecarAndTextFiles()
{
    const QString image = m_dir.filePath(QStringLiteral("abc-1.png"));
    const QString text = m_dir.filePath(QStringLiteral("abc.txt"));
    QFile file(image);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(encoded(testPicture(false), "png"));
    file.close();
    QFile textFile(text);
    QVERIFY(textFile.open(QIODevice::WriteOnly));
    textFile.write("plain output\n");
    textFile.close();

    const ProvenanceRecord record = chineseRecord();
    QVERIFY(!ImageMetadata::applyToSavedFile(image, record, {true, true}));
    QCOMPARE(ImageMetadata::readFile(image).value().predictionJson, record.predictionJson);
    QFile sidecar(m_dir.filePath(QStringLiteral("abc-1.json")));
    QVERIFY(sidecar.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(sidecar.readAll()).object().value(QLatin1String("id")).toString(),
             record.predictionId);

    // A text output is left as it is, and that is not an error.
    QVERIFY(!ImageMetadata::applyToSavedFile(text, record, {true, false}));
    QVERIFY(textFile.open(QIODevice::ReadOnly));
    QCOMPARE(textFile.readAll(), QByteArray("plain output\n"));
    QCOMPARE(ImageMetadata::readFile(text).error().kind, Kind::NotAnImage);
}

void tst_ImageMetadata::hostile_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("kind");
    const ProvenanceRecord record = chineseRecord();
    const QByteArray png = ImageMetadata::embed(encoded(testPicture(false), "png"), record).value();
    const QByteArray jpeg = ImageMetadata::embed(encoded(testPicture(false), "jpeg"), record).value();
    const QByteArray gif = ImageMetadata::embed(tinyGif, record).value();

    QTest::newRow("empty") << QByteArray() << int(Kind::NotAnImage);
    QTest::newRow("html") << QByteArray("<html>not found</html>") << int(Kind::NotAnImage);
    QTest::newRow("png signature only") << png.left(8) << int(Kind::Truncated);

    // The first text chunk follows IHDR (8 + 25 bytes).
    QByteArray pastEnd = png;
    BinaryIo::putLe32(pastEnd, 33, 0xf0ffff7f); // big-endian 0x7ffffff0
    QTest::newRow("png chunk length past the end") << pastEnd << int(Kind::Truncated);
    QByteArray impossible = png;
    BinaryIo::putLe32(impossible, 33, 0xffffffff);
    QTest::newRow("png chunk length over 2^31") << impossible << int(Kind::Malformed);
    QByteArray badCrc = png;
    badCrc[33 + 8 + 20] = char(badCrc.at(33 + 8 + 20) ^ 0x20);
    QTest::newRow("png bad crc") << badCrc << int(Kind::Malformed);

    QByteArray jpegPastEnd = jpeg;
    // SOI, then (after a JFIF APP0 of 16 + 2 bytes) our EXIF APP1: its length.
    const qsizetype app1 = jpeg.indexOf("\xff\xe1");
    jpegPastEnd[app1 + 2] = char(0xff);
    jpegPastEnd.truncate(app1 + 200);
    QTest::newRow("jpeg segment past the end") << jpegPastEnd << int(Kind::Truncated);
    QByteArray jpegZeroLength = jpeg;
    jpegZeroLength[app1 + 2] = 0;
    jpegZeroLength[app1 + 3] = 1;
    QTest::newRow("jpeg segment length 1") << jpegZeroLength << int(Kind::Malformed);

    QByteArray riff("RIFF\xff\xff\xff\x0fWEBPVP8X", 16);
    QTest::newRow("webp riff size past the end") << riff << int(Kind::Truncated);
    QByteArray webpChunk("RIFF\x18\x00\x00\x00WEBPXMP \xff\xff\xff\x7f", 20);
    webpChunk.append(8, 'x');
    QTest::newRow("webp chunk past the end") << webpChunk << int(Kind::Truncated);

    QTest::newRow("gif without trailer") << gif.left(gif.size() - 1) << int(Kind::Truncated);
    QByteArray gifBlock = gif;
    gifBlock[13 + 6] = '\x99'; // the first block after the colour table becomes an unknown one
    QTest::newRow("gif unknown block") << gifBlock << int(Kind::Malformed);
}

void tst_ImageMetadata::hostile()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, kind);
    const auto read = ImageMetadata::read(bytes);
    QVERIFY(!read.ok());
    QCOMPARE(int(read.error().kind), kind);
    QVERIFY(!read.error().message.isEmpty());
}

void tst_ImageMetadata::everyTruncationIsAnError_data()
{
    QTest::addColumn<QByteArray>("image");
    roundTrip_data();
}

void tst_ImageMetadata::everyTruncationIsAnError()
{
    QFETCH(QByteArray, image);
    const QByteArray whole = ImageMetadata::embed(image, chineseRecord()).value();
    for (qsizetype length = 0; length < whole.size(); ++length) {
        // A detached copy of exactly that length: ASan sees a read past its end.
        const QByteArray prefix(whole.constData(), length);
        const auto read = ImageMetadata::read(prefix);
        if (read.ok()) {
            // JPEG's and WebP's reader stop before the image data; a cut there still reads back the record.
            QVERIFY2(read.value().predictionId == QStringLiteral("zh4prov3nanc3test0000000a"),
                     qPrintable(QString::number(length)));
        }
        (void)ImageMetadata::embed(prefix, chineseRecord());
    }
}

void tst_ImageMetadata::exifOffsetLoop()
{
    QByteArray tiff = ExifUserComment::build(QStringLiteral("x\nPrediction: abcdef1"));
    QCOMPARE(ExifUserComment::read(tiff).value(), QStringLiteral("x\nPrediction: abcdef1"));
    // IFD0's Exif pointer (at 8 + 2 + 8) aimed back at IFD0 itself.
    QByteArray loop = tiff;
    loop[21] = 8;
    QCOMPARE(ExifUserComment::read(loop).error().kind, Kind::Malformed);
    QByteArray far = tiff;
    far[18] = '\x7f';
    QCOMPARE(ExifUserComment::read(far).error().kind, Kind::Truncated);
    QByteArray hugeCount = tiff;
    hugeCount[26] = '\xff'; // the Exif IFD claims 65 000 entries
    QCOMPARE(ExifUserComment::read(hugeCount).error().kind, Kind::Truncated);
    QByteArray commentPastEnd = tiff;
    commentPastEnd[26 + 2 + 4] = '\x40'; // UserComment count 1 GiB
    QCOMPARE(ExifUserComment::read(commentPastEnd).error().kind, Kind::TooLarge);
}

void tst_ImageMetadata::hugeXmpPacketInAFile()
{
    // A WebP file whose XMP chunk is a real 100 MB: refused by its size, read through a memory map.
    const QString path = m_dir.filePath(QStringLiteral("huge.webp"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    constexpr quint32 packet = 100U * 1024 * 1024;
    QByteArray head("RIFF", 4);
    BinaryIo::appendLe32(head, 4 + 8 + packet);
    head.append("WEBPXMP ");
    BinaryIo::appendLe32(head, packet);
    file.write(head);
    const QByteArray block(1024 * 1024, 'x');
    for (quint32 i = 0; i < packet / block.size(); ++i)
        QVERIFY(file.write(block) == block.size());
    file.close();
    const auto read = ImageMetadata::readFile(path);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().kind, Kind::TooLarge);
    QFile::remove(path);
}

QTEST_GUILESS_MAIN(tst_ImageMetadata)
#include "tst_imagemetadata.moc"
