#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

/// The start line and header fields of one HTTP/1.x message, as they came off the wire (names keep their
/// case; order and repeats are kept, since a proxy must pass them on as sent).
struct HttpHead final
{
    QByteArray method; ///< Requests: "GET", "POST", …
    QByteArray target; ///< Requests: the request-target as sent (origin-form "/v1/…?…" normally).
    int status = 0;    ///< Responses.
    QByteArray reason; ///< Responses: the reason phrase as sent.
    int versionMajor = 1;
    int versionMinor = 1;
    QList<QPair<QByteArray, QByteArray>> fields;

    bool isHttp11OrLater() const { return versionMajor > 1 || (versionMajor == 1 && versionMinor >= 1); }
    /// The first field named @p name (case-insensitive), or a null QByteArray.
    QByteArray value(const QByteArray &name) const;
    /// Every field named @p name joined with ", " (a list-valued header as one value).
    QByteArray joinedValues(const QByteArray &name) const;
    bool contains(const QByteArray &name) const { return !value(name).isNull(); }
    void remove(const QByteArray &name);
    void append(const QByteArray &name, const QByteArray &fieldValue) { fields.append({name, fieldValue}); }
    /// Drops the hop-by-hop fields of RFC 9110 §7.6.1: Connection and every field it names, Keep-Alive,
    /// Proxy-Connection, Proxy-Authenticate, Proxy-Authorization, TE, Trailer, Transfer-Encoding, Upgrade.
    /// Content-Length goes too: the forwarder frames each hop's body itself.
    void removeHopByHop();
    /// Whether a comma-separated field @p name lists @p token (case-insensitive), e.g. Connection: close.
    bool hasToken(const QByteArray &name, const QByteArray &token) const;

    /// "METHOD target HTTP/1.1\r\n" + fields + "\r\n".
    QByteArray requestBytes() const;
    /// "HTTP/1.1 status reason\r\n" + fields + "\r\n".
    QByteArray responseBytes() const;
};
