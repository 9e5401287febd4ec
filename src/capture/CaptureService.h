#pragma once

#include <QList>
#include <QObject>
#include <QThread>
#include <QUrl>

#include "CaptureConfig.h"
#include "Result.h"

class CaptureReader;
class CaptureServer;

/// The capture endpoint as the application uses it: a local Replicate-compatible API on 127.0.0.1 and ::1
/// that forwards every call unchanged to one upstream root and reports the predictions that pass.
///
/// Everything network happens on a worker thread of the service's own (its QTcpServers, callers' and
/// upstream connections), and the answers are read into predictions on a second one (CaptureReader), so
/// that forwarding never waits for parsing; this object lives on the thread that made it and only gets
/// queued signals carrying values. Recording what it reports is up to whoever listens.
class CaptureService final : public QObject
{
    Q_OBJECT

public:
    explicit CaptureService(QObject *parent = nullptr);
    ~CaptureService() override;

    /// (Re)starts the endpoint; blocks only while the sockets are bound. Returns the port it listens on,
    /// or a sentence saying why it cannot (the port is taken, the root is not an http(s) URL).
    Result<quint16, QString> start(const CaptureConfig &config);
    /// Stops listening and cuts every connection; no-op when stopped.
    void stop();
    bool isListening() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    /// Callers connected now (tests check that nothing is left behind).
    int connectionCount() const;

    /// The base URLs a caller's code is given: `http://127.0.0.1:PORT/v1` (Replicate's clients) and
    /// `http://127.0.0.1:PORT/replicate/v1` (relay-style paths).
    static QList<QUrl> baseUrls(quint16 port);

Q_SIGNALS:
    void listening(quint16 port);
    void stopped();
    /// A forwarded answer was a prediction, or a page of them.
    void predictionsCaptured(const CapturedPredictions &captured);
    /// A forwarded answer should have been recorded and could not be (the caller got it all the same).
    void recordingFailed(const CaptureRecordingFailure &failure);

private:
    /// One signal per answer again, on this object's thread.
    void deliverCaptured(const QList<CapturedPredictions> &captured);

    QThread m_thread;
    CaptureServer *m_server = nullptr; ///< Lives on m_thread; deleted there when it finishes.
    QThread m_readerThread;
    CaptureReader *m_reader = nullptr; ///< Lives on m_readerThread; deleted there when it finishes.
    quint16 m_port = 0;
};
