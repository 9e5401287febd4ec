#include "PredictionWorker.h"

#include "PredictionClient.h"
#include "ReplyErrors.h"
#include "UpstreamConnection.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace {

// An idle connection is kept this long: polls a few seconds apart reuse it instead of paying for a new
// connection and TLS handshake each. One the server closed meanwhile is noticed (and dropped) when it
// closes; one it closes just as a request goes out is retried on a fresh connection (see onFailed).
constexpr int idleMs = 30000;
// Redirects followed for one request (each on the API's own origin), as a browser stops at a loop.
constexpr int maxRedirects = 10;

bool isDowngrade(const QUrl &from, const QUrl &to)
{
    return from.scheme() == u"https" && to.scheme() != u"https";
}

// The client's words: the user meets them as PredictionClient's, whichever thread wrote them.
QString clientText(const char *text)
{
    return QCoreApplication::translate("PredictionClient", text);
}

// Connections are per origin and transfer timeout: a request with other ones needs other connections.
QUrl originOf(const QUrl &url)
{
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host());
    origin.setPort(url.port());
    return origin;
}

} // namespace

struct PredictionWorker::Exchange
{
    PredictionRequest request;
    QUrl url; ///< Where the request goes now (a followed redirect changes it).
    QByteArray verb;
    QByteArray body;
    int redirects = 0;
    bool retried = false;
    bool answerStarted = false;
    bool tooLarge = false;
    int status = 0;
    QByteArray reason;
    QByteArray contentType;
    QByteArray retryAfter;
    QByteArray location;
    QByteArray answer;
};

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

QNetworkRequest PredictionWorker::makeRequest(const QUrl &url, const ApiEndpoint &endpoint, const QString &apiKey,
                                              std::chrono::milliseconds transferTimeout)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("User-Agent", PredictionClient::userAgent());
    if (!apiKey.isEmpty() && endpoint.isApiOrigin(url))
        request.setRawHeader("Authorization", "Bearer " + apiKey.toUtf8());
    // We decide every redirect ourselves: the key must not follow one to another origin.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(int(transferTimeout.count()));
    return request;
}

void PredictionWorker::post(Command command)
{
    bool first = false;
    {
        const QMutexLocker lock(&m_postedMutex);
        first = m_posted.isEmpty();
        m_posted.append(std::move(command));
    }
    if (first)
        QMetaObject::invokeMethod(this, &PredictionWorker::runPosted, Qt::QueuedConnection);
}

