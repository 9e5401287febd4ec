#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

/// Writes compact JSON with keys in the order they are given. QJsonObject sorts its keys; the Replicate
/// API (and the seeds' example) does not, and clients are compared against those bodies byte for byte
/// in places, so predictions are written through this instead.
class JsonWriter final
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(QLatin1String name);
    JsonWriter &key(const QString &name);

    JsonWriter &value(const QString &text);
    JsonWriter &value(QLatin1String text);
    JsonWriter &value(const char *text) { return value(QLatin1String(text)); }
    JsonWriter &value(qint64 number);
    JsonWriter &value(int number) { return value(qint64(number)); }
    JsonWriter &value(double number);
    JsonWriter &value(bool flag);
    JsonWriter &null();
    /// Any JSON value; objects come out with QJsonObject's (sorted) key order.
    JsonWriter &value(const QJsonValue &json);
    /// A JSON text that is already encoded (no validation).
    JsonWriter &raw(const QByteArray &json);

    QByteArray take();

    static QByteArray quoted(QStringView text);

private:
    void beforeValue();

    QByteArray m_out;
    QList<bool> m_needsComma; ///< One entry per open container.
    bool m_afterKey = false;
};
