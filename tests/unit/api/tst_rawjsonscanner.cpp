// RawJsonScanner: member order, array elements, key lookup and compacting on JSON text, checked against
// what QJsonDocument makes of the same text.
#include "RawJsonScanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

QStringList keysOf(const QByteArray &text)
{
    const RawJsonScanner scanner(text);
    const auto members = scanner.objectMembers(scanner.whole());
    if (!members)
        return {QStringLiteral("<not an object>")};
    QStringList keys;
    for (const auto &member : *members)
        keys.append(member.first);
    return keys;
}

} // namespace

class tst_RawJsonScanner final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void memberOrder_data();
    void memberOrder();
    void memberValues();
    void arrayElements_data();
    void arrayElements();
    void memberValueTakesTheLastDuplicate();
    void memberValueMatchesEscapedAndWideKeys();
    void compact_data();
    void compact();
    void compactSharesCompactText();
    void notObjectsOrArrays_data();
    void notObjectsOrArrays();
};

void tst_RawJsonScanner::memberOrder_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("keys");
    QTest::newRow("empty") << QByteArray("{}") << QStringList();
    QTest::newRow("empty, spaced") << QByteArray("  { \n }  ") << QStringList();
    QTest::newRow("text order, not sorted")
        << QByteArray(R"({"prompt":"a","aspect_ratio":"1:1","seed":3})")
        << QStringList{QStringLiteral("prompt"), QStringLiteral("aspect_ratio"), QStringLiteral("seed")};
    QTest::newRow("whitespace everywhere")
        << QByteArray("{ \"b\" : 1 ,\n\t\"a\" : [ 1 , 2 ] }") << QStringList{QStringLiteral("b"), QStringLiteral("a")};
    QTest::newRow("escaped keys") << QByteArray(R"({"a\"b":1,"\u00e9t\u00e9":2})")
                                  << QStringList{QStringLiteral("a\"b"), QString::fromUtf8("été")};
    QTest::newRow("nested values are skipped whole")
        << QByteArray(R"({"x":{"y":[1,{"z":"}]"}]},"w":"{"})") << QStringList{QStringLiteral("x"), QStringLiteral("w")};
    QTest::newRow("utf-8 keys") << QByteArray("{\"提示\":1}") << QStringList{QString::fromUtf8("提示")};
}

void tst_RawJsonScanner::memberOrder()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, keys);
    QVERIFY(QJsonDocument::fromJson(text).isObject());
    QCOMPARE(keysOf(text), keys);
}

void tst_RawJsonScanner::memberValues()
{
    const QByteArray text(R"({"a": "x, y", "b" : [1, 2], "c":true, "d":-1.5e3})");
    const RawJsonScanner scanner(text);
    const auto members = scanner.objectMembers(scanner.whole());
    QVERIFY(members);
    QCOMPARE(members->size(), 4);
    QCOMPARE(scanner.text(members->at(0).second), QByteArray(R"("x, y")"));
    QCOMPARE(scanner.text(members->at(1).second), QByteArray("[1, 2]"));
    QCOMPARE(scanner.text(members->at(2).second), QByteArray("true"));
    QCOMPARE(scanner.text(members->at(3).second), QByteArray("-1.5e3"));
    QVERIFY(!scanner.memberValue(scanner.whole(), QStringLiteral("missing")));
}

void tst_RawJsonScanner::arrayElements_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QList<QByteArray>>("elements");
    QTest::newRow("empty") << QByteArray("[ ]") << QList<QByteArray>();
    QTest::newRow("scalars") << QByteArray(R"([1, "two", null, false])")
                             << QList<QByteArray>{"1", "\"two\"", "null", "false"};
    QTest::newRow("objects with brackets in strings")
        << QByteArray(R"([{"id":"a]"} , {"id":"b\"}"}])") << QList<QByteArray>{R"({"id":"a]"})", R"({"id":"b\"}"})"};
}

void tst_RawJsonScanner::arrayElements()
{
    QFETCH(QByteArray, text);
    QFETCH(QList<QByteArray>, elements);
    const RawJsonScanner scanner(text);
    const auto spans = scanner.arrayElements(scanner.whole());
    QVERIFY(spans);
    QList<QByteArray> texts;
    for (const RawJsonScanner::Span &span : *spans)
        texts.append(scanner.text(span));
    QCOMPARE(texts, elements);
}

