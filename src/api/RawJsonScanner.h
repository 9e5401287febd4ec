#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

/// Finds the boundaries of values in JSON text that QJsonDocument has already accepted: the members of an
/// object in the order of the text (QJsonObject forgets it, and the order in which a model's inputs were
/// sent is how people read them), the elements of an array, and the text without the whitespace between
/// tokens. It does not validate: on text that is not valid JSON its answers are unspecified but safe.
class RawJsonScanner final
{
public:
    /// A value's text as [begin, end) byte offsets.
    struct Span final
    {
        qsizetype begin = 0;
        qsizetype end = 0;
    };

    /// @p text must outlive the scanner.
    explicit RawJsonScanner(const QByteArray &text);

    /// The whole text without leading and trailing whitespace.
    Span whole() const;
    QByteArray text(Span span) const;

    /// The members of the object in @p object, in text order. nullopt when the text is not an object.
    std::optional<QList<std::pair<QString, Span>>> objectMembers(Span object) const;
    /// The elements of the array in @p array, in order. nullopt when the text is not an array.
    std::optional<QList<Span>> arrayElements(Span array) const;
    /// The span of @p key's value in the object @p object. A duplicated key resolves to its last
    /// occurrence, as QJsonDocument does.
    std::optional<Span> memberValue(Span object, const QString &key) const;
    /// @p span without the whitespace between tokens. Text that has none is returned shared, not copied.
    QByteArray compact(Span span) const;

private:
    qsizetype skipWhitespace(qsizetype i, qsizetype end) const;
    qsizetype skipString(qsizetype i, qsizetype end) const;
    qsizetype skipValue(qsizetype i, qsizetype end) const;
    /// Walks the entries of the object or array in @p container (@p open … @p close, comma-separated):
    /// @p readEntry gets where each entry starts and returns where it ends, or -1. False when the text is
    /// not such a container.
    template <typename ReadEntry> bool forEachEntry(Span container, char open, char close, ReadEntry readEntry) const;
    std::optional<QString> decodeString(qsizetype begin, qsizetype end) const;

    const QByteArray &m_text;
};
