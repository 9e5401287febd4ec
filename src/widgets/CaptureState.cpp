#include "CaptureState.h"

QString CaptureState::statusText() const
{
    if (listening)
        return tr("Capture on :%1").arg(port);
    if (enabled && !problem.isEmpty())
        return tr("Capture failed");
    // Off is the default: the status bar stays quiet about it.
    return {};
}

QString CaptureState::description() const
{
    if (listening && forThisRun) {
        return tr("Capture is on for this run (--capture): Replimon listens on port %1 and records every "
                  "prediction your code makes through it.")
            .arg(port);
    }
    if (listening)
        return tr("Capture is on: Replimon listens on port %1 and records every prediction your code makes "
                  "through it.")
            .arg(port);
    if (enabled && !problem.isEmpty())
        return tr("Capture could not start. %1").arg(problem);
    if (enabled)
        return tr("Capture is starting…");
    return tr("Capture is off. Turn it on, then point your code at one of these addresses.");
}
