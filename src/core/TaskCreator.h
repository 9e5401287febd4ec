#pragma once

#include "ApiError.h"
#include "PredictionClient.h"
#include "RetryPolicy.h"
#include "Task.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <optional>

class PredictionCreator;
class TaskStore;

/// Makes a new prediction from a tracked task (Run Again, Remix) through the client's configured root,
/// and tracks it at once, linked to its source (Task::remixOf).
///
/// One create at a time. A create whose answer is lost is looked for in the provider's list before
/// anything is said (PredictionCreator); it is never sent again unless the caller asks with another
/// run. Only a rate limit is retried on its own, a few times, when the server says when.
class TaskCreator final : public QObject
{
    Q_OBJECT

public:
    TaskCreator(PredictionClient &client, TaskStore &store, QObject *parent = nullptr);
    ~TaskCreator() override;

    /// Runs @p source's model (pinned to its version when it names a real one) with its inputs as they are.
    void runAgain(const TaskKey &source);
    /// Runs @p source's model (pinned as above) with exactly @p input.
    void remix(const TaskKey &source, const QJsonObject &input);
    /// Whether a create is on its way.
    bool isBusy() const { return !m_creator.isNull(); }
    /// The provider new tasks are tracked under: the client's.
    QString provider() const;

    /// How often a rate-limited create is sent again before the limit is reported.
    static constexpr int maxRateLimitRetries = 3;

Q_SIGNALS:
    /// The prediction was created and is tracked as @p key. @p recovered: its answer was lost and it was
    /// found in the list.
    void created(const TaskKey &key, bool recovered);
    /// Nothing was tracked. @p maybeCreated: the request may have created a prediction that was not found.
    void failed(const ApiError &error, bool maybeCreated);
    /// Progress worth showing (a rate limit waited out, the search for a lost answer).
    void notice(const QString &text);

private:
    /// The prediction @p source holds, or nothing (and failed()) when it is no longer tracked.
    std::optional<Prediction> sourcePrediction(const TaskKey &source);
    PredictionCreator *startCreator(const TaskKey &source);
    void onCreated(const Prediction &prediction, bool recovered);

    PredictionClient &m_client;
    TaskStore &m_store;
    RetryPolicy m_policy;
    QPointer<PredictionCreator> m_creator;
    TaskKey m_source;
};
