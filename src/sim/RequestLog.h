#pragma once

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QString>

#include <deque>
#include <memory>

/// What reached the simulator, for tests to read back through `/_sim/log`: when each request arrived
/// (t_ms), when its answer was finished or its connection dropped (done_ms), its status and fault.
/// Whether an Authorization header was sent is recorded; its value never is.
class RequestLog final
{
public:
    struct Entry
    {
        qint64 seq = 0;
        qint64 tMs = 0;
        qint64 doneMs = -1; ///< -1 while the answer is still under way.
        QByteArray method;
        QString path;
        QString query;
        QByteArray host;
        bool authorization = false;
        QByteArray userAgent;
        QByteArray accept;
        int status = 0; ///< 0 until a status line is sent (stalls, drops before headers).
        QString fault;  ///< Empty when no fault rule applied.
    };

    RequestLog() = default;

    /// Also appends every finished entry as one JSON line to `fileName`.
    bool openFile(const QString &fileName, QString *error);

    qint64 append(Entry entry);
    void setStatus(qint64 seq, int status);
    void setFault(qint64 seq, const QString &fault);
    void finish(qint64 seq, qint64 doneMs);

    /// Entries with seq greater than `sinceSeq`, as the JSON array served by `/_sim/log`.
    QJsonArray toJson(qint64 sinceSeq) const;
    void clear();
    int size() const { return int(m_entries.size()); }

private:
    Entry *find(qint64 seq);
    static QJsonObject entryJson(const Entry &entry);

    std::deque<Entry> m_entries;
    qint64 m_nextSeq = 1;
    std::unique_ptr<QFile> m_file;
};
