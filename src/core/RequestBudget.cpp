#include "RequestBudget.h"

#include <algorithm>
#include <cmath>

void RequestBudget::setPerMinute(int perMinute)
{
    m_perMinute = std::max(0, perMinute);
    m_tokens = capacity();
    m_at = -1;
}

double RequestBudget::capacity() const
{
    // A second's worth, and never less than one request.
    return std::max(1.0, m_perMinute / 60.0);
}

void RequestBudget::refill(qint64 nowMs)
{
    if (m_at < 0) {
        m_at = nowMs;
        return;
    }
    if (nowMs <= m_at)
        return;
    m_tokens = std::min(capacity(), m_tokens + double(nowMs - m_at) * m_perMinute / 60000.0);
    m_at = nowMs;
}

bool RequestBudget::canSpend(qint64 nowMs)
{
    if (!isLimited())
        return true;
    refill(nowMs);
    return m_tokens >= 1.0;
}

void RequestBudget::spend(qint64 nowMs)
{
    if (!isLimited())
        return;
    refill(nowMs);
    m_tokens -= 1.0;
}

qint64 RequestBudget::waitMs(qint64 nowMs)
{
    if (canSpend(nowMs))
        return 0;
    return qint64(std::ceil((1.0 - m_tokens) * 60000.0 / m_perMinute));
}
