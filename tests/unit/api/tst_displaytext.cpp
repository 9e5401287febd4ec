// DisplayText: the words the table, the detail pane and replimon-cli use for durations, times, statuses,
// input values and JSON, pinned in English so that every view reads the same.
#include "DisplayText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

Q_DECLARE_METATYPE(PredictionStatus)

class tst_DisplayText final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void duration_data();
    void duration();
    void elapsed();
    void relativeTime_data();
    void relativeTime();
    void statusName_data();
    void statusName();
    void times();
    void labels();
    void captureSource();
    void value_data();
    void value();
    void literalValue_data();
    void literalValue();
    void oneLineAndElide();
    void compactJson();
    void prettyJson_data();
    void prettyJson();
};

void tst_DisplayText::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_DisplayText::duration_data()
{
    QTest::addColumn<double>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("sub-second") << 0.84 << QStringLiteral("0.84 s");
    QTest::newRow("seconds") << 3.59 << QStringLiteral("3.59 s");
    QTest::newRow("just under a minute") << 59.5 << QStringLiteral("59.50 s");
    QTest::newRow("a minute and change") << 64.2 << QStringLiteral("1 min 4 s");
    QTest::newRow("minutes") << 1799.0 << QStringLiteral("29 min 59 s");
    QTest::newRow("hours") << 7500.0 << QStringLiteral("2 h 5 min");
    QTest::newRow("negative clamps") << -3.0 << QStringLiteral("0.00 s");
    QTest::newRow("not a number") << qQNaN() << QStringLiteral("?");
    QTest::newRow("infinite") << qInf() << QStringLiteral("?");
}

void tst_DisplayText::duration()
{
    QFETCH(double, seconds);
    QFETCH(QString, text);
    QCOMPARE(DisplayText::duration(seconds, QLocale(QLocale::English)), text);
}

void tst_DisplayText::elapsed()
{
    const QLocale english(QLocale::English);
    QCOMPARE(DisplayText::elapsed(12, english), QStringLiteral("12 s"));
    QCOMPARE(DisplayText::elapsed(-5, english), QStringLiteral("0 s"));
    QCOMPARE(DisplayText::elapsed(64, english), QStringLiteral("1 min 4 s"));
    // Digits come from the locale.
    QCOMPARE(DisplayText::duration(1.5, QLocale(QLocale::German)), QStringLiteral("1,50 s"));
}

void tst_DisplayText::relativeTime_data()
{
    QTest::addColumn<qint64>("secondsAgo");
    QTest::addColumn<QString>("text");
    QTest::newRow("now") << qint64(10) << QStringLiteral("just now");
    QTest::newRow("one minute") << qint64(70) << QStringLiteral("1 minute ago");
    QTest::newRow("minutes") << qint64(3 * 60 + 5) << QStringLiteral("3 minutes ago");
    QTest::newRow("one hour") << qint64(3600) << QStringLiteral("1 hour ago");
    QTest::newRow("hours") << qint64(5 * 3600) << QStringLiteral("5 hours ago");
    QTest::newRow("days") << qint64(3 * 86400) << QStringLiteral("3 days ago");
    QTest::newRow("future") << qint64(-2 * 3600) << QStringLiteral("in 2 hours");
}

void tst_DisplayText::relativeTime()
{
    QFETCH(qint64, secondsAgo);
    QFETCH(QString, text);
    const QDateTime now(QDate(2025, 7, 12), QTime(12, 0), Qt::UTC);
    QCOMPARE(DisplayText::relativeTime(now.addSecs(-secondsAgo), now), text);
}

void tst_DisplayText::statusName_data()
{
    QTest::addColumn<PredictionStatus>("status");
    QTest::addColumn<QString>("serverText");
    QTest::addColumn<bool>("answered");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("note");
    using S = PredictionStatus;
    QTest::newRow("waiting") << S::Unknown << QString() << false << QStringLiteral("Waiting") << QString();
    QTest::newRow("starting") << S::Starting << QStringLiteral("starting") << true << QStringLiteral("Starting")
                              << QString();
    QTest::newRow("processing") << S::Processing << QStringLiteral("processing") << true << QStringLiteral("Processing")
                                << QString();
    QTest::newRow("succeeded") << S::Succeeded << QStringLiteral("succeeded") << true << QStringLiteral("Succeeded")
                               << QString();
    QTest::newRow("failed") << S::Failed << QStringLiteral("failed") << true << QStringLiteral("Failed") << QString();
    QTest::newRow("canceled") << S::Canceled << QStringLiteral("cancelled") << true << QStringLiteral("Canceled")
                              << QString();
    QTest::newRow("aborted") << S::Aborted << QStringLiteral("aborted") << true << QStringLiteral("Aborted")
                             << QString();
    QTest::newRow("server's own word") << S::Unknown << QStringLiteral("queued") << true << QStringLiteral("queued")
                                       << QStringLiteral("The server reports \"queued\"");
    QTest::newRow("no word at all") << S::Unknown << QString() << true << QStringLiteral("Unknown") << QString();
}

