#include "HttpHead.h"

namespace {

bool sameName(const QByteArray &a, const QByteArray &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

void appendFields(QByteArray &out, const QList<QPair<QByteArray, QByteArray>> &fields)
{
    for (const auto &field : fields)
        out += field.first + ": " + field.second + "\r\n";
    out += "\r\n";
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
    const QList<QByteArray> named = joinedValues("Connection").split(',');
    for (const QByteArray &each : named) {
        const QByteArray name = each.trimmed();
        if (!name.isEmpty())
            remove(name);
    }
    static const char *const hopByHop[] = {
        "Connection", "Keep-Alive",        "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE",
        "Trailer",    "Transfer-Encoding", "Upgrade",          "Content-Length"};
    for (const char *name : hopByHop)
        remove(QByteArray(name));
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
