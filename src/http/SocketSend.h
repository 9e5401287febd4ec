#pragma once

#include <QtGlobal>

class QTcpSocket;

/// Writes to a plain TCP socket's descriptor straight away when nothing is queued in the QTcpSocket, and
/// queues in it only what the system did not take.
///
/// A write through QAbstractSocket's buffer turns its write notifier on and, once flushed, off again: with
/// the GLib event dispatcher every such change wakes the thread's main context (an eventfd write and an
/// extra poll), twice per socket per exchange. Most answers and requests fit the socket's send buffer, so
/// they leave in one send() and none of that happens. bytesWritten() is not emitted for what was sent
/// directly; bytesToWrite() stays exact. Not for QSslSocket (its descriptor carries TLS records).
class SocketSend final
{
public:
    static void write(QTcpSocket &socket, const char *data, qsizetype size);
};
