#include "ReplyErrors.h"

#include "RetryPolicy.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace ReplyErrors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ApiError", text);
}

QString scrub(QString text, const QString &secret)
{
    if (!secret.isEmpty())
        text.replace(secret, QStringLiteral("[redacted]"));
    return text;
}

} // namespace

bool isTransportFailure(const QNetworkReply *reply)
{
    const int error = reply->error();
    // 1–99 are connection-level failures, 101–199 proxy failures: no complete HTTP answer arrived,
    // even when a status line did.
    return (error > 0 && error < 200) || reply->error() == QNetworkReply::UnknownNetworkError;
}

QString detailFromBody(const QByteArray &body, const QByteArray &contentType)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty())
        return {};
    if (trimmed.startsWith('{')) {
        const QJsonObject object = QJsonDocument::fromJson(trimmed).object();
        for (const char *key : {"detail", "title", "message", "error"}) {
            const QJsonValue value = object.value(QLatin1String(key));
            if (value.isString() && !value.toString().trimmed().isEmpty())
                return value.toString().trimmed().left(500);
            if (value.isObject()) {
                const QString nested = value.toObject().value(QLatin1String("message")).toString();
                if (!nested.isEmpty())
                    return nested.trimmed().left(500);
            }
        }
        return {};
    }
    if (trimmed.startsWith('<') || contentType.contains("html"))
        return {};
    const QString text = QString::fromUtf8(trimmed.left(500)).simplified();
    // Binary or odd bytes make no useful message.
    for (const QChar c : text) {
        if (c == QChar::ReplacementCharacter || (c.category() == QChar::Other_Control))
            return {};
    }
    return text;
}

namespace {

QList<ApiError::InvalidField> invalidFieldsFromBody(const QByteArray &body)
{
    QList<ApiError::InvalidField> fields;
    const QJsonArray entries = QJsonDocument::fromJson(body).object().value(QLatin1String("invalid_fields")).toArray();
    // A problem body lists a handful; more is not from a validator worth reading.
    for (const QJsonValue &entry : entries) {
        if (fields.size() >= 100)
            break;
        const QJsonObject object = entry.toObject();
        ApiError::InvalidField field;
        field.field = object.value(QLatin1String("field")).toString().left(200);
        field.description = object.value(QLatin1String("description")).toString().left(500);
        field.type = object.value(QLatin1String("type")).toString().left(50);
        if (!field.field.isEmpty() || !field.description.isEmpty())
            fields.append(field);
    }
    return fields;
}

} // namespace

ApiError classifyLocalAbort(LocalAbort abort, const QString &detail)
{
    ApiError error;
    switch (abort) {
    case LocalAbort::ByUser:
        error.kind = ApiError::Kind::Canceled;
        error.message = tr("The request was canceled.");
        break;
    case LocalAbort::TooLarge:
        error.kind = ApiError::Kind::BadResponse;
        error.message = detail.isEmpty() ? tr("The server's answer is too large.") : detail;
        break;
    case LocalAbort::RedirectRefused:
        error.kind = ApiError::Kind::BadResponse;
        error.message = detail;
        break;
    case LocalAbort::None:
        break;
    }
    return error;
}

ApiError classifyTransport(Transport transport, const QString &detail, const QString &secret,
                           const QList<QSslError> &certificateErrors)
{
    ApiError error;
    error.kind = ApiError::Kind::Network;
    switch (transport) {
    case Transport::TimedOut:
        error.kind = ApiError::Kind::Timeout;
        error.message = tr("The server did not answer in time.");
        break;
    case Transport::Refused:
        error.message = tr("The server refused the connection.");
        break;
    case Transport::Closed:
        error.message = tr("The connection was closed before the answer was complete.");
        break;
    case Transport::HostNotFound:
        error.message = tr("The server's name could not be resolved.");
        break;
    case Transport::Tls:
        if (certificateErrors.isEmpty()) {
            error.message = tr("A secure connection could not be established.");
        } else {
            // Nobody ignores these errors, so the handshake stopped there: say so, and why, since
            // "could not connect" would send the user looking for a network problem.
            QStringList reasons;
            for (const QSslError &sslError : certificateErrors) {
                if (!reasons.contains(sslError.errorString()))
                    reasons.append(sslError.errorString());
            }
            error.message = tr("The server's certificate is not trusted (%1). The connection was closed "
                               "before anything was sent.")
                                .arg(reasons.join(QStringLiteral("; ")));
        }
        break;
    case Transport::Other:
        error.message = scrub(detail, secret);
        break;
    }
    return error;
}

