#include "ApiKey.h"

#include <QtGlobal>

namespace ApiKeys {

namespace {

// Pairs people wrap a key in when copying it out of a shell line, a JSON file or a chat message.
bool stripQuotes(QString &text)
{
    static const QChar pairs[][2] = {
        {QLatin1Char('"'), QLatin1Char('"')}, {QLatin1Char('\''), QLatin1Char('\'')},
        {QLatin1Char('`'), QLatin1Char('`')}, {QChar(0x201C), QChar(0x201D)}, // “ ”
        {QChar(0x2018), QChar(0x2019)},                                       // ‘ ’
        {QChar(0x201D), QChar(0x201D)},                                       // ” ” as some keyboards produce both
        {QChar(0x00AB), QChar(0x00BB)},                                       // « »
    };
    if (text.size() < 2)
        return false;
    for (const auto &pair : pairs) {
        if (text.front() == pair[0] && text.back() == pair[1]) {
            text = text.mid(1, text.size() - 2).trimmed();
            return true;
        }
    }
    return false;
}

bool stripPrefix(QString &text, QLatin1String prefix)
{
    if (text.size() <= prefix.size() || !text.startsWith(prefix, Qt::CaseInsensitive))
        return false;
    // "Bearer" must be a word of its own: a key may well begin with those letters.
    const QChar after = text.at(prefix.size());
    if (!after.isSpace() && !prefix.endsWith(QLatin1Char(':')))
        return false;
    text = text.mid(prefix.size()).trimmed();
    return true;
}

bool isZeroWidth(QChar c)
{
    // These come along when a key is copied out of a web page or a document.
    return c == QChar(0x200B) || c == QChar(0x200C) || c == QChar(0x200D) || c == QChar(0x2060) || c == QChar(0xFEFF);
}

} // namespace

QString sanitize(const QString &pasted)
{
    QString text = pasted;
    text.removeIf(isZeroWidth);
    text = text.trimmed();
    bool changed = true;
    while (changed && !text.isEmpty()) {
        changed = stripQuotes(text) || stripPrefix(text, QLatin1String("Authorization:"))
            || stripPrefix(text, QLatin1String("Bearer"));
    }
    text.removeIf([](QChar c) { return c.isSpace(); });
    // "Bearer" on its own is what is left when the key itself was not copied.
    if (text.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) == 0)
        return {};
    return text;
}

QString fromEnvironment(QString *variableName)
{
    for (const char *name : {"REPLIMON_API_KEY", "REPLICATE_API_TOKEN"}) {
        const QString key = sanitize(qEnvironmentVariable(name));
        if (!key.isEmpty()) {
            if (variableName)
                *variableName = QString::fromLatin1(name);
            return key;
        }
    }
    if (variableName)
        variableName->clear();
    return {};
}

QString redacted(const QString &key)
{
    if (key.isEmpty())
        return {};
    if (key.size() < 12)
        return QString(QChar(0x2026));
    return key.left(3) + QChar(0x2026) + key.right(4);
}

} // namespace ApiKeys
