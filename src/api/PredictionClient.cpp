#include "PredictionClient.h"

#include "ApiKey.h"
#include "ReplyErrors.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <utility>

namespace {

bool isDowngrade(const QUrl &from, const QUrl &to)
{
    return from.scheme() == u"https" && to.scheme() != u"https";
}

} // namespace

PredictionClient::PredictionClient(QNetworkAccessManager &nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{
    qRegisterMetaType<Prediction>();
    qRegisterMetaType<PredictionPage>();
    qRegisterMetaType<ApiError>();
    qRegisterMetaType<PredictionClient::RequestId>("PredictionClient::RequestId");
}

PredictionClient::~PredictionClient()
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
}

void PredictionClient::setEndpoint(const ApiEndpoint &endpoint)
{
    if (endpoint.root() == m_endpoint.root() && endpoint.provider() == m_endpoint.provider())
        return;
    // Answers to requests sent to the old endpoint must not be mistaken for the new one's.
    abortAll();
    m_endpoint = endpoint;
}

void PredictionClient::setApiKey(const QString &key)
{
    const QString sanitized = ApiKeys::sanitize(key);
    if (sanitized == m_apiKey)
        return;
    abortAll();
    m_apiKey = sanitized;
}

void PredictionClient::setTransferTimeout(std::chrono::milliseconds timeout)
{
    m_transferTimeout = timeout;
}

QByteArray PredictionClient::userAgent()
{
    return QByteArrayLiteral("Replimon/" REPLIMON_VERSION " (Qt ") + QByteArray(qVersion()) + ')';
}

QNetworkRequest PredictionClient::makeRequest(const QUrl &url) const
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("User-Agent", userAgent());
    if (!m_apiKey.isEmpty() && m_endpoint.isApiOrigin(url))
        request.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
    // We decide every redirect ourselves: the key must not follow one to another origin.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(int(m_transferTimeout.count()));
    return request;
}

PredictionClient::RequestId PredictionClient::fetch(const QString &predictionId)
{
    return start(Operation::Fetch, predictionId, m_endpoint.predictionUrl(predictionId), "GET");
}

PredictionClient::RequestId PredictionClient::cancel(const QString &predictionId)
{
    return start(Operation::Cancel, predictionId, m_endpoint.cancelUrl(predictionId), "POST", "{}");
}

PredictionClient::RequestId PredictionClient::list(const QString &cursor)
{
    return start(Operation::List, {}, m_endpoint.listUrl(cursor), "GET");
}

PredictionClient::RequestId PredictionClient::create(const QString &model, const QJsonObject &input)
{
    const QJsonObject body{{QStringLiteral("input"), input}};
    return start(Operation::Create, {}, m_endpoint.createUrl(model), "POST",
                 QJsonDocument(body).toJson(QJsonDocument::Compact));
}

PredictionClient::RequestId PredictionClient::createWithVersion(const QString &version, const QJsonObject &input)
{
    const QJsonObject body{{QStringLiteral("version"), version}, {QStringLiteral("input"), input}};
    return start(Operation::Create, {}, m_endpoint.createVersionUrl(), "POST",
                 QJsonDocument(body).toJson(QJsonDocument::Compact));
}