void PredictionWorker::runPosted()
{
    QList<Command> commands;
    {
        const QMutexLocker lock(&m_postedMutex);
        commands = std::exchange(m_posted, {});
    }
    for (const Command &command : std::as_const(commands)) {
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
        const QUrl origin = originOf(next.url);
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
    QByteArray target = exchange.url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (target.isEmpty())
        target = "/";
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
    const QAbstractSocket::SocketError socketError = slot.connection->socketError();
    const QList<QSslError> certificateErrors = slot.connection->certificateErrors();
    std::unique_ptr<Exchange> exchange = release(slot, false);
    const auto kind = UpstreamConnection::Failure(failure);
    // A kept-alive connection the server closed just as this request went out: nothing was answered, so
    // the request goes again on a fresh one, once, when sending it twice does no harm (not a create).
    if (reused && kind == UpstreamConnection::Failure::Broken && !exchange->answerStarted && !exchange->retried
        && exchange->request.operation != PredictionRequest::Operation::Create) {
        exchange->retried = true;
        m_waiting.push_front(std::move(exchange));
        pump();
        return;
    }
    using ReplyErrors::Transport;
    Transport transport = Transport::Other;
    switch (kind) {
    case UpstreamConnection::Failure::TimedOut:
        transport = Transport::TimedOut;
        break;
    case UpstreamConnection::Failure::Unreachable:
        if (socketError == QAbstractSocket::ConnectionRefusedError)
            transport = Transport::Refused;
        else if (socketError == QAbstractSocket::HostNotFoundError)
            transport = Transport::HostNotFound;
        else if (socketError == QAbstractSocket::SslHandshakeFailedError || !certificateErrors.isEmpty())
            transport = Transport::Tls;
        break;
    case UpstreamConnection::Failure::Broken:
        transport = Transport::Closed;
        break;
    case UpstreamConnection::Failure::Malformed:
        break;
    }
    PredictionOutcome outcome{exchange->request.id, exchange->request.predictionId, {}, {}, {}};
    if (kind == UpstreamConnection::Failure::Malformed) {
        outcome.error = ApiError{
            ApiError::Kind::BadResponse,
            exchange->status,
            clientText(QT_TRANSLATE_NOOP("PredictionClient", "The server's answer is not valid HTTP.")),
            {}};
    } else {
        outcome.error = ReplyErrors::classifyTransport(transport, detail, exchange->request.apiKey, certificateErrors);
    }
    report(std::move(outcome));
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
    const QMutexLocker lock(&m_outcomesMutex);
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

std::optional<PredictionOutcome> PredictionWorker::outcomeOf(std::unique_ptr<Exchange> &exchange)
{
    const PredictionRequest &request = exchange->request;
    PredictionOutcome outcome{request.id, request.predictionId, {}, {}, {}};
    const int status = exchange->status;
    if (exchange->tooLarge) {
        outcome.error = ReplyErrors::classifyLocalAbort(
            ReplyErrors::LocalAbort::TooLarge,
            clientText(
                QT_TRANSLATE_NOOP("PredictionClient", "The server's answer is larger than %1 MB and was refused."))
                .arg(double(request.maxBodyBytes) / (1024.0 * 1024.0), 0, 'f', 0));
        outcome.error.httpStatus = status;
        return outcome;
    }

    if (status >= 300 && status < 400 && status != 304 && !exchange->location.isEmpty()) {
        const QUrl target = exchange->url.resolved(QUrl::fromEncoded(exchange->location));
        QString refused;
        if (isDowngrade(exchange->url, target)) {
            refused = clientText(QT_TRANSLATE_NOOP("PredictionClient",
                                                   "The server redirected from https to an insecure address "
                                                   "(%1); the request was not followed so that the API key "
                                                   "is never sent unencrypted."))
                          .arg(target.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
        } else if (!request.endpoint.isApiOrigin(target)) {
            refused = clientText(QT_TRANSLATE_NOOP("PredictionClient",
                                                   "The server redirected to another address (%1); the "
                                                   "request was not followed so that the API key stays "
                                                   "with %2."))
                          .arg(target.host(), request.endpoint.root().host());
        } else if (exchange->redirects >= maxRedirects) {
            refused = clientText(QT_TRANSLATE_NOOP("PredictionClient",
                                                   "The server redirected more than %1 times; the request was "
                                                   "given up."))
                          .arg(maxRedirects);
        }
        if (!refused.isEmpty()) {
            outcome.error = ReplyErrors::classifyLocalAbort(ReplyErrors::LocalAbort::RedirectRefused, refused);
            outcome.error.httpStatus = status;
            return outcome;
        }
        // Followed on the same origin. 307 and 308 repeat the request as it was; the others ask for a GET.
        ++exchange->redirects;
        exchange->url = target;
        if (status != 307 && status != 308 && exchange->verb != "GET") {
            exchange->verb = "GET";
            exchange->body.clear();
        }
        exchange->answerStarted = false;
        exchange->status = 0;
        m_waiting.push_front(std::move(exchange));
        return std::nullopt;
    }

    const QByteArray &body = exchange->answer;
    if (status < 200 || status >= 300) {
        const bool optionalEndpoint = request.operation != PredictionRequest::Operation::Fetch;
        const ReplyErrors::Answer answer{status, QString::fromLatin1(exchange->reason), exchange->contentType,
                                         exchange->retryAfter};
        outcome.error = ReplyErrors::classifyAnswer(answer, body, optionalEndpoint, request.apiKey);
        return outcome;
    }

    if (request.operation == PredictionRequest::Operation::List) {
        auto page = PredictionPage::fromJson(body);
        if (page)
            outcome.page = page.value();
        else
            outcome.error = ApiError{ApiError::Kind::BadResponse, status, page.error().message, {}};
        return outcome;
    }

    auto prediction = Prediction::fromJson(body);
    if (!prediction) {
        outcome.error = ApiError{ApiError::Kind::BadResponse, status, prediction.error().message, {}};
    } else if (!request.predictionId.isEmpty() && prediction.value().id() != request.predictionId) {
        outcome.error = ApiError{ApiError::Kind::BadResponse,
                                 status,
                                 clientText(QT_TRANSLATE_NOOP("PredictionClient",
                                                              "The server answered with another prediction (%1) "
                                                              "than the one asked for."))
                                     .arg(prediction.value().id().left(64)),
                                 {}};
    } else {
        outcome.prediction = prediction.value();
    }
    return outcome;
}

void PredictionWorker::report(PredictionOutcome outcome)
{
    bool first = false;
    {
        const QMutexLocker lock(&m_outcomesMutex);
        first = m_outcomes.isEmpty();
        m_outcomes.append(std::move(outcome));
    }
    // Whatever else ends before the client gets to these goes with them.
    if (first)
        Q_EMIT outcomesReady();
}

QList<PredictionOutcome> PredictionWorker::takeOutcomes()
{
    const QMutexLocker lock(&m_outcomesMutex);
    return std::exchange(m_outcomes, {});
}