void tst_RawJsonScanner::memberValueMatchesEscapedAndWideKeys()
{
    // A key written with escapes is the same key; so is one in UTF-8 beyond ASCII.
    const QByteArray text(R"({"inp\u0075t": [3], "x\"y": 1, "提示": "狐狸", "in\\put": 4})");
    const RawJsonScanner scanner(text);
    const auto input = scanner.memberValue(scanner.whole(), QStringLiteral("input"));
    QVERIFY(input);
    QCOMPARE(scanner.text(*input), QByteArray("[3]"));
    const auto quoted = scanner.memberValue(scanner.whole(), QStringLiteral("x\"y"));
    QVERIFY(quoted);
    QCOMPARE(scanner.text(*quoted), QByteArray("1"));
    const auto wide = scanner.memberValue(scanner.whole(), QStringLiteral("提示"));
    QVERIFY(wide);
    QCOMPARE(scanner.text(*wide), QByteArray(R"("狐狸")"));
    const auto backslash = scanner.memberValue(scanner.whole(), QStringLiteral("in\\put"));
    QVERIFY(backslash);
    QCOMPARE(scanner.text(*backslash), QByteArray("4"));
    // The escaped spelling is not the raw one: "inp\u0075t" is not a key of its own.
    QVERIFY(!scanner.memberValue(scanner.whole(), QStringLiteral("inp\\u0075t")));
}

void tst_RawJsonScanner::memberValueTakesTheLastDuplicate()
{
    // As QJsonDocument does.
    const QByteArray text(R"({"results":[1],"next":null,"results":[2, 3]})");
    QCOMPARE(QJsonDocument::fromJson(text).object().value(QStringLiteral("results")).toArray().size(), 2);
    const RawJsonScanner scanner(text);
    const auto results = scanner.memberValue(scanner.whole(), QStringLiteral("results"));
    QVERIFY(results);
    QCOMPARE(scanner.text(*results), QByteArray("[2, 3]"));
    const auto elements = scanner.arrayElements(*results);
    QVERIFY(elements);
    QCOMPARE(elements->size(), 2);
}

void tst_RawJsonScanner::compact_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("compact");
    QTest::newRow("already compact") << QByteArray(R"({"a":[1,2]})") << QByteArray(R"({"a":[1,2]})");
    QTest::newRow("spaces between tokens") << QByteArray("{ \"a\" : [ 1 ,\r\n 2 ] }") << QByteArray(R"({"a":[1,2]})");
    QTest::newRow("spaces inside strings stay")
        << QByteArray("{\"a b\" : \" c \\\" d \"}") << QByteArray("{\"a b\":\" c \\\" d \"}");
    QTest::newRow("escaped backslash before a quote")
        << QByteArray(R"({"p" : "C:\\" , "q" : 1})") << QByteArray(R"({"p":"C:\\","q":1})");
    QTest::newRow("surrounding whitespace") << QByteArray("\n {\"a\":1} \n") << QByteArray(R"({"a":1})");
}

void tst_RawJsonScanner::compact()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, compact);
    const RawJsonScanner scanner(text);
    const QByteArray result = scanner.compact(scanner.whole());
    QCOMPARE(result, compact);
    QCOMPARE(QJsonDocument::fromJson(result), QJsonDocument::fromJson(text));
}

void tst_RawJsonScanner::compactSharesCompactText()
{
    const QByteArray text(R"({"id":"x","status":"succeeded"})");
    const RawJsonScanner scanner(text);
    QCOMPARE(scanner.compact(scanner.whole()).constData(), text.constData());
}

void tst_RawJsonScanner::notObjectsOrArrays_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("array where an object is expected") << QByteArray("[1]");
    QTest::newRow("string") << QByteArray("\"{}\"");
    QTest::newRow("cut off") << QByteArray(R"({"a":1,"b":)");
    QTest::newRow("trailing comma, cut off") << QByteArray(R"({"a":1,  )");
    QTest::newRow("unterminated string") << QByteArray(R"({"a":"x)");
    QTest::newRow("empty") << QByteArray();
}

void tst_RawJsonScanner::notObjectsOrArrays()
{
    QFETCH(QByteArray, text);
    const RawJsonScanner scanner(text);
    QVERIFY(!scanner.objectMembers(scanner.whole()));
    QVERIFY(!scanner.memberValue(scanner.whole(), QStringLiteral("a")));
    if (!text.startsWith('['))
        QVERIFY(!scanner.arrayElements(scanner.whole()));
}

QTEST_GUILESS_MAIN(tst_RawJsonScanner)
#include "tst_rawjsonscanner.moc"
