#include "PredictionClient.h"

#include "ApiKey.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QThread>

#include <utility>

using Operation = PredictionRequest::Operation;

PredictionClient::PredictionClient(QNetworkAccessManager &nam, QObject *parent)
    : QObject(parent)
    , m_worker(new PredictionWorker)
{
    qRegisterMetaType<Prediction>();
    qRegisterMetaType<PredictionPage>();
    qRegisterMetaType<ApiError>();
    qRegisterMetaType<PredictionClient::RequestId>("PredictionClient::RequestId");
    if (nam.thread() != thread())
        m_worker->moveToThread(nam.thread());
    // Queued also on one thread: a receiver may destroy the client, never from inside the worker's handler.
    connect(m_worker, &PredictionWorker::outcomesReady, this, &PredictionClient::onOutcomesReady, Qt::QueuedConnection);
}

PredictionClient::~PredictionClient()
{
    // Nobody is listening any more: the worker ends its replies without reporting them, on its thread.
    // What it already sent back is dropped with this object's posted events.
    if (m_worker->thread() == QThread::currentThread())
        delete m_worker;
    else
        m_worker->deleteLater();
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

void PredictionClient::setSslConfiguration(const QSslConfiguration &configuration)
{
    abortAll();
    m_sslConfiguration = configuration;
    ++m_sslGeneration;
}

QByteArray PredictionClient::userAgent()
{
    return QByteArrayLiteral("Replimon/" REPLIMON_VERSION " (Qt ") + QByteArray(qVersion()) + ')';
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

    if (!url.isValid() || url.host().isEmpty()) {
        // Report asynchronously, like every other outcome, so callers can rely on the id first.
        ApiError error{ApiError::Kind::BadResponse, 0, tr("No valid API address is configured."), {}};
        QMetaObject::invokeMethod(
            this, [this, id, predictionId, error] { Q_EMIT requestFailed(id, predictionId, error); },
            Qt::QueuedConnection);
        return id;
    }

    // A copy of everything the request goes out with: the worker's thread shares nothing with ours.
    const PredictionRequest request{id,
                                    operation,
                                    predictionId,
                                    url,
                                    verb,
                                    body,
                                    m_endpoint,
                                    m_apiKey,
                                    m_transferTimeout,
                                    m_maxBodyBytes,
                                    m_sslConfiguration,
                                    m_sslGeneration};
    m_inFlight.insert(id);
    m_worker->post(PredictionWorker::Command{PredictionWorker::Command::Kind::Start, request});
    return id;
}

void PredictionClient::abort(RequestId id)
{
    if (!m_inFlight.contains(id))
        return;
    // If the worker has ended the request already, its outcome is on the way and stands.
    PredictionWorker::Command command{PredictionWorker::Command::Kind::Abort, {}};
    command.request.id = id;
    m_worker->post(std::move(command));
}

void PredictionClient::abortAll()
{
    if (m_inFlight.isEmpty())
        return;
    // After every request sent so far, and before any sent later: it ends exactly those.
    m_worker->post(PredictionWorker::Command{PredictionWorker::Command::Kind::AbortAll, {}});
}

int PredictionClient::answersWaiting() const
{
    return m_worker->outcomesWaiting();
}

void PredictionClient::onOutcomesReady()
{
    const QList<PredictionOutcome> outcomes = m_worker->takeOutcomes();
    // A receiver may destroy the client (a dialog closing on an answer): stop there.
    const QPointer<PredictionClient> self(this);
    for (const PredictionOutcome &outcome : outcomes) {
        if (!self)
            return;
        if (!m_inFlight.remove(outcome.id))
            continue;
        if (outcome.prediction)
            Q_EMIT predictionReceived(outcome.id, *outcome.prediction);
        else if (outcome.page)
            Q_EMIT pageReceived(outcome.id, *outcome.page);
        else
            Q_EMIT requestFailed(outcome.id, outcome.predictionId, outcome.error);
    }
}
