#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

/// The inputs of a create request as typed by a user: `-i key=value` for `run` and `rerun`, and the files
/// the Remix dialog sends.
///
/// A value is read as JSON where it parses as one (`42`, `true`, `null`, `"quoted"`, `[1,2]`, `{…}`) and as a
/// string otherwise (`a cat in a hat`). `@path` sends a local file as a `data:` URI (`@@text` is the string
/// `@text`): up to maxFileBytes, since the file travels inside the request's JSON; Replicate itself
/// recommends data URIs only under 1 MB, and a relay's limit on request size is unknown.
class CreateInputs final
{
    Q_DECLARE_TR_FUNCTIONS(CreateInputs)

public:
    static constexpr qint64 maxFileBytes = 8 * 1024 * 1024;
    /// Above this a notice says the request is larger than Replicate recommends.
    static constexpr qint64 recommendedFileBytes = 1024 * 1024;

    struct Parsed
    {
        QJsonObject input;
        QStringList notices; ///< For stderr: large files sent, keys given twice.
    };

    /// Why a local file cannot be sent.
    struct FileRefusal
    {
        enum class Reason {
            Missing,    ///< No such file.
            TooLarge,   ///< Larger than maxFileBytes (size says how large).
            Unreadable, ///< detail says why.
            Grew,       ///< It grew past maxFileBytes while it was read.
        };
        Reason reason = Reason::Missing;
        qint64 size = 0;
        QString detail;
    };
    /// A local file read for sending.
    struct FileData
    {
        QString dataUri;
        qint64 size = 0;
    };
    /// Reads the file at @p path as a `data:` URI, refusing files over maxFileBytes before reading them.
    static Result<FileData, FileRefusal> readFile(const QString &path);

    /// Reads @p assignments (each `key=value`, in the order given; a later key wins), or says which one is
    /// wrong and why.
    static Result<Parsed, QString> parse(const QStringList &assignments);

    /// The value of one assignment, as described above (files aside).
    static QJsonValue valueOf(const QString &text);
    /// @p bytes as a `data:` URI with the media type their content shows (application/octet-stream when
    /// it shows none).
    static QString dataUri(const QByteArray &bytes, const QString &fileName);
};
