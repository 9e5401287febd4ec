#pragma once

#include "ApiEndpoint.h"
#include "ApiError.h"
#include "Prediction.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

/// One request as PredictionClient hands it to its worker: what to send, and a copy of the settings it
/// goes out with, so that the worker shares no mutable state with the client's thread.
struct PredictionRequest
{
    enum class Operation {
        Fetch,
        Cancel,
        List,
        Create
    };
    quint64 id = 0;
    Operation operation = Operation::Fetch;
    QString predictionId; ///< The id asked for (empty for list/create).
    QUrl url;
    QByteArray verb;
    QByteArray body;
    ApiEndpoint endpoint;
    QString apiKey;
    std::chrono::milliseconds transferTimeout{30000};
    qint64 maxBodyBytes = 0;
};

/// How one request ended: a prediction, a page, or (neither) an error.
struct PredictionOutcome
{
    quint64 id = 0;
    QString predictionId;
    std::optional<Prediction> prediction;
    std::optional<PredictionPage> page;
    ApiError error;
};

/// PredictionClient's network half. It lives on the thread of its QNetworkAccessManager: it sends the
/// requests, follows or refuses redirects, reads and parses the answers there, and hands the outcomes
/// back in batches (all that ended before the client took the last batch). Each started request ends in
/// exactly one outcome, except when the worker is destroyed: then the requests end without one.
class PredictionWorker final : public QObject
{
    Q_OBJECT

public:
    /// What the client asks of the worker, in the order it asked.
    struct Command
    {
        enum class Kind {
            Start,
            Abort,   ///< the request whose id is request.id
            AbortAll ///< every request started before this command
        };
        Kind kind = Kind::Start;
        PredictionRequest request;
    };

    explicit PredictionWorker(QNetworkAccessManager &nam);
    ~PredictionWorker() override;

    /// Thread-safe: queues @p command for the worker's thread. Commands posted while the worker has not
    /// picked up the earlier ones go with them, in one event (a client starting many requests at once
    /// wakes the worker's thread once, not once each).
    void post(Command command);

    void start(const PredictionRequest &request);
    /// Ends the request with Canceled, if it is still out.
    void abort(quint64 id);
    void abortAll();

    /// The request PredictionClient sends for @p url with these settings (see PredictionClient::makeRequest).
    static QNetworkRequest makeRequest(const QUrl &url, const ApiEndpoint &endpoint, const QString &apiKey,
                                       std::chrono::milliseconds transferTimeout);

    /// Thread-safe: the outcomes that ended since the last call, in the order they ended.
    QList<PredictionOutcome> takeOutcomes();

Q_SIGNALS:
    /// Outcomes are waiting for takeOutcomes(). Emitted once until they are taken: a client on another
    /// thread is woken once for all that end before it gets to them, and no copy of them rides the event.
    void outcomesReady();

private:
    struct Pending
    {
        PredictionRequest request;
        /// Where the request is now. Not the reply's url(): when redirected() is emitted that already
        /// names the target, so comparing the two would never see a downgrade.
        QUrl url;
        QPointer<QNetworkReply> reply;
        bool abortedByUser = false;
        bool tooLarge = false;
        QString redirectRefused;
        QList<QSslError> certificateErrors;
    };

    void onRedirected(quint64 id, QNetworkReply *reply, const QUrl &target);
    void onFinished(quint64 id);
    /// The outcome of a finished reply: read, classified and parsed.
    static PredictionOutcome outcomeOf(const Pending &pending, QNetworkReply *reply);
    void report(PredictionOutcome outcome);
    /// Runs the commands posted so far, on the worker's thread.
    void runPosted();
    /// Deletes @p reply (finished) with every other reply that finished before the event loop came back:
    /// one event for them all, not one each.
    void retire(QNetworkReply *reply);
    void deleteRetired();

    QNetworkAccessManager &m_nam;
    QHash<quint64, Pending> m_requests;
    /// The request the last settings make, without its URL: each request is a copy of it with its own URL
    /// (and Authorization only on the API's origin), not a fresh set of headers and attributes.
    struct Template
    {
        ApiEndpoint endpoint;
        QString apiKey;
        std::chrono::milliseconds transferTimeout{0};
        QNetworkRequest request;
        QByteArray authorization;
    };
    std::optional<Template> m_template;
    QNetworkRequest requestFor(const PredictionRequest &request);
    QMutex m_postedMutex;
    QList<Command> m_posted; ///< Guarded by m_postedMutex: one of the two members the client's thread touches.
    QMutex m_outcomesMutex;
    QList<PredictionOutcome> m_outcomes;      ///< Guarded by m_outcomesMutex: the other one.
    QList<QPointer<QNetworkReply>> m_retired; ///< Finished replies waiting for deleteRetired().
};
