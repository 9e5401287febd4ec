#pragma once

#include <QByteArray>
#include <QString>
#include <QUrlQuery>

class QHttpServerRequest;

/// The parts of an HTTP request the simulator looks at, copied out of QHttpServerRequest (which cannot
/// be copied) so an answer can be computed later, after a latency fault or a `Prefer: wait`.
struct SimRequest final
{
    QByteArray method; ///< Upper case: GET, POST, …
    QString path;      ///< Decoded path without the query.
    QString queryString;
    QUrlQuery query;
    QByteArray host; ///< The Host header as sent (`127.0.0.1:PORT`).
    QByteArray authorization;
    bool hasAuthorization = false;
    QByteArray prefer;
    QByteArray userAgent; ///< Logged, so tests can see what a client says it is.
    QByteArray accept;
    QByteArray body;
    bool keepAlive = true;
    qint64 arrivedMs = 0;

    bool isHead() const { return method == "HEAD"; }
    bool isGetLike() const { return method == "GET" || method == "HEAD"; }

    static SimRequest from(const QHttpServerRequest &request, qint64 arrivedMs);
};
