// PollScheduler's request path: which due tasks go now, within maxInFlight and the request budget.
#include "PollScheduler.h"

#include "TaskStore.h"

#include <algorithm>
#include <limits>

namespace {

// While the budget holds routine polls back, the scheduler wakes at most this often to send those it allows.
constexpr qint64 budgetWakeMs = 100;

} // namespace

void PollScheduler::setRequestBudget(int perMinute)
{
    m_budget.setPerMinute(perMinute);
    dispatch();
}

bool PollScheduler::settle(DueQueue &queue)
{
    while (!queue.empty()) {
        const DueItem &top = queue.top();
        const auto it = m_entries.constFind(top.key);
        if (it != m_entries.cend() && it->generation == top.generation && !m_inFlightKeys.contains(top.key))
            return true;
        queue.pop();
    }
    return false;
}

bool PollScheduler::withinBudget(const TaskKey &key, qint64 t)
{
    if (m_budget.canSpend(t))
        return true;
    // A task never fetched yet goes at once: the user just added it and sees nothing until it answers.
    const Task *task = m_store.task(key);
    return task && !task->hasPrediction();
}

void PollScheduler::dispatch()
{
    if (!m_started || m_paused || m_needsKey) {
        emitStateIfChanged();
        return;
    }
    const qint64 t = now();
    if (m_rateLimitedUntil > t) {
        m_timer.start(int(std::min<qint64>(m_rateLimitedUntil - t, std::numeric_limits<int>::max())));
        emitStateIfChanged();
        return;
    }

    // Due tasks, most overdue first; explicit refreshes ahead of routine polls, and not held to the budget.
    for (DueQueue *queue : {&m_forcedDue, &m_due}) {
        while (int(m_inFlight.size()) < m_maxInFlight && settle(*queue) && queue->top().dueAt <= t) {
            const TaskKey key = queue->top().key;
            if (queue == &m_due && !withinBudget(key, t))
                break;
            queue->pop();
            Entry &entry = m_entries[key];
            entry.forced = false;
            // Parked far ahead while in flight; the answer reschedules it.
            setDue(key, entry, std::numeric_limits<qint64>::max());
            m_inFlightKeys.insert(key);
            m_budget.spend(t);
            m_inFlight.insert(m_client.fetch(key.id), key);
        }
    }
    armTimer();
    emitStateIfChanged();
}

void PollScheduler::armTimer()
{
    if (int(m_inFlight.size()) >= m_maxInFlight) {
        m_timer.stop(); // An answer will call dispatch().
        return;
    }
    const qint64 t = now();
    qint64 earliest = std::numeric_limits<qint64>::max();
    if (settle(m_forcedDue))
        earliest = m_forcedDue.top().dueAt;
    if (settle(m_due)) {
        // A routine poll that is due but over the budget waits for it; a few of them go together, rather
        // than waking this thread for each.
        const qint64 due = m_due.top().dueAt;
        earliest = std::min(earliest, due > t ? due : t + std::max(m_budget.waitMs(t), budgetWakeMs));
    }
    if (earliest == std::numeric_limits<qint64>::max()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = std::max<qint64>(0, earliest - t);
    m_timer.start(int(std::min<qint64>(wait, std::numeric_limits<int>::max())));
}
