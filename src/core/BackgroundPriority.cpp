#include "BackgroundPriority.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

// Linux ignores QThread priorities for ordinary threads. A decode woken while the GUI thread was busy took
// its core for milliseconds at a time (a stall in the window); with a niceness of 10 the work runs whenever
// the GUI thread does not need the core, and gives it back as soon as it does.
void BackgroundPriority::applyToCurrentThread()
{
#ifdef Q_OS_LINUX
    thread_local bool lowered = false;
    if (!lowered) {
        lowered = true;
        setpriority(PRIO_PROCESS, id_t(gettid()), 10);
    }
#endif
}
