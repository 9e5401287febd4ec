#pragma once

#include "ApiEndpoint.h"
#include "ApiError.h"
#include "Prediction.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSslError>

#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

/// The predictions API over an injected QNetworkAccessManager.
///
/// Every call returns a request id and ends in exactly one signal carrying it: a result signal or
/// requestFailed(). The Bearer key is sent only to the endpoint's own origin; redirects to another
/// origin, or from https to http, are not followed (BadResponse). Bodies over maxBodyBytes() are refused.
class PredictionClient final : public QObject
{
    Q_OBJECT

public:
    using RequestId = quint64;

    explicit PredictionClient(QNetworkAccessManager &nam, QObject *parent = nullptr);
    ~PredictionClient() override;

    void setEndpoint(const ApiEndpoint &endpoint);
    ApiEndpoint endpoint() const { return m_endpoint; }
    /// The key is sanitized (ApiKeys::sanitize). An empty key sends no Authorization header.
    void setApiKey(const QString &key);
    bool hasApiKey() const { return !m_apiKey.isEmpty(); }

    /// No bytes for this long ends a request with Timeout (default 30 s).
    void setTransferTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds transferTimeout() const { return m_transferTimeout; }
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }

    RequestId fetch(const QString &predictionId);                     ///< → predictionReceived
    RequestId cancel(const QString &predictionId);                    ///< → predictionReceived
    RequestId list(const QString &cursor = {});                       ///< → pageReceived
    RequestId create(const QString &model, const QJsonObject &input); ///< → predictionReceived
    RequestId createWithVersion(const QString &version, const QJsonObject &input);

    /// Ends one request with Canceled (reported through requestFailed).
    void abort(RequestId id);
    /// Ends every request in flight with Canceled. Called when the key or the endpoint changes.
    void abortAll();
    int requestsInFlight() const { return int(m_requests.size()); }

    /// Builds a request with the seeds' headers and our User-Agent; adds Authorization only when
    /// @p url is on the endpoint's origin. Shared with FileDownloader through the same rule.
    QNetworkRequest makeRequest(const QUrl &url) const;

    static QByteArray userAgent();

Q_SIGNALS:
    void predictionReceived(PredictionClient::RequestId requestId, const Prediction &prediction);
    void pageReceived(PredictionClient::RequestId requestId, const PredictionPage &page);
    /// @p predictionId is the id asked for (empty for list/create).
    void requestFailed(PredictionClient::RequestId requestId, const QString &predictionId, const ApiError &error);

private:
    enum class Operation {
        Fetch,
        Cancel,
        List,
        Create
    };
    struct Pending
    {
        Operation operation;
        QString predictionId;
        /// Where the request is now. Not the reply's url(): when redirected() is emitted that already
        /// names the target, so comparing the two would never see a downgrade.
        QUrl url;
        QPointer<QNetworkReply> reply;
        bool abortedByUser = false;
        bool tooLarge = false;
        QString redirectRefused;
        QList<QSslError> certificateErrors;
    };

    RequestId start(Operation operation, const QString &predictionId, const QUrl &url, const QByteArray &verb,
                    const QByteArray &body = {});
    void onFinished(RequestId id);

    QNetworkAccessManager &m_nam;
    ApiEndpoint m_endpoint;
    QString m_apiKey;
    std::chrono::milliseconds m_transferTimeout{30000};
    qint64 m_maxBodyBytes = 8 * 1024 * 1024;
    RequestId m_nextId = 1;
    QHash<RequestId, Pending> m_requests;
};
