#pragma once

#include "ApiError.h"
#include "PriceTable.h"
#include "Task.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/// Tasks written out as CSV or JSON, the same for File → Export… and `replimon-cli history`: one row (or
/// object) per task with its id, provider, model, status, times, metrics, cost as the price table says,
/// prompt, inputs, output URLs and saved files.
///
/// CSV is UTF-8 with a byte order mark (so that Excel reads it as UTF-8), RFC 4180 quoting and CRLF after
/// every record; line breaks inside a prompt are kept as they are, inside the quotes. A cell holding a
/// list (URLs, files) has one item per line (LF). A text cell that a spreadsheet would read as a formula
/// (it starts with =, +, -, @, a tab or a CR) gets an apostrophe in front, in CSV only. JSON is an array of
/// objects with real types: numbers, null for what is not known, arrays, the inputs as an object.
class HistoryExport final
{
public:
    enum class Format {
        Csv,
        Json,
    };

    /// The fields of a row, in the order of the CSV's columns.
    static QStringList fields();
    /// "csv", "json" (any case).
    static std::optional<Format> formatNamed(const QString &name);
    /// The format a file name's extension names (.csv, .json), if any.
    static std::optional<Format> formatOfPath(const QString &path);
    static QString extension(Format format); ///< "csv", "json"

    static QByteArray csv(const QList<Task> &tasks, const PriceTable &prices);
    static QByteArray json(const QList<Task> &tasks, const PriceTable &prices);
    static QByteArray bytes(Format format, const QList<Task> &tasks, const PriceTable &prices);
    /// Writes the export to @p path whole or not at all (SafeWrite). Returns what went wrong, in words.
    static std::optional<ApiError> writeFile(const QString &path, Format format, const QList<Task> &tasks,
                                             const PriceTable &prices);

    /// One CSV cell: the formula guard for @p text (when @p guard), then quoted if it holds a comma, a
    /// quote, a CR or a LF.
    static QByteArray csvCell(const QString &text, bool guard = true);
    /// "known", "unknown", "pending": a cost that is not known never reads as 0.
    static QString costStatusKey(TaskCost::Kind kind);
    /// @p value with '.' and no exponent, as few digits as read back the same ("0.009", "12", "3.25").
    static QString plainNumber(double value);
    /// What @p task cost as exported: the amount rounded to a billionth, so that 3 × 0.003 reads 0.009.
    static double roundedAmount(double amount);
};
