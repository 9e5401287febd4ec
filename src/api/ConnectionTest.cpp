#include "ConnectionTest.h"

#include <utility>

ConnectionTest::ConnectionTest(QNetworkAccessManager &nam, QObject *parent)
    : QObject(parent)
    , m_client(nam)
{
    qRegisterMetaType<ConnectionTest::Outcome>();
    m_client.setTransferTimeout(transferTimeout);
    connect(&m_client, &PredictionClient::predictionReceived, this,
            [this](PredictionClient::RequestId requestId, const Prediction &) { onPredictionReceived(requestId); });
    connect(&m_client, &PredictionClient::requestFailed, this,
            [this](PredictionClient::RequestId requestId, const QString &, const ApiError &error) {
                onRequestFailed(requestId, error);
            });
}

ConnectionTest::~ConnectionTest() = default;

QString ConnectionTest::probeId()
{
    return QStringLiteral("replimonconnectiontest0000000");
}

void ConnectionTest::start(const ApiEndpoint &endpoint, const QString &key)
{
    cancel();
    m_retryAfter.reset();
    m_client.setEndpoint(endpoint);
    m_client.setApiKey(key);
    m_running = true;
    m_requestId = m_client.fetch(probeId());
}

void ConnectionTest::cancel()
{
    if (!m_running)
        return;
    // Clear first: the Canceled answer the abort brings belongs to nobody now.
    m_running = false;
    const PredictionClient::RequestId id = std::exchange(m_requestId, 0);
    m_client.abort(id);
}

void ConnectionTest::onPredictionReceived(PredictionClient::RequestId requestId)
{
    if (!m_running || requestId != m_requestId)
        return;
    // A prediction under the probe id is unlikely, but it was still served with this key.
    finish(Outcome::KeyAccepted, {});
}

void ConnectionTest::onRequestFailed(PredictionClient::RequestId requestId, const ApiError &error)
{
    if (!m_running || requestId != m_requestId)
        return;
    switch (error.kind) {
    case ApiError::Kind::NotFound:
        finish(Outcome::KeyAccepted, {});
        return;
    case ApiError::Kind::Unauthorized:
        finish(Outcome::KeyRejected, error.message);
        return;
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
        finish(Outcome::Unreachable, error.message);
        return;
    case ApiError::Kind::RateLimited:
        m_retryAfter = error.retryAfter;
        finish(Outcome::RateLimited, error.message);
        return;
    case ApiError::Kind::Server:
        finish(Outcome::ServerError, error.message);
        return;
    case ApiError::Kind::Canceled:
        // Only our own abort cancels, and cancel() has already stopped listening.
        return;
    case ApiError::Kind::BadResponse:
    case ApiError::Kind::NotSupported:
    case ApiError::Kind::InvalidInput:
    case ApiError::Kind::PaymentRequired:
    case ApiError::Kind::FileSystem:
        break;
    }
    finish(Outcome::UnexpectedAnswer, error.message);
}

void ConnectionTest::finish(Outcome outcome, const QString &detail)
{
    m_running = false;
    m_requestId = 0;
    Q_EMIT finished(outcome, detail);
}
