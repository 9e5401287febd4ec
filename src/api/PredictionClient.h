#pragma once

#include "ApiEndpoint.h"
#include "ApiError.h"
#include "Prediction.h"
#include "PredictionWorker.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>

#include <chrono>

class QNetworkAccessManager;

/// The predictions API over an injected QNetworkAccessManager.
///
/// Every call returns a request id and ends in exactly one signal carrying it: a result signal or
/// requestFailed(). The Bearer key is sent only to the endpoint's own origin; redirects to another
/// origin, or from https to http, are not followed (BadResponse). Bodies over maxBodyBytes() are refused.
///
/// The requests are sent, and the answers read and parsed, by a PredictionWorker on the manager's thread,
/// over HTTP/1.1 connections of its own (the manager lends its thread; the file downloads and the streams
/// go through the manager itself): give the client a manager that lives on a thread of its own
/// (NetworkThread) and the caller's thread only gets the parsed outcomes, a batch per event, as the
/// signals below. That thread must outlive the client. Requests in flight when the client is destroyed
/// end without a signal.
class PredictionClient final : public QObject
{
    Q_OBJECT

public:
    using RequestId = quint64;

    explicit PredictionClient(QNetworkAccessManager &nam, QObject *parent = nullptr);
    ~PredictionClient() override;

    void setEndpoint(const ApiEndpoint &endpoint);
    const ApiEndpoint &endpoint() const { return m_endpoint; }
    /// The key is sanitized (ApiKeys::sanitize). An empty key sends no Authorization header.
    void setApiKey(const QString &key);
    bool hasApiKey() const { return !m_apiKey.isEmpty(); }

    /// No bytes for this long ends a request with Timeout (default 30 s).
    void setTransferTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds transferTimeout() const { return m_transferTimeout; }
    /// TLS settings for an https endpoint, in place of QSslSocket's defaults (the system's CAs).
    void setSslConfiguration(const QSslConfiguration &configuration);
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }

    RequestId fetch(const QString &predictionId);                     ///< → predictionReceived
    RequestId cancel(const QString &predictionId);                    ///< → predictionReceived
    RequestId list(const QString &cursor = {});                       ///< → pageReceived
    RequestId create(const QString &model, const QJsonObject &input); ///< → predictionReceived
    RequestId createWithVersion(const QString &version, const QJsonObject &input);

    /// Ends one request with Canceled (reported through requestFailed). An answer the worker had already
    /// read when the abort reached it is reported instead: still exactly one signal.
    void abort(RequestId id);
    /// Ends every request in flight with Canceled. Called when the key or the endpoint changes.
    void abortAll();
    int requestsInFlight() const { return int(m_inFlight.size()); }
    /// Thread-safe: requests whose answers the network thread has read and parsed, not signalled here yet.
    int answersWaiting() const;

    static QByteArray userAgent();

Q_SIGNALS:
    void predictionReceived(PredictionClient::RequestId requestId, const Prediction &prediction);
    void pageReceived(PredictionClient::RequestId requestId, const PredictionPage &page);
    /// @p predictionId is the id asked for (empty for list/create).
    void requestFailed(PredictionClient::RequestId requestId, const QString &predictionId, const ApiError &error);

private:
    RequestId start(PredictionRequest::Operation operation, const QString &predictionId, const QUrl &url,
                    const QByteArray &verb, const QByteArray &body = {});
    void onOutcomesReady();

    /// Lives on the manager's thread; deleted there (see the destructor).
    PredictionWorker *m_worker;
    ApiEndpoint m_endpoint;
    QString m_apiKey;
    std::chrono::milliseconds m_transferTimeout{30000};
    qint64 m_maxBodyBytes = 8 * 1024 * 1024;
    QSslConfiguration m_sslConfiguration;
    quint64 m_sslGeneration = 0;
    RequestId m_nextId = 1;
    QSet<RequestId> m_inFlight; ///< Sent to the worker, outcome not emitted yet.
};
