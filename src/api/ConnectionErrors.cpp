#include "ConnectionErrors.h"

#include "ReplyErrors.h"

#include <QCoreApplication>

namespace ConnectionErrors {

ApiError classify(const UpstreamConnection &connection, UpstreamConnection::Failure failure, const QString &detail,
                  int status, const QString &secret)
{
    using ReplyErrors::Transport;
    const QAbstractSocket::SocketError socketError = connection.socketError();
    Transport transport = Transport::Other;
    switch (failure) {
    case UpstreamConnection::Failure::TimedOut:
        transport = Transport::TimedOut;
        break;
    case UpstreamConnection::Failure::Unreachable:
        if (socketError == QAbstractSocket::ConnectionRefusedError)
            transport = Transport::Refused;
        else if (socketError == QAbstractSocket::HostNotFoundError)
            transport = Transport::HostNotFound;
        else if (socketError == QAbstractSocket::SslHandshakeFailedError || !connection.certificateErrors().isEmpty())
            transport = Transport::Tls;
        break;
    case UpstreamConnection::Failure::Broken:
        transport = Transport::Closed;
        break;
    case UpstreamConnection::Failure::Malformed:
        return ApiError{ApiError::Kind::BadResponse,
                        status,
                        QCoreApplication::translate("PredictionClient", "The server's answer is not valid HTTP."),
                        {}};
    }
    return ReplyErrors::classifyTransport(transport, detail, secret, connection.certificateErrors());
}

} // namespace ConnectionErrors
