#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>

class QIODevice;

/// Progress of `wait` on stderr.
///
/// On a terminal: one line per prediction, rewritten in place (or one summary line when there are
/// too many to fit); messages scroll above them. Elsewhere (a pipe, a log file): one plain line each
/// time a prediction's status changes, and the messages.
class ProgressDisplay final
{
public:
    /// @p columns returns the terminal's width (0 if unknown); used to keep each line on one row.
    ProgressDisplay(QIODevice &device, bool terminal, std::function<int()> columns = {});

    void setIds(const QStringList &ids);
    /// @p status is the state that matters (printed on change in plain mode); @p detail is shown after
    /// it on a terminal only (e.g. the last log line).
    void update(const QString &id, const QString &status, const QString &detail = {});
    /// A line that stays, e.g. a retry notice.
    void message(const QString &text);

    static constexpr int maxLinesPerId = 20; ///< More ids than this get one summary line on a terminal.

private:
    struct Row
    {
        QString status;
        QString detail;
    };

    void redraw();
    QString fitted(const QString &line) const;
    void write(const QString &text);

    QIODevice &m_device;
    bool m_terminal = false;
    std::function<int()> m_columns;
    QStringList m_ids;
    QHash<QString, Row> m_rows;
    int m_drawnLines = 0;
};
