#include "PredictionCreator.h"

#include "DisplayText.h"
#include "RetryPolicy.h"
#include "RetryingFetcher.h"

#include <QRegularExpression>
#include <QTimer>

namespace {

// The server's clock and ours may differ a little: a prediction created this long before our request
// left may still be ours.
constexpr qint64 clockSkewMs = 120 * 1000;

} // namespace

PredictionCreator::PredictionCreator(PredictionClient &client, const RetryPolicy &policy, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_policy(policy)
    , m_sourceFetcher(new RetryingFetcher(client, policy, this))
{
    connect(m_sourceFetcher, &RetryingFetcher::fetched, this, &PredictionCreator::onSourceFetched);
    connect(m_sourceFetcher, &RetryingFetcher::failed, this,
            [this](const QString &, const ApiError &error, int) { Q_EMIT failed(error, false); });
    connect(m_sourceFetcher, &RetryingFetcher::retrying, this,
            [this](const QString &id, const ApiError &error, std::chrono::milliseconds delay) {
                Q_EMIT notice(tr("%1: %2 Retrying in %3.")
                                  .arg(id, error.message, DisplayText::duration(double(delay.count()) / 1000.0)));
            });
    connect(&m_client, &PredictionClient::predictionReceived, this, &PredictionCreator::onPredictionReceived);
    connect(&m_client, &PredictionClient::pageReceived, this, &PredictionCreator::onPageReceived);
    connect(&m_client, &PredictionClient::requestFailed, this, &PredictionCreator::onRequestFailed);
}

PredictionCreator::~PredictionCreator() = default;

bool PredictionCreator::isPinnableVersion(const QString &version)
{
    static const QRegularExpression hash(QStringLiteral("^[0-9a-f]{64}$"));
    return hash.match(version).hasMatch();
}

void PredictionCreator::run(const QString &model, const QJsonObject &input)
{
    const qsizetype colon = model.indexOf(u':');
    m_model = colon < 0 ? model : model.left(colon);
    m_version = colon < 0 ? QString() : model.mid(colon + 1);
    m_input = input;
    create();
}

void PredictionCreator::rerun(const QString &sourceId, const QJsonObject &overrides)
{
    m_input = overrides;
    m_sourceFetcher->fetch(sourceId);
}

void PredictionCreator::onSourceFetched(const QString &id, const Prediction &source)
{
    Q_UNUSED(id)
    runAgain(source, m_input);
}

void PredictionCreator::runAgain(const Prediction &source, const QJsonObject &overrides)
{
    QJsonObject input;
    for (const auto &[key, value] : source.inputs())
        input.insert(key, value);
    for (auto it = overrides.constBegin(); it != overrides.constEnd(); ++it)
        input.insert(it.key(), it.value());
    runWithInputs(source, input);
}

void PredictionCreator::runWithInputs(const Prediction &source, const QJsonObject &input)
{
    if (source.model().isEmpty() && !isPinnableVersion(source.version())) {
        Q_EMIT failed(
            ApiError{ApiError::Kind::BadResponse,
                     0,
                     tr("%1 names neither its model nor a version, so it cannot be run again.").arg(source.id()),
                     {}},
            false);
        return;
    }
    m_input = input;
    m_model = source.model();
    m_version = isPinnableVersion(source.version()) ? source.version() : QString();
    create();
}

void PredictionCreator::create()
{
    m_sentAt = QDateTime::currentDateTimeUtc();
    m_createRequest = m_version.isEmpty() ? m_client.create(m_model, m_input)
                                          : m_client.createWithVersion(m_version, m_input);
}

void PredictionCreator::onPredictionReceived(PredictionClient::RequestId requestId, const Prediction &prediction)
{
    if (requestId == 0 || requestId != m_createRequest)
        return;
    m_createRequest = 0;
    Q_EMIT created(prediction, false);
}

void PredictionCreator::onRequestFailed(PredictionClient::RequestId requestId, const QString &predictionId,
                                        const ApiError &error)
{
    Q_UNUSED(predictionId)
    if (requestId != 0 && requestId == m_listRequest) {
        m_listRequest = 0;
        Q_EMIT failed(m_lostAnswer, true);
        return;
    }
    if (requestId == 0 || requestId != m_createRequest)
        return;
    m_createRequest = 0;
    switch (error.kind) {
    case ApiError::Kind::RateLimited:
        // Refused before anything was created: safe to send again when the server says.
        if (const auto delay = m_policy.delayAfter(error, ++m_rateLimited)) {
            Q_EMIT notice(tr("Rate limited by the server. Sending the create again in %1.")
                              .arg(DisplayText::duration(double(delay->count()) / 1000.0)));
            QTimer::singleShot(*delay, this, &PredictionCreator::create);
            return;
        }
        break;
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Network:
    case ApiError::Kind::Server:
    case ApiError::Kind::BadResponse:
        // The request may have reached the server and created the prediction: look before saying anything.
        m_lostAnswer = error;
        Q_EMIT notice(
            tr("The create's answer was lost: %1 Looking for the prediction it may have made…").arg(error.message));
        m_listRequest = m_client.list();
        return;
    case ApiError::Kind::Unauthorized:
    case ApiError::Kind::NotFound:
    case ApiError::Kind::NotSupported:
    case ApiError::Kind::Canceled:
    case ApiError::Kind::InvalidInput:
    case ApiError::Kind::PaymentRequired:
    case ApiError::Kind::FileSystem:
        break;
    }
    Q_EMIT failed(error, false);
}

void PredictionCreator::onPageReceived(PredictionClient::RequestId requestId, const PredictionPage &page)
{
    if (requestId == 0 || requestId != m_listRequest)
        return;
    m_listRequest = 0;
    // Newest first: the first match is the latest made with these inputs.
    for (const Prediction &prediction : page.predictions) {
        if (isOurs(prediction)) {
            Q_EMIT created(prediction, true);
            return;
        }
    }
    Q_EMIT failed(m_lostAnswer, true);
}

bool PredictionCreator::isOurs(const Prediction &prediction) const
{
    if (!prediction.createdAt().isValid() || prediction.createdAt().msecsTo(m_sentAt) > clockSkewMs)
        return false;
    if (!m_version.isEmpty() ? prediction.version() != m_version : prediction.model() != m_model)
        return false;
    QJsonObject input;
    for (const auto &[key, value] : prediction.inputs())
        input.insert(key, value);
    for (auto it = m_input.constBegin(); it != m_input.constEnd(); ++it) {
        if (input.value(it.key()) != it.value())
            return false;
    }
    return true;
}
