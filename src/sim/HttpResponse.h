#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <functional>

/// An HTTP/1.1 answer before it is put on the wire. The body is either held in memory or produced
/// chunk by chunk (large downloads), so ResponseWriter can also send only part of it on purpose.
class HttpResponse final
{
public:
    using Generator = std::function<QByteArray(qint64 offset, qint64 length)>;

    HttpResponse() = default;
    HttpResponse(int status, QByteArray contentType, QByteArray body);

    static HttpResponse json(int status, QByteArray body);
    static HttpResponse problem(int status, QByteArray body);
    /// `{"detail": detail, "status": status}` as application/problem+json.
    static HttpResponse problem(int status, const QString &detail);
    static HttpResponse streamed(int status, QByteArray contentType, qint64 length, Generator generator);

    int status() const { return m_status; }
    void setStatus(int status) { m_status = status; }
    void addHeader(const QByteArray &name, const QByteArray &value);
    const QByteArray &body() const { return m_body; }

    qint64 bodyLength() const;
    /// Up to `length` body bytes starting at `offset`.
    QByteArray bodyChunk(qint64 offset, qint64 length) const;
    /// Status line and headers, ending with the empty line.
    QByteArray head(qint64 declaredLength, bool keepAlive) const;

    static QByteArray reasonPhrase(int status);

private:
    int m_status = 200;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    qint64 m_streamLength = -1;
    Generator m_generator;
};
