#include "CaptureTestSupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>

CurlResult runCurl(const QStringList &arguments, const QString &authorization)
{
    CurlResult result;
    QTemporaryDir dir;
    const QString heads = dir.filePath(QStringLiteral("heads"));
    const QString body = dir.filePath(QStringLiteral("body"));
    QStringList all = {QStringLiteral("-sS"), QStringLiteral("-D"), heads, QStringLiteral("-o"), body};
    if (!authorization.isEmpty()) {
        const QString headerFile = dir.filePath(QStringLiteral("auth"));
        QFile file(headerFile);
        if (!file.open(QIODevice::WriteOnly))
            return result;
        file.write("Authorization: Bearer " + authorization.toUtf8() + '\n');
        file.close();
        all << QStringLiteral("-H") << QLatin1Char('@') + headerFile;
    }
    all += arguments;
    QProcess curl;
    curl.start(QStringLiteral("curl"), all);
    // The event loop keeps running meanwhile: a test's own servers on this thread must answer curl.
    QElapsedTimer clock;
    clock.start();
    while (!curl.waitForFinished(10)) {
        QCoreApplication::processEvents();
        if (clock.elapsed() > 120000) {
            curl.kill();
            curl.waitForFinished();
            break;
        }
    }
    result.exitCode = curl.exitStatus() == QProcess::NormalExit ? curl.exitCode() : -1;
    result.error = curl.readAllStandardError();
    QFile headsFile(heads);
    if (headsFile.open(QIODevice::ReadOnly))
        result.heads = headsFile.readAll();
    QFile bodyFile(body);
    if (bodyFile.open(QIODevice::ReadOnly))
        result.body = bodyFile.readAll();
    return result;
}

QByteArray rawExchange(quint16 port, const QByteArray &request, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    QByteArray answer;
    QElapsedTimer clock;
    clock.start();
    while (socket.state() == QAbstractSocket::ConnectedState && clock.elapsed() < timeoutMs) {
        socket.waitForReadyRead(100);
        answer += socket.readAll();
    }
    return answer + socket.readAll();
}

double residentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toDouble() / 1024.0;
    }
    return 0;
}