void tst_DisplayText::statusName()
{
    QFETCH(PredictionStatus, status);
    QFETCH(QString, serverText);
    QFETCH(bool, answered);
    QFETCH(QString, name);
    QFETCH(QString, note);
    QCOMPARE(DisplayText::statusName(status, serverText, answered), name);
    QCOMPARE(DisplayText::unknownStatusNote(status, serverText), note);
}

void tst_DisplayText::times()
{
    const QLocale locale(QLocale::English, QLocale::UnitedStates);
    const QDateTime utc(QDate(2025, 7, 12), QTime(7, 27, 54, 500), Qt::UTC);
    const QDateTime local = utc.toLocalTime();
    QCOMPARE(DisplayText::dateTimeWithSeconds(QDateTime(), locale), QStringLiteral("—"));
    // Queue times are seconds long: the short format gains seconds.
    QCOMPARE(DisplayText::dateTimeWithSeconds(utc, locale),
             locale.toString(local.date(), QLocale::ShortFormat) + u' '
                 + local.time().toString(QStringLiteral("h:mm:ss AP")));
    QCOMPARE(DisplayText::shortDateTime(utc, locale), locale.toString(local, QLocale::ShortFormat));
    QCOMPARE(DisplayText::longDateTime(utc, locale), locale.toString(local, QLocale::LongFormat));
    QCOMPARE(DisplayText::shortTime(utc, locale), locale.toString(local.time(), QLocale::ShortFormat));
    QCOMPARE(DisplayText::timestamp(utc), local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t")));
    for (const QString &empty : {DisplayText::shortDateTime(QDateTime()), DisplayText::longDateTime(QDateTime()),
                                 DisplayText::shortTime(QDateTime()), DisplayText::timestamp(QDateTime())})
        QVERIFY(empty.isEmpty());
}

void tst_DisplayText::captureSource()
{
    const QLocale locale(QLocale::English, QLocale::UnitedStates);
    const QDateTime at(QDate(2025, 7, 12), QTime(7, 27, 54), Qt::UTC);
    const QString when = DisplayText::dateTimeWithSeconds(at, locale);
    QCOMPARE(DisplayText::captureSource(QStringLiteral("replicate-python/0.34.1"), at, locale),
             QStringLiteral("Captured from replicate-python/0.34.1 at ") + when);
    // A caller that sent no User-Agent (or only blanks) is said to have sent none.
    for (const QString &none : {QString(), QStringLiteral("  ")})
        QCOMPARE(DisplayText::captureSource(none, at, locale),
                 QStringLiteral("Captured from (no User-Agent) at ") + when);
    QCOMPARE(DisplayText::captureSource(QStringLiteral("curl/8.5.0"), QDateTime(), locale),
             QStringLiteral("Captured from curl/8.5.0"));
    // Whatever the caller sent stays on one line.
    QVERIFY(!DisplayText::captureSource(QStringLiteral("a\nb"), at, locale).contains(u'\n'));
    QCOMPARE(DisplayText::sourceName(true), QStringLiteral("Captured"));
    QCOMPARE(DisplayText::sourceName(false), QStringLiteral("Added"));
}

void tst_DisplayText::labels()
{
    QCOMPARE(DisplayText::inputLabel(QStringLiteral("aspect_ratio")), QStringLiteral("Aspect ratio"));
    QCOMPARE(DisplayText::inputLabel(QStringLiteral("prompt_upsampling")), QStringLiteral("Prompt upsampling"));
    QCOMPARE(DisplayText::inputLabel(QStringLiteral("go_fast")), QStringLiteral("go_fast"));
    QCOMPARE(DisplayText::metricLabel(QStringLiteral("predict_time")), QStringLiteral("Predict time"));
    QCOMPARE(DisplayText::metricLabel(QStringLiteral("image_count")), QStringLiteral("Images"));
    QCOMPARE(DisplayText::metricLabel(QStringLiteral("tokens")), QStringLiteral("tokens"));
}

void tst_DisplayText::value_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("fullText");
    const QString longUrl = QStringLiteral("https://replicate.delivery/xezq/FB7iNUmvHJ4NHFIMPea2hEoa4N4/output.jpg");
    QTest::newRow("true") << QJsonValue(true) << QStringLiteral("Yes") << QString();
    QTest::newRow("false") << QJsonValue(false) << QStringLiteral("No") << QString();
    QTest::newRow("integer") << QJsonValue(1024) << QStringLiteral("1,024") << QString();
    QTest::newRow("fraction") << QJsonValue(0.75) << QStringLiteral("0.75") << QString();
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << QStringLiteral("null") << QString();
    QTest::newRow("short text") << QJsonValue(QStringLiteral("16:9")) << QStringLiteral("16:9") << QString();
    QTest::newRow("long token") << QJsonValue(longUrl) << QStringLiteral("https://replicate.delivery/…oa4N4/output.jpg")
                                << longUrl;
    QTest::newRow("data uri") << QJsonValue(QStringLiteral("data:image/png;base64,") + QString(2048, u'A'))
                              << QStringLiteral("embedded image/png (2.00 KiB)") << QString();
    QTest::newRow("object") << QJsonValue(QJsonObject{{QStringLiteral("a"), 1}}) << QStringLiteral("{\"a\":1}")
                            << QString();
}

