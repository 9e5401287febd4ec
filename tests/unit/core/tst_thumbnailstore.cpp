// ThumbnailStore on real files, with XDG_CACHE_HOME pointed at a temporary folder: the freedesktop cache as
// ImageMagick's identify reads it back, thumbnails other programs made, fail entries, the own cache of
// remote outputs, one decode per file, the queue the view trims and the memory bound.
#include "ThumbnailStore.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QNetworkAccessManager>
#include <QPainter>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <sys/stat.h>

namespace {

// Generous: the sanitizer builds decode many times slower, on a machine shared with builds.
constexpr int timeoutMs = 30000;

QImage picture(int width, int height, QColor colour)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(colour);
    QPainter painter(&image);
    painter.fillRect(QRect(width / 4, height / 4, width / 2, height / 2), Qt::white);
    return image;
}

ThumbnailId idFor(const QString &task, ThumbnailSize size = ThumbnailSize::Large)
{
    return ThumbnailId{TaskKey{QStringLiteral("replicate"), task}, 0, size};
}

ThumbnailSource saved(const QString &path)
{
    ThumbnailSource source;
    source.localFile = path;
    return source;
}

QString md5Name(const QByteArray &uri)
{
    return QString::fromLatin1(QCryptographicHash::hash(uri, QCryptographicHash::Md5).toHex()) + u".png";
}

int mode(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 0777) : -1;
}

QString identify(const QString &path)
{
    QProcess process;
    process.start(QStringLiteral("identify"), {QStringLiteral("-verbose"), path});
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput());
}

/// Rewrites @p path with @p bytes and gives it modification time @p mtime.
void rewrite(const QString &path, const QByteArray &bytes, const QDateTime &mtime)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
    QVERIFY(file.flush()); // else the write at close() would set the time again
    QVERIFY(file.setFileTime(mtime, QFileDevice::FileModificationTime));
}

/// Serves one PNG over HTTP on a loopback port and counts the requests, like an output host.
class PngHost final : public QObject
{
public:
    explicit PngHost(QByteArray png)
        : m_png(std::move(png))
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_head += socket->readAll();
                    if (!m_head.contains("\r\n\r\n"))
                        return;
                    m_head.clear();
                    ++requests;
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n"
                                  "Content-Length: "
                                  + QByteArray::number(m_png.size()) + "\r\n\r\n" + m_png);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/out-0.png").arg(m_server.serverPort())); }
    int requests = 0;

private:
    QTcpServer m_server;
    QByteArray m_png;
    QByteArray m_head;
};

} // namespace

class tst_ThumbnailStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void sizeClass_data();
    void sizeClass();
    void savedFileGoesToTheFreedesktopCache();
    void thumbnailOfAnotherProgramIsReused();
    void staleThumbnailIsMadeAgain();
    void failEntryStopsRetriesUntilTheFileChanges();
    void remoteOnlyGoesToTheOwnCache();
    void remoteOutputIsDownloadedOnce();
    void duplicateRequestsDecodeOnce();
    void droppedRequestsAreNeverDecoded();
    void memoryStaysWithinItsLimit();
    void smallImagesAreNotEnlarged();

private:
    std::unique_ptr<ThumbnailStore> makeStore(int threads = 1, qint64 memoryBytes = 64LL * 1024 * 1024);
    QString writePicture(const QString &name, const QImage &image);
    QString cacheRoot() const { return m_xdg->path() + QStringLiteral("/thumbnails"); }

    std::unique_ptr<QTemporaryDir> m_xdg;
    std::unique_ptr<QTemporaryDir> m_files;
    QNetworkAccessManager m_nam;
    std::unique_ptr<ImageCache> m_images;
};

void tst_ThumbnailStore::init()
{
    m_xdg = std::make_unique<QTemporaryDir>();
    m_files = std::make_unique<QTemporaryDir>();
    QVERIFY(m_xdg->isValid() && m_files->isValid());
    qputenv("XDG_CACHE_HOME", QFile::encodeName(m_xdg->path()));
    m_images = std::make_unique<ImageCache>(m_nam, m_files->filePath(QStringLiteral("images")));
}

void tst_ThumbnailStore::cleanup()
{
    m_images.reset();
    qunsetenv("XDG_CACHE_HOME");
}

std::unique_ptr<ThumbnailStore> tst_ThumbnailStore::makeStore(int threads, qint64 memoryBytes)
{
    ThumbnailStore::Options options;
    options.threads = threads;
    options.memoryBytes = memoryBytes;
    options.ownRoot = m_files->filePath(QStringLiteral("own"));
    return std::make_unique<ThumbnailStore>(*m_images, options);
}

