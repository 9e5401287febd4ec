#include "PredictionWorker.h"

#include "PredictionClient.h"
#include "ReplyErrors.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <utility>

namespace {

bool isDowngrade(const QUrl &from, const QUrl &to)
{
    return from.scheme() == u"https" && to.scheme() != u"https";
}

// The client's words: the user meets them as PredictionClient's, whichever thread wrote them.
QString clientText(const char *text)
{
    return QCoreApplication::translate("PredictionClient", text);
}

} // namespace

PredictionWorker::PredictionWorker(QNetworkAccessManager &nam)
    : m_nam(nam)
{}

PredictionWorker::~PredictionWorker()
{
    // Nobody is listening any more: end the replies without reporting them.
    const auto requests = std::exchange(m_requests, {});
    for (const Pending &pending : requests) {
        if (pending.reply) {
            pending.reply->disconnect(this);
            pending.reply->abort();
            pending.reply->deleteLater();
        }
    }
    for (const QPointer<QNetworkReply> &reply : std::as_const(m_retired)) {
        if (reply)
            reply->deleteLater();
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

QNetworkRequest PredictionWorker::requestFor(const PredictionRequest &request)
{
    if (!m_template || m_template->endpoint.root() != request.endpoint.root()
        || m_template->endpoint.provider() != request.endpoint.provider() || m_template->apiKey != request.apiKey
        || m_template->transferTimeout != request.transferTimeout) {
        // makeRequest() without a key, and the header it would add on the API's origin, kept apart.
        m_template = Template{
            request.endpoint, request.apiKey, request.transferTimeout,
            makeRequest(request.endpoint.root(), request.endpoint, QString(), request.transferTimeout),
            request.apiKey.isEmpty() ? QByteArray() : "Bearer " + request.apiKey.toUtf8()};
    }
    QNetworkRequest networkRequest = m_template->request;
    networkRequest.setUrl(request.url);
    if (!m_template->authorization.isEmpty() && request.endpoint.isApiOrigin(request.url))
        networkRequest.setRawHeader("Authorization", m_template->authorization);
    return networkRequest;
}

void PredictionWorker::start(const PredictionRequest &request)
{
    const quint64 id = request.id;
    const QNetworkRequest networkRequest = requestFor(request);
    QNetworkReply *reply = request.verb == "GET" ? m_nam.get(networkRequest)
                                                 : m_nam.sendCustomRequest(networkRequest, request.verb, request.body);
    m_requests.insert(id, Pending{request, request.url, reply, false, false, {}, {}});

    connect(reply, &QNetworkReply::redirected, this,
            [this, id, reply](const QUrl &target) { onRedirected(id, reply, target); });
    // Recorded only to name them in the error. They are never ignored: the handshake fails, and not a
    // byte of the request (headers, key, body) is sent.
    connect(reply, &QNetworkReply::sslErrors, this, [this, id](const QList<QSslError> &errors) {
        auto it = m_requests.find(id);
        if (it != m_requests.end())
            it->certificateErrors += errors;
    });
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, id, reply] {
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        auto it = m_requests.find(id);
        if (it != m_requests.end() && length > it->request.maxBodyBytes) {
            it->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, id, reply] {
        auto it = m_requests.find(id);
        if (it != m_requests.end() && reply->bytesAvailable() > it->request.maxBodyBytes) {
            it->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, id] { onFinished(id); });
}

void PredictionWorker::onRedirected(quint64 id, QNetworkReply *reply, const QUrl &target)
{
    auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    const ApiEndpoint &endpoint = it->request.endpoint;
    if (endpoint.isApiOrigin(target) && !isDowngrade(it->url, target)) {
        it->url = target;
        Q_EMIT reply->redirectAllowed();
        return;
    }
    if (isDowngrade(it->url, target)) {
        it->redirectRefused = clientText(QT_TRANSLATE_NOOP("PredictionClient",
                                                           "The server redirected from https to an insecure address "
                                                           "(%1); the request was not followed so that the API key "
                                                           "is never sent unencrypted."))
                                  .arg(target.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
    } else {
        it->redirectRefused = clientText(QT_TRANSLATE_NOOP("PredictionClient",
                                                           "The server redirected to another address (%1); the "
                                                           "request was not followed so that the API key stays "
                                                           "with %2."))
                                  .arg(target.host(), endpoint.root().host());
    }
    reply->abort();
}

void PredictionWorker::abort(quint64 id)
{
    auto it = m_requests.find(id);
    if (it == m_requests.end() || !it->reply)
        return;
    it->abortedByUser = true;
    it->reply->abort();
}

void PredictionWorker::abortAll()
{
    const QList<quint64> ids = m_requests.keys();
    for (const quint64 id : ids)
        abort(id);
}

void PredictionWorker::onFinished(quint64 id)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    const Pending pending = std::move(*it);
    m_requests.erase(it);
    QNetworkReply *reply = pending.reply.data();
    if (!reply)
        return;
    report(outcomeOf(pending, reply));
    retire(reply);
}

PredictionOutcome PredictionWorker::outcomeOf(const Pending &pending, QNetworkReply *reply)
{
    const PredictionRequest &request = pending.request;
    PredictionOutcome outcome{request.id, request.predictionId, {}, {}, {}};
    // An aborted reply has no body to read (and says so on stderr if asked). A finished reply holds all of
    // it: read at its size, not through readAll()'s growing buffer (16 KB more, then shrunk, per answer).
    QByteArray body;
    if (!pending.tooLarge && reply->isOpen()) {
        body = reply->read(reply->bytesAvailable());
        if (reply->bytesAvailable() > 0)
            body += reply->readAll();
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();

    ReplyErrors::LocalAbort localAbort = ReplyErrors::LocalAbort::None;
    QString detail;
    if (pending.abortedByUser) {
        localAbort = ReplyErrors::LocalAbort::ByUser;
    } else if (pending.tooLarge) {
        localAbort = ReplyErrors::LocalAbort::TooLarge;
        detail = clientText(
                     QT_TRANSLATE_NOOP("PredictionClient", "The server's answer is larger than %1 MB and was refused."))
                     .arg(double(request.maxBodyBytes) / (1024.0 * 1024.0), 0, 'f', 0);
    } else if (!pending.redirectRefused.isEmpty()) {
        localAbort = ReplyErrors::LocalAbort::RedirectRefused;
        detail = pending.redirectRefused;
    }

    const bool succeeded = localAbort == ReplyErrors::LocalAbort::None && reply->error() == QNetworkReply::NoError
        && status >= 200 && status < 300;
    if (!succeeded) {
        const bool optionalEndpoint = request.operation != PredictionRequest::Operation::Fetch;
        outcome.error = ReplyErrors::classify(reply, body, localAbort, detail, optionalEndpoint, request.apiKey,
                                              pending.certificateErrors);
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

void PredictionWorker::retire(QNetworkReply *reply)
{
    // Not deleted here: the reply is still emitting finished().
    if (m_retired.isEmpty())
        QMetaObject::invokeMethod(this, &PredictionWorker::deleteRetired, Qt::QueuedConnection);
    m_retired.append(reply);
}

void PredictionWorker::deleteRetired()
{
    const auto retired = std::exchange(m_retired, {});
    for (const QPointer<QNetworkReply> &reply : retired)
        delete reply.data();
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
