#include "SseParser.h"

QList<SseParser::Event> SseParser::feed(const QByteArray &bytes)
{
    QList<Event> events;
    for (const char c : bytes) {
        if (m_afterCr) {
            m_afterCr = false;
            if (c == '\n')
                continue;
        }
        if (c == '\r' || c == '\n') {
            m_afterCr = c == '\r';
            takeLine(m_line, events);
            m_line.clear();
            continue;
        }
        m_line.append(c);
        if (!m_started && m_line.size() == 3) {
            m_started = true;
            if (m_line == "\xEF\xBB\xBF")
                m_line.clear();
        }
    }
    return events;
}

void SseParser::takeLine(const QByteArray &line, QList<Event> &events)
{
    m_started = true;
    if (line.isEmpty()) {
        // The end of an event: dispatched if it had data, forgotten otherwise.
        if (m_hasData) {
            Event event;
            if (!m_type.isEmpty())
                event.type = m_type;
            event.data = m_data;
            event.id = m_lastId;
            events.append(event);
        }
        m_type.clear();
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (line.startsWith(':'))
        return; // a comment (servers send them to keep a connection alive)
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        if (m_hasData)
            m_data += QLatin1Char('\n');
        m_data += QString::fromUtf8(value);
        m_hasData = true;
    } else if (field == "event") {
        m_type = QString::fromUtf8(value);
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastId = QString::fromUtf8(value);
    }
    // `retry` and unknown fields are ignored: a dropped stream is not reconnected, polling takes over.
}
