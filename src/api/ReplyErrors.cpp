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

ApiError classify(const QNetworkReply *reply, const QByteArray &body, LocalAbort abort, const QString &detail,
                  bool notSupportedOn404, const QString &secret, const QList<QSslError> &certificateErrors)
{
    ApiError error;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    error.httpStatus = status;

    switch (abort) {
    case LocalAbort::ByUser:
        error.kind = ApiError::Kind::Canceled;
        error.message = tr("The request was canceled.");
        return error;
    case LocalAbort::TooLarge:
        error.kind = ApiError::Kind::BadResponse;
        error.message = detail.isEmpty() ? tr("The server's answer is too large.") : detail;
        return error;
    case LocalAbort::RedirectRefused:
        error.kind = ApiError::Kind::BadResponse;
        error.message = detail;
        return error;
    case LocalAbort::None:
        break;
    }

    if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError) {
        // Nobody on our side aborted it, so it was the transfer timeout.
        error.kind = ApiError::Kind::Timeout;
        error.message = tr("The server did not answer in time.");
        return error;
    }
    if (isTransportFailure(reply)) {
        error.kind = ApiError::Kind::Network;
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
            error.message = tr("The server refused the connection.");
            break;
        case QNetworkReply::RemoteHostClosedError:
            error.message = tr("The connection was closed before the answer was complete.");
            break;
        case QNetworkReply::HostNotFoundError:
            error.message = tr("The server's name could not be resolved.");
            break;
        case QNetworkReply::SslHandshakeFailedError:
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
        default:
            error.message = scrub(reply->errorString(), secret);
            break;
        }
        error.httpStatus = 0;
        return error;
    }

    const QByteArray contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    const QString serverDetail = scrub(detailFromBody(body, contentType), secret);
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    const QString fallback = status > 0 ? QStringLiteral("HTTP %1 %2").arg(status).arg(reason).trimmed()
                                        : scrub(reply->errorString(), secret);
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
        error.retryAfter = RetryPolicy::parseRetryAfter(reply->rawHeader("Retry-After"),
                                                        QDateTime::currentDateTimeUtc());
        if (!error.retryAfter && body.trimmed().startsWith('{'))
            error.retryAfter = RetryPolicy::retryAfterFromBody(QJsonDocument::fromJson(body).object());
    }
    return error;
}

} // namespace ReplyErrors
