#include "ResponseWriter.h"

#include "RequestLog.h"
#include "SimTime.h"

#include <QTcpSocket>

namespace {
// Keep this much queued in the socket; refill on bytesWritten.
const qint64 HighWater = 256 * 1024;
const qint64 ChunkSize = 64 * 1024;
} // namespace

ResponseWriter::ResponseWriter(QTcpSocket *socket, RequestLog *log, qint64 seq, bool keepAlive, bool headOnly)
    : QObject(socket)
    , m_socket(socket)
    , m_log(log)
    , m_seq(seq)
    , m_keepAlive(keepAlive)
    , m_headOnly(headOnly)
{
    connect(socket, &QTcpSocket::disconnected, this, &ResponseWriter::onDisconnected);
}

ResponseWriter::~ResponseWriter()
{
    // Torn down with its socket (or the server) before finishing: the connection is gone, which is
    // what done_ms means then.
    if (!m_finished && m_log && m_seq > 0)
        m_log->finish(m_seq, SimTime::nowMs());
}

void ResponseWriter::send(HttpResponse response, Mode mode)
{
    if (m_started || !m_socket)
        return;
    m_started = true;
    m_response = std::move(response);
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        // The client left while the answer was being prepared (a latency fault, an image being encoded).
        onDisconnected();
        return;
    }
    if (mode == Mode::Nothing)
        return;

    const qint64 length = m_headOnly ? 0 : m_response.bodyLength();
    qint64 declared = m_response.bodyLength();
    bool keepAlive = m_keepAlive;
    switch (mode) {
    case Mode::Complete:
        m_sendUpTo = length;
        break;
    case Mode::HeadersOnly:
        m_sendUpTo = 0;
        break;
    case Mode::Half:
        m_sendUpTo = length / 2;
        keepAlive = false;
        break;
    case Mode::Overstated:
        m_sendUpTo = length;
        declared = declared + qMax<qint64>(16, declared / 2);
        keepAlive = false;
        break;
    case Mode::Nothing:
        break;
    }
    m_closeWhenDone = !keepAlive;
    if (m_log && m_seq > 0)
        m_log->setStatus(m_seq, m_response.status());
    m_socket->write(m_response.head(declared, keepAlive));
    if (mode == Mode::HeadersOnly) {
        m_socket->flush();
        return;
    }
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ResponseWriter::pump);
    pump();
}

void ResponseWriter::pump()
{
    if (!m_socket || m_finished)
        return;
    while (m_offset < m_sendUpTo && m_socket->bytesToWrite() < HighWater) {
        const QByteArray chunk = m_response.bodyChunk(m_offset, qMin(ChunkSize, m_sendUpTo - m_offset));
        if (chunk.isEmpty())
            break;
        m_socket->write(chunk);
        m_offset += chunk.size();
    }
    if (m_offset < m_sendUpTo)
        return;
    // Everything is queued; try to hand it to the kernel now so small answers finish at once.
    if (m_socket->bytesToWrite() > 0)
        m_socket->flush();
    if (m_socket->bytesToWrite() > 0)
        return;
    finish();
}

void ResponseWriter::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_log && m_seq > 0)
        m_log->finish(m_seq, SimTime::nowMs());
    if (m_socket) {
        disconnect(m_socket, nullptr, this, nullptr);
        if (m_closeWhenDone)
            m_socket->disconnectFromHost();
    }
    deleteLater();
}

void ResponseWriter::onDisconnected()
{
    if (!m_finished) {
        m_finished = true;
        if (m_log && m_seq > 0)
            m_log->finish(m_seq, SimTime::nowMs());
    }
    deleteLater();
}
