#include "SimServer.h"

#include "JsonWriter.h"
#include "SimRequest.h"
#include "SimTime.h"

#include <QFutureWatcher>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <optional>

namespace {

// Connections arrive in bursts (a client fetching a thousand predictions at once): a short accept queue
// would make the kernel drop SYNs and the client retry a second later.
const int ListenBacklog = 4096;

QByteArray retryAfterValue(const QString &spec)
{
    static const QLatin1String httpDate("http-date:");
    if (spec.startsWith(httpDate)) {
        const double offset = spec.mid(httpDate.size()).toDouble();
        return SimTime::httpDate(SimTime::nowMs() + qint64(offset * 1000));
    }
    return spec.toLatin1();
}

} // namespace

SimServer::SimServer(const SimConfig &config, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_config(config)
    , m_store(m_config)
    , m_faults(m_config.randomSeed)
    , m_renderer(m_images, m_config.imageSize)
    , m_api(m_config, m_store, m_renderer)
    , m_files(m_store, m_images, m_renderer)
    , m_control(m_store, m_faults, m_log)
{}

SimServer::~SimServer()
{
    // Sockets (and the ResponseWriters under them) are children of the listening servers and refer to
    // the log and routers: take them down while those still exist.
    const QList<QTcpServer *> listeners = servers();
    for (QTcpServer *listener : listeners)
        delete listener;
}

bool SimServer::start(QString *error)
{
    const auto open = [&](const char *address, quint16 port) -> QTcpServer * {
        auto *listener = new QTcpServer(this);
        listener->setListenBacklogSize(ListenBacklog);
        if (!listener->listen(QHostAddress(QLatin1String(address)), port)) {
            if (error)
                *error = QStringLiteral("cannot listen on %1:%2: %3")
                             .arg(QLatin1String(address))
                             .arg(port)
                             .arg(listener->errorString());
            delete listener;
            return nullptr;
        }
        bind(listener);
        return listener;
    };
    QTcpServer *api = open("127.0.0.1", m_config.port);
    if (!api)
        return false;
    QTcpServer *second = open("127.0.0.2", m_config.secondPort);
    if (!second)
        return false;
    m_port = api->serverPort();
    m_secondPort = second->serverPort();
    m_store.setFilesOrigin(QStringLiteral("http://127.0.0.2:%1").arg(m_secondPort));
    return true;
}

bool SimServer::handleRequest(const QHttpServerRequest &httpRequest, QTcpSocket *socket)
{
    const qint64 arrived = SimTime::nowMs();
    const SimRequest request = SimRequest::from(httpRequest, arrived);

    if (ControlRouter::isControlPath(request.path)) {
        auto *writer = new ResponseWriter(socket, nullptr, 0, request.keepAlive, request.isHead());
        writer->send(m_control.handle(request, SimTime::nowNs()));
        return true;
    }

    const QString prefix = ApiRouter::prefixOf(request.path);
    Route route = Route::Other;
    std::optional<FaultRule::Target> target;
    QString predictionId;
    if (const std::optional<QString> streamId = streamIdOf(request.path)) {
        route = Route::Stream;
        target = FaultRule::Target::Stream;
        predictionId = *streamId;
    } else if (!prefix.isEmpty()) {
        route = Route::Api;
        target = FaultRule::Target::Api;
        predictionId = ApiRouter::predictionIdOf(request.path.mid(prefix.size()));
    } else if (FileRouter::isFilePath(request.path)) {
        route = Route::Files;
        target = FaultRule::Target::Files;
        predictionId = FileRouter::predictionIdOf(request.path);
    }

    RequestLog::Entry entry;
    entry.tMs = arrived;
    entry.method = request.method;
    entry.path = request.path;
    entry.query = request.queryString;
    entry.host = request.host;
    entry.authorization = request.hasAuthorization;
    entry.userAgent = request.userAgent;
    entry.accept = request.accept;
    const qint64 seq = m_log.append(std::move(entry));

    if (route == Route::Stream) {
        const std::optional<FaultRule> fault = m_faults.take(request.method, request.path, target, predictionId);
        if (fault)
            m_log.setFault(seq, fault->kindName);
        openStream(request, socket, seq, fault);
        return true;
    }

    auto *writer = new ResponseWriter(socket, &m_log, seq, request.keepAlive, request.isHead());
    const std::optional<FaultRule> fault = m_faults.take(request.method, request.path, target, predictionId);
    if (!fault) {
        respond(request, route, writer, ResponseWriter::Mode::Complete);
        return true;
    }
    m_log.setFault(seq, fault->kindName);

    switch (fault->kind) {
    case FaultRule::Kind::Latency:
        QTimer::singleShot(fault->ms, writer, [this, request, route, writer] {
            respond(request, route, writer, ResponseWriter::Mode::Complete);
        });
        break;
    case FaultRule::Kind::Stall:
        if (fault->stallHeaders)
            writer->send(HttpResponse(), ResponseWriter::Mode::Nothing);
        else
            respond(request, route, writer, ResponseWriter::Mode::HeadersOnly);
        break;
    case FaultRule::Kind::Drop:
        respond(request, route, writer, ResponseWriter::Mode::Half);
        break;
    case FaultRule::Kind::Truncate:
        respond(request, route, writer, ResponseWriter::Mode::Overstated);
        break;
    case FaultRule::Kind::Status:
    case FaultRule::Kind::Malformed:
    case FaultRule::Kind::WrongSchema:
    case FaultRule::Kind::Redirect:
    case FaultRule::Kind::NotJson:
        writer->send(faultResponse(*fault, request));
        break;
    }
    return true;
}

std::optional<QString> SimServer::streamIdOf(const QString &path) const
{
    static const QLatin1String tokenPath("/v1/files/bcwr-");
    if (path.startsWith(tokenPath)) {
        const SimPrediction *prediction = m_store.findByStreamToken(path.mid(tokenPath.size() - 5));
        return prediction ? prediction->id : QString();
    }
    const QString prefix = ApiRouter::prefixOf(path);
    if (prefix.isEmpty())
        return std::nullopt;
    const QStringList parts = path.mid(prefix.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() == 3 && parts.at(0) == QLatin1String("predictions") && parts.at(2) == QLatin1String("stream"))
        return parts.at(1);
    return std::nullopt;
}

void SimServer::openStream(const SimRequest &request, QTcpSocket *socket, qint64 seq,
                           const std::optional<FaultRule> &fault)
{
    const auto answer = [&](HttpResponse response) {
        auto *writer = new ResponseWriter(socket, &m_log, seq, request.keepAlive, request.isHead());
        writer->send(std::move(response));
    };
    const SimPrediction *prediction = m_store.find(streamIdOf(request.path).value_or(QString()));
    if (request.method != "GET") {
        answer(HttpResponse::problem(405, QStringLiteral("Method not allowed")));
        return;
    }
    if (!prediction) {
        answer(FileRouter::notFound());
        return;
    }
    // The stream URL is a capability: no key needed (Replicate's clients send none).
    // Only the output's file URLs are taken from the rendering, and they do not depend on the API root.
    PredictionRenderer::Urls urls;
    urls.apiRoot = QStringLiteral("http://127.0.0.1:%1/v1").arg(m_port);
    urls.filesOrigin = m_store.filesOrigin();
    urls.self = m_config.selfUrls;
    auto *session = new StreamSession(socket, m_store, m_renderer, urls, prediction->id, &m_log, seq,
                                      request.keepAlive);
    if (!fault) {
        session->start();
        return;
    }
    switch (fault->kind) {
    case FaultRule::Kind::Latency:
        QTimer::singleShot(fault->ms, session, &StreamSession::start);
        return;
    case FaultRule::Kind::Drop:
    case FaultRule::Kind::Truncate:
        session->dropAfterHeaders();
        return;
    case FaultRule::Kind::Stall:
        return; // Not a byte: the session only notices when the client leaves.
    default:
        delete session;
        answer(faultResponse(*fault, request));
        return;
    }
}

void SimServer::missingHandler(const QHttpServerRequest &httpRequest, QTcpSocket *socket)
{
    const SimRequest request = SimRequest::from(httpRequest, SimTime::nowMs());
    auto *writer = new ResponseWriter(socket, nullptr, 0, request.keepAlive, request.isHead());
    writer->send(FileRouter::notFound());
}

void SimServer::respond(const SimRequest &request, Route route, ResponseWriter *writer, ResponseWriter::Mode mode)
{
    const qint64 nowNs = SimTime::nowNs();
    switch (route) {
    case Route::Api: {
        ApiRouter::Answer answer = m_api.handle(request, nowNs);
        if (answer.holdMs > 0) {
            const QString id = answer.holdId;
            QTimer::singleShot(answer.holdMs, writer, [this, request, id, writer, mode] {
                writer->send(m_api.renderHeld(request, id, SimTime::nowNs()), mode);
            });
            return;
        }
        writer->send(std::move(answer.response), mode);
        return;
    }
    case Route::Files: {
        FileRouter::Answer answer = m_files.handle(request, nowNs);
        if (answer.response) {
            writer->send(std::move(*answer.response), mode);
            return;
        }
        // Encoding on the thread pool; answer when it is done.
        auto *watcher = new QFutureWatcher<QByteArray>(writer);
        const ImageFactory::Spec spec = answer.spec;
        connect(watcher, &QFutureWatcherBase::finished, writer,
                [this, watcher, spec, writer, mode] { writer->send(m_files.finish(spec, watcher->result()), mode); });
        watcher->setFuture(answer.pending);
        return;
    }
    case Route::Stream: // streams are answered by their session, never here
    case Route::Other:
        writer->send(
            HttpResponse::problem(
                404, QByteArrayLiteral(R"({"detail":"The requested resource could not be found.","status":404})")),
            mode);
        return;
    }
}

HttpResponse SimServer::faultResponse(const FaultRule &rule, const SimRequest &request) const
{
    switch (rule.kind) {
    case FaultRule::Kind::Status: {
        HttpResponse response;
        if (rule.body) {
            const QByteArray body = rule.body->toUtf8();
            const bool json = !QJsonDocument::fromJson(body).isNull();
            response = HttpResponse(
                rule.status,
                json ? QByteArrayLiteral("application/json") : QByteArrayLiteral("text/plain; charset=utf-8"), body);
        } else {
            JsonWriter json;
            json.beginObject();
            switch (rule.status) {
            case 401:
                json.key(QLatin1String("title")).value("Unauthenticated");
                json.key(QLatin1String("detail")).value("You did not pass a valid authentication token");
                break;
            case 404:
                json.key(QLatin1String("detail")).value("The requested resource could not be found.");
                break;
            case 429: {
                double seconds = 30;
                bool numeric = false;
                const double headerSeconds = rule.retryAfter.toDouble(&numeric);
                if (rule.bodyRetryAfter)
                    seconds = *rule.bodyRetryAfter;
                else if (numeric)
                    seconds = headerSeconds;
                else if (rule.retryAfter.startsWith(QLatin1String("http-date:")))
                    seconds = rule.retryAfter.mid(10).toDouble();
                json.key(QLatin1String("detail"))
                    .value(QStringLiteral("Request was throttled. Your rate limit resets in ~%1s.")
                               .arg(qMax<qint64>(0, qint64(seconds + 0.5))));
                break;
            }
            case 500:
                json.key(QLatin1String("detail")).value("Internal server error");
                break;
            default:
                json.key(QLatin1String("detail")).value(QString::fromLatin1(HttpResponse::reasonPhrase(rule.status)));
                break;
            }
            json.key(QLatin1String("status")).value(rule.status);
            if (rule.bodyRetryAfter)
                json.key(QLatin1String("retry_after")).value(*rule.bodyRetryAfter);
            json.endObject();
            response = HttpResponse::problem(rule.status, json.take());
        }
        if (!rule.retryAfter.isEmpty())
            response.addHeader(QByteArrayLiteral("Retry-After"), retryAfterValue(rule.retryAfter));
        return response;
    }
    case FaultRule::Kind::Malformed: {
        const QString id = ApiRouter::predictionIdOf(request.path.mid(ApiRouter::prefixOf(request.path).size()));
        // Cut off mid-value: valid UTF-8, invalid JSON, with a correct Content-Length.
        const QByteArray body = R"({"id":")" + id.toUtf8() + R"(","logs":"Starting generate image\n","status":"proc)";
        return HttpResponse::json(200, body);
    }
    case FaultRule::Kind::WrongSchema:
        return HttpResponse::json(
            200, QByteArrayLiteral(R"({"created":1589478378,"data":[{"url":"https://..."},{"url":"https://..."}]})"));
    case FaultRule::Kind::Redirect: {
        QString target = rule.to;
        if (target.isEmpty()) {
            target = QStringLiteral("http://127.0.0.2:%1").arg(m_secondPort) + request.path;
            if (!request.queryString.isEmpty())
                target += QLatin1Char('?') + request.queryString;
        }
        HttpResponse response(rule.status, QByteArrayLiteral("text/plain; charset=utf-8"), QByteArray());
        response.addHeader(QByteArrayLiteral("Location"), target.toUtf8());
        return response;
    }
    case FaultRule::Kind::NotJson: {
        const QByteArray code = QByteArray::number(rule.status) + ' ' + HttpResponse::reasonPhrase(rule.status);
        return HttpResponse(rule.status, QByteArrayLiteral("text/html"),
                            "<html>\r\n<head><title>" + code + "</title></head>\r\n<body>\r\n<center><h1>" + code
                                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
    }
    case FaultRule::Kind::Latency:
    case FaultRule::Kind::Stall:
    case FaultRule::Kind::Drop:
    case FaultRule::Kind::Truncate:
        break;
    }
    return HttpResponse::problem(500, QStringLiteral("Internal server error"));
}
