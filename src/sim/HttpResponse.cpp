#include "HttpResponse.h"

#include "JsonWriter.h"
#include "SimTime.h"

#include <QString>

HttpResponse::HttpResponse(int status, QByteArray contentType, QByteArray body)
    : m_status(status)
    , m_body(std::move(body))
{
    if (!contentType.isEmpty())
        addHeader(QByteArrayLiteral("Content-Type"), contentType);
}

HttpResponse HttpResponse::json(int status, QByteArray body)
{
    return HttpResponse(status, QByteArrayLiteral("application/json"), std::move(body));
}

HttpResponse HttpResponse::problem(int status, QByteArray body)
{
    return HttpResponse(status, QByteArrayLiteral("application/problem+json"), std::move(body));
}

HttpResponse HttpResponse::problem(int status, const QString &detail)
{
    JsonWriter json;
    json.beginObject().key(QLatin1String("detail")).value(detail).key(QLatin1String("status")).value(status).endObject();
    return problem(status, json.take());
}

HttpResponse HttpResponse::streamed(int status, QByteArray contentType, qint64 length, Generator generator)
{
    HttpResponse response(status, std::move(contentType), {});
    response.m_streamLength = length;
    response.m_generator = std::move(generator);
    return response;
}

void HttpResponse::addHeader(const QByteArray &name, const QByteArray &value)
{
    m_headers.append({name, value});
}

qint64 HttpResponse::bodyLength() const
{
    return m_generator ? m_streamLength : m_body.size();
}

QByteArray HttpResponse::bodyChunk(qint64 offset, qint64 length) const
{
    length = qMin(length, bodyLength() - offset);
    if (length <= 0)
        return {};
    if (m_generator)
        return m_generator(offset, length);
    return m_body.mid(offset, length);
}

QByteArray HttpResponse::head(qint64 declaredLength, bool keepAlive) const
{
    QByteArray out;
    out.reserve(256);
    out += "HTTP/1.1 " + QByteArray::number(m_status) + ' ' + reasonPhrase(m_status) + "\r\n";
    out += "Date: " + SimTime::httpDate(SimTime::nowMs()) + "\r\n";
    out += "Server: replimon-sim\r\n";
    for (const auto &header : m_headers)
        out += header.first + ": " + header.second + "\r\n";
    out += "Content-Length: " + QByteArray::number(declaredLength) + "\r\n";
    out += keepAlive ? QByteArrayLiteral("Connection: keep-alive\r\n") : QByteArrayLiteral("Connection: close\r\n");
    out += "\r\n";
    return out;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 202:
        return QByteArrayLiteral("Accepted");
    case 204:
        return QByteArrayLiteral("No Content");
    case 301:
        return QByteArrayLiteral("Moved Permanently");
    case 302:
        return QByteArrayLiteral("Found");
    case 303:
        return QByteArrayLiteral("See Other");
    case 307:
        return QByteArrayLiteral("Temporary Redirect");
    case 308:
        return QByteArrayLiteral("Permanent Redirect");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 402:
        return QByteArrayLiteral("Payment Required");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 413:
        return QByteArrayLiteral("Payload Too Large");
    case 422:
        return QByteArrayLiteral("Unprocessable Entity");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    default:
        break;
    }
    return QByteArrayLiteral("Status");
}
