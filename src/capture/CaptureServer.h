#pragma once

#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QTimer>

#include <memory>

#include "CaptureConfig.h"
#include "Result.h"

class CallerConnection;
class UpstreamPool;

/// The capture endpoint itself: the listening sockets on 127.0.0.1 and ::1 and every caller's connection.
/// It lives on CaptureService's worker thread and is used only from there.
class CaptureServer final : public QObject
{
    Q_OBJECT

public:
    explicit CaptureServer(QObject *parent = nullptr);
    ~CaptureServer() override;

    /// Listens on config.port (0: a free one) on both loopback addresses. Returns the port, or why not.
    Result<quint16, QString> listen(const CaptureConfig &config);
    /// Stops listening and drops every connection (in-flight forwards are cut).
    void close();
    quint16 port() const;
    /// Callers connected now (for tests: nothing is left behind).
    int connectionCount() const { return int(m_connections.size()); }

Q_SIGNALS:
    /// The answers meant for recording forwarded since the last emission, in order. Gathered over one pass
    /// of the worker's event loop: under load, one crossing to the reading thread (one wake-up of it) serves
    /// many answers instead of one each.
    void answersCaptured(const QList<CapturedAnswer> &answers);

private:
    void onNewConnection(QTcpServer *server);
    void onConnectionClosed(CallerConnection *connection);
    void onAnswerCaptured(const CapturedAnswer &answer);
    void flushCaptured();

    CaptureConfig m_config;
    std::unique_ptr<QTcpServer> m_ipv4;
    std::unique_ptr<QTcpServer> m_ipv6;
    std::unique_ptr<UpstreamPool> m_pool;
    QList<CallerConnection *> m_connections;
    QList<CapturedAnswer> m_captured;
    QTimer m_flush{this}; ///< A zero timer, not a posted call: it needs no wake-up of the loop it runs in.
};
