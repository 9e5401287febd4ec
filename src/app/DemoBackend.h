#pragma once

#include <QObject>
#include <QProcess>
#include <QUrl>

/// Runs replimon-sim as a child process for --demo: a local server with a scripted set of predictions,
/// on a free loopback port. The child is stopped when this object goes, and also if the app is killed
/// (the child asks the kernel for SIGTERM when its parent dies).
class DemoBackend final : public QObject
{
    Q_OBJECT

public:
    explicit DemoBackend(QObject *parent = nullptr);
    ~DemoBackend() override;

    void start();
    void stop();
    QUrl apiRoot() const { return m_apiRoot; }
    qint64 processId() const { return m_process.processId(); }

    /// Where replimon-sim is: $REPLIMON_SIM, next to the app (installed), or the build tree's src/sim.
    static QString simulatorPath();

Q_SIGNALS:
    void ready(const QUrl &apiRoot);
    void failed(const QString &message);

private:
    void onReadyRead();

    QProcess m_process;
    QByteArray m_buffer;
    QUrl m_apiRoot;
};