QString tst_ThumbnailStore::writePicture(const QString &name, const QImage &image)
{
    const QString path = m_files->filePath(name);
    QDir().mkpath(QFileInfo(path).path());
    return image.save(path, "PNG") ? path : QString();
}

void tst_ThumbnailStore::sizeClass_data()
{
    QTest::addColumn<int>("pixels");
    QTest::addColumn<ThumbnailSize>("size");
    QTest::addColumn<QString>("folder");
    QTest::newRow("tiny") << 32 << ThumbnailSize::Normal << "normal";
    QTest::newRow("128") << 128 << ThumbnailSize::Normal << "normal";
    QTest::newRow("129") << 129 << ThumbnailSize::Large << "large";
    QTest::newRow("256") << 256 << ThumbnailSize::Large << "large";
    QTest::newRow("300") << 300 << ThumbnailSize::XLarge << "x-large";
    QTest::newRow("1024") << 1024 << ThumbnailSize::XXLarge << "xx-large";
    QTest::newRow("4000") << 4000 << ThumbnailSize::XXLarge << "xx-large";
}

void tst_ThumbnailStore::sizeClass()
{
    QFETCH(int, pixels);
    QFETCH(ThumbnailSize, size);
    QFETCH(QString, folder);
    QCOMPARE(ThumbnailStore::sizeFor(pixels), size);
    QVERIFY(ThumbnailStore::pixels(size) >= std::min(pixels, 1024));
    // The folder as the store writes it.
    const QString path = writePicture(QStringLiteral("s.png"), picture(2000, 1000, Qt::blue));
    auto store = makeStore();
    QSignalSpy ready(store.get(), &ThumbnailStore::thumbnailReady);
    store->request(idFor(QStringLiteral("s"), size), saved(path));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, timeoutMs);
    QCOMPARE(ready.at(0).at(1).value<QImage>().width(), ThumbnailStore::pixels(size));
    const QString file = cacheRoot() + u'/' + folder + u'/' + md5Name(QUrl::fromLocalFile(path).toEncoded());
    QVERIFY2(QFileInfo::exists(file), qPrintable(file));
}

void tst_ThumbnailStore::savedFileGoesToTheFreedesktopCache()
{
    // A space and Chinese in the name: the URI is percent-encoded UTF-8.
    const QString path = writePicture(QStringLiteral("输出 1/flux out.png"), picture(1000, 600, Qt::darkGreen));
    QVERIFY(!path.isEmpty());
    const QByteArray uri = QUrl::fromLocalFile(QFileInfo(path).canonicalFilePath()).toEncoded();
    QVERIFY(uri.contains("%E8%BE%93%E5%87%BA%201/flux%20out.png"));
    const qint64 mtime = QFileInfo(path).lastModified().toSecsSinceEpoch();

    auto store = makeStore();
    QSignalSpy ready(store.get(), &ThumbnailStore::thumbnailReady);
    store->request(idFor(QStringLiteral("a")), saved(path));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, timeoutMs);
    QCOMPARE(ready.at(0).at(0).value<ThumbnailId>(), idFor(QStringLiteral("a")));
    QCOMPARE(ready.at(0).at(1).value<QImage>().size(), QSize(256, 153));
    QCOMPARE(store->decodeCount(), 1);

    const QString thumbnail = cacheRoot() + QStringLiteral("/large/") + md5Name(uri);
    QVERIFY2(QFileInfo::exists(thumbnail), qPrintable(thumbnail));
    QCOMPARE(mode(thumbnail), 0600);
    QCOMPARE(mode(cacheRoot()), 0700);
    QCOMPARE(mode(cacheRoot() + QStringLiteral("/large")), 0700);
    // Nothing but the thumbnail is left in the folder (no temporary file).
    QCOMPARE(QDir(cacheRoot() + QStringLiteral("/large")).entryList(QDir::Files | QDir::Hidden).size(), 1);

    const QString report = identify(thumbnail);
    QVERIFY2(!report.isEmpty(), "identify (ImageMagick) did not read the thumbnail");
    QVERIFY2(report.contains(QStringLiteral("Thumb::URI: ") + QString::fromLatin1(uri)), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("Thumb::MTime: %1\n").arg(mtime)), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("Thumb::Size: %1\n").arg(QFileInfo(path).size())), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("Thumb::Mime: image/png")), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("Geometry: 256x153+0+0")), qPrintable(report));
    // Uncompressed tEXt chunks, which every reader of the standard understands.
    QFile file(thumbnail);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains(QByteArray(QByteArray("tEXtThumb::URI\0", 15) + uri)));
    QVERIFY(!bytes.contains("zTXt"));
}

