#include "PredictionWorker.h"

#include "ConnectionErrors.h"
#include "PredictionClient.h"
#include "PredictionExchange.h"
#include "ReplyErrors.h"
#include "UpstreamConnection.h"

#include <QDeadlineTimer>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace {

// An idle connection is kept this long: polls a few seconds apart reuse it instead of paying for a new
// connection and TLS handshake each. One the server closed meanwhile is noticed (and dropped) when it
// closes; one it closes just as a request goes out is retried on a fresh connection (see onFailed).
constexpr int idleMs = 30000;
} // namespace

struct PredictionWorker::Slot
{
    std::unique_ptr<UpstreamConnection> connection;
    QUrl origin;
    int timeoutMs = 0;
    quint64 sslGeneration = 0;
    bool opened = false;
    bool reused = false; ///< The exchange on it is not the connection's first.
    std::unique_ptr<Exchange> exchange;
    QDeadlineTimer idleUntil;
};

PredictionWorker::PredictionWorker() = default;

PredictionWorker::~PredictionWorker()
{
    // Nobody is listening any more: the connections close without a report.
    for (const std::unique_ptr<Slot> &slot : m_slots) {
        if (slot->connection)
            slot->connection->disconnect(this);
    }
}

void PredictionWorker::post(Command command)
{
    if (m_posted.push(std::move(command)))
        QMetaObject::invokeMethod(this, &PredictionWorker::runPosted, Qt::QueuedConnection);
}

void PredictionWorker::runPosted()
{
    const QList<Command> commands = m_posted.take();
    for (const Command &command : commands) {
        switch (command.kind) {
        case Command::Kind::Start:
            start(command.request);
            break;
        case Command::Kind::Abort:
            abort(command.request.id);
            break;
        case Command::Kind::AbortAll:
            abortAll();
            break;
        }
    }
}

void PredictionWorker::start(const PredictionRequest &request)
{
    auto exchange = std::make_unique<Exchange>();
    exchange->request = request;
    exchange->url = request.url;
    exchange->verb = request.verb;
    exchange->body = request.body;
    m_waiting.push_back(std::move(exchange));
    pump();
}

void PredictionWorker::pump()
{
    // A connection that fails at once (no route, no TLS backend) reports from inside open(), and that
    // report pumps again: the outer pass goes on instead, rather than one nested pass per waiting request.
    if (m_pumping) {
        m_pumpAgain = true;
        return;
    }
    m_pumping = true;
    do {
        m_pumpAgain = false;
        pumpOnce();
    } while (m_pumpAgain);
    m_pumping = false;
}

void PredictionWorker::pumpOnce()
{
    while (!m_waiting.empty()) {
        Exchange &next = *m_waiting.front();
        // Connections are per origin, transfer timeout and TLS settings.
        const QUrl origin = UpstreamConnection::originOf(next.url);
        const int timeoutMs = int(next.request.transferTimeout.count());
        const quint64 sslGeneration = next.request.sslGeneration;
        Slot *free = nullptr;
        int busy = 0;
        for (const std::unique_ptr<Slot> &slot : m_slots) {
            if (slot->exchange) {
                ++busy;
            } else if (!free && !next.retried && slot->connection && slot->origin == origin
                       && slot->timeoutMs == timeoutMs && slot->sslGeneration == sslGeneration
                       && slot->connection->isIdleAndOpen()) {
                free = slot.get();
            }
        }
        if (!free) {
            if (busy >= maxConnections)
                return;
            // A slot without a connection (or with one for another origin, idle) is taken over, else a new one.
            for (const std::unique_ptr<Slot> &slot : m_slots) {
                if (!slot->exchange) {
                    free = slot.get();
                    break;
                }
            }
            if (!free) {
                m_slots.push_back(std::make_unique<Slot>());
                free = m_slots.back().get();
            }
            dropConnection(*free);
            free->origin = origin;
            free->timeoutMs = timeoutMs;
            free->sslGeneration = sslGeneration;
            free->connection = std::make_unique<UpstreamConnection>(origin, timeoutMs);
            if (!next.request.sslConfiguration.isNull())
                free->connection->setSslConfiguration(next.request.sslConfiguration);
            UpstreamConnection *connection = free->connection.get();
            Slot *slot = free;
            connect(connection, &UpstreamConnection::opened, this, [this, slot] {
                slot->opened = true;
                send(*slot);
            });
            connect(
                connection, &UpstreamConnection::headReceived, this,
                [this, slot](const HttpHead &head, qint64 contentLength, bool) { onHead(*slot, head, contentLength); });
            connect(connection, &UpstreamConnection::bodyReceived, this,
                    [this, slot](const char *data, qsizetype size) { onBody(*slot, data, size); });
            connect(connection, &UpstreamConnection::answerComplete, this,
                    [this, slot](bool reusable) { onComplete(*slot, reusable); });
            connect(connection, &UpstreamConnection::failed, this,
                    [this, slot](UpstreamConnection::Failure failure, const QString &detail) {
                        onFailed(*slot, int(failure), detail);
                    });
            free->exchange = std::move(m_waiting.front());
            m_waiting.pop_front();
            free->reused = false;
            connection->open();
            continue;
        }
        free->exchange = std::move(m_waiting.front());
        m_waiting.pop_front();
        free->reused = true;
        send(*free);
    }
}

