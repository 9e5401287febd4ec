#pragma once

#include <QList>
#include <QUrl>

/// The addresses of the local capture endpoint, for the code that is pointed at it. Here rather than in
/// capture/ so that the window and Settings, which do not link the endpoint, show the same URLs it serves.
class CaptureUrls final
{
public:
    CaptureUrls() = delete;

    /// `http://127.0.0.1:PORT/v1` (Replicate's clients) and `http://127.0.0.1:PORT/replicate/v1`
    /// (relay-style paths), in that order.
    static QList<QUrl> baseUrls(quint16 port);
    /// `http://127.0.0.1:PORT`: for clients that add `/v1` themselves (the Python client).
    static QUrl origin(quint16 port);
};
