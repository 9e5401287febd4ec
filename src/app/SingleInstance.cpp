#include "SingleInstance.h"

#include <QDataStream>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QLocalSocket>
#include <QLockFile>

#include <unistd.h>

namespace {

// Guards against anything else that might connect to the socket.
constexpr quint32 messageMagic = 0x52504d31; // "RPM1"
constexpr QDataStream::Version streamVersion = QDataStream::Qt_6_0;
// Ids come from a command line: a larger message is not from the app.
constexpr qint64 maxMessageBytes = 1 << 20;
constexpr quint32 maxIds = 10000;
const QByteArray acknowledgement = QByteArrayLiteral("ok\n");

} // namespace

SingleInstance::SingleInstance(QString serverName, QObject *parent)
    : QObject(parent)
    , m_serverName(std::move(serverName))
{
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultServerName(bool demo)
{
    const QString name = (demo ? QStringLiteral("replimon-demo-") : QStringLiteral("replimon-"))
        + QString::number(::getuid());
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtimeDir.isEmpty() && QFileInfo(runtimeDir).isDir())
        return QDir(runtimeDir).filePath(name);
    return name;
}

SingleInstance::Role SingleInstance::claim(const QStringList &ids, std::chrono::milliseconds timeout)
{
    m_error.clear();
    const QString socketPath = QDir::isAbsolutePath(m_serverName) ? m_serverName
                                                                  : QDir(QDir::tempPath()).filePath(m_serverName);
    // Held only while deciding: two starts at the same moment must not both remove the socket and listen.
    QLockFile lock(socketPath + QStringLiteral(".lock"));
    const bool locked = lock.tryLock(int(timeout.count()));

    switch (deliver(ids, timeout)) {
    case Delivery::Delivered:
        return Role::HandedOver;
    case Delivery::NoAnswer:
        return Role::NoAnswer;
    case Delivery::NotRunning:
        break;
    }
    if (!locked)
        m_error = tr("Another start of Replimon holds %1.").arg(QDir::toNativeSeparators(lock.fileName()));
    else if (!listen())
        m_error = m_server.errorString();
    return Role::Primary;
}

SingleInstance::Delivery SingleInstance::deliver(const QStringList &ids, std::chrono::milliseconds timeout) const
{
    QLocalSocket socket;
    socket.connectToServer(m_serverName);
    const QDeadlineTimer deadline(timeout);
    if (!socket.waitForConnected(int(deadline.remainingTime())))
        return Delivery::NotRunning;

    QByteArray message;
    QDataStream out(&message, QIODevice::WriteOnly);
    out.setVersion(streamVersion);
    out << messageMagic << quint32(ids.size());
    for (const QString &id : ids)
        out << id;
    socket.write(message);
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(int(deadline.remainingTime())))
            return Delivery::NoAnswer;
    }
    QByteArray answer;
    while (answer.size() < acknowledgement.size()) {
        if (!socket.bytesAvailable() && !socket.waitForReadyRead(int(deadline.remainingTime())))
            break;
        answer += socket.readAll();
    }
    return answer.startsWith(acknowledgement) ? Delivery::Delivered : Delivery::NoAnswer;
}

bool SingleInstance::listen()
{
    if (m_server.listen(m_serverName))
        return true;
    if (m_server.serverError() != QAbstractSocket::AddressInUseError)
        return false;
    // Nothing answered on it (checked under the lock): a socket file left by an instance that was killed.
    QLocalServer::removeServer(m_serverName);
    return m_server.listen(m_serverName);
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (socket->bytesAvailable() > maxMessageBytes) {
                socket->abort();
                return;
            }
            // A transaction waits for the whole message, however it was split on the way; anything that does
            // not start like one of ours is dropped as soon as that shows.
            QDataStream in(socket);
            in.setVersion(streamVersion);
            in.startTransaction();
            quint32 magic = 0;
            quint32 count = 0;
            in >> magic >> count;
            if (in.status() == QDataStream::Ok && (magic != messageMagic || count > maxIds)) {
                socket->abort();
                return;
            }
            QStringList ids;
            for (quint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
                QString id;
                in >> id;
                ids.append(id);
            }
            if (!in.commitTransaction())
                return;
            socket->write(acknowledgement);
            socket->disconnectFromServer();
            Q_EMIT idsReceived(ids);
        });
    }
}