ApiError classifyAnswer(const Answer &answer, const QByteArray &body, bool notSupportedOn404, const QString &secret)
{
    ApiError error;
    const int status = answer.status;
    error.httpStatus = status;
    const QString serverDetail = scrub(detailFromBody(body, answer.contentType), secret);
    const QString fallback = QStringLiteral("HTTP %1 %2").arg(status).arg(answer.reason).trimmed();
    error.message = serverDetail.isEmpty() ? fallback : serverDetail;

    if (status == 401 || status == 403) {
        error.kind = ApiError::Kind::Unauthorized;
    } else if (status == 404) {
        error.kind = notSupportedOn404 ? ApiError::Kind::NotSupported : ApiError::Kind::NotFound;
    } else if (status == 405 || status == 501) {
        error.kind = ApiError::Kind::NotSupported;
    } else if (status == 429) {
        error.kind = ApiError::Kind::RateLimited;
    } else if (status == 400 || status == 422) {
        error.kind = ApiError::Kind::InvalidInput;
        error.invalidFields = invalidFieldsFromBody(body);
    } else if (status == 402) {
        error.kind = ApiError::Kind::PaymentRequired;
    } else if (status >= 500) {
        error.kind = ApiError::Kind::Server;
    } else {
        error.kind = ApiError::Kind::BadResponse;
    }

    if (error.kind == ApiError::Kind::RateLimited || error.kind == ApiError::Kind::Server) {
        error.retryAfter = RetryPolicy::parseRetryAfter(answer.retryAfter, QDateTime::currentDateTimeUtc());
        if (!error.retryAfter && body.trimmed().startsWith('{'))
            error.retryAfter = RetryPolicy::retryAfterFromBody(QJsonDocument::fromJson(body).object());
    }
    return error;
}

ApiError classify(const QNetworkReply *reply, const QByteArray &body, LocalAbort abort, const QString &detail,
                  bool notSupportedOn404, const QString &secret, const QList<QSslError> &certificateErrors)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (abort != LocalAbort::None) {
        ApiError error = classifyLocalAbort(abort, detail);
        error.httpStatus = status;
        return error;
    }
    if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError) {
        // Nobody on our side aborted it, so it was the transfer timeout.
        ApiError error = classifyTransport(Transport::TimedOut, {}, secret);
        error.httpStatus = status;
        return error;
    }
    if (isTransportFailure(reply)) {
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
            return classifyTransport(Transport::Refused, {}, secret);
        case QNetworkReply::RemoteHostClosedError:
            return classifyTransport(Transport::Closed, {}, secret);
        case QNetworkReply::HostNotFoundError:
            return classifyTransport(Transport::HostNotFound, {}, secret);
        case QNetworkReply::SslHandshakeFailedError:
            return classifyTransport(Transport::Tls, {}, secret, certificateErrors);
        default:
            return classifyTransport(Transport::Other, reply->errorString(), secret);
        }
    }
    if (status <= 0) {
        ApiError error;
        error.kind = ApiError::Kind::BadResponse;
        error.message = scrub(reply->errorString(), secret);
        return error;
    }
    const Answer answer{status, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(),
                        reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(),
                        reply->rawHeader("Retry-After")};
    return classifyAnswer(answer, body, notSupportedOn404, secret);
}

} // namespace ReplyErrors
