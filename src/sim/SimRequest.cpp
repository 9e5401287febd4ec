#include "SimRequest.h"

#include <QHttpServerRequest>

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect:
        return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace:
        return QByteArrayLiteral("TRACE");
    default:
        break;
    }
    return QByteArrayLiteral("UNKNOWN");
}

} // namespace

SimRequest SimRequest::from(const QHttpServerRequest &request, qint64 arrivedMs)
{
    SimRequest out;
    out.arrivedMs = arrivedMs;
    out.method = methodName(request.method());
    const QUrl url = request.url();
    out.path = url.path();
    out.queryString = url.query(QUrl::FullyEncoded);
    out.query = request.query();
    // Header names are matched without regard to case; QHttpServerRequest::value is not reliable about
    // that in every version, so walk the list.
    const auto headers = request.headers();
    for (const auto &header : headers) {
        const QByteArray name = header.first.toLower();
        if (name == "host") {
            out.host = header.second;
        } else if (name == "authorization") {
            out.authorization = header.second;
            out.hasAuthorization = true;
        } else if (name == "prefer") {
            out.prefer = header.second;
        } else if (name == "user-agent") {
            out.userAgent = header.second;
        } else if (name == "accept") {
            out.accept = header.second;
        } else if (name == "connection") {
            if (header.second.trimmed().toLower() == "close")
                out.keepAlive = false;
        }
    }
    if (out.host.isEmpty())
        out.host = url.authority(QUrl::FullyEncoded).toLatin1();
    out.body = request.body();
    return out;
}
