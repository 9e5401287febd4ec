#pragma once

#include "Prediction.h"

#include <QBuffer>
#include <QByteArray>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

/// Saved outputs as the tests and benchmarks of "history from files" make them: a small PNG, the
/// succeeded prediction it came from, and writing bytes to a file.
namespace SavedOutputFixtures {

inline QByteArray smallPng()
{
    QImage image(32, 24, QImage::Format_RGB32);
    image.fill(qRgb(40, 90, 160));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "png");
    return bytes;
}

inline Prediction prediction(const QString &id, const QString &prompt)
{
    QJsonObject input;
    input.insert(QStringLiteral("prompt"), prompt);
    input.insert(QStringLiteral("seed"), 7);
    QJsonObject object;
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("status"), QStringLiteral("succeeded"));
    object.insert(QStringLiteral("model"), QStringLiteral("black-forest-labs/flux-schnell"));
    object.insert(QStringLiteral("input"), input);
    object.insert(QStringLiteral("output"),
                  QString(QStringLiteral("https://replicate.delivery/x/") + id + QStringLiteral(".png")));
    object.insert(QStringLiteral("created_at"), QStringLiteral("2025-07-12T07:27:54.577Z"));
    return Prediction::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact)).value();
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace SavedOutputFixtures
