#pragma once

#include "ApiEndpoint.h"
#include "ApiError.h"
#include "PredictionClient.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

class QNetworkAccessManager;

/// Checks an endpoint and a key with one harmless request: a GET of a prediction id that cannot
/// exist. A 404 means the server looked the id up, which it only does for an accepted key; 401/403
/// means the key was rejected. Nothing is created and nothing is charged.
class ConnectionTest final : public QObject
{
    Q_OBJECT

public:
    enum class Outcome {
        KeyAccepted,      ///< 404 for the probe id (or, oddly, a prediction): the key works.
        KeyRejected,      ///< 401/403; the detail is the server's message.
        Unreachable,      ///< No answer: refused, unresolved, dropped, or silent for the timeout.
        RateLimited,      ///< 429; retryAfter() says how long the server asked to wait, if it did.
        ServerError,      ///< 5xx.
        UnexpectedAnswer, ///< Anything else: not JSON, a refused redirect, another status.
    };
    Q_ENUM(Outcome)

    explicit ConnectionTest(QNetworkAccessManager &nam, QObject *parent = nullptr);
    ~ConnectionTest() override;

    /// Starts a test, ending any test still running (without a signal for it). Always ends in finished().
    void start(const ApiEndpoint &endpoint, const QString &key);
    /// Ends the running test; finished() is not emitted for it.
    void cancel();
    bool isRunning() const { return m_running; }

    /// After a RateLimited outcome: the wait the server asked for, if it said.
    std::optional<std::chrono::milliseconds> retryAfter() const { return m_retryAfter; }

    /// The id asked for: well-formed, but no service hands out ids with this prefix.
    static QString probeId();
    /// How long the test waits with no bytes moving before it calls the server unreachable.
    static constexpr std::chrono::milliseconds transferTimeout{10000};

Q_SIGNALS:
    /// @p detail is the server's message where it sent one (rejected key, rate limit, server error),
    /// else a technical description. It never contains the key.
    void finished(ConnectionTest::Outcome outcome, const QString &detail);

private:
    void onPredictionReceived(PredictionClient::RequestId requestId);
    void onRequestFailed(PredictionClient::RequestId requestId, const ApiError &error);
    void finish(Outcome outcome, const QString &detail);

    PredictionClient m_client;
    PredictionClient::RequestId m_requestId = 0;
    bool m_running = false;
    std::optional<std::chrono::milliseconds> m_retryAfter;
};

Q_DECLARE_METATYPE(ConnectionTest::Outcome)
