#include "SocketSend.h"

#include <sys/socket.h>

#include <QTcpSocket>

void SocketSend::write(QTcpSocket &socket, const char *data, qsizetype size)
{
    qsizetype sent = 0;
    if (size > 0 && socket.bytesToWrite() == 0 && socket.state() == QAbstractSocket::ConnectedState) {
        // MSG_NOSIGNAL: a caller gone meanwhile is an error here (and then Qt's own), never a SIGPIPE.
        const ssize_t written = ::send(int(socket.socketDescriptor()), data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (written > 0)
            sent = qsizetype(written);
    }
    // Whatever is left (or an error, which Qt then meets and reports itself) goes the usual way.
    if (sent < size) {
        socket.write(data + sent, size - sent);
        socket.flush();
    }
}
