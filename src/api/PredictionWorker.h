#pragma once

#include "ApiEndpoint.h"
#include "ApiError.h"
#include "CrossThreadQueue.h"
#include "Prediction.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

struct HttpHead;
class QTimer;

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
    /// TLS settings for https (null: QSslSocket's defaults), and which of the client's settings they are:
    /// a connection made with other ones is not used for this request.
    QSslConfiguration sslConfiguration;
    quint64 sslGeneration = 0;
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

/// PredictionClient's network half. It lives on the client's network thread and speaks HTTP/1.1 there
/// itself, over keep-alive connections to the API's origin (UpstreamConnection): it sends the requests,
/// follows or refuses redirects, reads and parses the answers, and hands the outcomes back in batches (all
/// that ended before the client took the last batch). Each started request ends in exactly one outcome,
/// except when the worker is destroyed: then the requests end without one.
///
/// Not QNetworkAccessManager: for the short JSON exchanges of polling, a reply object per request, the
/// manager's own HTTP thread and the queued signals between the two threads were most of the cost of a
/// request (and of its latency). At most maxConnections requests are on the wire at once; the others wait
/// here, in the order they came, and go the moment a connection is free, without a trip to the client's
/// thread. The certificate checks are QSslSocket's defaults, never ignored.
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

    /// Connections to the API's origin at once, as many as browsers (and QNetworkAccessManager) open to a host.
    static constexpr int maxConnections = 6;

    PredictionWorker();
    ~PredictionWorker() override;

    /// Thread-safe: queues @p command for the worker's thread. Commands posted while the worker has not
    /// picked up the earlier ones go with them, in one event (a client starting many requests at once
    /// wakes the worker's thread once, not once each).
    void post(Command command);

    void start(const PredictionRequest &request);
    /// Ends the request with Canceled, if it is still out.
    void abort(quint64 id);
    void abortAll();

    /// Thread-safe: the outcomes that ended since the last call, in the order they ended.
    QList<PredictionOutcome> takeOutcomes();

    /// Thread-safe: how many outcomes takeOutcomes() would return now.
    int outcomesWaiting() const;

Q_SIGNALS:
    /// Outcomes are waiting for takeOutcomes(). Emitted once until they are taken: a client on another
    /// thread is woken once for all that end before it gets to them, and no copy of them rides the event.
    void outcomesReady();

private:
    struct Exchange;
    struct Slot;

    /// Runs the commands posted so far, on the worker's thread.
    void runPosted();
    /// Hands waiting requests to free connections (opening new ones up to maxConnections).
    void pump();
    void pumpOnce();
    void send(Slot &slot);
    void onHead(Slot &slot, const HttpHead &head, qint64 contentLength);
    void onBody(Slot &slot, const char *data, qsizetype size);
    void onComplete(Slot &slot, bool reusable);
    void onFailed(Slot &slot, int failure, const QString &detail);
    /// Takes the exchange off @p slot; the connection stays for another request when @p keep.
    std::unique_ptr<Exchange> release(Slot &slot, bool keep);
    void dropConnection(Slot &slot);
    void sweepIdle();
    /// How @p exchange's complete answer ends it (a redirect to follow gives nothing: it was queued again).
    std::optional<PredictionOutcome> outcomeOf(std::unique_ptr<Exchange> &exchange);
    void report(PredictionOutcome outcome);

    std::deque<std::unique_ptr<Exchange>> m_waiting;
    std::vector<std::unique_ptr<Slot>> m_slots;
    QTimer *m_sweep = nullptr;
    bool m_pumping = false;
    bool m_pumpAgain = false;
    /// The Authorization value for the last key seen (the key as bytes, made once).
    QString m_authorizationKey;
    QByteArray m_authorization;
    /// The two members the client's thread touches.
    CrossThreadQueue<Command> m_posted;
    CrossThreadQueue<PredictionOutcome> m_outcomes;
};
