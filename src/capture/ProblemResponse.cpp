#include "ProblemResponse.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "HttpHead.h"

QByteArray ProblemResponse::reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 417:
        return "Expectation Failed";
    case 421:
        return "Misdirected Request";
    case 502:
        return "Bad Gateway";
    case 504:
        return "Gateway Timeout";
    default:
        return "Error";
    }
}

QByteArray ProblemResponse::bytes(int status, const QString &title, const QString &detail)
{
    const QJsonObject problem{{QStringLiteral("type"), QStringLiteral("about:blank")},
                              {QStringLiteral("title"), title},
                              {QStringLiteral("status"), status},
                              {QStringLiteral("detail"), detail}};
    const QByteArray body = QJsonDocument(problem).toJson(QJsonDocument::Compact);
    HttpHead head;
    head.status = status;
    head.reason = reasonPhrase(status);
    head.append("Content-Type", "application/problem+json");
    head.append("Content-Length", QByteArray::number(body.size()));
    head.append("Cache-Control", "no-store");
    head.append("Connection", "close");
    return head.responseBytes() + body;
}
