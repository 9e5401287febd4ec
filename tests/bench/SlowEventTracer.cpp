#include "SlowEventTracer.h"

#include <QEvent>
#include <QThread>

#include <chrono>
#include <cstdio>

#include <time.h>

qint64 SlowEventTracer::steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

qint64 SlowEventTracer::threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

bool SlowEventTracer::notify(QObject *receiver, QEvent *event)
{
    // notify() runs on the receiver's thread: only the GUI thread's deliveries are of interest.
    if ((m_thresholdMs <= 0 && !m_record) || QThread::currentThread() != thread())
        return QApplication::notify(receiver, event);
    // Read before delivery: the receiver may be gone after it.
    const int type = int(event->type());
    const char *className = receiver->metaObject()->className();
    const char *parentClassName = receiver->parent() ? receiver->parent()->metaObject()->className() : "-";
    const QString name = receiver->objectName();
    const int depth = m_depth;
    const qint64 start = steadyNs();
    const qint64 cpuStart = m_record ? threadCpuNs() : 0;
    ++m_depth;
    const bool result = QApplication::notify(receiver, event);
    --m_depth;
    const qint64 durationNs = steadyNs() - start;
    const qint64 cpuNs = m_record ? threadCpuNs() - cpuStart : 0;
    // Deliveries that took under 0.2 ms are kept only at the top level, where they add up.
    if (m_record && (depth == 0 || durationNs >= 200'000))
        m_deliveries.push_back({start, durationNs, cpuNs, type, depth, className, parentClassName, name});
    if (m_thresholdMs > 0 && durationNs >= qint64(m_thresholdMs) * 1'000'000)
        std::fprintf(stderr, "slow event: %lld ms, depth %d, type %d, %s \"%s\" (parent %s)\n",
                     qlonglong(durationNs / 1'000'000), depth, type, className, qPrintable(name), parentClassName);
    return result;
}
