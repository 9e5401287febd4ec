#include "HttpHead.h"

#include <algorithm>

namespace {

bool sameName(const QByteArray &a, const QByteArray &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

void appendFields(QByteArray &out, const QList<QPair<QByteArray, QByteArray>> &fields)
{
    qsizetype size = out.size() + 2;
    for (const auto &field : fields)
        size += field.first.size() + field.second.size() + 4;
    out.reserve(size);
    for (const auto &field : fields) {
        out.append(field.first);
        out.append(": ", 2);
        out.append(field.second);
        out.append("\r\n", 2);
    }
    out.append("\r\n", 2);
}

} // namespace

QByteArray HttpHead::value(const QByteArray &name) const
{
    for (const auto &field : fields) {
        if (sameName(field.first, name))
            return field.second.isNull() ? QByteArray("") : field.second;
    }
    return {};
}

QByteArray HttpHead::joinedValues(const QByteArray &name) const
{
    QByteArray joined;
    for (const auto &field : fields) {
        if (!sameName(field.first, name))
            continue;
        if (!joined.isEmpty())
            joined += ", ";
        joined += field.second;
    }
    return joined;
}

void HttpHead::remove(const QByteArray &name)
{
    fields.removeIf([&name](const QPair<QByteArray, QByteArray> &field) { return sameName(field.first, name); });
}

bool HttpHead::hasToken(const QByteArray &name, const QByteArray &token) const
{
    const QList<QByteArray> tokens = joinedValues(name).split(',');
    for (const QByteArray &each : tokens) {
        if (sameName(each.trimmed(), token))
            return true;
    }
    return false;
}

void HttpHead::removeHopByHop()
{
    // One pass over the fields: each answer and each request goes through here.
    static const QByteArrayView hopByHop[] = {
        "Connection", "Keep-Alive",        "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE",
        "Trailer",    "Transfer-Encoding", "Upgrade",          "Content-Length"};
    QList<QByteArray> named;
    if (const QByteArray listed = joinedValues("Connection"); !listed.isEmpty()) {
        for (const QByteArray &each : listed.split(',')) {
            if (const QByteArray name = each.trimmed(); !name.isEmpty())
                named.append(name);
        }
    }
    fields.removeIf([&named](const QPair<QByteArray, QByteArray> &field) {
        const QByteArrayView name = field.first;
        for (const QByteArrayView hop : hopByHop) {
            if (name.size() == hop.size() && name.compare(hop, Qt::CaseInsensitive) == 0)
                return true;
        }
        return std::any_of(named.cbegin(), named.cend(),
                           [name](const QByteArray &each) { return name.compare(each, Qt::CaseInsensitive) == 0; });
    });
}

QByteArray HttpHead::requestBytes() const
{
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\n";
    appendFields(out, fields);
    return out;
}

QByteArray HttpHead::responseBytes() const
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    appendFields(out, fields);
    return out;
}
