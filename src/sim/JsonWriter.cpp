#include "JsonWriter.h"

#include <cmath>

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

JsonWriter &JsonWriter::beginObject()
{
    beforeValue();
    m_out += '{';
    m_needsComma.append(false);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_out += '}';
    m_needsComma.removeLast();
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    beforeValue();
    m_out += '[';
    m_needsComma.append(false);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    m_out += ']';
    m_needsComma.removeLast();
    return *this;
}

JsonWriter &JsonWriter::key(QLatin1String name)
{
    return key(QString(name));
}

JsonWriter &JsonWriter::key(const QString &name)
{
    if (!m_needsComma.isEmpty()) {
        if (m_needsComma.last())
            m_out += ',';
        m_needsComma.last() = true;
    }
    m_out += quoted(name);
    m_out += ':';
    m_afterKey = true;
    return *this;
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_needsComma.isEmpty()) {
        if (m_needsComma.last())
            m_out += ',';
        m_needsComma.last() = true;
    }
}

JsonWriter &JsonWriter::value(const QString &text)
{
    beforeValue();
    m_out += quoted(text);
    return *this;
}

JsonWriter &JsonWriter::value(QLatin1String text)
{
    return value(QString(text));
}

JsonWriter &JsonWriter::value(qint64 number)
{
    beforeValue();
    m_out += QByteArray::number(number);
    return *this;
}

JsonWriter &JsonWriter::value(double number)
{
    beforeValue();
    if (!std::isfinite(number))
        m_out += "null";
    else
        m_out += QByteArray::number(number, 'g', QLocale::FloatingPointShortest);
    return *this;
}

JsonWriter &JsonWriter::value(bool flag)
{
    beforeValue();
    m_out += flag ? "true" : "false";
    return *this;
}

JsonWriter &JsonWriter::null()
{
    beforeValue();
    m_out += "null";
    return *this;
}

JsonWriter &JsonWriter::value(const QJsonValue &json)
{
    switch (json.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return null();
    case QJsonValue::Bool:
        return value(json.toBool());
    case QJsonValue::Double: {
        const double number = json.toDouble();
        if (std::trunc(number) == number && std::abs(number) < 1e15)
            return value(qint64(number));
        return value(number);
    }
    case QJsonValue::String:
        return value(json.toString());
    case QJsonValue::Array: {
        beginArray();
        const QJsonArray array = json.toArray();
        for (const QJsonValue &item : array)
            value(item);
        return endArray();
    }
    case QJsonValue::Object: {
        beginObject();
        const QJsonObject object = json.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            key(it.key());
            value(it.value());
        }
        return endObject();
    }
    }
    return null();
}

JsonWriter &JsonWriter::raw(const QByteArray &json)
{
    beforeValue();
    m_out += json;
    return *this;
}

QByteArray JsonWriter::take()
{
    QByteArray out;
    out.swap(m_out);
    m_needsComma.clear();
    m_afterKey = false;
    return out;
}

QByteArray JsonWriter::quoted(QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (u < 0x20) {
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}
