#include "StreamSession.h"

#include "RequestLog.h"
#include "SimStore.h"
#include "SimTime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include <algorithm>

namespace {
// A cancel can come at any moment: look at least this often.
const qint64 LookAgainMs = 250;

QString compact(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    // QJsonDocument holds only objects and arrays: write the value inside one and take the brackets off.
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}
} // namespace

StreamSession::StreamSession(QTcpSocket *socket, const SimStore &store, const PredictionRenderer &renderer,
                             PredictionRenderer::Urls urls, QString id, RequestLog *log, qint64 seq, bool keepAlive)
    : QObject(socket)
    , m_socket(socket)
    , m_store(store)
    , m_renderer(renderer)
    , m_urls(std::move(urls))
    , m_id(std::move(id))
    , m_log(log)
    , m_seq(seq)
    , m_keepAlive(keepAlive)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &StreamSession::tick);
    connect(socket, &QTcpSocket::disconnected, this, [this] { end(false); });
}

QByteArray StreamSession::frame(const QByteArray &event, qint64 id, const QString &data)
{
    QByteArray out = "event: " + event + "\nid: " + QByteArray::number(id) + '\n';
    // A line break inside the data becomes a data line of its own; the reader joins them with "\n".
    const QStringList lines = data.split(QLatin1Char('\n'));
    for (const QString &line : lines)
        out += "data: " + line.toUtf8() + '\n';
    return out + '\n';
}

void StreamSession::start()
{
    if (!m_socket)
        return;
    writeHead(m_keepAlive);
    tick();
}

void StreamSession::dropAfterHeaders()
{
    if (!m_socket)
        return;
    writeHead(false);
    end(true);
}

void StreamSession::writeHead(bool keepAlive)
{
    if (m_log && m_seq > 0)
        m_log->setStatus(m_seq, 200);
    m_socket->write(QByteArrayLiteral("HTTP/1.1 200 OK\r\n"
                                      "Content-Type: text/event-stream\r\n"
                                      "Cache-Control: no-store\r\n"
                                      "Transfer-Encoding: chunked\r\n")
                    + (keepAlive ? QByteArrayLiteral("Connection: keep-alive\r\n\r\n")
                                 : QByteArrayLiteral("Connection: close\r\n\r\n")));
    m_socket->flush();
}

void StreamSession::tick()
{
    if (m_ended)
        return;
    const SimPrediction *prediction = m_store.find(m_id);
    if (!prediction) { // The store was cleared under us.
        end(true);
        return;
    }
    const qint64 nowNs = SimTime::nowNs();
    const SimPrediction::State state = prediction->stateAt(nowNs);

    QStringList lines = prediction->logsFor(state).split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    for (; m_logLinesSent < lines.size(); ++m_logLinesSent)
        sendEvent("logs", lines.at(m_logLinesSent));

    if (state.terminal) {
        if (state.status == QLatin1String("succeeded")) {
            const QJsonObject rendered =
                QJsonDocument::fromJson(m_renderer.render(*prediction, nowNs, m_urls)).object();
            const QJsonValue output = rendered.value(QLatin1String("output"));
            const QJsonArray pieces = output.isArray() ? output.toArray() : QJsonArray{output};
            for (const QJsonValue &piece : pieces) {
                if (!piece.isNull())
                    sendEvent("output", compact(piece));
            }
        } else if (state.status == QLatin1String("failed")) {
            sendEvent("error", compact(prediction->error));
        }
        QString done = QStringLiteral("{}");
        if (state.status == QLatin1String("canceled") || state.status == QLatin1String("aborted"))
            done = QStringLiteral("{\"reason\":\"%1\"}").arg(state.status);
        sendEvent("done", done);
        writeChunk({}); // the last chunk
        end(!m_keepAlive);
        return;
    }

    // The next moment something changes: the start, a quarter of the run (a log line), the end.
    qint64 next = nowNs + LookAgainMs * 1000000;
    const qint64 start = prediction->startNs();
    const qint64 runNs = prediction->endNs() - start;
    for (const qint64 at : {start, start + runNs / 4, start + runNs / 2, start + runNs * 3 / 4, start + runNs}) {
        if (at > nowNs)
            next = std::min(next, at);
    }
    m_timer.start(int((next - nowNs + 999999) / 1000000));
}

void StreamSession::sendEvent(const QByteArray &event, const QString &data)
{
    writeChunk(frame(event, m_nextEventId++, data));
}

void StreamSession::writeChunk(const QByteArray &bytes)
{
    if (!m_socket)
        return;
    m_socket->write(QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
    m_socket->flush();
}

void StreamSession::end(bool closeConnection)
{
    if (m_ended)
        return;
    m_ended = true;
    m_timer.stop();
    if (m_log && m_seq > 0)
        m_log->finish(m_seq, SimTime::nowMs());
    if (m_socket) {
        disconnect(m_socket, nullptr, this, nullptr);
        if (closeConnection)
            m_socket->disconnectFromHost();
    }
    deleteLater();
}
