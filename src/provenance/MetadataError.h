#pragma once

#include <QString>

/// Why provenance could not be written into or read from an image file.
struct MetadataError final
{
    enum class Kind {
        NotAnImage, ///< Not PNG, JPEG, WebP or GIF.
        NoMetadata, ///< A well-formed image without Replimon's provenance.
        Truncated,  ///< The container ends before a structure it announces (a chunk past the end).
        Malformed,  ///< A structure that cannot be right: bad signature, bad CRC, an impossible length.
        TooLarge,   ///< A metadata block or file over the limits this reader allocates for.
        FileSystem, ///< The file could not be read or written.
    };

    Kind kind = Kind::Malformed;
    QString message; ///< Plain words, translated.

    /// @p sourceText is marked with QT_TRANSLATE_NOOP("MetadataError", …), so that lupdate finds it.
    static MetadataError make(Kind kind, const char *sourceText);
    /// A lower-case name for logs and the CLI ("no_metadata", …).
    static QString kindName(Kind kind);
};
