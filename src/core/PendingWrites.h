#pragma once

#include "ApiError.h"
#include "Prediction.h"
#include "PredictionStatus.h"
#include "Task.h"

#include <QHash>
#include <QList>
#include <QString>

#include <utility>

class TaskStore;

/// What the poller heard but has not written yet: the newest answer per prediction id, in the order the
/// ids first came, and errors to record on tasks. A write the store refuses keeps everything for the next
/// try, so an answer or an error is never lost to a locked file or a full disk.
class PendingWrites final
{
public:
    /// A task whose written answer ended it, with the status it ended in.
    using Finished = QList<std::pair<TaskKey, PredictionStatus>>;

    /// Keeps @p prediction as the newest answer for its id; an error still waiting for that task is
    /// older, and goes.
    void addAnswer(const QString &provider, const Prediction &prediction);
    void addError(const TaskKey &key, const ApiError &error);
    bool hasAnswerFor(const QString &id) const { return m_index.contains(id); }
    int count() const { return int(m_answers.size() + m_errors.size()); }

    /// Writes the answers under @p provider into @p store. On success fills @p finished with the tasks
    /// they ended (those the store showed running) and returns true; on failure keeps them all.
    bool writeAnswers(TaskStore &store, const QString &provider, Finished &finished);
    /// Writes the errors whose task has no answer waiting to go before them; stops at the first refusal.
    bool writeErrors(TaskStore &store);

private:
    QList<Prediction> m_answers;
    QHash<QString, qsizetype> m_index; ///< id → position in m_answers
    QHash<TaskKey, ApiError> m_errors;
};
