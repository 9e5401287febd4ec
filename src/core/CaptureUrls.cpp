#include "CaptureUrls.h"

#include <QString>

QList<QUrl> CaptureUrls::baseUrls(quint16 port)
{
    const QString base = origin(port).toString();
    return {QUrl(base + QStringLiteral("/v1")), QUrl(base + QStringLiteral("/replicate/v1"))};
}

QUrl CaptureUrls::origin(quint16 port)
{
    return QUrl(QStringLiteral("http://127.0.0.1:") + QString::number(port));
}