void tst_ThumbnailStore::thumbnailOfAnotherProgramIsReused()
{
    const QString path = writePicture(QStringLiteral("b.png"), picture(800, 800, Qt::blue));
    const QDateTime mtime = QFileInfo(path).lastModified();
    const QByteArray uri = QUrl::fromLocalFile(path).toEncoded();
    // Another program's thumbnail: red, with Qt's own text chunks (zTXt for the long URI).
    QImage theirs(200, 200, QImage::Format_ARGB32);
    theirs.fill(Qt::red);
    theirs.setText(QStringLiteral("Thumb::URI"), QString::fromLatin1(uri));
    theirs.setText(QStringLiteral("Thumb::MTime"), QString::number(mtime.toSecsSinceEpoch()));
    QDir().mkpath(cacheRoot() + QStringLiteral("/large"));
    const QString thumbnail = cacheRoot() + QStringLiteral("/large/") + md5Name(uri);
    QVERIFY(theirs.save(thumbnail, "PNG"));
    QFile written(thumbnail);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(written.readAll().contains("zTXtThumb::URI"));
    // The original replaced by garbage with the same modification time: only the thumbnail can answer.
    rewrite(path, QByteArray(5000, 'x'), mtime);

    auto store = makeStore();
    QSignalSpy ready(store.get(), &ThumbnailStore::thumbnailReady);
    QSignalSpy failed(store.get(), &ThumbnailStore::thumbnailFailed);
    store->request(idFor(QStringLiteral("b")), saved(path));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size() + failed.size(), 1, timeoutMs);
    QCOMPARE(ready.size(), 1);
    const QImage image = ready.at(0).at(1).value<QImage>();
    QCOMPARE(image.size(), QSize(200, 200));
    QCOMPARE(QColor(image.pixel(100, 100)), QColor(Qt::red));
    QCOMPARE(store->decodeCount(), 0);
    QCOMPARE(store->reuseCount(), 1);
}

void tst_ThumbnailStore::staleThumbnailIsMadeAgain()
{
    const QString path = writePicture(QStringLiteral("c.png"), picture(800, 800, Qt::blue));
    const qint64 mtime = QFileInfo(path).lastModified().toSecsSinceEpoch();
    const QByteArray uri = QUrl::fromLocalFile(path).toEncoded();
    QImage old(200, 200, QImage::Format_ARGB32);
    old.fill(Qt::red);
    old.setText(QStringLiteral("Thumb::URI"), QString::fromLatin1(uri));
    old.setText(QStringLiteral("Thumb::MTime"), QString::number(mtime - 3600));
    const QString thumbnail = cacheRoot() + QStringLiteral("/large/") + md5Name(uri);
    QDir().mkpath(QFileInfo(thumbnail).path());
    QVERIFY(old.save(thumbnail, "PNG"));

    auto store = makeStore();
    QSignalSpy ready(store.get(), &ThumbnailStore::thumbnailReady);
    store->request(idFor(QStringLiteral("c")), saved(path));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, timeoutMs);
    const QImage image = ready.at(0).at(1).value<QImage>();
    QCOMPARE(image.size(), QSize(256, 256));
    QCOMPARE(QColor(image.pixel(10, 10)), QColor(Qt::blue));
    QCOMPARE(store->decodeCount(), 1);
    QVERIFY2(identify(thumbnail).contains(QStringLiteral("Thumb::MTime: %1\n").arg(mtime)), "not rewritten");
}

