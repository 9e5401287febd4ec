#include "NetworkThread.h"

#include <QCoreApplication>
#include <QEvent>
#include <QNetworkAccessManager>

NetworkThread::NetworkThread(QObject *parent)
    : QThread(parent)
{
    setObjectName(QStringLiteral("network"));
    start();
    // The semaphore orders the write of m_nam on the thread before every read of it here.
    m_ready.acquire();
}

NetworkThread::~NetworkThread()
{
    quit();
    wait();
}

void NetworkThread::run()
{
    QNetworkAccessManager nam;
    nam.setAutoDeleteReplies(false);
    m_nam = &nam;
    m_ready.release();
    exec();
    // The workers of the clients destroyed before us are deleted later, on this thread: now, while the
    // manager that owns their replies is still here.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}
