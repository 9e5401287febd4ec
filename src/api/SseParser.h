#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

/// Reads a text/event-stream (server-sent events, as the WHATWG HTML standard defines the format)
/// incrementally: bytes go in as they arrive, split anywhere (inside a line, a CR LF pair or a UTF-8
/// sequence), and complete events come out.
class SseParser final
{
public:
    struct Event
    {
        QString type = QStringLiteral("message"); ///< `event:`, else "message".
        QString data;                             ///< The `data:` lines joined with "\n".
        QString id;                               ///< The last `id:` seen so far in the stream.

        bool operator==(const Event &other) const { return type == other.type && data == other.data && id == other.id; }
    };

    /// Takes the next bytes of the stream; returns the events they completed, in order.
    QList<Event> feed(const QByteArray &bytes);

private:
    void takeLine(const QByteArray &line, QList<Event> &events);

    QByteArray m_line;      ///< The line read so far.
    bool m_afterCr = false; ///< The last byte was a CR: a LF right after it ends no second line.
    bool m_started = false; ///< Past the optional byte order mark.
    QString m_type;
    QString m_data;
    bool m_hasData = false;
    QString m_lastId;
};
