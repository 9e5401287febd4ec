#include "EventLoopProbe.h"

#include <algorithm>
#include <chrono>

#include <time.h>

namespace {

qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

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
    m_stalls.clear();
    m_clock.start();
    m_timer.start();
}

void EventLoopProbe::tick()
{
    const qint64 t = m_clock.nsecsElapsed();
    const qint64 steady = steadyNs();
    const qint64 cpu = threadCpuNs();
    if (m_lastTick >= 0) {
        const qint64 gap = t - m_lastTick;
        m_worstGapNs = std::max(m_worstGapNs, gap);
        if (gap > 16'000'000) {
            ++m_overFrame;
            m_stalls.push_back({m_lastSteadyNs, steady, cpu - m_lastCpuNs});
        }
    }
    m_lastTick = t;
    m_lastSteadyNs = steady;
    m_lastCpuNs = cpu;
}