void tst_ThumbnailStore::failEntryStopsRetriesUntilTheFileChanges()
{
    const QString path = m_files->filePath(QStringLiteral("broken.png"));
    const QDateTime mtime = QDateTime::currentDateTimeUtc().addSecs(-600);
    rewrite(path, QByteArray("\x89PNG\r\n\x1a\n") + QByteArray(3000, '\7'), mtime);
    const QByteArray uri = QUrl::fromLocalFile(path).toEncoded();
    const QString entry = cacheRoot() + QStringLiteral("/fail/replimon-" REPLIMON_VERSION "/") + md5Name(uri);

    auto first = makeStore();
    QSignalSpy failed(first.get(), &ThumbnailStore::thumbnailFailed);
    first->request(idFor(QStringLiteral("d")), saved(path));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, timeoutMs);
    QCOMPARE(first->decodeCount(), 1);
    QVERIFY2(QFileInfo::exists(entry), qPrintable(entry));
    QCOMPARE(mode(entry), 0600);
    QCOMPARE(mode(QFileInfo(entry).path()), 0700);
    const QString report = identify(entry);
    QVERIFY2(report.contains(QStringLiteral("Thumb::URI: ") + QString::fromLatin1(uri)), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("Thumb::MTime: %1\n").arg(mtime.toSecsSinceEpoch())), qPrintable(report));
    QVERIFY(!QFileInfo::exists(cacheRoot() + QStringLiteral("/large/") + md5Name(uri)));

    // Another run: the fail entry answers, the file is not decoded again.
    auto second = makeStore();
    QSignalSpy failedAgain(second.get(), &ThumbnailStore::thumbnailFailed);
    second->request(idFor(QStringLiteral("d")), saved(path));
    QTRY_COMPARE_WITH_TIMEOUT(failedAgain.size(), 1, timeoutMs);
    QCOMPARE(second->decodeCount(), 0);
    QVERIFY(failedAgain.at(0).at(1).toString().contains(QStringLiteral("has not changed")));

    // Fixed (a new modification time): made.
    QVERIFY(picture(300, 300, Qt::blue).save(path, "PNG"));
    auto third = makeStore();
    QSignalSpy ready(third.get(), &ThumbnailStore::thumbnailReady);
    third->request(idFor(QStringLiteral("d")), saved(path));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, timeoutMs);
    QCOMPARE(third->decodeCount(), 1);
}

void tst_ThumbnailStore::remoteOnlyGoesToTheOwnCache()
{
    // A remote output not saved: a data: URL, which ImageCache decodes without a network.
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(picture(640, 480, Qt::magenta).save(&buffer, "PNG"));
    }
    ThumbnailSource remote;
    remote.remoteUrl = QUrl(QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64()));
    const QString own = m_files->filePath(QStringLiteral("own/large/")) + md5Name(remote.remoteUrl.toEncoded());

    auto store = makeStore();
    QSignalSpy ready(store.get(), &ThumbnailStore::thumbnailReady);
    store->request(idFor(QStringLiteral("e")), remote);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, timeoutMs);
    QCOMPARE(ready.at(0).at(1).value<QImage>().size(), QSize(256, 192));
    QCOMPARE(store->fetchCount(), 1);
    QVERIFY2(QFileInfo::exists(own), qPrintable(own));
    QCOMPARE(mode(own), 0600);
    QVERIFY(!QFileInfo::exists(cacheRoot()));

    // The next run reads the own cache: nothing asked of ImageCache.
    auto next = makeStore();
    QSignalSpy readyAgain(next.get(), &ThumbnailStore::thumbnailReady);
    next->request(idFor(QStringLiteral("e")), remote);
    QTRY_COMPARE_WITH_TIMEOUT(readyAgain.size(), 1, timeoutMs);
    QCOMPARE(next->fetchCount(), 0);
    QCOMPARE(next->reuseCount(), 1);
    QCOMPARE(QColor(readyAgain.at(0).at(1).value<QImage>().pixel(5, 5)), QColor(Qt::magenta));
}

void tst_ThumbnailStore::remoteOutputIsDownloadedOnce()
{
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(picture(900, 900, Qt::darkYellow).save(&buffer, "PNG"));
    }
    PngHost host(png);
    ThumbnailSource remote;
    remote.remoteUrl = host.url();

    // The detail pane's preview fetches the output first; the gallery's thumbnail comes from ImageCache's
    // copy on disk.
    QSignalSpy preview(m_images.get(), &ImageCache::imageReady);
    m_images->request(remote.remoteUrl, QSize(600, 600));
    QTRY_COMPARE_WITH_TIMEOUT(preview.size(), 1, timeoutMs);
    auto store = makeStore();
    QSignalSpy ready(store.get(), &ThumbnailStore::thumbnailReady);
    store->request(idFor(QStringLiteral("j"), ThumbnailSize::Normal), remote);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, timeoutMs);
    QCOMPARE(ready.at(0).at(1).value<QImage>().size(), QSize(128, 128));
    // Another size class: again from the disk copy.
    store->request(idFor(QStringLiteral("j"), ThumbnailSize::XLarge), remote);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, timeoutMs);
    QCOMPARE(ready.at(1).at(1).value<QImage>().size(), QSize(512, 512));
    QCOMPARE(host.requests, 1);
    QCOMPARE(m_images->networkRequestCount(), 1);
    const QByteArray uri = remote.remoteUrl.toEncoded();
    QVERIFY(QFileInfo::exists(m_files->filePath(QStringLiteral("own/normal/")) + md5Name(uri)));
    QVERIFY(QFileInfo::exists(m_files->filePath(QStringLiteral("own/x-large/")) + md5Name(uri)));
    QVERIFY(!QFileInfo::exists(cacheRoot()));
}

