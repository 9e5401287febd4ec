#include "CaptureRouting.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QUrl>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CaptureRouting", text);
}

CaptureRouting::Refusal refuse(int status, const char *title, const char *detail)
{
    return {status, tr(title), tr(detail)};
}

// The two roots a caller may use; both lead to the one configured upstream root.
const QByteArray roots[] = {QByteArrayLiteral("/replicate/v1"), QByteArrayLiteral("/v1")};

bool hasDotSegment(const QByteArray &path)
{
    // Without a dot, a percent sign or a backslash there is nothing to look for.
    if (!path.contains('.') && !path.contains('%') && !path.contains('\\'))
        return false;
    const QList<QByteArray> segments = path.split('/');
    for (const QByteArray &segment : segments) {
        const QByteArray decoded = QByteArray::fromPercentEncoding(segment);
        if (decoded == "." || decoded == ".." || decoded.contains('/') || decoded.contains('\\'))
            return true;
    }
    return false;
}

} // namespace

bool CaptureRouting::isLoopbackHost(const QByteArray &hostField)
{
    QByteArray host = hostField.trimmed().toLower();
    if (host.startsWith('[')) {
        const qsizetype close = host.indexOf(']');
        if (close < 0)
            return false;
        host = host.mid(1, close - 1);
    } else if (host.count(':') == 1) {
        host.truncate(host.indexOf(':'));
    }
    if (host.endsWith('.'))
        host.chop(1);
    if (host == "127.0.0.1" || host == "::1" || host == "localhost" || host.endsWith(".localhost"))
        return true;
    QHostAddress address;
    return address.setAddress(QString::fromLatin1(host)) && address.isLoopback();
}

CaptureCallKind CaptureRouting::classify(const QByteArray &method, const QByteArray &apiPath)
{
    QList<QByteArray> parts = apiPath.split('/');
    if (!parts.isEmpty() && parts.first().isEmpty())
        parts.removeFirst();
    if (!parts.isEmpty() && parts.last().isEmpty())
        parts.removeLast();
    const bool post = method == "POST";
    const bool get = method == "GET";
    if (parts.size() == 1 && parts.at(0) == "predictions")
        return post ? CaptureCallKind::Create : get ? CaptureCallKind::List : CaptureCallKind::None;
    if (parts.size() == 2 && parts.at(0) == "predictions" && get)
        return CaptureCallKind::Get;
    if (parts.size() == 3 && parts.at(0) == "predictions" && parts.at(2) == "cancel" && post)
        return CaptureCallKind::Cancel;
    if (parts.size() == 4 && (parts.at(0) == "models" || parts.at(0) == "deployments") && parts.at(3) == "predictions"
        && post)
        return CaptureCallKind::Create;
    return CaptureCallKind::None;
}

std::variant<CaptureRouting::Refusal, CaptureRouting::Route> CaptureRouting::route(const HttpHead &head,
                                                                                   const QByteArray &upstreamRootPath,
                                                                                   const QStringList &allowedOrigins)
{
    if (!isLoopbackHost(head.value("Host")))
        return refuse(421, "Not a loopback host",
                      "The capture endpoint answers only requests addressed to 127.0.0.1, [::1] or localhost.");
    if (head.method == "CONNECT")
        return refuse(405, "Not a proxy", "The capture endpoint does not tunnel (CONNECT is refused).");
    if (!head.target.startsWith('/'))
        return refuse(400, "Not a proxy",
                      "The capture endpoint takes only paths below /v1 or /replicate/v1, not absolute URLs.");
    if (head.contains("Upgrade"))
        return refuse(400, "Upgrade refused", "The capture endpoint does not switch protocols.");
    const QByteArray origin = head.value("Origin");
    if (!origin.isNull() && !allowedOrigins.contains(QString::fromLatin1(origin)))
        return refuse(403, "Origin not allowed", "This web origin is not in the capture endpoint's allowed origins.");

    const qsizetype queryAt = head.target.indexOf('?');
    const QByteArray path = queryAt < 0 ? head.target : head.target.left(queryAt);
    const QByteArray query = queryAt < 0 ? QByteArray() : head.target.mid(queryAt);
    for (const QByteArray &root : roots) {
        if (path != root && !path.startsWith(QByteArray(root + '/')))
            continue;
        const QByteArray below = path.mid(root.size());
        if (hasDotSegment(below) || path.contains('#'))
            return refuse(400, "Path refused", "Dot segments and encoded slashes are not forwarded.");
        return Route{upstreamRootPath + below + query, classify(head.method, below)};
    }
    return refuse(404, "Outside the API root", "The capture endpoint forwards only paths below /v1 and /replicate/v1.");
}