void PredictionWorker::send(Slot &slot)
{
    Exchange &exchange = *slot.exchange;
    UpstreamConnection &connection = *slot.connection;
    connection.beginExchange();
    const QByteArray target = UpstreamConnection::requestTarget(exchange.url);
    const PredictionRequest &request = exchange.request;
    QByteArray bytes;
    bytes.reserve(256 + exchange.body.size());
    bytes += exchange.verb + ' ' + target + " HTTP/1.1\r\nHost: " + connection.hostField()
        + "\r\nAccept: application/json\r\nContent-Type: application/json\r\nUser-Agent: "
        + PredictionClient::userAgent() + "\r\n";
    // The key goes to the API's own origin only (a followed redirect stays on it, but the rule is kept here).
    if (!request.apiKey.isEmpty() && request.endpoint.isApiOrigin(exchange.url)) {
        if (m_authorizationKey != request.apiKey) {
            m_authorizationKey = request.apiKey;
            m_authorization = "Bearer " + request.apiKey.toUtf8();
        }
        bytes += "Authorization: " + m_authorization + "\r\n";
    }
    if (!exchange.body.isEmpty() || exchange.verb != "GET")
        bytes += "Content-Length: " + QByteArray::number(exchange.body.size()) + "\r\n";
    bytes += "\r\n";
    bytes += exchange.body;
    connection.write(bytes);
}

void PredictionWorker::onHead(Slot &slot, const HttpHead &head, qint64 contentLength)
{
    if (!slot.exchange)
        return;
    Exchange &exchange = *slot.exchange;
    exchange.answerStarted = true;
    exchange.status = head.status;
    exchange.reason = head.reason;
    exchange.contentType = head.value("Content-Type");
    exchange.retryAfter = head.value("Retry-After");
    exchange.location = head.value("Location");
    exchange.answer.clear();
    if (contentLength > exchange.request.maxBodyBytes) {
        exchange.tooLarge = true;
    } else if (contentLength > 0) {
        exchange.answer.reserve(contentLength);
    }
    if (exchange.tooLarge)
        onComplete(slot, false);
}

void PredictionWorker::onBody(Slot &slot, const char *data, qsizetype size)
{
    if (!slot.exchange)
        return;
    Exchange &exchange = *slot.exchange;
    if (exchange.answer.size() + size > exchange.request.maxBodyBytes) {
        exchange.tooLarge = true;
        onComplete(slot, false);
        return;
    }
    exchange.answer.append(data, size);
}

void PredictionWorker::onComplete(Slot &slot, bool reusable)
{
    if (!slot.exchange)
        return;
    std::unique_ptr<Exchange> exchange = release(slot, reusable);
    std::optional<PredictionOutcome> outcome = outcomeOf(exchange);
    if (outcome)
        report(std::move(*outcome));
    pump();
}

