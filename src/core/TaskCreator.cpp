#include "TaskCreator.h"

#include "PredictionCreator.h"
#include "TaskStore.h"

namespace {

RetryParameters createRetries()
{
    RetryParameters parameters;
    parameters.maxAttempts = TaskCreator::maxRateLimitRetries + 1;
    return parameters;
}

} // namespace

TaskCreator::TaskCreator(PredictionClient &client, TaskStore &store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_policy(createRetries())
{}

TaskCreator::~TaskCreator() = default;

QString TaskCreator::provider() const
{
    return ApiEndpoint::providerKey(m_client.endpoint().provider());
}

PredictionCreator *TaskCreator::startCreator(const TaskKey &source)
{
    if (m_creator)
        return nullptr;
    m_source = source;
    auto *creator = new PredictionCreator(m_client, m_policy, this);
    m_creator = creator;
    connect(creator, &PredictionCreator::created, this, &TaskCreator::onCreated);
    connect(creator, &PredictionCreator::failed, this, [this](const ApiError &error, bool maybeCreated) {
        m_creator->deleteLater();
        m_creator.clear();
        Q_EMIT failed(error, maybeCreated);
    });
    connect(creator, &PredictionCreator::notice, this, &TaskCreator::notice);
    return creator;
}

void TaskCreator::runAgain(const TaskKey &source)
{
    if (const std::optional<Prediction> prediction = sourcePrediction(source)) {
        if (PredictionCreator *creator = startCreator(source))
            creator->runAgain(*prediction, {});
    }
}

void TaskCreator::remix(const TaskKey &source, const QJsonObject &input)
{
    if (const std::optional<Prediction> prediction = sourcePrediction(source)) {
        if (PredictionCreator *creator = startCreator(source))
            creator->runWithInputs(*prediction, input);
    }
}

std::optional<Prediction> TaskCreator::sourcePrediction(const TaskKey &source)
{
    const Task *task = m_store.task(source);
    if (!task) {
        Q_EMIT failed(ApiError{ApiError::Kind::NotFound, 0, tr("%1 is no longer tracked.").arg(source.id), {}}, false);
        return std::nullopt;
    }
    return task->prediction();
}

void TaskCreator::onCreated(const Prediction &prediction, bool recovered)
{
    m_creator->deleteLater();
    m_creator.clear();
    Task task;
    task.key = TaskKey{provider(), prediction.id()};
    task.apply(prediction);
    // The link is kept within one provider: ids of another one mean nothing here.
    if (m_source.provider == task.key.provider)
        task.remixOf = m_source.id;
    if (m_store.contains(task.key)) {
        // Tracked before this answer came (the capture endpoint may record it first): the link still goes in.
        // The task is there either way, so a failed write is said and the create still reported.
        const auto linked = task.remixOf.isEmpty() ? Result<bool, StoreError>(false)
                                                   : m_store.setRemixOf(task.key, task.remixOf);
        if (!linked)
            Q_EMIT notice(tr("%1 was created, but its link to %2 could not be stored: %3")
                              .arg(prediction.id(), task.remixOf, linked.error().message));
    } else if (const auto added = m_store.addRestored({task}); !added) {
        Q_EMIT failed(
            ApiError{ApiError::Kind::FileSystem,
                     0,
                     tr("%1 was created, but it could not be tracked: %2").arg(prediction.id(), added.error().message),
                     {}},
            false);
        return;
    }
    Q_EMIT created(task.key, recovered);
}