void tst_ThumbnailStore::duplicateRequestsDecodeOnce()
{
    const QString path = writePicture(QStringLiteral("f.png"), picture(1500, 1500, Qt::darkCyan));
    auto store = makeStore(2);
    QSignalSpy ready(store.get(), &ThumbnailStore::thumbnailReady);
    // The same output in two tasks' cells, one of them asked for twice.
    store->request(idFor(QStringLiteral("f1")), saved(path));
    store->request(idFor(QStringLiteral("f2")), saved(path));
    store->request(idFor(QStringLiteral("f1")), saved(path));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, timeoutMs);
    QTest::qWait(50);
    QCOMPARE(ready.size(), 2);
    QCOMPARE(store->decodeCount(), 1);
    QCOMPARE(store->pendingCount(), 0);
    QVERIFY(!store->cached(idFor(QStringLiteral("f1"))).isNull());
    QVERIFY(!store->cached(idFor(QStringLiteral("f2"))).isNull());
}

void tst_ThumbnailStore::droppedRequestsAreNeverDecoded()
{
    QList<QString> paths;
    for (int i = 0; i < 12; ++i)
        paths.append(writePicture(QStringLiteral("g%1.png").arg(i), picture(1200, 1200, QColor(i * 20, 80, 120))));
    auto store = makeStore(1);
    QSignalSpy ready(store.get(), &ThumbnailStore::thumbnailReady);
    for (int i = 0; i < paths.size(); ++i)
        store->request(idFor(QStringLiteral("g%1").arg(i)), saved(paths.at(i)));
    // Scrolled: only the last is still in view (the first already runs on the one thread).
    store->setWanted({idFor(QStringLiteral("g11"))});
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, timeoutMs);
    QTest::qWait(100);
    QCOMPARE(ready.size(), 2);
    QCOMPARE(ready.at(0).at(0).value<ThumbnailId>(), idFor(QStringLiteral("g0")));
    QCOMPARE(ready.at(1).at(0).value<ThumbnailId>(), idFor(QStringLiteral("g11")));
    QCOMPARE(store->decodeCount(), 2);
    QCOMPARE(store->pendingCount(), 0);
}

void tst_ThumbnailStore::memoryStaysWithinItsLimit()
{
    constexpr qint64 oneThumbnail = 256 * 256 * 4;
    auto store = makeStore(1, 3 * oneThumbnail);
    QSignalSpy ready(store.get(), &ThumbnailStore::thumbnailReady);
    for (int i = 0; i < 8; ++i) {
        const QString path = writePicture(QStringLiteral("h%1.png").arg(i), picture(512, 512, QColor(200, i * 30, 0)));
        store->request(idFor(QStringLiteral("h%1").arg(i)), saved(path));
    }
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 8, timeoutMs);
    QVERIFY(store->memoryInUse() <= store->memoryLimit());
    QCOMPARE(store->memoryLimit(), 3 * oneThumbnail);
    int kept = 0;
    for (int i = 0; i < 8; ++i)
        kept += store->cached(idFor(QStringLiteral("h%1").arg(i))).isNull() ? 0 : 1;
    QCOMPARE(kept, 3);
    QVERIFY(!store->cached(idFor(QStringLiteral("h7"))).isNull());
    QVERIFY(store->cached(idFor(QStringLiteral("h0"))).isNull());
}

void tst_ThumbnailStore::smallImagesAreNotEnlarged()
{
    const QString path = writePicture(QStringLiteral("small.png"), picture(100, 60, Qt::yellow));
    auto store = makeStore();
    QSignalSpy ready(store.get(), &ThumbnailStore::thumbnailReady);
    store->request(idFor(QStringLiteral("i"), ThumbnailSize::XLarge), saved(path));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, timeoutMs);
    QCOMPARE(ready.at(0).at(1).value<QImage>().size(), QSize(100, 60));
    const QString thumbnail = cacheRoot() + QStringLiteral("/x-large/")
        + md5Name(QUrl::fromLocalFile(path).toEncoded());
    QCOMPARE(QImage(thumbnail).size(), QSize(100, 60));
}

QTEST_GUILESS_MAIN(tst_ThumbnailStore)
#include "tst_thumbnailstore.moc"