void tst_DisplayText::value()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, text);
    QFETCH(QString, fullText);
    QString full;
    QCOMPARE(DisplayText::value(value, &full), text);
    QCOMPARE(full, fullText);
    QCOMPARE(DisplayText::value(value), text);
}

void tst_DisplayText::literalValue_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("true") << QJsonValue(true) << QStringLiteral("true");
    QTest::newRow("number") << QJsonValue(1024) << QStringLiteral("1024");
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << QStringLiteral("null");
    QTest::newRow("text") << QJsonValue(QStringLiteral("a\ncat")) << QStringLiteral("a cat");
    QTest::newRow("long text") << QJsonValue(QString(30, u'x')) << QString(9, u'x') + QChar(0x2026);
    QTest::newRow("array") << QJsonValue(QJsonArray{1, 2}) << QStringLiteral("[1,2]");
    QTest::newRow("data uri") << QJsonValue(QStringLiteral("data:image/png;base64,AAAA"))
                              << QStringLiteral("data:image/png;base64,… (4 characters)");
}

void tst_DisplayText::literalValue()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, text);
    QCOMPARE(DisplayText::literalValue(value, 10), text);
}

void tst_DisplayText::oneLineAndElide()
{
    QCOMPARE(DisplayText::oneLine(QStringLiteral("  one\ntwo  "), 20), QStringLiteral("one two"));
    QCOMPARE(DisplayText::oneLine(QStringLiteral("abcdef"), 4), QStringLiteral("abc") + QChar(0x2026));
    const QString token(60, u'x');
    QCOMPARE(DisplayText::elideToken(token).size(), 44);
    QCOMPARE(DisplayText::elideToken(QStringLiteral("words with spaces ") + token),
             QStringLiteral("words with spaces ") + token);
}

void tst_DisplayText::compactJson()
{
    QCOMPARE(DisplayText::compactJson(QJsonValue(QStringLiteral("a\"b"))), QStringLiteral("\"a\\\"b\""));
    QCOMPARE(DisplayText::compactJson(QJsonValue(1.5)), QStringLiteral("1.5"));
    QCOMPARE(DisplayText::compactJson(QJsonArray{true, QJsonValue::Null}), QStringLiteral("[true,null]"));
    QCOMPARE(DisplayText::compactJson(QJsonValue(QJsonValue::Undefined)), QString());
}

void tst_DisplayText::prettyJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("pretty");
    QTest::newRow("keys keep their order") << QByteArray(R"({"z":1,"a":[true,null]})")
                                           << QStringLiteral("{\n  \"z\": 1,\n  \"a\": [\n    true,\n    null\n  ]\n}");
    QTest::newRow("empty containers stay on one line")
        << QByteArray(R"({"a":{},"b":[ ]})") << QStringLiteral("{\n  \"a\": {},\n  \"b\": []\n}");
    QTest::newRow("strings are left alone")
        << QByteArray(R"(["a, {b}: \"c\"",1])") << QStringLiteral("[\n  \"a, {b}: \\\"c\\\"\",\n  1\n]");
    QTest::newRow("whitespace between tokens goes")
        << QByteArray("{ \"a\" :\n 1 }") << QStringLiteral("{\n  \"a\": 1\n}");
}

void tst_DisplayText::prettyJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, pretty);
    QCOMPARE(DisplayText::prettyJson(json), pretty);
}

QTEST_GUILESS_MAIN(tst_DisplayText)
#include "tst_displaytext.moc"
