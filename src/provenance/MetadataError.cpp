#include "MetadataError.h"

#include <QCoreApplication>

MetadataError MetadataError::make(Kind kind, const char *sourceText)
{
    return MetadataError{kind, QCoreApplication::translate("MetadataError", sourceText)};
}

QString MetadataError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::NotAnImage:
        return QStringLiteral("not_an_image");
    case Kind::NoMetadata:
        return QStringLiteral("no_metadata");
    case Kind::Truncated:
        return QStringLiteral("truncated");
    case Kind::Malformed:
        return QStringLiteral("malformed");
    case Kind::TooLarge:
        return QStringLiteral("too_large");
    case Kind::FileSystem:
        return QStringLiteral("file_system");
    }
    return QStringLiteral("malformed");
}
