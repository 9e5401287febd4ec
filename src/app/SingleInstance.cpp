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
// Set in the id count when named options (QString pairs) follow the ids. Older versions refuse such a count
// as too large, so they never take a request they would only half carry out; without options, a message
// is exactly what they send and read.
constexpr quint32 optionsFlag = 0x80000000u;
constexpr quint32 maxOptions = 64;
const QString captureOption = QStringLiteral("capture");
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
    return claimWith(Request{ids, std::nullopt}, timeout);
}

SingleInstance::Role SingleInstance::claimWith(const Request &request, std::chrono::milliseconds timeout)
{
    m_error.clear();
    const QString socketPath = QDir::isAbsolutePath(m_serverName) ? m_serverName
                                                                  : QDir(QDir::tempPath()).filePath(m_serverName);
    // Held only while deciding: two starts at the same moment must not both remove the socket and listen.
    QLockFile lock(socketPath + QStringLiteral(".lock"));
    const bool locked = lock.tryLock(int(timeout.count()));

    switch (deliver(request, timeout)) {
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

SingleInstance::Delivery SingleInstance::deliver(const Request &request, std::chrono::milliseconds timeout) const
{
    QLocalSocket socket;
    socket.connectToServer(m_serverName);
    const QDeadlineTimer deadline(timeout);
    if (!socket.waitForConnected(int(deadline.remainingTime())))
        return Delivery::NotRunning;

    QByteArray message;
    QDataStream out(&message, QIODevice::WriteOnly);
    out.setVersion(streamVersion);
    QList<std::pair<QString, QString>> options;
    if (request.capturePort)
        options.append({captureOption, QString::number(*request.capturePort)});
    out << messageMagic << (quint32(request.ids.size()) | (options.isEmpty() ? 0u : optionsFlag));
    for (const QString &id : request.ids)
        out << id;
    if (!options.isEmpty()) {
        out << quint32(options.size());
        for (const auto &[name, value] : std::as_const(options))
            out << name << value;
    }
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
            quint32 field = 0;
            in >> magic >> field;
            const bool hasOptions = field & optionsFlag;
            const quint32 count = field & ~optionsFlag;
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
            quint32 optionCount = 0;
            if (hasOptions)
                in >> optionCount;
            if (in.status() == QDataStream::Ok && optionCount > maxOptions) {
                socket->abort();
                return;
            }
            std::optional<quint16> capturePort;
            for (quint32 i = 0; i < optionCount && in.status() == QDataStream::Ok; ++i) {
                QString name;
                QString value;
                in >> name >> value;
                bool valid = false;
                const uint port = value.toUInt(&valid);
                // Options this version does not know are someone newer's: the rest of the request stands.
                if (name == captureOption && valid && port > 0 && port <= 65535)
                    capturePort = quint16(port);
            }
            if (!in.commitTransaction())
                return;
            socket->write(acknowledgement);
            socket->disconnectFromServer();
            Q_EMIT idsReceived(ids);
            if (capturePort)
                Q_EMIT captureRequested(*capturePort);
        });
    }
}
