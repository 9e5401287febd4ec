#include "SimProcess.h"

#include <algorithm>

#include <QBuffer>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>

namespace {
const int StartTimeoutMs = 10000;
const int CallTimeoutMs = 10000;
const int StopTimeoutMs = 3000;
} // namespace

SimProcess::SimProcess(Token token)
    : m_defaultToken(token)
{}

QString SimProcess::testKey()
{
    // Distinctive enough that finding it anywhere means it leaked; shaped like a real key.
    return QStringLiteral("r8_TestKeyQx7Vw2Lm9Pz4Hs6Kd3Jn8Rt5");
}

SimProcess::~SimProcess()
{
    stop();
}

QString SimProcess::binaryPath()
{
    return QStringLiteral(REPLIMON_SIM_BINARY);
}

bool SimProcess::start(const QStringList &extraArgs)
{
    stop();
    QStringList args = extraArgs;
    const bool tokenGiven = std::any_of(args.cbegin(), args.cend(), [](const QString &arg) {
        return arg == QLatin1String("--token") || arg.startsWith(QLatin1String("--token="))
            || arg == QLatin1String("--no-auth");
    });
    if (m_defaultToken == Token::Test && !tokenGiven)
        args << QStringLiteral("--token") << testKey();
    m_token = QStringLiteral("sim-token");
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == QLatin1String("--token") && i + 1 < args.size())
            m_token = args.at(i + 1);
        else if (arg.startsWith(QLatin1String("--token=")))
            m_token = arg.mid(8);
    }

    m_process = std::make_unique<QProcess>();
    m_stderr.clear();
    QProcess *process = m_process.get();
    // Kept for failure messages, and drained so the child never blocks on a full pipe.
    QObject::connect(process, &QProcess::readyReadStandardError, process,
                     [this, process] { m_stderr += process->readAllStandardError(); });
    process->start(
        binaryPath(),
        QStringList{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--second-port"), QStringLiteral("0")}
            + args);
    if (!process->waitForStarted(StartTimeoutMs)) {
        qWarning("replimon-sim did not start: %s", qPrintable(process->errorString()));
        m_process.reset();
        return false;
    }

    static const QRegularExpression first(QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)$"));
    static const QRegularExpression second(QStringLiteral("^second host on http://127\\.0\\.0\\.2:(\\d+)$"));
    QDeadlineTimer deadline(StartTimeoutMs);
    m_port = 0;
    m_secondPort = 0;
    while (m_secondPort == 0 && !deadline.hasExpired()) {
        while (process->canReadLine()) {
            const QString line = QString::fromUtf8(process->readLine()).trimmed();
            if (const auto match = first.match(line); match.hasMatch())
                m_port = quint16(match.captured(1).toUInt());
            else if (const auto match2 = second.match(line); match2.hasMatch())
                m_secondPort = quint16(match2.captured(1).toUInt());
        }
        if (m_secondPort != 0)
            break;
        if (process->state() != QProcess::Running)
            break;
        process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    if (m_port == 0 || m_secondPort == 0) {
        m_stderr += process->readAllStandardError();
        qWarning("replimon-sim did not report its ports: %s", m_stderr.constData());
        stop();
        return false;
    }
    return true;
}

bool SimProcess::stop()
{
    if (!m_process)
        return true;
    bool clean = true;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(StopTimeoutMs)) {
            clean = false;
            m_process->kill();
            m_process->waitForFinished(StopTimeoutMs);
        }
    }
    clean = clean && m_process->exitStatus() == QProcess::NormalExit && m_process->exitCode() == 0;
    m_stderr += m_process->readAllStandardError();
    m_nam.reset();
    m_process.reset();
    return clean;
}

bool SimProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QUrl SimProcess::origin() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QUrl SimProcess::apiRoot(const QString &prefix) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port) + prefix);
}

QUrl SimProcess::secondHost() const
{
    return QUrl(QStringLiteral("http://127.0.0.2:%1").arg(m_secondPort));
}

QByteArray SimProcess::standardError() const
{
    return m_stderr;
}

SimProcess::Reply SimProcess::call(const QByteArray &method, const QString &path, const QByteArray &body)
{
    Reply result;
    if (!isRunning())
        return result;
    if (!m_nam)
        m_nam = std::make_unique<QNetworkAccessManager>();
    QUrl url = origin();
    const qsizetype question = path.indexOf(QLatin1Char('?'));
    url.setPath(question < 0 ? path : path.left(question));
    if (question >= 0)
        url.setQuery(path.mid(question + 1));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(CallTimeoutMs);

    QBuffer *upload = nullptr;
    if (!body.isEmpty()) {
        upload = new QBuffer;
        upload->setData(body);
        upload->open(QIODevice::ReadOnly);
    }
    QNetworkReply *reply = m_nam->sendCustomRequest(request, method, upload);
    if (upload)
        upload->setParent(reply);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(CallTimeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    if (reply->isFinished()) {
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
    } else {
        reply->abort();
        qWarning("replimon-sim: %s %s timed out", method.constData(), qPrintable(path));
    }
    reply->deleteLater();
    return result;
}

QStringList SimProcess::createPredictions(const QJsonObject &spec)
{
    const Reply reply = call(QByteArrayLiteral("POST"), QStringLiteral("/_sim/predictions"),
                             QJsonDocument(spec).toJson(QJsonDocument::Compact));
    if (reply.status != 200) {
        qWarning("replimon-sim: creating predictions failed (%d): %s", reply.status, reply.body.constData());
        return {};
    }
    QStringList ids;
    const QJsonArray array = QJsonDocument::fromJson(reply.body).object().value(QLatin1String("ids")).toArray();
    for (const QJsonValue &id : array)
        ids << id.toString();
    return ids;
}

bool SimProcess::setFaults(const QJsonArray &rules)
{
    const Reply reply = call(
        QByteArrayLiteral("POST"), QStringLiteral("/_sim/faults"),
        QJsonDocument(QJsonObject{{QStringLiteral("rules"), rules}}).toJson(QJsonDocument::Compact));
    if (reply.status != 200)
        qWarning("replimon-sim: setting faults failed (%d): %s", reply.status, reply.body.constData());
    return reply.status == 200;
}

bool SimProcess::clearFaults()
{
    return call(QByteArrayLiteral("DELETE"), QStringLiteral("/_sim/faults")).status == 200;
}

QJsonArray SimProcess::requestLog(qint64 sinceSeq)
{
    const Reply reply = call(QByteArrayLiteral("GET"), QStringLiteral("/_sim/log?since=%1").arg(sinceSeq));
    if (reply.status != 200)
        return {};
    return QJsonDocument::fromJson(reply.body).object().value(QLatin1String("requests")).toArray();
}

bool SimProcess::clearLog()
{
    return call(QByteArrayLiteral("DELETE"), QStringLiteral("/_sim/log")).status == 200;
}

bool SimProcess::reset()
{
    return call(QByteArrayLiteral("POST"), QStringLiteral("/_sim/reset")).status == 200;
}
