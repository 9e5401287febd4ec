// SingleInstance in one process: the second start runs on a worker thread (its calls block, as they do in
// main() before the event loop) while the first answers on the test's event loop.
#include "SingleInstance.h"

#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace std::chrono_literals;

class tst_SingleInstance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void defaultNameHoldsUserAndMode();
    void firstStartListensPrivately();
    void secondStartHandsIdsOver();
    void secondStartWithoutIdsRaisesTheWindow();
    void staleSocketIsReplaced();
    void silentInstanceIsNoAnswer();
    void foreignMessagesAreIgnored();

private:
    QString socketPath(const QString &name) const { return m_dir->filePath(name); }
    /// claim() on a worker thread, the way a second process would; the test's event loop keeps running.
    QFuture<SingleInstance::Role> claimElsewhere(const QString &name, const QStringList &ids,
                                                 std::chrono::milliseconds timeout = 10s);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_SingleInstance::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QFuture<SingleInstance::Role> tst_SingleInstance::claimElsewhere(const QString &name, const QStringList &ids,
                                                                 std::chrono::milliseconds timeout)
{
    return QtConcurrent::run([name, ids, timeout] {
        SingleInstance other(name);
        return other.claim(ids, timeout);
    });
}

void tst_SingleInstance::defaultNameHoldsUserAndMode()
{
    const QByteArray saved = qgetenv("XDG_RUNTIME_DIR");
    const auto restore = qScopeGuard([&] { qputenv("XDG_RUNTIME_DIR", saved); });

    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_dir->path()));
    const QString uid = QString::number(::getuid());
    QCOMPARE(SingleInstance::defaultServerName(false), m_dir->filePath(QStringLiteral("replimon-") + uid));
    QCOMPARE(SingleInstance::defaultServerName(true), m_dir->filePath(QStringLiteral("replimon-demo-") + uid));

    // Without a runtime directory: a bare name, which QLocalServer puts in the temporary directory.
    qunsetenv("XDG_RUNTIME_DIR");
    QCOMPARE(SingleInstance::defaultServerName(false), QStringLiteral("replimon-") + uid);
    QVERIFY(SingleInstance::defaultServerName(true) != SingleInstance::defaultServerName(false));
}

void tst_SingleInstance::firstStartListensPrivately()
{
    SingleInstance instance(socketPath(QStringLiteral("app")));
    QCOMPARE(instance.claim({QStringLiteral("abc")}), SingleInstance::Role::Primary);
    QVERIFY2(instance.errorString().isEmpty(), qPrintable(instance.errorString()));
    QVERIFY(instance.isListening());
    const QFileInfo socket(socketPath(QStringLiteral("app")));
    QVERIFY(socket.exists());
    // Other users must not be able to hand ids (or anything else) to the app.
    QCOMPARE(socket.permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
             QFile::Permissions());
}

void tst_SingleInstance::secondStartHandsIdsOver()
{
    SingleInstance first(socketPath(QStringLiteral("app")));
    QCOMPARE(first.claim({}), SingleInstance::Role::Primary);
    QSignalSpy received(&first, &SingleInstance::idsReceived);

    const QStringList ids{QStringLiteral("w44zs9cet5rmc0cqzp49gpkhf8"),
                          QStringLiteral("https://replicate.com/p/qh5yfvd6ksrm80cqzpa9kq5ks4"),
                          QString::fromUtf8("text with spaces, ümlauts and\na newline")};
    const auto second = claimElsewhere(first.serverName(), ids);
    QTRY_VERIFY_WITH_TIMEOUT(second.isFinished(), 15000);
    QCOMPARE(second.result(), SingleInstance::Role::HandedOver);
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received.at(0).at(0).toStringList(), ids);

    // And again: the first instance keeps listening.
    const auto third = claimElsewhere(first.serverName(), {QStringLiteral("x")});
    QTRY_VERIFY_WITH_TIMEOUT(third.isFinished(), 15000);
    QCOMPARE(third.result(), SingleInstance::Role::HandedOver);
    QTRY_COMPARE(received.size(), 2);
}

void tst_SingleInstance::secondStartWithoutIdsRaisesTheWindow()
{
    SingleInstance first(socketPath(QStringLiteral("app")));
    QCOMPARE(first.claim({}), SingleInstance::Role::Primary);
    QSignalSpy received(&first, &SingleInstance::idsReceived);

    const auto second = claimElsewhere(first.serverName(), {});
    QTRY_VERIFY_WITH_TIMEOUT(second.isFinished(), 15000);
    QCOMPARE(second.result(), SingleInstance::Role::HandedOver);
    QTRY_COMPARE(received.size(), 1);
    QVERIFY(received.at(0).at(0).toStringList().isEmpty());
}

void tst_SingleInstance::staleSocketIsReplaced()
{
    // What a killed instance leaves: a socket file nobody listens on.
    const QByteArray path = QFile::encodeName(socketPath(QStringLiteral("app")));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    QVERIFY(size_t(path.size()) < sizeof(address.sun_path));
    std::copy(path.cbegin(), path.cend(), address.sun_path);
    QCOMPARE(::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)), 0);
    ::close(fd);
    QVERIFY(QFileInfo::exists(socketPath(QStringLiteral("app"))));

    SingleInstance instance(socketPath(QStringLiteral("app")));
    QCOMPARE(instance.claim({}), SingleInstance::Role::Primary);
    QVERIFY2(instance.isListening(), qPrintable(instance.errorString()));

    QSignalSpy received(&instance, &SingleInstance::idsReceived);
    const auto second = claimElsewhere(instance.serverName(), {QStringLiteral("abc")});
    QTRY_VERIFY_WITH_TIMEOUT(second.isFinished(), 15000);
    QCOMPARE(second.result(), SingleInstance::Role::HandedOver);
    QTRY_COMPARE(received.size(), 1);
}

void tst_SingleInstance::silentInstanceIsNoAnswer()
{
    // Something accepts connections on the socket but never acknowledges: the second start must not take
    // over (two apps on one database), nor claim success.
    QLocalServer silent;
    QVERIFY(silent.listen(socketPath(QStringLiteral("app"))));
    const auto second = claimElsewhere(silent.fullServerName(), {QStringLiteral("abc")}, 300ms);
    QTRY_VERIFY_WITH_TIMEOUT(second.isFinished(), 15000);
    QCOMPARE(second.result(), SingleInstance::Role::NoAnswer);
}

void tst_SingleInstance::foreignMessagesAreIgnored()
{
    SingleInstance first(socketPath(QStringLiteral("app")));
    QCOMPARE(first.claim({}), SingleInstance::Role::Primary);
    QSignalSpy received(&first, &SingleInstance::idsReceived);

    QLocalSocket stranger;
    stranger.connectToServer(first.serverName());
    QVERIFY(stranger.waitForConnected(5000));
    stranger.write(QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n").repeated(4));
    QTRY_COMPARE(stranger.state(), QLocalSocket::UnconnectedState);
    QCOMPARE(received.size(), 0);

    // A real second start still gets through.
    const auto second = claimElsewhere(first.serverName(), {QStringLiteral("abc")});
    QTRY_VERIFY_WITH_TIMEOUT(second.isFinished(), 15000);
    QCOMPARE(second.result(), SingleInstance::Role::HandedOver);
    QTRY_COMPARE(received.size(), 1);
}

QTEST_GUILESS_MAIN(tst_SingleInstance)
#include "tst_singleinstance.moc"
