#include "DemoBackend.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>

DemoBackend::DemoBackend(QObject *parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.setChildProcessModifier([] {
        // Runs in the child between fork and exec: die with the app, however the app ends.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &DemoBackend::onReadyRead);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            Q_EMIT failed(tr("The demo server could not be started: %1").arg(m_process.errorString()));
    });
    connect(&m_process, &QProcess::finished, this, [this] {
        if (!m_apiRoot.isValid())
            Q_EMIT failed(tr("The demo server stopped before it was ready."));
    });
}

DemoBackend::~DemoBackend()
{
    stop();
}

QString DemoBackend::simulatorPath()
{
    const QString fromEnvironment = qEnvironmentVariable("REPLIMON_SIM");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QDir appDir(QCoreApplication::applicationDirPath());
    for (const QString &candidate :
         {appDir.filePath(QStringLiteral("replimon-sim")), appDir.filePath(QStringLiteral("../sim/replimon-sim"))}) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return QStringLiteral("replimon-sim");
}

void DemoBackend::start()
{
    m_process.start(simulatorPath(),
                    {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--second-port"),
                     QStringLiteral("0"), QStringLiteral("--no-auth"), QStringLiteral("--scenario"),
                     QStringLiteral("demo")});
    QTimer::singleShot(15000, this, [this] {
        if (!m_apiRoot.isValid() && m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            Q_EMIT failed(tr("The demo server did not start in time."));
        }
    });
}

void DemoBackend::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(3000)) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
}

void DemoBackend::onReadyRead()
{
    m_buffer += m_process.readAllStandardOutput();
    if (m_apiRoot.isValid())
        return;
    const QByteArray marker = "listening on ";
    const int at = m_buffer.indexOf(marker);
    const int end = at < 0 ? -1 : m_buffer.indexOf('\n', at);
    if (end < 0)
        return;
    QUrl root(QString::fromUtf8(m_buffer.mid(at + marker.size(), end - at - marker.size()).trimmed()));
    root.setPath(QStringLiteral("/v1"));
    m_apiRoot = root;
    Q_EMIT ready(m_apiRoot);
}
