#pragma once

#include <QString>
#include <QStringList>

/// The prediction ids in text that replimon-cli read from standard input (`-` among the ids).
namespace StandardInputIds {

/// JSON is read as a whole (a prediction, a page, a list of ids); other text line by line, where a line that
/// is one whole id-shaped token is an id, and ids are looked for in other lines as in any pasted text. Lines
/// with no id are added to @p unusable.
QStringList read(const QString &text, QStringList *unusable);

} // namespace StandardInputIds
