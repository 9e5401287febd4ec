#pragma once

// CSV read back by a reader this project did not write: Python's csv module, run as python3 through
// QProcess, the bytes on its standard input. Header-only, for the tests of the history export.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtDebug>

namespace PythonCsv {

/// The rows of @p csv as csv.reader sees them, after a BOM-aware UTF-8 decode (newline='' as the csv
/// documentation asks). Empty when python3 could not run or failed (what it said is logged).
inline QList<QStringList> rows(const QByteArray &csv)
{
    QProcess python;
    python.start(QStringLiteral("python3"),
                 {QStringLiteral("-c"),
                  QStringLiteral("import csv, io, json, sys\n"
                                 "text = sys.stdin.buffer.read().decode('utf-8-sig')\n"
                                 "rows = csv.reader(io.StringIO(text, newline=''))\n"
                                 "print(json.dumps(list(rows)))\n")});
    python.write(csv);
    python.closeWriteChannel();
    QList<QStringList> rows;
    if (!python.waitForFinished(120000) || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        qWarning().noquote() << "python3's csv:" << python.readAllStandardError();
        return rows;
    }
    const QJsonArray array = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
    for (const QJsonValue &row : array) {
        QStringList cells;
        for (const QJsonValue &cell : row.toArray())
            cells << cell.toString();
        rows << cells;
    }
    return rows;
}

} // namespace PythonCsv
