#include "CaptureService.h"

#include "CaptureReader.h"
#include "CaptureServer.h"
#include "CaptureUrls.h"

CaptureService::CaptureService(QObject *parent)
    : QObject(parent)
    , m_server(new CaptureServer)
    , m_reader(new CaptureReader)
{
    qRegisterMetaType<CapturedPredictions>();
    qRegisterMetaType<QList<CapturedPredictions>>();
    qRegisterMetaType<CaptureRecordingFailure>();
    qRegisterMetaType<QList<CapturedAnswer>>();
    m_thread.setObjectName(QStringLiteral("replimon-capture"));
    m_readerThread.setObjectName(QStringLiteral("replimon-capture-read"));
    // The server has no sockets yet: everything it ever opens is created on the worker thread.
    m_server->moveToThread(&m_thread);
    m_reader->moveToThread(&m_readerThread);
    connect(&m_thread, &QThread::finished, m_server, &QObject::deleteLater);
    connect(&m_readerThread, &QThread::finished, m_reader, &QObject::deleteLater);
    connect(m_server, &CaptureServer::answersCaptured, m_reader, &CaptureReader::read, Qt::QueuedConnection);
    connect(m_reader, &CaptureReader::predictionsCaptured, this, &CaptureService::deliverCaptured,
            Qt::QueuedConnection);
    connect(m_reader, &CaptureReader::recordingFailed, this, &CaptureService::recordingFailed, Qt::QueuedConnection);
    m_readerThread.start();
    m_thread.start();
}

CaptureService::~CaptureService()
{
    stop();
    m_thread.quit();
    m_thread.wait();
    m_readerThread.quit();
    m_readerThread.wait();
}

Result<quint16, QString> CaptureService::start(const CaptureConfig &config)
{
    Result<quint16, QString> result = quint16(0);
    QMetaObject::invokeMethod(
        m_server, [this, &config, &result] { result = m_server->listen(config); }, Qt::BlockingQueuedConnection);
    const bool wasListening = isListening();
    m_port = result ? result.value() : 0;
    if (result)
        Q_EMIT listening(m_port);
    else if (wasListening)
        Q_EMIT stopped();
    return result;
}

void CaptureService::stop()
{
    if (!isListening())
        return;
    QMetaObject::invokeMethod(m_server, &CaptureServer::close, Qt::BlockingQueuedConnection);
    m_port = 0;
    Q_EMIT stopped();
}

int CaptureService::connectionCount() const
{
    int count = 0;
    QMetaObject::invokeMethod(m_server, &CaptureServer::connectionCount, Qt::BlockingQueuedConnection, &count);
    return count;
}

QList<QUrl> CaptureService::baseUrls(quint16 port)
{
    return CaptureUrls::baseUrls(port);
}

void CaptureService::deliverCaptured(const QList<CapturedPredictions> &captured)
{
    for (const CapturedPredictions &each : captured)
        Q_EMIT predictionsCaptured(each);
}
