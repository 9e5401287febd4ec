#include "CreateInputs.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QMimeDatabase>

Result<CreateInputs::Parsed, QString> CreateInputs::parse(const QStringList &assignments)
{
    Parsed parsed;
    const QLocale locale;
    for (const QString &assignment : assignments) {
        const qsizetype equals = assignment.indexOf(u'=');
        const QString key = equals > 0 ? assignment.left(equals).trimmed() : QString();
        if (key.isEmpty())
            return tr("-i takes key=value (e.g. -i prompt=\"a red fox\"), not \"%1\".").arg(assignment.left(80));
        const QString text = assignment.mid(equals + 1);
        if (parsed.input.contains(key))
            parsed.notices << tr("%1 was given more than once; the last value is sent.").arg(key);

        if (!text.startsWith(u'@') || text.startsWith(QStringLiteral("@@"))) {
            parsed.input.insert(key, text.startsWith(u'@') ? QJsonValue(text.mid(1)) : valueOf(text));
            continue;
        }
        const QString path = text.mid(1);
        const auto file = readFile(path);
        if (!file) {
            const FileRefusal &refusal = file.error();
            switch (refusal.reason) {
            case FileRefusal::Reason::Missing:
                return tr("%1: no such file: %2").arg(key, path);
            case FileRefusal::Reason::TooLarge:
                return tr("%1: %2 is %3; files sent with the request are limited to %4, since they travel inside "
                          "it as text. Give a URL to the file instead (-i %1=https://…).")
                    .arg(key, path, locale.formattedDataSize(refusal.size), locale.formattedDataSize(maxFileBytes));
            case FileRefusal::Reason::Grew:
                return tr("%1: %2 grew while it was read.").arg(key, path);
            case FileRefusal::Reason::Unreadable:
                break;
            }
            return tr("%1: cannot read %2: %3").arg(key, path, refusal.detail);
        }
        if (file.value().size > recommendedFileBytes) {
            parsed.notices << tr("%1: %2 is %3; Replicate recommends files of less than %4 in a request, and a "
                                 "server may refuse a larger one.")
                                  .arg(key, path, locale.formattedDataSize(file.value().size),
                                       locale.formattedDataSize(recommendedFileBytes));
        }
        parsed.input.insert(key, file.value().dataUri);
    }
    return parsed;
}

Result<CreateInputs::FileData, CreateInputs::FileRefusal> CreateInputs::readFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return FileRefusal{FileRefusal::Reason::Missing, 0, {}};
    if (info.size() > maxFileBytes)
        return FileRefusal{FileRefusal::Reason::TooLarge, info.size(), {}};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return FileRefusal{FileRefusal::Reason::Unreadable, info.size(), file.errorString()};
    const QByteArray bytes = file.read(maxFileBytes + 1);
    if (bytes.size() > maxFileBytes)
        return FileRefusal{FileRefusal::Reason::Grew, bytes.size(), {}};
    return FileData{dataUri(bytes, info.fileName()), bytes.size()};
}

QJsonValue CreateInputs::valueOf(const QString &text)
{
    // Wrapped in an array, so that a bare number or word is a complete JSON document.
    QJsonParseError error{};
    const QByteArray wrapped = QByteArrayLiteral("[") + text.toUtf8() + QByteArrayLiteral("]");
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    if (error.error == QJsonParseError::NoError && document.array().size() == 1)
        return document.array().first();
    return text;
}

QString CreateInputs::dataUri(const QByteArray &bytes, const QString &fileName)
{
    const QMimeDatabase types;
    const QMimeType type = types.mimeTypeForFileNameAndData(fileName, bytes);
    const QString name = type.isValid() && !type.isDefault() ? type.name() : QStringLiteral("application/octet-stream");
    return QStringLiteral("data:%1;base64,%2").arg(name, QString::fromLatin1(bytes.toBase64()));
}