PredictionClient::RequestId PredictionClient::start(Operation operation, const QString &predictionId, const QUrl &url,
                                                    const QByteArray &verb, const QByteArray &body)
{
    const RequestId id = m_nextId++;
    Pending pending{operation, predictionId, url, {}, false, false, {}, {}};

    if (!url.isValid() || url.host().isEmpty()) {
        // Report asynchronously, like every other outcome, so callers can rely on the id first.
        ApiError error{ApiError::Kind::BadResponse, 0, tr("No valid API address is configured."), {}};
        QMetaObject::invokeMethod(
            this, [this, id, predictionId, error] { Q_EMIT requestFailed(id, predictionId, error); },
            Qt::QueuedConnection);
        return id;
    }

    const QNetworkRequest request = makeRequest(url);
    QNetworkReply *reply = verb == "GET" ? m_nam.get(request) : m_nam.sendCustomRequest(request, verb, body);
    pending.reply = reply;
    m_requests.insert(id, pending);

    connect(reply, &QNetworkReply::redirected, this, [this, id, reply](const QUrl &target) {
        auto it = m_requests.find(id);
        if (it == m_requests.end())
            return;
        if (m_endpoint.isApiOrigin(target) && !isDowngrade(it->url, target)) {
            it->url = target;
            Q_EMIT reply->redirectAllowed();
            return;
        }
        if (isDowngrade(it->url, target)) {
            it->redirectRefused = tr("The server redirected from https to an insecure address (%1); the "
                                     "request was not followed so that the API key is never sent unencrypted.")
                                      .arg(target.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
        } else {
            it->redirectRefused = tr("The server redirected to another address (%1); the request was not "
                                     "followed so that the API key stays with %2.")
                                      .arg(target.host(), m_endpoint.root().host());
        }
        reply->abort();
    });
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
        if (it != m_requests.end() && length > m_maxBodyBytes) {
            it->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, id, reply] {
        auto it = m_requests.find(id);
        if (it != m_requests.end() && reply->bytesAvailable() > m_maxBodyBytes) {
            it->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, id] { onFinished(id); });
    return id;
}

void PredictionClient::abort(RequestId id)
{
    auto it = m_requests.find(id);
    if (it == m_requests.end() || !it->reply)
        return;
    it->abortedByUser = true;
    it->reply->abort();
}

void PredictionClient::abortAll()
{
    const QList<RequestId> ids = m_requests.keys();
    for (const RequestId id : ids)
        abort(id);
}

void PredictionClient::onFinished(RequestId id)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    const Pending pending = *it;
    m_requests.erase(it);
    QNetworkReply *reply = pending.reply.data();
    if (!reply)
        return;
    reply->deleteLater();

    // An aborted reply has no body to read (and says so on stderr if asked).
    const QByteArray body = (pending.tooLarge || !reply->isOpen()) ? QByteArray() : reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();

    ReplyErrors::LocalAbort localAbort = ReplyErrors::LocalAbort::None;
    QString detail;
    if (pending.abortedByUser) {
        localAbort = ReplyErrors::LocalAbort::ByUser;
    } else if (pending.tooLarge) {
        localAbort = ReplyErrors::LocalAbort::TooLarge;
        detail = tr("The server's answer is larger than %1 MB and was refused.")
                     .arg(double(m_maxBodyBytes) / (1024.0 * 1024.0), 0, 'f', 0);
    } else if (!pending.redirectRefused.isEmpty()) {
        localAbort = ReplyErrors::LocalAbort::RedirectRefused;
        detail = pending.redirectRefused;
    }

    const bool succeeded = localAbort == ReplyErrors::LocalAbort::None && reply->error() == QNetworkReply::NoError
        && status >= 200 && status < 300;
    if (!succeeded) {
        const bool optionalEndpoint = pending.operation != Operation::Fetch;
        const ApiError error = ReplyErrors::classify(reply, body, localAbort, detail, optionalEndpoint, m_apiKey,
                                                     pending.certificateErrors);
        Q_EMIT requestFailed(id, pending.predictionId, error);
        return;
    }

    if (pending.operation == Operation::List) {
        auto page = PredictionPage::fromJson(body);
        if (!page) {
            Q_EMIT requestFailed(id, {}, ApiError{ApiError::Kind::BadResponse, status, page.error().message, {}});
            return;
        }
        Q_EMIT pageReceived(id, page.value());
        return;
    }

    auto prediction = Prediction::fromJson(body);
    if (!prediction) {
        Q_EMIT requestFailed(id, pending.predictionId,
                             ApiError{ApiError::Kind::BadResponse, status, prediction.error().message, {}});
        return;
    }
    if (!pending.predictionId.isEmpty() && prediction.value().id() != pending.predictionId) {
        Q_EMIT requestFailed(id, pending.predictionId,
                             ApiError{ApiError::Kind::BadResponse,
                                      status,
                                      tr("The server answered with another prediction (%1) than the one asked for.")
                                          .arg(prediction.value().id().left(64)),
                                      {}});
        return;
    }
    Q_EMIT predictionReceived(id, prediction.value());
}
