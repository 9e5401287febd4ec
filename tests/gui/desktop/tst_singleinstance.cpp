// SingleInstance in one process: the second start runs on a worker thread (its calls block, as they do in
// main() before the event loop) while the first answers on the test's event loop; and once with the real
// `replimon` binary as the second start.
#include "SingleInstance.h"

#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
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
    void captureRequestIsHandedOver();
    void messagesOfOtherVersionsAreUnderstood();
    void secondProcessHandsOverItsCaptureRequest();

private:
    QString socketPath(const QString &name) const { return m_dir->filePath(name); }
    /// claim() on a worker thread, the way a second process would; the test's event loop keeps running.
    QFuture<SingleInstance::Role> claimElsewhere(const QString &name, const QStringList &ids,
                                                 std::chrono::milliseconds timeout = 10s);
    QFuture<SingleInstance::Role> claimElsewhereWith(const QString &name, const SingleInstance::Request &request);
    /// Sends @p message as a raw client; returns what the instance answered.
    QByteArray sendRaw(const QString &name, const QByteArray &message);

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

QFuture<SingleInstance::Role> tst_SingleInstance::claimElsewhereWith(const QString &name,
                                                                     const SingleInstance::Request &request)
{
    return QtConcurrent::run([name, request] {
        SingleInstance other(name);
        return other.claimWith(request);
    });
}

QByteArray tst_SingleInstance::sendRaw(const QString &name, const QByteArray &message)
{
    QLocalSocket socket;
    socket.connectToServer(name);
    if (!socket.waitForConnected(5000))
        return "<not connected>";
    socket.write(message);
    QByteArray answer;
    // The test's event loop answers: wait on it, not on the socket. What came by then is the answer.
    (void)QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return answer.size() >= 3 || socket.state() == QLocalSocket::UnconnectedState;
        },
        10000);
    return answer;
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

void tst_SingleInstance::captureRequestIsHandedOver()
{
    SingleInstance first(socketPath(QStringLiteral("app")));
    QCOMPARE(first.claim({}), SingleInstance::Role::Primary);
    QSignalSpy ids(&first, &SingleInstance::idsReceived);
    QSignalSpy capture(&first, &SingleInstance::captureRequested);

    // `replimon --capture 5099 abc`: the ids arrive, then the request.
    const auto second = claimElsewhereWith(first.serverName(),
                                           SingleInstance::Request{{QStringLiteral("abc")}, quint16(5099)});
    QTRY_VERIFY_WITH_TIMEOUT(second.isFinished(), 15000);
    QCOMPARE(second.result(), SingleInstance::Role::HandedOver);
    QTRY_COMPARE(capture.size(), 1);
    QCOMPARE(capture.at(0).at(0).value<quint16>(), quint16(5099));
    QCOMPARE(ids.size(), 1);
    QCOMPARE(ids.at(0).at(0).toStringList(), QStringList{QStringLiteral("abc")});

    // A start without the option asks for nothing.
    const auto third = claimElsewhereWith(first.serverName(), SingleInstance::Request{{}, std::nullopt});
    QTRY_VERIFY_WITH_TIMEOUT(third.isFinished(), 15000);
    QCOMPARE(third.result(), SingleInstance::Role::HandedOver);
    QTRY_COMPARE(ids.size(), 2);
    QCOMPARE(capture.size(), 1);
}

void tst_SingleInstance::messagesOfOtherVersionsAreUnderstood()
{
    SingleInstance first(socketPath(QStringLiteral("app")));
    QCOMPARE(first.claim({}), SingleInstance::Role::Primary);
    QSignalSpy ids(&first, &SingleInstance::idsReceived);
    QSignalSpy capture(&first, &SingleInstance::captureRequested);
    const auto message = [](quint32 field, const QStringList &values, const QList<QStringList> &options) {
        QByteArray bytes;
        QDataStream out(&bytes, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_0);
        out << quint32(0x52504d31) << field;
        for (const QString &value : values)
            out << value;
        if (field & 0x80000000u) {
            out << quint32(options.size());
            for (const QStringList &option : options)
                out << option.value(0) << option.value(1);
        }
        return bytes;
    };

    // What earlier versions send: magic, count, ids.
    QCOMPARE(sendRaw(first.serverName(), message(1, {QStringLiteral("old")}, {})), QByteArray("ok\n"));
    QTRY_COMPARE(ids.size(), 1);
    QCOMPARE(ids.at(0).at(0).toStringList(), QStringList{QStringLiteral("old")});

    // A later version's option this one does not know is passed over; the ids and the capture stand.
    const QByteArray newer = message(
        0x80000001u, {QStringLiteral("new")},
        {{QStringLiteral("colour"), QStringLiteral("blue")}, {QStringLiteral("capture"), QStringLiteral("6001")}});
    QCOMPARE(sendRaw(first.serverName(), newer), QByteArray("ok\n"));
    QTRY_COMPARE(ids.size(), 2);
    QCOMPARE(ids.at(1).at(0).toStringList(), QStringList{QStringLiteral("new")});
    QTRY_COMPARE(capture.size(), 1);
    QCOMPARE(capture.at(0).at(0).value<quint16>(), quint16(6001));

    // A port that is not one is no request.
    QCOMPARE(
        sendRaw(first.serverName(), message(0x80000000u, {}, {{QStringLiteral("capture"), QStringLiteral("70000")}})),
        QByteArray("ok\n"));
    QTRY_COMPARE(ids.size(), 3);
    QCOMPARE(capture.size(), 1);
}

void tst_SingleInstance::secondProcessHandsOverItsCaptureRequest()
{
    // This process is the running instance, where a real `replimon` in the same runtime directory looks
    // for it; that start hands over and ends.
    SingleInstance first(m_dir->filePath(QStringLiteral("replimon-") + QString::number(::getuid())));
    QCOMPARE(first.claim({}), SingleInstance::Role::Primary);
    QSignalSpy ids(&first, &SingleInstance::idsReceived);
    QSignalSpy capture(&first, &SingleInstance::captureRequested);

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir->path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    QProcess second;
    second.setProcessEnvironment(environment);
    second.setProcessChannelMode(QProcess::MergedChannels);
    second.start(QStringLiteral(REPLIMON_APP), {QStringLiteral("--capture"), QStringLiteral("5123")});
    QVERIFY(second.waitForStarted(30000));
    QTRY_VERIFY_WITH_TIMEOUT(second.state() == QProcess::NotRunning, 60000);
    QVERIFY2(second.exitStatus() == QProcess::NormalExit && second.exitCode() == 0, second.readAll().constData());
    QTRY_COMPARE(capture.size(), 1);
    QCOMPARE(capture.at(0).at(0).value<quint16>(), quint16(5123));
    QCOMPARE(ids.size(), 1);
    QVERIFY(ids.at(0).at(0).toStringList().isEmpty());

    // A port that is not one is refused on the command line, before anything is handed over.
    QProcess wrong;
    wrong.setProcessEnvironment(environment);
    wrong.start(QStringLiteral(REPLIMON_APP), {QStringLiteral("--capture"), QStringLiteral("http")});
    QVERIFY(wrong.waitForStarted(30000));
    QTRY_VERIFY_WITH_TIMEOUT(wrong.state() == QProcess::NotRunning, 60000);
    QVERIFY(wrong.exitCode() != 0);
    QVERIFY(wrong.readAllStandardError().contains("http"));
    QCOMPARE(ids.size(), 1);
}

QTEST_GUILESS_MAIN(tst_SingleInstance)
#include "tst_singleinstance.moc"
