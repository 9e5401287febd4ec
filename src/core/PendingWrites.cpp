#include "PendingWrites.h"

#include "TaskStore.h"

void PendingWrites::addAnswer(const QString &provider, const Prediction &prediction)
{
    const auto known = m_index.constFind(prediction.id());
    if (known != m_index.constEnd()) {
        m_answers[*known] = prediction;
    } else {
        m_index.insert(prediction.id(), m_answers.size());
        m_answers.append(prediction);
    }
    m_errors.remove(TaskKey{provider, prediction.id()});
}

void PendingWrites::addError(const TaskKey &key, const ApiError &error)
{
    m_errors.insert(key, error);
}

bool PendingWrites::writeAnswers(TaskStore &store, const QString &provider, Finished &finished)
{
    finished.clear();
    if (m_answers.isEmpty())
        return true;
    // Which of these end a task that was still running: reported after the store has the new state.
    Finished ending;
    for (const Prediction &prediction : std::as_const(m_answers)) {
        const TaskKey key{provider, prediction.id()};
        const Task *task = store.task(key);
        if (PredictionStatuses::isTerminal(prediction.status())
            && (!task || !PredictionStatuses::isTerminal(task->status))) {
            ending.append({key, prediction.status()});
        }
    }
    // Kept on failure (the store announced it through writeFailed): the store still shows the tasks as
    // running, so they are not announced as finished until a retry has written them.
    if (!store.update(provider, m_answers).ok())
        return false;
    m_answers.clear();
    m_index.clear();
    finished = std::move(ending);
    return true;
}

bool PendingWrites::writeErrors(TaskStore &store)
{
    for (auto it = m_errors.begin(); it != m_errors.end();) {
        if (m_index.contains(it.key().id)) {
            ++it;
            continue;
        }
        if (!store.setError(it.key(), it.value()).ok())
            return false;
        it = m_errors.erase(it);
    }
    return true;
}
