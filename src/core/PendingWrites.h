#pragma once

#include "ApiError.h"
#include "Prediction.h"
#include "PredictionStatus.h"
#include "Task.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>
#include <utility>

class QObject;
class TaskStore;

/// What the poller heard but has not written yet: the newest answer per prediction id, in the order the
/// ids first came, and errors to record on tasks. A write the store refuses keeps everything for the next
/// try, so an answer or an error is never lost to a locked file or a full disk.
///
/// Answers go to the store's writing thread (writeAnswersLater()) while the poller goes on; an error of a
/// task whose answer is being written waits for that write, as it waits for an answer still to go.
class PendingWrites final
{
public:
    /// A task whose written answer ended it, with the status it ended in.
    using Finished = QList<std::pair<TaskKey, PredictionStatus>>;
    /// What writeAnswersLater() hears when its write is over: whether the answers were written, and the
    /// tasks they ended.
    using Written = std::function<void(bool written, const Finished &finished)>;

    /// Keeps @p prediction as the newest answer for its id; an error still waiting for that task is
    /// older, and goes.
    void addAnswer(const QString &provider, const Prediction &prediction);
    void addError(const TaskKey &key, const ApiError &error);
    /// An answer for @p id waits to be written, or is being written.
    bool hasAnswerFor(const QString &id) const { return m_index.contains(id) || m_writingIds.contains(id); }
    bool hasAnswers() const { return !m_answers.isEmpty(); }
    /// Answers handed over by writeAnswersLater() are being written.
    bool isWriting() const { return !m_writingIds.isEmpty(); }
    int count() const { return int(m_answers.size() + m_writingIds.size() + m_errors.size()); }

    /// Hands the answers under @p provider to the store's writing thread (TaskStore::updateLater()) and
    /// returns. @p written then hears (unless @p context is gone) whether they were written and which tasks
    /// they ended (those the store showed running); answers whose write failed are kept again, behind any
    /// newer answer or error for the same task. At once when the store refuses, or nothing changed. Call it
    /// only when nothing is being written.
    void writeAnswersLater(TaskStore &store, const QString &provider, QObject *context, Written written);
    /// Writes the answers under @p provider now, after any write under way. On success fills @p finished
    /// with the tasks they ended and returns true; on failure keeps them all.
    bool writeAnswers(TaskStore &store, const QString &provider, Finished &finished);
    /// Writes the errors whose task has no answer waiting to go before them; stops at the first refusal.
    bool writeErrors(TaskStore &store);

private:
    /// Which of @p answers end a task the store shows running.
    static Finished endings(const TaskStore &store, const QString &provider, const QList<Prediction> &answers);
    /// Keeps again the answers of a write that failed, unless a newer answer or an error came meanwhile.
    void takeBack(const QString &provider, const QList<Prediction> &answers);

    QList<Prediction> m_answers;
    QHash<QString, qsizetype> m_index; ///< id → position in m_answers
    QHash<TaskKey, ApiError> m_errors;
    QSet<QString> m_writingIds; ///< The ids of the answers being written.
};
