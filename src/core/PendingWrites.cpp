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

PendingWrites::Finished PendingWrites::endings(const TaskStore &store, const QString &provider,
                                               const QList<Prediction> &answers)
{
    Finished ending;
    for (const Prediction &prediction : answers) {
        const TaskKey key{provider, prediction.id()};
        const Task *task = store.task(key);
        if (PredictionStatuses::isTerminal(prediction.status())
            && (!task || !PredictionStatuses::isTerminal(task->status))) {
            ending.append({key, prediction.status()});
        }
    }
    return ending;
}

void PendingWrites::takeBack(const QString &provider, const QList<Prediction> &answers)
{
    for (const Prediction &prediction : answers) {
        // An answer or an error heard since is newer than this one: it is what the row should show.
        if (m_index.contains(prediction.id()) || m_errors.contains(TaskKey{provider, prediction.id()}))
            continue;
        m_index.insert(prediction.id(), m_answers.size());
        m_answers.append(prediction);
    }
}

void PendingWrites::writeAnswersLater(TaskStore &store, const QString &provider, QObject *context, Written written)
{
    Q_ASSERT(!isWriting());
    if (m_answers.isEmpty()) {
        written(true, {});
        return;
    }
    // Which of these end a task that was still running: reported once the store has the new state.
    const Finished ending = endings(store, provider, m_answers);
    const QList<Prediction> answers = std::exchange(m_answers, {});
    m_index.clear();
    for (const Prediction &prediction : answers)
        m_writingIds.insert(prediction.id());
    const auto over = [this, provider, answers, ending, written](bool ok) {
        m_writingIds.clear();
        // Kept on failure (the store announced it through writeFailed): the store still shows the tasks
        // as running, so they are not announced as finished until a retry has written them.
        if (!ok)
            takeBack(provider, answers);
        written(ok, ok ? ending : Finished());
    };
    const auto handed = store.updateLater(
        provider, answers, context, [over](const Result<QList<TaskKey>, StoreError> &result) { over(result.ok()); });
    // Refused, or nothing changed: over now, as no write will be heard of.
    if (!handed.ok() || !handed.value())
        over(handed.ok());
}

bool PendingWrites::writeAnswers(TaskStore &store, const QString &provider, Finished &finished)
{
    finished.clear();
    store.finishWrites();
    if (m_answers.isEmpty())
        return true;
    Finished ending = endings(store, provider, m_answers);
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
        if (hasAnswerFor(it.key().id)) {
            ++it;
            continue;
        }
        if (!store.setError(it.key(), it.value()).ok())
            return false;
        it = m_errors.erase(it);
    }
    return true;
}
