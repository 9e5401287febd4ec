#pragma once

#include "ApiRouter.h"
#include "ControlRouter.h"
#include "FaultRules.h"
#include "FileRouter.h"
#include "ImageFactory.h"
#include "PredictionRenderer.h"
#include "RequestLog.h"
#include "ResponseWriter.h"
#include "SimConfig.h"
#include "SimStore.h"
#include "StreamSession.h"

#include <QAbstractHttpServer>

/// replimon-sim's HTTP server. It listens on 127.0.0.1 (the API host) and 127.0.0.2 (the second host,
/// standing in for replicate.delivery). QAbstractHttpServer parses requests and hands over the socket, and
/// every answer is written raw through ResponseWriter, which is what makes stalls, drops and truncated
/// bodies real at the TCP level.
class SimServer final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit SimServer(const SimConfig &config, QObject *parent = nullptr);
    ~SimServer() override;

    /// Listens on both hosts. On failure says why in `error`.
    bool start(QString *error);
    quint16 port() const { return m_port; }
    quint16 secondPort() const { return m_secondPort; }

    SimStore &store() { return m_store; }
    FaultRules &faults() { return m_faults; }
    RequestLog &log() { return m_log; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    enum class Route {
        Api,
        Files,
        Stream,
        Other
    };

    /// The prediction a stream URL names (`/v1/files/bcwr-…` on either host, or `{prefix}/predictions/ID/
    /// stream` for --urls self); nullopt when @p path is not a stream URL.
    std::optional<QString> streamIdOf(const QString &path) const;
    /// Answers a stream request: the events, or the fault it drew.
    void openStream(const SimRequest &request, QTcpSocket *socket, qint64 seq, const std::optional<FaultRule> &fault);

    void respond(const SimRequest &request, Route route, ResponseWriter *writer, ResponseWriter::Mode mode);
    HttpResponse faultResponse(const FaultRule &rule, const SimRequest &request) const;

    SimConfig m_config;
    SimStore m_store;
    FaultRules m_faults;
    RequestLog m_log;
    ImageFactory m_images;
    PredictionRenderer m_renderer;
    ApiRouter m_api;
    FileRouter m_files;
    ControlRouter m_control;
    quint16 m_port = 0;
    quint16 m_secondPort = 0;
};
