// RetryPolicy: exact backoff with an injected random source, which errors are retried, and
// Retry-After in every form HTTP allows, measured against a fixed "now".
#include "RetryPolicy.h"

#include <QFile>
#include <QJsonDocument>
#include <QLocale>
#include <QTest>

#include <set>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

Q_DECLARE_METATYPE(ApiError::Kind)

namespace {

std::function<double()> constant(double value)
{
    return [value] { return value; };
}

// -1 stands for "no value" in the data tables.
qint64 orMinusOne(const std::optional<milliseconds> &value)
{
    return value ? qint64(value->count()) : -1;
}

QDateTime utc(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
}

} // namespace

class tst_RetryPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void defaults();
    void backoff_data();
    void backoff();
    void customParameters();
    void defaultRandomStaysInBounds();

    void delayAfter_data();
    void delayAfter();

    void parseRetryAfter_data();
    void parseRetryAfter();
    void invalidNowUsesTheClock();

    void retryAfterFromBody_data();
    void retryAfterFromBody();
    void retryAfterFromProblemFixture();
};

void tst_RetryPolicy::initTestCase()
{
    // HTTP dates are English whatever the user's language is.
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
}

void tst_RetryPolicy::cleanupTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void tst_RetryPolicy::defaults()
{
    const RetryPolicy policy;
    QCOMPARE(policy.parameters().base, 1000ms);
    QCOMPARE(policy.parameters().cap, 60000ms);
    QCOMPARE(policy.parameters().factor, 2.0);
    QCOMPARE(policy.parameters().jitter, 0.2);
    QCOMPARE(policy.parameters().maxAttempts, 0);
}

void tst_RetryPolicy::backoff_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<qint64>("expected");

    // 0.5 is the middle of the jitter range: the bare exponential.
    QTest::newRow("mid, 1") << 0.5 << 1 << qint64(1000);
    QTest::newRow("mid, 2") << 0.5 << 2 << qint64(2000);
    QTest::newRow("mid, 3") << 0.5 << 3 << qint64(4000);
    QTest::newRow("mid, 6") << 0.5 << 6 << qint64(32000);
    QTest::newRow("mid, 7 capped") << 0.5 << 7 << qint64(60000);
    QTest::newRow("mid, 100 capped") << 0.5 << 100 << qint64(60000);
    QTest::newRow("mid, 100000 capped") << 0.5 << 100000 << qint64(60000);
    QTest::newRow("mid, 0 as 1") << 0.5 << 0 << qint64(1000);
    QTest::newRow("mid, negative as 1") << 0.5 << -5 << qint64(1000);

    QTest::newRow("min jitter, 1") << 0.0 << 1 << qint64(800);
    QTest::newRow("min jitter, 3") << 0.0 << 3 << qint64(3200);
    QTest::newRow("min jitter, capped") << 0.0 << 9 << qint64(48000);

    QTest::newRow("max jitter, 1") << 1.0 << 1 << qint64(1200);
    QTest::newRow("max jitter, 3") << 1.0 << 3 << qint64(4800);
    QTest::newRow("max jitter, capped") << 1.0 << 9 << qint64(72000);
    QTest::newRow("just below 1") << 0.9999999 << 1 << qint64(1200);
    QTest::newRow("quarter") << 0.25 << 2 << qint64(1800);

    QTest::newRow("random above 1 clamped") << 7.0 << 1 << qint64(1200);
    QTest::newRow("random below 0 clamped") << -3.0 << 1 << qint64(800);
}

void tst_RetryPolicy::backoff()
{
    QFETCH(double, random);
    QFETCH(int, attempt);
    QFETCH(qint64, expected);
    const RetryPolicy policy(RetryParameters(), constant(random));
    QCOMPARE(policy.backoff(attempt).count(), expected);
}

