#include "EventLoopProbe.h"

#include <algorithm>

EventLoopProbe::EventLoopProbe(QObject *parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(1);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopProbe::tick);
}

void EventLoopProbe::start()
{
    m_lastTick = -1;
    m_worstGapNs = 0;
    m_overFrame = 0;
    m_clock.start();
    m_timer.start();
}

void EventLoopProbe::tick()
{
    const qint64 t = m_clock.nsecsElapsed();
    if (m_lastTick >= 0) {
        const qint64 gap = t - m_lastTick;
        m_worstGapNs = std::max(m_worstGapNs, gap);
        if (gap > 16'000'000)
            ++m_overFrame;
    }
    m_lastTick = t;
}
