#pragma once

#include <QMetaType>
#include <QString>

/// Why the task store could not open or write. The message is technical (SQLite's words and the path);
/// widgets decide how to put it to the user.
struct StoreError final
{
    enum class Kind {
        CannotOpen,  ///< No usable database could be opened or created at the path.
        NewerSchema, ///< The file was written by a newer Replimon and could not be read; it is left untouched.
        ReadOnly,    ///< The file was written by a newer Replimon: it is open read-only and nothing is written.
        WriteFailed, ///< A transaction failed; the in-memory tasks were left as they were before it.
        NotOpen,     ///< open() has not succeeded.
    };

    Kind kind = Kind::CannotOpen;
    QString message;
};

Q_DECLARE_METATYPE(StoreError)
