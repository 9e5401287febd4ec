#pragma once

#include <QString>
#include <QStringList>

#include <functional>

class QObject;
class QTextDocument;

/// Prediction ids read out of pasted text (ApiEndpoint::extractIds), and the lines that held none.
///
/// Only the first maxScannedCharacters are read: a stray multi-megabyte paste must not cost seconds, and
/// whoever shows the result says that the rest was not read. Scanning a megabyte takes tens of
/// milliseconds, so the window hands it to a worker thread (scanLater) and only shows the result.
struct PastedIds final
{
    static constexpr int maxScannedCharacters = 1 << 20;
    /// Text up to this long is read in a millisecond or two: not worth a trip to a worker.
    static constexpr int readAtOnceCharacters = 32 * 1024;

    QStringList ids;
    QStringList unusable;
    bool truncated = false; ///< The text was longer than maxScannedCharacters.

    /// Reads @p text here and now.
    static PastedIds scan(const QString &text);
    /// Reads @p text on a worker thread, then calls @p done on @p context's thread, unless @p context
    /// is gone by then. Always asynchronous, even for an empty text.
    static void scanLater(QObject *context, QString text, std::function<void(const PastedIds &)> done);
    /// What scan() reads of @p document: its first maxScannedCharacters (plus one, so that truncation
    /// shows), taken block by block rather than through toPlainText(), which copies all of it.
    static QString leadingText(const QTextDocument &document);
};
