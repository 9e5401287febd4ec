#include "SlowEventTracer.h"

#include <QElapsedTimer>
#include <QEvent>
#include <QThread>

#include <cstdio>

bool SlowEventTracer::notify(QObject *receiver, QEvent *event)
{
    // notify() runs on the receiver's thread: only the GUI thread's deliveries are of interest.
    if (m_thresholdMs <= 0 || QThread::currentThread() != thread())
        return QApplication::notify(receiver, event);
    // Read before delivery: the receiver may be gone after it.
    const int type = int(event->type());
    const QByteArray className = receiver->metaObject()->className();
    const QByteArray name = receiver->objectName().toUtf8();
    const QByteArray parentClass = receiver->parent() ? receiver->parent()->metaObject()->className() : "-";
    QElapsedTimer timer;
    timer.start();
    ++m_depth;
    const bool result = QApplication::notify(receiver, event);
    --m_depth;
    const qint64 ms = timer.elapsed();
    if (ms >= m_thresholdMs)
        std::fprintf(stderr, "slow event: %lld ms, depth %d, type %d, %s \"%s\" (parent %s)\n", qlonglong(ms), m_depth,
                     type, className.constData(), name.constData(), parentClass.constData());
    return result;
}
