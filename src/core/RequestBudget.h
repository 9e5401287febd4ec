#pragma once

#include <QtGlobal>

/// How many routine requests may go at a given moment under a budget of requests per minute (Replicate
/// allows 3000 GETs a minute; over it every request is answered 429).
///
/// A token bucket that holds at most one second of the budget: routine requests spread evenly over the
/// minute instead of going in bursts, which is kinder to the server and to the thread that reads the
/// answers. Requests the user asked for go whether or not the budget allows them (spend() without
/// canSpend()) and count all the same: the routine ones wait until that debt is paid, so that over any
/// minute the total stays near the budget. Times are monotonic milliseconds, given by the caller.
class RequestBudget final
{
public:
    /// 80 % of Replicate's limit for GETs: room for the user's refreshes and other clients on the same key.
    static constexpr int defaultPerMinute = 2400;

    explicit RequestBudget(int perMinute = defaultPerMinute) { setPerMinute(perMinute); }

    /// 0 (or less): no budget, every request may go.
    void setPerMinute(int perMinute);
    int perMinute() const { return m_perMinute; }
    bool isLimited() const { return m_perMinute > 0; }

    /// Whether a routine request may go at @p nowMs.
    bool canSpend(qint64 nowMs);
    /// One request went at @p nowMs (routine or not).
    void spend(qint64 nowMs);
    /// Milliseconds from @p nowMs until canSpend() holds; 0 when it holds now.
    qint64 waitMs(qint64 nowMs);

private:
    void refill(qint64 nowMs);
    double capacity() const;

    int m_perMinute = 0;
    double m_tokens = 0; ///< May be negative: requests that went beyond the budget, still to be paid for.
    qint64 m_at = -1;    ///< When m_tokens was last refilled; -1: never (the bucket starts full).
};
