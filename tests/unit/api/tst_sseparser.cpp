// SseParser: server-sent events read incrementally, whatever the chunks the network hands over.
#include "SseParser.h"

#include <QTest>

Q_DECLARE_METATYPE(SseParser::Event)

namespace {

using Event = SseParser::Event;
using Events = QList<Event>;

Event sse(const char *type, const QString &data, const char *id = "")
{
    Event e;
    e.type = QLatin1String(type);
    e.data = data;
    e.id = QLatin1String(id);
    return e;
}

// What Replicate sends for a prediction that logs two lines and ends with one file.
const QByteArray replicateStream = QByteArrayLiteral(
    "event: logs\nid: 1\ndata: Using seed: 42\n\n"
    "event: logs\nid: 2\ndata: Step 7/28\n\n"
    ": a comment, to keep the connection open\n\n"
    "event: output\nid: 3\ndata: https://replicate.delivery/out-0.webp\n\n"
    "event: done\nid: 4\ndata: {}\n\n");

Events replicateEvents()
{
    return {sse("logs", QStringLiteral("Using seed: 42"), "1"), sse("logs", QStringLiteral("Step 7/28"), "2"),
            sse("output", QStringLiteral("https://replicate.delivery/out-0.webp"), "3"),
            sse("done", QStringLiteral("{}"), "4")};
}

} // namespace

class tst_SseParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void whole_data();
    void whole();
    void splitAnywhere_data();
    void splitAnywhere();
    void byteByByte();
};

void tst_SseParser::whole_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Events>("expected");
    QTest::newRow("replicate") << replicateStream << replicateEvents();
    QTest::newRow("multi-line data joined with LF")
        << QByteArray("event: error\ndata: first line\ndata: second line\n\n")
        << Events{sse("error", QStringLiteral("first line\nsecond line"))};
    QTest::newRow("CR LF and lone CR line ends")
        << QByteArray("event: logs\r\ndata: a\r\n\r\nevent: logs\rdata: b\r\r")
        << Events{sse("logs", QStringLiteral("a")), sse("logs", QStringLiteral("b"))};
    QTest::newRow("no type is message, no space after the colon")
        << QByteArray("data:x\n\n") << Events{sse("message", QStringLiteral("x"))};
    QTest::newRow("only one leading space is removed")
        << QByteArray("data:  two\n\n") << Events{sse("message", QStringLiteral(" two"))};
    QTest::newRow("an event without data is not dispatched, and its type is forgotten")
        << QByteArray("event: logs\n\ndata: y\n\n") << Events{sse("message", QStringLiteral("y"))};
    QTest::newRow("an unfinished event is held back") << QByteArray("event: done\ndata: {}\n") << Events{};
    QTest::newRow("the id lasts until the next one")
        << QByteArray("id: 7\ndata: a\n\ndata: b\n\n")
        << Events{sse("message", QStringLiteral("a"), "7"), sse("message", QStringLiteral("b"), "7")};
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF"
                                                   "data: z\n\n")
                                     << Events{sse("message", QStringLiteral("z"))};
    QTest::newRow("UTF-8 data") << QByteArray("event: logs\ndata: \xE7\x94\x9F\xE6\x88\x90\n\n")
                                << Events{sse("logs", QStringLiteral("生成"))};
    QTest::newRow("a field name alone is an empty value")
        << QByteArray("data\ndata\n\n") << Events{sse("message", QStringLiteral("\n"))};
}

void tst_SseParser::whole()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Events, expected);
    SseParser parser;
    QCOMPARE(parser.feed(bytes), expected);
}

void tst_SseParser::splitAnywhere_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Events>("expected");
    QTest::newRow("replicate") << replicateStream << replicateEvents();
    // A CR LF pair cut in two must not read as two line ends (an empty line would end the event early).
    QTest::newRow("CR LF") << QByteArray("event: logs\r\ndata: a\r\ndata: b\r\n\r\n")
                           << Events{sse("logs", QStringLiteral("a\nb"))};
    QTest::newRow("UTF-8") << QByteArray("data: \xE7\x94\x9F\xE6\x88\x90\n\n")
                           << Events{sse("message", QStringLiteral("生成"))};
}

void tst_SseParser::splitAnywhere()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Events, expected);
    for (qsizetype cut = 0; cut <= bytes.size(); ++cut) {
        SseParser parser;
        Events got = parser.feed(bytes.left(cut));
        got += parser.feed(bytes.mid(cut));
        QVERIFY2(got == expected, qPrintable(QStringLiteral("cut at %1").arg(cut)));
    }
}

void tst_SseParser::byteByByte()
{
    SseParser parser;
    Events got;
    for (const char c : replicateStream)
        got += parser.feed(QByteArray(1, c));
    QCOMPARE(got, replicateEvents());
}

QTEST_GUILESS_MAIN(tst_SseParser)
#include "tst_sseparser.moc"