void tst_RetryPolicy::customParameters()
{
    RetryParameters parameters;
    parameters.base = 100ms;
    parameters.factor = 3.0;
    parameters.cap = 5000ms;
    parameters.jitter = 0.0;
    const RetryPolicy noJitter(parameters, constant(0.99));
    QCOMPARE(noJitter.backoff(1), 100ms);
    QCOMPARE(noJitter.backoff(2), 300ms);
    QCOMPARE(noJitter.backoff(3), 900ms);
    QCOMPARE(noJitter.backoff(4), 2700ms);
    QCOMPARE(noJitter.backoff(5), 5000ms);

    parameters.jitter = 0.5;
    QCOMPARE(RetryPolicy(parameters, constant(0.0)).backoff(1), 50ms);
    QCOMPARE(RetryPolicy(parameters, constant(1.0)).backoff(5), 7500ms);

    // Out-of-range settings cannot produce a negative wait or one beyond cap·(1+jitter).
    parameters.jitter = 3.0;
    QCOMPARE(RetryPolicy(parameters, constant(0.0)).backoff(1), 0ms);
    QCOMPARE(RetryPolicy(parameters, constant(1.0)).backoff(9), 10000ms);

    parameters = RetryParameters();
    parameters.base = 0ms;
    QCOMPARE(RetryPolicy(parameters, constant(1.0)).backoff(5), 0ms);
}

void tst_RetryPolicy::defaultRandomStaysInBounds()
{
    const RetryPolicy policy;
    std::set<qint64> seen;
    for (int i = 0; i < 500; ++i) {
        const milliseconds first = policy.backoff(1);
        QVERIFY2(first >= 800ms && first <= 1200ms, qPrintable(QString::number(first.count())));
        const milliseconds capped = policy.backoff(50);
        QVERIFY(capped >= 48000ms && capped <= 72000ms);
        seen.insert(first.count());
    }
    QVERIFY(seen.size() > 10); // the jitter is really random
}

void tst_RetryPolicy::delayAfter_data()
{
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<qint64>("retryAfter"); // -1: none
    QTest::addColumn<int>("attempt");
    QTest::addColumn<int>("maxAttempts");
    QTest::addColumn<qint64>("expected"); // -1: do not retry

    using K = ApiError::Kind;
    QTest::newRow("server") << K::Server << qint64(-1) << 1 << 0 << qint64(1000);
    QTest::newRow("server, 503 with Retry-After") << K::Server << qint64(7000) << 1 << 0 << qint64(7000);
    QTest::newRow("network") << K::Network << qint64(-1) << 2 << 0 << qint64(2000);
    QTest::newRow("timeout") << K::Timeout << qint64(-1) << 3 << 0 << qint64(4000);
    QTest::newRow("rate limited, told") << K::RateLimited << qint64(5000) << 4 << 0 << qint64(5000);
    QTest::newRow("rate limited, told zero") << K::RateLimited << qint64(0) << 1 << 0 << qint64(0);
    QTest::newRow("rate limited, not told") << K::RateLimited << qint64(-1) << 2 << 0 << qint64(2000);
    QTest::newRow("unauthorized") << K::Unauthorized << qint64(-1) << 1 << 0 << qint64(-1);
    QTest::newRow("not found") << K::NotFound << qint64(-1) << 1 << 0 << qint64(-1);
    QTest::newRow("bad response") << K::BadResponse << qint64(-1) << 1 << 0 << qint64(-1);
    QTest::newRow("not supported") << K::NotSupported << qint64(-1) << 1 << 0 << qint64(-1);
    QTest::newRow("canceled") << K::Canceled << qint64(-1) << 1 << 0 << qint64(-1);
    QTest::newRow("invalid input") << K::InvalidInput << qint64(-1) << 1 << 0 << qint64(-1);
    QTest::newRow("file system") << K::FileSystem << qint64(-1) << 1 << 0 << qint64(-1);
    QTest::newRow("unauthorized with retry-after") << K::Unauthorized << qint64(3000) << 1 << 0 << qint64(-1);
    QTest::newRow("under the limit") << K::Server << qint64(-1) << 2 << 3 << qint64(2000);
    QTest::newRow("at the limit") << K::Server << qint64(-1) << 3 << 3 << qint64(-1);
    QTest::newRow("past the limit") << K::Network << qint64(-1) << 9 << 3 << qint64(-1);
    QTest::newRow("limit beats retry-after") << K::RateLimited << qint64(5000) << 3 << 3 << qint64(-1);
    QTest::newRow("no limit, far attempt") << K::Timeout << qint64(-1) << 1000 << 0 << qint64(60000);
}

