#pragma once

#include <QRandomGenerator>
#include <QString>

/// What a careless paste looks like, @p characters long: log lines, with prediction ids and their web
/// addresses here and there. The same text for the same @p seed.
inline QString carelessPaste(qsizetype characters, quint32 seed = 10)
{
    QRandomGenerator random(seed);
    const auto id = [&random] {
        static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        QString text;
        for (int i = 0; i < 26; ++i)
            text.append(QLatin1Char(alphabet[random.bounded(36)]));
        return text;
    };
    QString text;
    text.reserve(characters + 200);
    while (text.size() < characters) {
        switch (random.bounded(4)) {
        case 0:
            text += QStringLiteral("https://replicate.com/p/") + id() + u'\n';
            break;
        case 1:
            text += id() + u'\n';
            break;
        default:
            text += QStringLiteral("2025-07-14 09:13:40 INFO worker %1: step %2 of 28, nothing to see here\n")
                        .arg(random.bounded(1000))
                        .arg(random.bounded(28));
            break;
        }
    }
    return text;
}
