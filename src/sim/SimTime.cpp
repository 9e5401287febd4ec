#include "SimTime.h"

#include <chrono>

#include <QDateTime>
#include <QLocale>

qint64 SimTime::nowNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

qint64 SimTime::nowMs()
{
    return nowNs() / 1000000;
}

QByteArray SimTime::iso(qint64 ns, int digits)
{
    qint64 seconds = ns / 1000000000;
    qint64 fraction = ns % 1000000000;
    if (fraction < 0) {
        fraction += 1000000000;
        --seconds;
    }
    const QDateTime time = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    QByteArray out = time.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toLatin1();
    if (digits > 0) {
        QByteArray frac = QByteArray::number(fraction).rightJustified(9, '0');
        out += '.' + frac.left(qMin(digits, 9));
    }
    out += 'Z';
    return out;
}

QByteArray SimTime::httpDate(qint64 ms)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return QLocale::c().toString(time, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
}

std::optional<qint64> SimTime::parseIso(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    if (!time.isValid()) {
        // Qt parses at most milliseconds: drop extra fractional digits and try again.
        const qsizetype dot = text.indexOf(QLatin1Char('.'));
        if (dot < 0)
            return std::nullopt;
        qsizetype end = dot + 1;
        while (end < text.size() && text.at(end).isDigit())
            ++end;
        const QString shortened = text.left(qMin(end, dot + 4)) + text.mid(end);
        time = QDateTime::fromString(shortened, Qt::ISODateWithMs);
        if (!time.isValid())
            return std::nullopt;
    }
    return time.toMSecsSinceEpoch() * 1000000;
}
