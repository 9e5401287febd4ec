#include "StandardInputIds.h"

#include "ApiEndpoint.h"

#include <QRegularExpression>

namespace {

// A line of standard input that is one whole token shaped like a Replicate id: lower-case letters and digits,
// 16 to 64 of them. It is an id even without a digit: about one in 17 000 ids of 26 base32 characters has none,
// so a batch of a thousand holds one now and then. Ids found inside free text need a digit, not to take words
// for ids.
bool isWholeIdLine(const QString &line)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9]{16,64}$"));
    return pattern.match(line).hasMatch();
}

} // namespace

QStringList StandardInputIds::read(const QString &text, QStringList *unusable)
{
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(u'{') || trimmed.startsWith(u'['))
        return ApiEndpoint::extractIds(text, unusable);
    static const QRegularExpression lineBreak(QStringLiteral("\\r\\n|\\r|\\n|\\x{2028}|\\x{2029}"));
    QStringList ids;
    const QStringList lines = text.split(lineBreak);
    for (const QString &rawLine : lines) {
        const QString line = rawLine.trimmed();
        if (line.isEmpty())
            continue;
        if (isWholeIdLine(line))
            ids.append(line);
        else
            ids += ApiEndpoint::extractIds(line, unusable);
    }
    return ids;
}
