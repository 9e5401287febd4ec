#pragma once

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

/// Ports on loopback, for the tests of what listens there (the capture endpoint).
namespace LoopbackPorts {

/// A port nothing listens on now, on either loopback.
inline quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

/// Whether something accepts connections on @p port (waits up to 2 s).
inline bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(2000);
}

} // namespace LoopbackPorts
