#include "PaintProbe.h"

#include <QEvent>
#include <QWidget>

#include <utility>

PaintProbe::PaintProbe(QWidget *widget, std::function<bool()> ready, std::function<void()> onPainted)
    : QObject(widget)
    , m_ready(std::move(ready))
    , m_onPainted(std::move(onPainted))
{
    widget->installEventFilter(this);
}

bool PaintProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint && m_onPainted && (!m_ready || m_ready())) {
        watched->removeEventFilter(this);
        // Queued: runs once this paint event has been handled, so the painting is counted.
        QMetaObject::invokeMethod(this, std::exchange(m_onPainted, {}), Qt::QueuedConnection);
    }
    return false;
}