void tst_RetryPolicy::delayAfter()
{
    QFETCH(ApiError::Kind, kind);
    QFETCH(qint64, retryAfter);
    QFETCH(int, attempt);
    QFETCH(int, maxAttempts);
    QFETCH(qint64, expected);

    RetryParameters parameters;
    parameters.maxAttempts = maxAttempts;
    const RetryPolicy policy(parameters, constant(0.5));
    ApiError error;
    error.kind = kind;
    if (retryAfter >= 0)
        error.retryAfter = milliseconds(retryAfter);
    QCOMPARE(orMinusOne(policy.delayAfter(error, attempt)), expected);
    // Never retried means not transient, and the other way round.
    if (maxAttempts == 0 && retryAfter < 0)
        QCOMPARE(expected >= 0, error.isTransient());
}

void tst_RetryPolicy::parseRetryAfter_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<qint64>("expected"); // -1: no value

    const QDateTime seedNow = utc(1994, 11, 6, 8, 48, 7); // 90 s before RFC 7231's example date
    const qint64 day = 24 * 3600 * 1000;

    QTest::newRow("seconds") << QByteArray("5") << seedNow << qint64(5000);
    QTest::newRow("zero") << QByteArray("0") << seedNow << qint64(0);
    QTest::newRow("two minutes") << QByteArray("120") << seedNow << qint64(120000);
    QTest::newRow("decimal") << QByteArray("2.5") << seedNow << qint64(2500);
    QTest::newRow("one millisecond") << QByteArray("0.001") << seedNow << qint64(1);
    QTest::newRow("spaces") << QByteArray("  7 ") << seedNow << qint64(7000);
    QTest::newRow("exactly a day") << QByteArray("86400") << seedNow << day;
    QTest::newRow("over a day, clamped") << QByteArray("86401") << seedNow << day;
    QTest::newRow("absurd, clamped") << QByteArray("999999999999999999999999999") << seedNow << day;
    QTest::newRow("negative") << QByteArray("-1") << seedNow << qint64(-1);
    QTest::newRow("plus sign") << QByteArray("+5") << seedNow << qint64(-1);
    QTest::newRow("unit") << QByteArray("5s") << seedNow << qint64(-1);
    QTest::newRow("exponent") << QByteArray("1e3") << seedNow << qint64(-1);
    QTest::newRow("comma decimal") << QByteArray("2,5") << seedNow << qint64(-1);
    QTest::newRow("leading dot") << QByteArray(".5") << seedNow << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << seedNow << qint64(-1);
    QTest::newRow("empty") << QByteArray() << seedNow << qint64(-1);

    QTest::newRow("imf-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << seedNow << qint64(90000);
    QTest::newRow("imf-fixdate lower case") << QByteArray("sun, 06 nov 1994 08:49:37 gmt") << seedNow << qint64(90000);
    QTest::newRow("imf-fixdate one-digit day")
        << QByteArray("Sun, 6 Nov 1994 08:49:37 GMT") << seedNow << qint64(90000);
    QTest::newRow("imf-fixdate UTC") << QByteArray("Sun, 06 Nov 1994 08:49:37 UTC") << seedNow << qint64(90000);
    QTest::newRow("rfc 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << seedNow << qint64(90000);
    QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << seedNow << qint64(90000);
    QTest::newRow("asctime two-digit day") << QByteArray("Sun Nov 16 08:48:07 1994") << seedNow << day;
    QTest::newRow("in the past") << QByteArray("Sun, 06 Nov 1994 08:40:00 GMT") << seedNow << qint64(0);
    QTest::newRow("long past") << QByteArray("Thu, 01 Jan 1970 00:00:00 GMT") << seedNow << qint64(0);
    QTest::newRow("exactly now") << QByteArray("Sun, 06 Nov 1994 08:48:07 GMT") << seedNow << qint64(0);
    QTest::newRow("a day ahead") << QByteArray("Mon, 07 Nov 1994 08:48:07 GMT") << seedNow << day;
    QTest::newRow("two days ahead, clamped") << QByteArray("Tue, 08 Nov 1994 08:48:07 GMT") << seedNow << day;
    QTest::newRow("now with milliseconds")
        << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << seedNow.addMSecs(250) << qint64(89750);
    QTest::newRow("now in another zone") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT")
                                         << seedNow.toOffsetFromUtc(8 * 3600) << qint64(90000);

    const QDateTime now2025 = utc(2025, 7, 12, 7, 27, 0);
    QTest::newRow("rfc 850, year 25 is 2025")
        << QByteArray("Saturday, 12-Jul-25 07:28:00 GMT") << now2025 << qint64(60000);
    QTest::newRow("rfc 850, year 94 is 1994") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << now2025 << qint64(0);
    QTest::newRow("rfc 850, four-digit year")
        << QByteArray("Saturday, 12-Jul-2025 07:28:00 GMT") << now2025 << qint64(60000);
    QTest::newRow("2025 imf-fixdate") << QByteArray("Sat, 12 Jul 2025 07:27:30 GMT") << now2025 << qint64(30000);

    QTest::newRow("unknown month") << QByteArray("Sun, 06 Foo 1994 08:49:37 GMT") << seedNow << qint64(-1);
    QTest::newRow("german month") << QByteArray("So, 06 Okt 1994 08:49:37 GMT") << seedNow << qint64(-1);
    QTest::newRow("unknown day name") << QByteArray("Xyz, 06 Nov 1994 08:49:37 GMT") << seedNow << qint64(-1);
    QTest::newRow("impossible date") << QByteArray("Wed, 31 Nov 1994 08:49:37 GMT") << seedNow << qint64(-1);
    QTest::newRow("impossible time") << QByteArray("Sun, 06 Nov 1994 25:49:37 GMT") << seedNow << qint64(-1);
    QTest::newRow("other zone") << QByteArray("Sun, 06 Nov 1994 08:49:37 PST") << seedNow << qint64(-1);
    QTest::newRow("iso date") << QByteArray("1994-11-06T08:49:37Z") << seedNow << qint64(-1);
}

void tst_RetryPolicy::parseRetryAfter()
{
    QFETCH(QByteArray, header);
    QFETCH(QDateTime, now);
    QFETCH(qint64, expected);
    QCOMPARE(orMinusOne(RetryPolicy::parseRetryAfter(header, now)), expected);
}

void tst_RetryPolicy::invalidNowUsesTheClock()
{
    const QDateTime inAnHour = QDateTime::currentDateTimeUtc().addSecs(3600);
    const QByteArray header =
        QLocale::c().toString(inAnHour, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
    const auto wait = RetryPolicy::parseRetryAfter(header, QDateTime());
    QVERIFY(wait.has_value());
    // Generous bounds: only the order of magnitude matters here, not the machine's speed.
    QVERIFY(*wait > 3000s && *wait <= 3600s);
}

void tst_RetryPolicy::retryAfterFromBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("integer") << QByteArray(R"({"retry_after":5})") << qint64(5000);
    QTest::newRow("decimal") << QByteArray(R"({"retry_after":2.5})") << qint64(2500);
    QTest::newRow("zero") << QByteArray(R"({"retry_after":0})") << qint64(0);
    QTest::newRow("numeric string") << QByteArray(R"({"retry_after":"7"})") << qint64(7000);
    QTest::newRow("padded string") << QByteArray(R"({"retry_after":" 3 "})") << qint64(3000);
    QTest::newRow("huge, clamped") << QByteArray(R"({"retry_after":1e9})") << qint64(86400000);
    QTest::newRow("negative") << QByteArray(R"({"retry_after":-3})") << qint64(-1);
    QTest::newRow("text") << QByteArray(R"({"retry_after":"soon"})") << qint64(-1);
    QTest::newRow("null") << QByteArray(R"({"retry_after":null})") << qint64(-1);
    QTest::newRow("bool") << QByteArray(R"({"retry_after":true})") << qint64(-1);
    QTest::newRow("absent") << QByteArray(R"({"detail":"Request was throttled."})") << qint64(-1);
    QTest::newRow("other case") << QByteArray(R"({"Retry_After":5})") << qint64(-1);
}

void tst_RetryPolicy::retryAfterFromBody()
{
    QFETCH(QByteArray, body);
    QFETCH(qint64, expected);
    QCOMPARE(orMinusOne(RetryPolicy::retryAfterFromBody(QJsonDocument::fromJson(body).object())), expected);
}

void tst_RetryPolicy::retryAfterFromProblemFixture()
{
    QFile file(QStringLiteral(REPLIMON_FIXTURES_DIR "/problem_429.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto wait = RetryPolicy::retryAfterFromBody(QJsonDocument::fromJson(file.readAll()).object());
    QCOMPARE(orMinusOne(wait), qint64(30000));
}

QTEST_GUILESS_MAIN(tst_RetryPolicy)
#include "tst_retrypolicy.moc"
