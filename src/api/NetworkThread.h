#pragma once

#include <QSemaphore>
#include <QThread>

class QNetworkAccessManager;

/// A thread of its own with a QNetworkAccessManager that lives on it, so that the clients built on that
/// manager (PredictionClient) send, read and parse off the GUI thread.
///
/// The manager is made on the thread when it starts (the constructor returns once it exists) and
/// destroyed there when the thread stops: the destructor quits the thread and joins it. Clients over the
/// manager must be destroyed first.
class NetworkThread final : public QThread
{
public:
    explicit NetworkThread(QObject *parent = nullptr);
    ~NetworkThread() override;

    QNetworkAccessManager &nam() { return *m_nam; }

protected:
    void run() override;

private:
    QNetworkAccessManager *m_nam = nullptr;
    QSemaphore m_ready;
};
