#pragma once

#include "HttpResponse.h"

#include <QObject>
#include <QPointer>

class QTcpSocket;
class RequestLog;

/// Puts one answer on a socket, whole or broken on purpose, and records in the RequestLog when it was
/// finished. It lives as a child of the socket: if the client goes away first, it goes with it.
/// Large bodies are written as the socket drains, so a multi-gigabyte blob never sits in memory.
class ResponseWriter final : public QObject
{
    Q_OBJECT

public:
    enum class Mode {
        Complete,    ///< The whole answer.
        HeadersOnly, ///< Status line and headers, then silence (a stall in the body).
        Nothing,     ///< Not a byte (a stall before the headers).
        Half,        ///< Headers and half the body, then close (a dropped connection).
        Overstated,  ///< The whole body under a larger Content-Length, then close (truncation).
    };

    /// `seq` is the RequestLog entry to complete; 0 for requests that are not logged.
    ResponseWriter(QTcpSocket *socket, RequestLog *log, qint64 seq, bool keepAlive, bool headOnly);
    ~ResponseWriter() override;

    void send(HttpResponse response, Mode mode = Mode::Complete);
    bool isSent() const { return m_started; }

private:
    void pump();
    void finish();
    void onDisconnected();

    QPointer<QTcpSocket> m_socket;
    RequestLog *m_log;
    qint64 m_seq;
    bool m_keepAlive;
    bool m_headOnly;
    bool m_started = false;
    bool m_finished = false;
    bool m_closeWhenDone = false;
    HttpResponse m_response;
    qint64 m_offset = 0;
    qint64 m_sendUpTo = 0;
};
