#include "RequestLog.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {
const size_t MaxEntries = 1000000;
}

bool RequestLog::openFile(const QString &fileName, QString *error)
{
    auto file = std::make_unique<QFile>(fileName);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        if (error)
            *error = file->errorString();
        return false;
    }
    m_file = std::move(file);
    return true;
}

qint64 RequestLog::append(Entry entry)
{
    entry.seq = m_nextSeq++;
    // A demo left running for days must not grow without bound; the oldest entries go first.
    if (m_entries.size() >= MaxEntries)
        m_entries.pop_front();
    m_entries.push_back(std::move(entry));
    return m_entries.back().seq;
}

RequestLog::Entry *RequestLog::find(qint64 seq)
{
    if (m_entries.empty())
        return nullptr;
    // Sequence numbers are contiguous from the first kept entry.
    const qint64 index = seq - m_entries.front().seq;
    if (index < 0 || index >= qint64(m_entries.size()))
        return nullptr;
    return &m_entries[size_t(index)];
}

void RequestLog::setStatus(qint64 seq, int status)
{
    if (Entry *entry = find(seq))
        entry->status = status;
}

void RequestLog::setFault(qint64 seq, const QString &fault)
{
    if (Entry *entry = find(seq))
        entry->fault = fault;
}

void RequestLog::finish(qint64 seq, qint64 doneMs)
{
    Entry *entry = find(seq);
    if (!entry || entry->doneMs >= 0)
        return;
    entry->doneMs = doneMs;
    if (m_file) {
        m_file->write(QJsonDocument(entryJson(*entry)).toJson(QJsonDocument::Compact) + '\n');
        m_file->flush();
    }
}

QJsonObject RequestLog::entryJson(const Entry &entry)
{
    QJsonObject object{
        {QStringLiteral("seq"), entry.seq},
        {QStringLiteral("t_ms"), entry.tMs},
        {QStringLiteral("done_ms"), entry.doneMs >= 0 ? QJsonValue(entry.doneMs) : QJsonValue()},
        {QStringLiteral("method"), QString::fromLatin1(entry.method)},
        {QStringLiteral("path"), entry.path},
        {QStringLiteral("query"), entry.query},
        {QStringLiteral("host"), QString::fromLatin1(entry.host)},
        {QStringLiteral("authorization"), entry.authorization},
        {QStringLiteral("user_agent"), QString::fromLatin1(entry.userAgent)},
        {QStringLiteral("accept"), QString::fromLatin1(entry.accept)},
        {QStringLiteral("status"), entry.status},
        {QStringLiteral("fault"), entry.fault.isEmpty() ? QJsonValue() : QJsonValue(entry.fault)},
    };
    return object;
}

QJsonArray RequestLog::toJson(qint64 sinceSeq) const
{
    QJsonArray out;
    for (const Entry &entry : m_entries) {
        if (entry.seq > sinceSeq)
            out.append(entryJson(entry));
    }
    return out;
}

void RequestLog::clear()
{
    m_entries.clear();
}