void PredictionWorker::onFailed(Slot &slot, int failure, const QString &detail)
{
    if (!slot.exchange) {
        dropConnection(slot);
        return;
    }
    const bool reused = slot.reused;
    const auto kind = UpstreamConnection::Failure(failure);
    const ApiError error = ConnectionErrors::classify(*slot.connection, kind, detail, slot.exchange->status,
                                                      slot.exchange->request.apiKey);
    std::unique_ptr<Exchange> exchange = release(slot, false);
    // A kept-alive connection the server closed just as this request went out: nothing was answered, so
    // the request goes again on a fresh one, once, when sending it twice does no harm (not a create).
    if (reused && kind == UpstreamConnection::Failure::Broken && !exchange->answerStarted && !exchange->retried
        && exchange->request.operation != PredictionRequest::Operation::Create) {
        exchange->retried = true;
        m_waiting.push_front(std::move(exchange));
        pump();
        return;
    }
    report({exchange->request.id, exchange->request.predictionId, {}, {}, error});
    pump();
}

std::unique_ptr<PredictionWorker::Exchange> PredictionWorker::release(Slot &slot, bool keep)
{
    std::unique_ptr<Exchange> exchange = std::move(slot.exchange);
    if (keep && slot.connection && slot.connection->isIdleAndOpen()) {
        slot.idleUntil = QDeadlineTimer(idleMs);
        if (!m_sweep) {
            m_sweep = new QTimer(this);
            m_sweep->setInterval(idleMs / 4);
            connect(m_sweep, &QTimer::timeout, this, &PredictionWorker::sweepIdle);
        }
        if (!m_sweep->isActive())
            m_sweep->start();
    } else {
        dropConnection(slot);
    }
    return exchange;
}

void PredictionWorker::dropConnection(Slot &slot)
{
    if (!slot.connection)
        return;
    slot.connection->disconnect(this);
    // It may be inside one of its own signals: deleted once that has returned.
    slot.connection.release()->deleteLater();
    slot.opened = false;
}

void PredictionWorker::sweepIdle()
{
    bool anyIdle = false;
    for (const std::unique_ptr<Slot> &slot : m_slots) {
        if (slot->exchange || !slot->connection)
            continue;
        if (slot->idleUntil.hasExpired() || !slot->connection->isIdleAndOpen())
            dropConnection(*slot);
        else
            anyIdle = true;
    }
    m_slots.erase(
        std::remove_if(m_slots.begin(), m_slots.end(),
                       [](const std::unique_ptr<Slot> &slot) { return !slot->exchange && !slot->connection; }),
        m_slots.end());
    if (!anyIdle)
        m_sweep->stop();
}

int PredictionWorker::outcomesWaiting() const
{
    return int(m_outcomes.size());
}

void PredictionWorker::abort(quint64 id)
{
    const auto waiting = std::find_if(
        m_waiting.begin(), m_waiting.end(),
        [id](const std::unique_ptr<Exchange> &exchange) { return exchange->request.id == id; });
    std::unique_ptr<Exchange> exchange;
    if (waiting != m_waiting.end()) {
        exchange = std::move(*waiting);
        m_waiting.erase(waiting);
    } else {
        for (const std::unique_ptr<Slot> &slot : m_slots) {
            if (slot->exchange && slot->exchange->request.id == id) {
                exchange = release(*slot, false);
                break;
            }
        }
    }
    if (!exchange)
        return;
    PredictionOutcome outcome{id, exchange->request.predictionId, {}, {}, {}};
    outcome.error = ReplyErrors::classifyLocalAbort(ReplyErrors::LocalAbort::ByUser, {});
    outcome.error.httpStatus = exchange->status;
    report(std::move(outcome));
    pump();
}

void PredictionWorker::abortAll()
{
    // The waiting ones first: ending a request on the wire lets the next waiting one out.
    QList<quint64> ids;
    for (const std::unique_ptr<Exchange> &exchange : m_waiting)
        ids.append(exchange->request.id);
    for (const std::unique_ptr<Slot> &slot : m_slots) {
        if (slot->exchange)
            ids.append(slot->exchange->request.id);
    }
    for (const quint64 id : std::as_const(ids))
        abort(id);
}

void PredictionWorker::report(PredictionOutcome outcome)
{
    // Whatever else ends before the client gets to these goes with them.
    if (m_outcomes.push(std::move(outcome)))
        Q_EMIT outcomesReady();
}

QList<PredictionOutcome> PredictionWorker::takeOutcomes()
{
    return m_outcomes.take();
}
