#include "ProgressDisplay.h"

#include <QCoreApplication>
#include <QFileDevice>
#include <QIODevice>
#include <QMap>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ProgressDisplay", text);
}

const QString cursorUp = QStringLiteral("\x1b[%1A");
const QString clearLine = QStringLiteral("\r\x1b[2K");
const QString clearBelow = QStringLiteral("\x1b[J");

} // namespace

ProgressDisplay::ProgressDisplay(QIODevice &device, bool terminal, std::function<int()> columns)
    : m_device(device)
    , m_terminal(terminal)
    , m_columns(std::move(columns))
{}

void ProgressDisplay::setIds(const QStringList &ids)
{
    m_ids = ids;
    for (const QString &id : ids)
        m_rows.insert(id, Row{tr("waiting"), {}});
    if (m_terminal)
        redraw();
}

void ProgressDisplay::update(const QString &id, const QString &status, const QString &detail)
{
    Row &row = m_rows[id];
    const bool changed = row.status != status;
    if (!changed && row.detail == detail)
        return;
    row.status = status;
    row.detail = detail;
    if (m_terminal)
        redraw();
    else if (changed)
        write(id + QStringLiteral(": ") + status + u'\n');
}

void ProgressDisplay::message(const QString &text)
{
    if (!m_terminal) {
        write(text + u'\n');
        return;
    }
    // Up over the status block, the message in its place, the block again below it.
    QString out;
    if (m_drawnLines > 0)
        out += cursorUp.arg(m_drawnLines);
    out += clearLine + clearBelow + text + u'\n';
    m_drawnLines = 0;
    write(out);
    redraw();
}

QString ProgressDisplay::fitted(const QString &line) const
{
    // A line that wraps takes two rows and the cursor-up count would be wrong.
    const int width = m_columns ? m_columns() : 0;
    if (width > 1 && line.size() >= width)
        return line.left(width - 2) + QChar(0x2026);
    return line;
}

void ProgressDisplay::redraw()
{
    QStringList lines;
    if (m_ids.size() <= maxLinesPerId) {
        qsizetype idWidth = 0;
        for (const QString &id : std::as_const(m_ids))
            idWidth = std::max(idWidth, id.size());
        for (const QString &id : std::as_const(m_ids)) {
            const Row row = m_rows.value(id);
            QString line = id.leftJustified(idWidth) + QStringLiteral("  ") + row.status;
            if (!row.detail.isEmpty())
                line += QStringLiteral("  ") + row.detail;
            lines << fitted(line);
        }
    } else {
        QMap<QString, int> counts;
        for (const QString &id : std::as_const(m_ids))
            ++counts[m_rows.value(id).status.section(u' ', 0, 0)];
        QStringList parts;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            parts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
        lines << fitted(QCoreApplication::translate("ProgressDisplay", "%n predictions: ", nullptr, int(m_ids.size()))
                        + parts.join(QStringLiteral(", ")));
    }

    QString out;
    if (m_drawnLines > 0)
        out += cursorUp.arg(m_drawnLines);
    for (const QString &line : std::as_const(lines))
        out += clearLine + line + u'\n';
    m_drawnLines = int(lines.size());
    write(out);
}

void ProgressDisplay::write(const QString &text)
{
    m_device.write(text.toUtf8());
    if (auto *file = qobject_cast<QFileDevice *>(&m_device))
        file->flush();
}
