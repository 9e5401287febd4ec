#include "TextWrap.h"

#include <QStringList>

namespace TextWrap {

QString wrapped(const QString &text, int firstColumn, int indent)
{
    constexpr int width = 79;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    QString result;
    int column = firstColumn;
    bool lineEmpty = true;
    for (const QString &word : words) {
        if (!lineEmpty && column + 1 + word.size() > width) {
            result += u'\n' + QString(indent, u' ');
            column = indent;
            lineEmpty = true;
        }
        if (!lineEmpty) {
            result += u' ';
            ++column;
        }
        result += word;
        column += int(word.size());
        lineEmpty = false;
    }
    return result + u'\n';
}

} // namespace TextWrap
