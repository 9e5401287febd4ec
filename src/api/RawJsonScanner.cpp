#include "RawJsonScanner.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstring>

namespace {

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

RawJsonScanner::RawJsonScanner(const QByteArray &text)
    : m_text(text)
{}

RawJsonScanner::Span RawJsonScanner::whole() const
{
    const qsizetype begin = skipWhitespace(0, m_text.size());
    qsizetype end = m_text.size();
    while (end > begin && isWhitespace(m_text.at(end - 1)))
        --end;
    return {begin, end};
}

QByteArray RawJsonScanner::text(Span span) const
{
    return m_text.mid(span.begin, span.end - span.begin);
}

std::optional<QList<std::pair<QString, RawJsonScanner::Span>>> RawJsonScanner::objectMembers(Span object) const
{
    QList<std::pair<QString, Span>> members;
    const bool ok = forEachEntry(object, '{', '}', [this, &object, &members](qsizetype i) -> qsizetype {
        if (m_text.at(i) != '"')
            return -1;
        const qsizetype keyEnd = skipString(i, object.end);
        if (keyEnd < 0)
            return -1;
        const std::optional<QString> key = decodeString(i, keyEnd);
        i = skipWhitespace(keyEnd, object.end);
        if (!key || i >= object.end || m_text.at(i) != ':')
            return -1;
        i = skipWhitespace(i + 1, object.end);
        const qsizetype valueEnd = skipValue(i, object.end);
        if (valueEnd >= 0)
            members.append({*key, Span{i, valueEnd}});
        return valueEnd;
    });
    return ok ? std::optional(members) : std::nullopt;
}

std::optional<QList<RawJsonScanner::Span>> RawJsonScanner::arrayElements(Span array) const
{
    QList<Span> elements;
    const bool ok = forEachEntry(array, '[', ']', [this, &array, &elements](qsizetype i) -> qsizetype {
        const qsizetype valueEnd = skipValue(i, array.end);
        if (valueEnd >= 0)
            elements.append(Span{i, valueEnd});
        return valueEnd;
    });
    return ok ? std::optional(elements) : std::nullopt;
}

template <typename ReadEntry>
bool RawJsonScanner::forEachEntry(Span container, char open, char close, ReadEntry readEntry) const
{
    qsizetype i = skipWhitespace(container.begin, container.end);
    if (i >= container.end || m_text.at(i) != open)
        return false;
    i = skipWhitespace(i + 1, container.end);
    if (i < container.end && m_text.at(i) == close)
        return true;
    while (i < container.end) {
        const qsizetype entryEnd = readEntry(i);
        if (entryEnd < 0)
            return false;
        i = skipWhitespace(entryEnd, container.end);
        if (i >= container.end)
            return false;
        if (m_text.at(i) == close)
            return true;
        if (m_text.at(i) != ',')
            return false;
        i = skipWhitespace(i + 1, container.end);
    }
    return false;
}

std::optional<RawJsonScanner::Span> RawJsonScanner::memberValue(Span object, const QString &key) const
{
    // As objectMembers(), the last of repeated keys winning, but without decoding every key into a QString:
    // a key without escapes is compared as the bytes it is.
    const QByteArray wanted = key.toUtf8();
    std::optional<Span> found;
    const bool ok = forEachEntry(object, '{', '}', [&](qsizetype i) -> qsizetype {
        if (m_text.at(i) != '"')
            return -1;
        const qsizetype keyEnd = skipString(i, object.end);
        if (keyEnd < 0)
            return -1;
        const QByteArrayView raw(m_text.constData() + i + 1, keyEnd - i - 2);
        bool matches = false;
        if (raw.contains('\\')) {
            const std::optional<QString> decoded = decodeString(i, keyEnd);
            if (!decoded)
                return -1;
            matches = *decoded == key;
        } else {
            matches = raw == wanted;
        }
        i = skipWhitespace(keyEnd, object.end);
        if (i >= object.end || m_text.at(i) != ':')
            return -1;
        i = skipWhitespace(i + 1, object.end);
        const qsizetype valueEnd = skipValue(i, object.end);
        if (valueEnd >= 0 && matches)
            found = Span{i, valueEnd};
        return valueEnd;
    });
    return ok ? found : std::nullopt;
}

QByteArray RawJsonScanner::compact(Span span) const
{
    // Bodies are usually compact already: then the slice itself, shared, not a copy.
    const char *in = m_text.constData();
    bool inString = false;
    qsizetype i = span.begin;
    for (; i < span.end; ++i) {
        const char c = in[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (isWhitespace(c)) {
            break;
        } else {
            inString = c == '"';
        }
    }
    if (i >= span.end)
        return span.begin == 0 && span.end == m_text.size() ? m_text : text(span);

    // Written through a pointer: QByteArray::append(char) per byte cost more than the parse.
    QByteArray out(span.end - span.begin, Qt::Uninitialized);
    char *const first = out.data();
    const qsizetype kept = i - span.begin;
    std::memcpy(first, in + span.begin, size_t(kept));
    char *dst = first + kept;
    for (; i < span.end; ++i) {
        const char c = in[i];
        if (inString) {
            *dst++ = c;
            if (c == '\\' && i + 1 < span.end) {
                *dst++ = in[++i];
            } else if (c == '"') {
                inString = false;
            }
        } else if (!isWhitespace(c)) {
            *dst++ = c;
            inString = c == '"';
        }
    }
    out.truncate(dst - first);
    return out;
}

qsizetype RawJsonScanner::skipWhitespace(qsizetype i, qsizetype end) const
{
    while (i < end && isWhitespace(m_text.at(i)))
        ++i;
    return i;
}

// i is on the opening quote; returns the position after the closing one, or -1.
qsizetype RawJsonScanner::skipString(qsizetype i, qsizetype end) const
{
    for (++i; i < end; ++i) {
        const char c = m_text.at(i);
        if (c == '\\')
            ++i;
        else if (c == '"')
            return i + 1;
    }
    return -1;
}

qsizetype RawJsonScanner::skipValue(qsizetype i, qsizetype end) const
{
    if (i >= end)
        return -1;
    const char first = m_text.at(i);
    if (first == '"')
        return skipString(i, end);
    if (first == '{' || first == '[') {
        int depth = 0;
        while (i < end) {
            const char c = m_text.at(i);
            if (c == '"') {
                i = skipString(i, end);
                if (i < 0)
                    return -1;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
            ++i;
        }
        return -1;
    }
    const qsizetype begin = i;
    while (i < end) {
        const char c = m_text.at(i);
        if (c == ',' || c == '}' || c == ']' || isWhitespace(c))
            break;
        ++i;
    }
    return i > begin ? i : -1;
}

// Escapes (\uXXXX, surrogate pairs) are left to Qt's own parser.
std::optional<QString> RawJsonScanner::decodeString(qsizetype begin, qsizetype end) const
{
    // Without escapes the bytes between the quotes are the string (the text is valid UTF-8 JSON).
    const QByteArrayView inner(m_text.constData() + begin + 1, end - begin - 2);
    if (end - begin >= 2 && !inner.contains('\\'))
        return QString::fromUtf8(inner);
    const QByteArray wrapped = '[' + m_text.mid(begin, end - begin) + ']';
    const QJsonDocument document = QJsonDocument::fromJson(wrapped);
    if (!document.isArray() || document.array().size() != 1 || !document.array().at(0).isString())
        return std::nullopt;
    return document.array().at(0).toString();
}
