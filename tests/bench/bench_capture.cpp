// What the capture endpoint (src/capture) costs: latency added to get and create with 1 and 50 callers on
// keep-alive connections, throughput against going direct, and resident memory while a large answer passes.
// Usage: bench_capture --origin http://127.0.0.1:PORT [--requests N] [--blob-bytes N]
// The key comes from REPLIMON_API_KEY. Prints one JSON line: {"capture": {...}}.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include <algorithm>
#include <memory>

#include "CaptureService.h"
#include "ProcessStats.h"

namespace {

struct Run
{
    QList<double> latenciesMs;
    double wallS = 0;
};

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(qMin(values.size() - 1, qsizetype(p * double(values.size()))));
}

// One keep-alive connection sending the same request again and again; answers are framed by Content-Length.
class Caller final : public QObject
{
public:
    Caller(quint16 port, const QByteArray &request, int count, Run &run, int &running)
        : m_request(request)
        , m_left(count)
        , m_run(run)
        , m_running(running)
    {
        connect(&m_socket, &QTcpSocket::connected, this, &Caller::send);
        connect(&m_socket, &QTcpSocket::readyRead, this, &Caller::onReadyRead);
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    }

private:
    void send()
    {
        m_clock.start();
        m_socket.write(m_request);
    }
    void onReadyRead()
    {
        m_buffer += m_socket.readAll();
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const qsizetype at = m_buffer.toLower().indexOf("content-length:");
        const qint64 length = at < 0
            ? 0
            : m_buffer.mid(at + 15, m_buffer.indexOf('\r', at) - at - 15).trimmed().toLongLong();
        if (m_buffer.size() < headEnd + 4 + length)
            return;
        m_run.latenciesMs.append(double(m_clock.nsecsElapsed()) / 1e6);
        m_buffer.remove(0, headEnd + 4 + length);
        if (--m_left > 0)
            send();
        else
            --m_running;
    }

    QTcpSocket m_socket;
    QByteArray m_request;
    QByteArray m_buffer;
    QElapsedTimer m_clock;
    int m_left;
    Run &m_run;
    int &m_running;
};

Run measure(quint16 port, const QByteArray &request, int callers, int total)
{
    Run run;
    int running = callers;
    QElapsedTimer wall;
    wall.start();
    std::vector<std::unique_ptr<Caller>> all;
    for (int i = 0; i < callers; ++i)
        all.push_back(std::make_unique<Caller>(port, request, qMax(1, total / callers), run, running));
    while (running > 0 && wall.elapsed() < 300000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    run.wallS = double(wall.nsecsElapsed()) / 1e9;
    return run;
}

QByteArray requestFor(const QByteArray &method, const QByteArray &path, const QByteArray &key,
                      const QByteArray &body = {})
{
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
        + "\r\nUser-Agent: bench_capture\r\n";
    if (!body.isEmpty())
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    return request + "\r\n" + body;
}

double rssGrowthMb(quint16 port, qint64 bytes)
{
    const qint64 before = ProcessStats::residentKb();
    qint64 peak = before;
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    socket.waitForConnected(5000);
    socket.write("GET /v1/files/blob/" + QByteArray::number(bytes) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    qint64 received = 0;
    while (received < bytes && socket.waitForReadyRead(10000)) {
        received += socket.readAll().size();
        peak = qMax(peak, ProcessStats::residentKb());
    }
    return double(peak - before) / 1024.0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("origin"), QStringLiteral("The sim's origin."), QStringLiteral("url")});
    parser.addOption(
        {QStringLiteral("requests"), QStringLiteral("Requests a run."), QStringLiteral("n"), QStringLiteral("2000")});
    parser.addOption({QStringLiteral("blob-bytes"), QStringLiteral("Size of the large answer."), QStringLiteral("n"),
                      QString::number(200LL * 1024 * 1024)});
    parser.process(app);
    const QUrl origin(parser.value(QStringLiteral("origin")));
    const int requests = parser.value(QStringLiteral("requests")).toInt();
    const QByteArray key = ProcessStats::apiKeyFromEnvironment().toUtf8();

    CaptureService service;
    CaptureConfig config;
    config.port = 0;
    config.upstreamRoot = origin; // /v1/... goes to the sim's /v1/..., and /v1/files/blob/N to its blobs
    if (!service.start(config).ok())
        return 1;
    const quint16 direct = quint16(origin.port());
    const quint16 capture = service.port();

    // One prediction to get; creates make new ones (cheap in the sim).
    const QByteArray createBody = R"({"input":{"prompt":"bench"}})";
    const QByteArray create = requestFor("POST", "/v1/models/black-forest-labs/flux-schnell/predictions", key,
                                         createBody);
    Run seed = measure(direct, create, 1, 1);
    Q_UNUSED(seed)
    QTcpSocket probe;
    probe.connectToHost(QStringLiteral("127.0.0.1"), direct);
    probe.waitForConnected(5000);
    probe.write(requestFor("GET", "/v1/predictions", key));
    QByteArray listing;
    while (!listing.contains("\"id\"") && probe.waitForReadyRead(5000))
        listing += probe.readAll();
    const qsizetype idAt = listing.indexOf("\"id\":\"") + 6;
    const QByteArray id = listing.mid(idAt, listing.indexOf('"', idAt) - idAt);
    const QByteArray get = requestFor("GET", "/v1/predictions/" + id, key);

    QJsonObject detail;
    double addedP50 = 0;
    double addedP99 = 0;
    double ratio = 0;
    for (const auto &[name, request] :
         {std::pair{QStringLiteral("get"), get}, std::pair{QStringLiteral("create"), create}}) {
        for (int callers : {1, 50}) {
            const int total = callers == 1 ? requests / 4 : requests;
            measure(capture, request, callers, qMin(total, 200)); // warm-up
            const Run viaDirect = measure(direct, request, callers, total);
            const Run viaCapture = measure(capture, request, callers, total);
            const double p50 = percentile(viaCapture.latenciesMs, 0.5) - percentile(viaDirect.latenciesMs, 0.5);
            const double p99 = percentile(viaCapture.latenciesMs, 0.99) - percentile(viaDirect.latenciesMs, 0.99);
            const double throughput = (double(viaCapture.latenciesMs.size()) / viaCapture.wallS)
                / (double(viaDirect.latenciesMs.size()) / viaDirect.wallS);
            detail.insert(name + QStringLiteral("_") + QString::number(callers),
                          QJsonObject{{QStringLiteral("direct_ms_p50"), percentile(viaDirect.latenciesMs, 0.5)},
                                      {QStringLiteral("direct_ms_p99"), percentile(viaDirect.latenciesMs, 0.99)},
                                      {QStringLiteral("added_ms_p50"), p50},
                                      {QStringLiteral("added_ms_p99"), p99},
                                      {QStringLiteral("throughput_ratio"), throughput},
                                      {QStringLiteral("requests"), viaCapture.latenciesMs.size()}});
            if (name == QLatin1String("get") && callers == 50) {
                addedP50 = p50;
                addedP99 = p99;
                ratio = throughput;
            }
        }
    }
    const double rss = rssGrowthMb(capture, parser.value(QStringLiteral("blob-bytes")).toLongLong());
    ProcessStats::printResult(QJsonObject{{QStringLiteral("capture"),
                                           QJsonObject{{QStringLiteral("added_ms_p50"), addedP50},
                                                       {QStringLiteral("added_ms_p99"), addedP99},
                                                       {QStringLiteral("throughput_ratio"), ratio},
                                                       {QStringLiteral("rss_growth_mb"), rss},
                                                       {QStringLiteral("detail"), detail}}}});
    return 0;
}
