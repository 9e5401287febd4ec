// ApiEndpoint: provider presets, URL building (an id is always one path segment), the origin check
// that decides where the key may go, root validation, and pulling ids out of pasted text.
#include "ApiEndpoint.h"

#include <QFile>
#include <QTest>

Q_DECLARE_METATYPE(ApiEndpoint::Provider)

namespace {

using Provider = ApiEndpoint::Provider;

ApiEndpoint endpointAt(const QString &root)
{
    const auto endpoint = ApiEndpoint::fromRoot(Provider::Custom, root);
    if (!endpoint)
        qFatal("test root rejected: %s", qPrintable(endpoint.error()));
    return endpoint.value();
}

int segmentCount(const QUrl &url)
{
    return int(url.path(QUrl::FullyEncoded).split(QLatin1Char('/'), Qt::SkipEmptyParts).size());
}

const QString seedId = QStringLiteral("w44zs9cet5rmc0cqzp49gpkhf8");
const QString id2 = QStringLiteral("yk3deg1dqcf54esf5dhrd3drcj");
const QString id3 = QStringLiteral("zrps3rp90bbv8tp0601frgr8pz");

} // namespace

class tst_ApiEndpoint final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void presets_data();
    void presets();
    void defaultIsQuickRouter();
    void providerKeys();
    void selectableProviders();

    void predictionUrls_data();
    void predictionUrls();
    void unusableIdsGiveNoUrl_data();
    void unusableIdsGiveNoUrl();
    void listUrl();
    void cursorRoundTrip_data();
    void cursorRoundTrip();
    void createUrls_data();
    void createUrls();
    void invalidEndpointBuildsNothing();

    void apiOrigin_data();
    void apiOrigin();

    void fromRootAccepts_data();
    void fromRootAccepts();
    void fromRootRejects_data();
    void fromRootRejects();

    void cursorFromNextUrl_data();
    void cursorFromNextUrl();

    void extractIds_data();
    void extractIds();
    void extractIdsFromSeedPrediction();
    void extractIdsRejectsTrailingNewline_data();
    void extractIdsRejectsTrailingNewline();
    void extractIdsWithoutUnusableList();
    void plausibleIds_data();
    void plausibleIds();
};

void tst_ApiEndpoint::presets_data()
{
    QTest::addColumn<Provider>("provider");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("root");

    QTest::newRow("quickrouter") << Provider::QuickRouter << "quickrouter"
                                 << "QuickRouter"
                                 << "https://api.quickrouter.ai/replicate/v1";
    QTest::newRow("anyapi") << Provider::AnyApi << "anyapi"
                            << "AnyAPI"
                            << "https://www.anyapi.vip/replicate/v1";
    QTest::newRow("replicate") << Provider::Replicate << "replicate"
                               << "Replicate"
                               << "https://api.replicate.com/v1";
    QTest::newRow("custom") << Provider::Custom << "custom"
                            << "Custom"
                            << "";
    QTest::newRow("demo") << Provider::Demo << "demo"
                          << "Demo"
                          << "";
}

void tst_ApiEndpoint::presets()
{
    QFETCH(Provider, provider);
    QFETCH(QString, key);
    QFETCH(QString, name);
    QFETCH(QString, root);

    const ApiEndpoint endpoint = ApiEndpoint::preset(provider);
    QCOMPARE(endpoint.provider(), provider);
    QCOMPARE(endpoint.root().toString(), root);
    QCOMPARE(endpoint.isValid(), !root.isEmpty());
    QCOMPARE(ApiEndpoint::providerKey(provider), key);
    QCOMPARE(ApiEndpoint::providerName(provider), name);
    QCOMPARE(ApiEndpoint::providerFromKey(key), std::optional<Provider>(provider));
    if (!root.isEmpty())
        QCOMPARE(endpoint.predictionUrl(seedId).toString(), root + QStringLiteral("/predictions/") + seedId);
}

void tst_ApiEndpoint::defaultIsQuickRouter()
{
    const ApiEndpoint endpoint;
    QCOMPARE(endpoint.provider(), Provider::QuickRouter);
    QCOMPARE(endpoint.root(), ApiEndpoint::preset(Provider::QuickRouter).root());
    QVERIFY(endpoint.isValid());
    // The seeds' own example request.
    QCOMPARE(endpoint.predictionUrl(seedId).toString(),
             QStringLiteral("https://api.quickrouter.ai/replicate/v1/predictions/w44zs9cet5rmc0cqzp49gpkhf8"));
}

void tst_ApiEndpoint::providerKeys()
{
    QCOMPARE(ApiEndpoint::providerFromKey(QStringLiteral("Replicate")), std::optional<Provider>(Provider::Replicate));
    QCOMPARE(ApiEndpoint::providerFromKey(QStringLiteral(" anyapi ")), std::optional<Provider>(Provider::AnyApi));
    QVERIFY(!ApiEndpoint::providerFromKey(QStringLiteral("openai")));
    QVERIFY(!ApiEndpoint::providerFromKey(QString()));
}

void tst_ApiEndpoint::selectableProviders()
{
    const QList<Provider> expected{Provider::QuickRouter, Provider::AnyApi, Provider::Replicate, Provider::Custom};
    QCOMPARE(ApiEndpoint::selectableProviders(), expected);
}

void tst_ApiEndpoint::predictionUrls_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("expected"); // fully encoded, without the /cancel suffix

    const QString qr = QStringLiteral("https://api.quickrouter.ai/replicate/v1");
    QTest::newRow("plain") << qr << seedId << qr + QStringLiteral("/predictions/") + seedId;
    QTest::newRow("slash") << qr << "abc/def" << qr + QStringLiteral("/predictions/abc%2Fdef");
    QTest::newRow("query") << qr << "abc?x=1&y=2" << qr + QStringLiteral("/predictions/abc%3Fx%3D1%26y%3D2");
    QTest::newRow("fragment") << qr << "abc#frag" << qr + QStringLiteral("/predictions/abc%23frag");
    QTest::newRow("space") << qr << "abc def" << qr + QStringLiteral("/predictions/abc%20def");
    QTest::newRow("traversal") << qr << "../../admin" << qr + QStringLiteral("/predictions/..%2F..%2Fadmin");
    QTest::newRow("dot prefix") << qr << "..abc" << qr + QStringLiteral("/predictions/..abc");
    QTest::newRow("percent") << qr << "a%2Fb" << qr + QStringLiteral("/predictions/a%252Fb");
    QTest::newRow("backslash") << qr << "a\\b" << qr + QStringLiteral("/predictions/a%5Cb");
    QTest::newRow("unicode") << qr << QString::fromUtf8("任务id")
                             << qr + QStringLiteral("/predictions/%E4%BB%BB%E5%8A%A1id");
    QTest::newRow("braces (seed template)") << qr << "{id}" << qr + QStringLiteral("/predictions/%7Bid%7D");
    QTest::newRow("port") << "http://127.0.0.1:8080/v1" << seedId
                          << QStringLiteral("http://127.0.0.1:8080/v1/predictions/") + seedId;
    QTest::newRow("no path") << "http://localhost:9000" << seedId
                             << QStringLiteral("http://localhost:9000/predictions/") + seedId;
    QTest::newRow("encoded root path") << "https://relay.example/my%20relay/v1" << seedId
                                       << QStringLiteral("https://relay.example/my%20relay/v1/predictions/") + seedId;
}

void tst_ApiEndpoint::predictionUrls()
{
    QFETCH(QString, root);
    QFETCH(QString, id);
    QFETCH(QString, expected);

    const ApiEndpoint endpoint = endpointAt(root);
    const int rootSegments = segmentCount(endpoint.root());

    const QUrl get = endpoint.predictionUrl(id);
    QVERIFY(get.isValid());
    QCOMPARE(get.toString(QUrl::FullyEncoded), expected);
    QCOMPARE(segmentCount(get), rootSegments + 2);
    QVERIFY(!get.hasQuery());
    QVERIFY(!get.hasFragment());
    QCOMPARE(get.host(), endpoint.root().host());
    QVERIFY(endpoint.isApiOrigin(get));
    // Normalising dot segments, as a proxy may, leaves the URL alone.
    QCOMPARE(get.adjusted(QUrl::NormalizePathSegments), get);
    // The id comes back intact from the last segment.
    QCOMPARE(QUrl::fromPercentEncoding(get.path(QUrl::FullyEncoded).section(QLatin1Char('/'), -1).toLatin1()), id);

    const QUrl cancel = endpoint.cancelUrl(id);
    QCOMPARE(cancel.toString(QUrl::FullyEncoded), expected + QStringLiteral("/cancel"));
    QCOMPARE(segmentCount(cancel), rootSegments + 3);
    QVERIFY(!cancel.hasQuery());
    QVERIFY(!cancel.hasFragment());
}

void tst_ApiEndpoint::unusableIdsGiveNoUrl_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("empty") << "";
    QTest::newRow("dot") << ".";
    QTest::newRow("dot dot") << "..";
}

void tst_ApiEndpoint::unusableIdsGiveNoUrl()
{
    QFETCH(QString, id);
    const ApiEndpoint endpoint;
    // "/predictions/.." would be the root itself once normalised, and "/predictions/" the list.
    QVERIFY(endpoint.predictionUrl(id).isEmpty());
    QVERIFY(endpoint.cancelUrl(id).isEmpty());
}

void tst_ApiEndpoint::listUrl()
{
    const ApiEndpoint endpoint = ApiEndpoint::preset(Provider::Replicate);
    QCOMPARE(endpoint.listUrl().toString(QUrl::FullyEncoded),
             QStringLiteral("https://api.replicate.com/v1/predictions"));
    QVERIFY(!endpoint.listUrl().hasQuery());
    QCOMPARE(endpoint.listUrl(QStringLiteral("cD0yMDI1=")).toString(QUrl::FullyEncoded),
             QStringLiteral("https://api.replicate.com/v1/predictions?cursor=cD0yMDI1%3D"));
    QCOMPARE(endpoint.createVersionUrl().toString(), QStringLiteral("https://api.replicate.com/v1/predictions"));
}

void tst_ApiEndpoint::cursorRoundTrip_data()
{
    QTest::addColumn<QString>("cursor");
    QTest::newRow("base64") << "cD0yMDI1LTA3LTE0VDEzOjAwOjAwLjEyMFo=";
    QTest::newRow("plus and slash") << "a+b/c==";
    QTest::newRow("ampersand") << "a&cursor=evil&b=c";
    QTest::newRow("hash") << "a#b";
    QTest::newRow("space") << "a b";
    QTest::newRow("percent") << "a%20b";
    QTest::newRow("unicode") << QString::fromUtf8("游标");
}

void tst_ApiEndpoint::cursorRoundTrip()
{
    QFETCH(QString, cursor);
    const ApiEndpoint endpoint;
    const QUrl url = endpoint.listUrl(cursor);
    QVERIFY(url.isValid());
    QVERIFY(!url.hasFragment());
    QCOMPARE(url.path(), QStringLiteral("/replicate/v1/predictions"));
    QCOMPARE(ApiEndpoint::cursorFromNextUrl(url.toString(QUrl::FullyEncoded)), cursor);
}

void tst_ApiEndpoint::createUrls_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("expected"); // "" when no URL can be built

    const QString root = QStringLiteral("https://api.quickrouter.ai/replicate/v1");
    QTest::newRow("kontext") << "black-forest-labs/flux-kontext-pro"
                             << root + QStringLiteral("/models/black-forest-labs/flux-kontext-pro/predictions");
    QTest::newRow("trimmed") << "  black-forest-labs/flux-schnell "
                             << root + QStringLiteral("/models/black-forest-labs/flux-schnell/predictions");
    QTest::newRow("odd characters encoded")
        << "owner/name?x#y" << root + QStringLiteral("/models/owner/name%3Fx%23y/predictions");
    QTest::newRow("no owner") << "flux-schnell"
                              << "";
    QTest::newRow("three parts") << "a/b/c"
                                 << "";
    QTest::newRow("empty owner") << "/flux"
                                 << "";
    QTest::newRow("empty name") << "owner/"
                                << "";
    QTest::newRow("traversal") << "../x"
                               << "";
    QTest::newRow("empty") << ""
                           << "";
}

void tst_ApiEndpoint::createUrls()
{
    QFETCH(QString, model);
    QFETCH(QString, expected);
    const QUrl url = ApiEndpoint().createUrl(model);
    QCOMPARE(url.toString(QUrl::FullyEncoded), expected);
}

void tst_ApiEndpoint::invalidEndpointBuildsNothing()
{
    const ApiEndpoint custom = ApiEndpoint::preset(Provider::Custom);
    QVERIFY(!custom.isValid());
    QVERIFY(custom.predictionUrl(seedId).isEmpty());
    QVERIFY(custom.cancelUrl(seedId).isEmpty());
    QVERIFY(custom.listUrl().isEmpty());
    QVERIFY(custom.createUrl(QStringLiteral("a/b")).isEmpty());
    QVERIFY(custom.createVersionUrl().isEmpty());
    QVERIFY(!custom.isApiOrigin(QUrl(QStringLiteral("https://api.replicate.com/v1"))));
}

void tst_ApiEndpoint::apiOrigin_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("expected");

    const QString qr = QStringLiteral("https://api.quickrouter.ai/replicate/v1");
    QTest::newRow("same") << qr << "https://api.quickrouter.ai/replicate/v1/predictions/x" << true;
    QTest::newRow("other path") << qr << "https://api.quickrouter.ai/files/out.png" << true;
    QTest::newRow("host case") << qr << "https://API.QuickRouter.AI/replicate/v1" << true;
    QTest::newRow("explicit default port") << qr << "https://api.quickrouter.ai:443/x" << true;
    QTest::newRow("other port") << qr << "https://api.quickrouter.ai:8443/x" << false;
    QTest::newRow("http downgrade") << qr << "http://api.quickrouter.ai/replicate/v1" << false;
    QTest::newRow("http on 443") << qr << "http://api.quickrouter.ai:443/x" << false;
    QTest::newRow("file host") << qr << "https://replicate.delivery/xezq/abc/output.jpg" << false;
    QTest::newRow("replicate api") << qr << "https://api.replicate.com/v1/predictions/x" << false;
    QTest::newRow("subdomain") << qr << "https://evil.api.quickrouter.ai/x" << false;
    QTest::newRow("suffix") << qr << "https://api.quickrouter.ai.evil.com/x" << false;
    QTest::newRow("userinfo trick") << qr << "https://api.quickrouter.ai@evil.com/x" << false;
    QTest::newRow("relative") << qr << "/replicate/v1/predictions/x" << false;
    QTest::newRow("empty") << qr << "" << false;
    QTest::newRow("data uri") << qr << "data:image/png;base64,AAAA" << false;

    const QString sim = QStringLiteral("http://127.0.0.1:8080/v1");
    QTest::newRow("sim same") << sim << "http://127.0.0.1:8080/files/x/output-0.png" << true;
    QTest::newRow("sim second host") << sim << "http://127.0.0.2:8080/files/x/output-0.png" << false;
    QTest::newRow("sim default port") << sim << "http://127.0.0.1/v1" << false;
    QTest::newRow("sim localhost name") << sim << "http://localhost:8080/v1" << false;
    QTest::newRow("sim https") << sim << "https://127.0.0.1:8080/v1" << false;

    const QString plain = QStringLiteral("http://example.com/v1");
    QTest::newRow("port 80 explicit") << plain << "http://example.com:80/v1/x" << true;
    QTest::newRow("port 443 on http") << plain << "http://example.com:443/v1/x" << false;
}

void tst_ApiEndpoint::apiOrigin()
{
    QFETCH(QString, root);
    QFETCH(QString, url);
    QFETCH(bool, expected);
    QCOMPARE(endpointAt(root).isApiOrigin(QUrl(url)), expected);
}

void tst_ApiEndpoint::fromRootAccepts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("root");

    QTest::newRow("plain") << "https://api.example.com/v1"
                           << "https://api.example.com/v1";
    QTest::newRow("trailing slash") << "https://api.example.com/v1/"
                                    << "https://api.example.com/v1";
    QTest::newRow("trailing slashes") << "https://api.example.com/v1///"
                                      << "https://api.example.com/v1";
    QTest::newRow("surrounding spaces") << "  https://api.example.com/v1 \n"
                                        << "https://api.example.com/v1";
    QTest::newRow("host case") << "https://API.Example.COM/V1"
                               << "https://api.example.com/V1";
    QTest::newRow("scheme case") << "HTTPS://api.example.com/v1"
                                 << "https://api.example.com/v1";
    QTest::newRow("default port dropped") << "https://api.example.com:443/v1"
                                          << "https://api.example.com/v1";
    QTest::newRow("http default port dropped") << "http://api.example.com:80/v1"
                                               << "http://api.example.com/v1";
    QTest::newRow("other port kept") << "http://127.0.0.1:8080/replicate/v1"
                                     << "http://127.0.0.1:8080/replicate/v1";
    QTest::newRow("ipv6") << "http://[::1]:8080/v1"
                          << "http://[::1]:8080/v1";
    QTest::newRow("no path") << "https://api.example.com"
                             << "https://api.example.com";
    QTest::newRow("root slash") << "https://api.example.com/"
                                << "https://api.example.com";
    QTest::newRow("quickrouter") << "https://api.quickrouter.ai/replicate/v1"
                                 << "https://api.quickrouter.ai/replicate/v1";
}

void tst_ApiEndpoint::fromRootAccepts()
{
    QFETCH(QString, text);
    QFETCH(QString, root);
    const auto result = ApiEndpoint::fromRoot(Provider::Demo, text);
    QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error()));
    QCOMPARE(result.value().root().toString(), root);
    QCOMPARE(result.value().provider(), Provider::Demo);
    QVERIFY(result.value().isValid());
}

void tst_ApiEndpoint::fromRootRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mention");

    QTest::newRow("empty") << ""
                           << "Enter the address";
    QTest::newRow("blank") << "   "
                           << "Enter the address";
    QTest::newRow("no scheme") << "api.example.com/v1"
                               << "https://";
    QTest::newRow("host and port, no scheme") << "localhost:8080/v1"
                                              << "https://";
    QTest::newRow("ftp") << "ftp://example.com/v1"
                         << "ftp://";
    QTest::newRow("file") << "file:///etc/passwd"
                          << "file://";
    QTest::newRow("no host") << "https:///v1"
                             << "host";
    QTest::newRow("scheme only") << "https://"
                                 << "host";
    QTest::newRow("userinfo") << "https://user:secret@example.com/v1"
                              << "user name or password";
    QTest::newRow("user only") << "https://r8_key@example.com/v1"
                               << "user name or password";
    QTest::newRow("query") << "https://example.com/v1?key=1"
                           << "query";
    QTest::newRow("empty query") << "https://example.com/v1?"
                                 << "query";
    QTest::newRow("fragment") << "https://example.com/v1#top"
                              << "fragment";
    QTest::newRow("space in host") << "https://exa mple.com/v1"
                                   << "not a valid URL";
}

void tst_ApiEndpoint::fromRootRejects()
{
    QFETCH(QString, text);
    QFETCH(QString, mention);
    const auto result = ApiEndpoint::fromRoot(Provider::Custom, text);
    QVERIFY(!result.ok());
    QVERIFY2(result.error().contains(mention), qPrintable(result.error()));
    // A secret someone put in the address is not repeated back.
    QVERIFY(!result.error().contains(QLatin1String("secret")));
    QVERIFY(!result.error().contains(QLatin1String("r8_key")));
}

void tst_ApiEndpoint::cursorFromNextUrl_data()
{
    QTest::addColumn<QString>("next");
    QTest::addColumn<QString>("cursor");

    QTest::newRow("replicate")
        << "https://api.replicate.com/v1/predictions?cursor=cD0yMDI1LTA3LTE0VDEzOjAwOjAwLjEyMFo%3D"
        << "cD0yMDI1LTA3LTE0VDEzOjAwOjAwLjEyMFo=";
    QTest::newRow("other params") << "https://relay.example/replicate/v1/predictions?limit=100&cursor=abc&x=y"
                                  << "abc";
    QTest::newRow("plus encoded") << "https://h/p?cursor=a%2Bb"
                                  << "a+b";
    QTest::newRow("no cursor") << "https://api.replicate.com/v1/predictions?page=2"
                               << "";
    QTest::newRow("no query") << "https://api.replicate.com/v1/predictions"
                              << "";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("spaces around") << "  https://h/p?cursor=xyz  "
                                   << "xyz";
}

void tst_ApiEndpoint::cursorFromNextUrl()
{
    QFETCH(QString, next);
    QFETCH(QString, cursor);
    QCOMPARE(ApiEndpoint::cursorFromNextUrl(next), cursor);
}

void tst_ApiEndpoint::extractIds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<QStringList>("unusable");

    const QString a = seedId;
    const QString b = id2;
    const QString c = id3;
    const auto u = [](const char *text) { return QString::fromUtf8(text); };

    QTest::newRow("empty") << QString() << QStringList() << QStringList();
    QTest::newRow("blank lines") << u("\n  \n\t\n") << QStringList() << QStringList();
    QTest::newRow("bare") << a << QStringList{a} << QStringList();
    QTest::newRow("bare with spaces") << u("   ") + a + u("  \n") << QStringList{a} << QStringList();
    QTest::newRow("spaces commas semicolons") << a + u(", ") + b + u(";") + c << QStringList{a, b, c} << QStringList();
    QTest::newRow("tabs") << a + u("\t") + b << QStringList{a, b} << QStringList();
    QTest::newRow("lines, CRLF") << a + u("\r\n\r\n") + b + u("\r\n") + c << QStringList{a, b, c} << QStringList();
    QTest::newRow("order kept") << c + u(" ") + a + u("\n") + b << QStringList{c, a, b} << QStringList();
    QTest::newRow("duplicates dropped") << a + u(" ") + a + u("\n") + b + u(",") + a << QStringList{a, b}
                                        << QStringList();
    QTest::newRow("web url") << u("https://replicate.com/p/") + a << QStringList{a} << QStringList();
    QTest::newRow("web url www and query")
        << u("https://www.replicate.com/p/") + a + u("?tab=output#x") << QStringList{a} << QStringList();
    QTest::newRow("web url no scheme") << u("replicate.com/p/") + a << QStringList{a} << QStringList();
    QTest::newRow("seed urls.get") << u("https://api.replicate.com/v1/predictions/") + a << QStringList{a}
                                   << QStringList();
    QTest::newRow("seed urls.cancel") << u("https://api.replicate.com/v1/predictions/") + a + u("/cancel")
                                      << QStringList{a} << QStringList();
    QTest::newRow("quickrouter") << u("https://api.quickrouter.ai/replicate/v1/predictions/") + a << QStringList{a}
                                 << QStringList();
    QTest::newRow("anyapi with query") << u("https://www.anyapi.vip/replicate/v1/predictions/") + a + u("?x=1#f")
                                       << QStringList{a} << QStringList();
    QTest::newRow("api url no scheme") << u("api.replicate.com/v1/predictions/") + a << QStringList{a} << QStringList();
    QTest::newRow("simulator") << u("http://127.0.0.1:8080/v1/predictions/") + a << QStringList{a} << QStringList();
    QTest::newRow("request line") << u("GET /replicate/v1/predictions/") + a + u(" HTTP/1.1") << QStringList{a}
                                  << QStringList();
    QTest::newRow("seed curl line")
        << u("curl --location --request GET 'https://api.quickrouter.ai/replicate/v1/predictions/") + a + u("' \\")
        << QStringList{a} << QStringList();
    QTest::newRow("seed template url") << u("https://api.quickrouter.ai/replicate/v1/predictions/{任务id}")
                                       << QStringList()
                                       << QStringList{
                                              u("https://api.quickrouter.ai/replicate/v1/predictions/{任务id}")};
    QTest::newRow("seed yaml example") << u("          example: ") + a << QStringList{a} << QStringList();
    QTest::newRow("seed yaml web") << u("web: https://replicate.com/p/") + a << QStringList{a} << QStringList();
    QTest::newRow("seed stream url")
        << u("https://stream.replicate.com/v1/files/bcwr-h7bu76ujftxzwih5u35puoysogps56mqvpvjz4nrxskhfe7ks42a")
        << QStringList()
        << QStringList{
               u("https://stream.replicate.com/v1/files/bcwr-h7bu76ujftxzwih5u35puoysogps56mqvpvjz4nrxskhfe7ks42a")};
    QTest::newRow("seed model page") << u("官方文档: https://replicate.com/black-forest-labs/flux-kontext-max")
                                     << QStringList()
                                     << QStringList{
                                            u("官方文档: https://replicate.com/black-forest-labs/flux-kontext-max")};
    QTest::newRow("delivery url")
        << u("https://replicate.delivery/xezq/FB7iNUmvHJ4NHFIMPea2hEoa4N4mTbwf3GBQjGzGQ4yeD4fTB/output.jpg")
        << QStringList()
        << QStringList{
               u("https://replicate.delivery/xezq/FB7iNUmvHJ4NHFIMPea2hEoa4N4mTbwf3GBQjGzGQ4yeD4fTB/output.jpg")};
    QTest::newRow("list url") << u("https://api.replicate.com/v1/predictions?cursor=abc123def456ghi789")
                              << QStringList()
                              << QStringList{u("https://api.replicate.com/v1/predictions?cursor=abc123def456ghi789")};
    QTest::newRow("relay's own id style")
        << u("https://relay.example/v1/predictions/pred_8Xk2mQ7") << QStringList{u("pred_8Xk2mQ7")} << QStringList();
    QTest::newRow("docs page is not an id")
        << u("https://replicate.com/docs/reference/http/predictions/overview") << QStringList()
        << QStringList{u("https://replicate.com/docs/reference/http/predictions/overview")};
    QTest::newRow("url then bare") << u("https://replicate.com/p/") + b + u(" ") + a << QStringList{b, a}
                                   << QStringList();
    QTest::newRow("markdown link") << u("[my run](https://replicate.com/p/") + a + u(")") << QStringList{a}
                                   << QStringList();
    QTest::newRow("quoted") << u("'") + a + u("' \"") + b + u("\"") << QStringList{a, b} << QStringList();
    QTest::newRow("key=value") << u("id=") + a + u("&foo=bar") << QStringList{a} << QStringList();
    QTest::newRow("chinese around id") << u("任务ID：") + a + u("，请帮我查询一下") << QStringList{a} << QStringList();
    QTest::newRow("chinese separators") << u("任务：") + a + u("、") + b + u("；") + c + u("。") << QStringList{a, b, c}
                                        << QStringList();
    QTest::newRow("chinese glued to url")
        << u("查看结果https://replicate.com/p/") + b + u("。谢谢") << QStringList{b} << QStringList();
    QTest::newRow("chinese line without id")
        << u("这是一个测试\n") + a << QStringList{a} << QStringList{u("这是一个测试")};
    QTest::newRow("status words") << u("processing succeeded failed canceled") << QStringList()
                                  << QStringList{u("processing succeeded failed canceled")};
    QTest::newRow("words and an id") << u("still processing: ") + a << QStringList{a} << QStringList();
    QTest::newRow("unusable lines trimmed")
        << u("  hello  \n") + a + u("\n  abc123  ") << QStringList{a} << QStringList{u("hello"), u("abc123")};
    QTest::newRow("upper case") << a.toUpper() << QStringList() << QStringList{a.toUpper()};
    QTest::newRow("digits only") << u("12345678901234567890") << QStringList()
                                 << QStringList{u("12345678901234567890")};
    QTest::newRow("api key is not an id")
        << u("Authorization: Bearer r8_AbC123dEf456GhI789jKl012MnO345pQr") << QStringList()
        << QStringList{u("Authorization: Bearer r8_AbC123dEf456GhI789jKl012MnO345pQr")};
    QTest::newRow("json one line") << u(R"({"id":")") + a
            + u(R"(","urls":{"get":"https://api.replicate.com/v1/predictions/)") + a + u(R"("}})")
                                   << QStringList{a} << QStringList();
    QTest::newRow("json array of objects")
        << u(R"([{"id":")") + a + u(R"("},{"id":")") + b + u(R"("}])") << QStringList{a, b} << QStringList();
    QTest::newRow("json array of strings")
        << u(R"([")") + c + u(R"(", "https://replicate.com/p/)") + a + u(R"("])") << QStringList{c, a} << QStringList();
    QTest::newRow("json list page") << u(R"({"next":null,"results":[{"id":")") + b
            + u(R"(","status":"starting"},{"id":")") + c + u(R"(","status":"failed"}]})")
                                    << QStringList{b, c} << QStringList();
    QTest::newRow("json escaped slashes") << u(R"("get": "https:\/\/api.replicate.com\/v1\/predictions\/)") + a
            + u("\"") << QStringList{a} << QStringList();
    QTest::newRow("json escaped id key") << u(R"({"\u0069d": ")") + a + u("\", \"status\": ") << QStringList{a}
                                         << QStringList();
    QTest::newRow("json fragment, version hash not taken")
        << u(R"(  "id": ")") + a + u("\",\n")
            + u(R"(  "version": "9eee3692f09e2e8c662248b483b7ffc050fec94dbca3a0aac36098b2cc2bd818",)") + u("\n")
            + u(R"(  "input_image": "https://replicate.delivery/xezq/XfwWjHJ7HfrmXE6ukuLVEpXWfeQ3PQeRI5mApuLXRxST7XMmC/tmpc91tlq20.png",)")
            + u("\n") + u(R"(  "get": "https://api.replicate.com/v1/predictions/)") + b + u("\",")
        << QStringList{a, b}
        << QStringList{
               u(R"("version": "9eee3692f09e2e8c662248b483b7ffc050fec94dbca3a0aac36098b2cc2bd818",)"),
               u(R"("input_image": "https://replicate.delivery/xezq/XfwWjHJ7HfrmXE6ukuLVEpXWfeQ3PQeRI5mApuLXRxST7XMmC/tmpc91tlq20.png",)")};
}

void tst_ApiEndpoint::extractIds()
{
    QFETCH(QString, text);
    QFETCH(QStringList, ids);
    QFETCH(QStringList, unusable);

    QStringList gotUnusable;
    QCOMPARE(ApiEndpoint::extractIds(text, &gotUnusable), ids);
    QCOMPARE(gotUnusable, unusable);
}

void tst_ApiEndpoint::extractIdsFromSeedPrediction()
{
    // A whole prediction pasted from a terminal: one id, however many lines it spans.
    QFile file(QStringLiteral(REPLIMON_FIXTURES_DIR "/prediction_seed_success.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QStringList unusable;
    QCOMPARE(ApiEndpoint::extractIds(QString::fromUtf8(file.readAll()), &unusable), QStringList{seedId});
    QVERIFY(unusable.isEmpty());
}

void tst_ApiEndpoint::extractIdsRejectsTrailingNewline_data()
{
    QTest::addColumn<QString>("file");
    // Found by fuzz_extract_ids: "$" also matched before a final newline, so an "id" of "qr-1234567\n"
    // (escaped in a pasted line, or raw inside a JSON string) was taken for an id.
    QTest::newRow("escaped newline") << QStringLiteral("id-with-escaped-newline");
    QTest::newRow("raw newline in JSON") << QStringLiteral("crash-id-with-raw-newline");
}

void tst_ApiEndpoint::extractIdsRejectsTrailingNewline()
{
    QFETCH(QString, file);
    QFile input(QStringLiteral(REPLIMON_FIXTURES_DIR "/fuzz/extract_ids/") + file);
    QVERIFY(input.open(QIODevice::ReadOnly));
    const QStringList ids = ApiEndpoint::extractIds(QString::fromUtf8(input.readAll()));
    for (const QString &id : ids) {
        QVERIFY2(!id.contains(QLatin1Char('\n')), qPrintable(id));
        QVERIFY2(!id.startsWith(QLatin1String("qr-1234567")), qPrintable(id));
    }
}

void tst_ApiEndpoint::extractIdsWithoutUnusableList()
{
    QCOMPARE(ApiEndpoint::extractIds(QStringLiteral("nothing here\n") + seedId), QStringList{seedId});
}

void tst_ApiEndpoint::plausibleIds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("plausible");

    QTest::newRow("replicate id") << seedId << true;
    QTest::newRow("surrounding spaces") << QStringLiteral(" ") + seedId + QStringLiteral(" ") << true;
    QTest::newRow("16 chars") << "abcdefghijklmn12" << true;
    QTest::newRow("15 chars") << "abcdefghijklm12" << false;
    QTest::newRow("64 chars") << QStringLiteral("a1").repeated(32) << true;
    QTest::newRow("65 chars") << QStringLiteral("a1").repeated(32) + QStringLiteral("b") << false;
    QTest::newRow("no digit") << "abcdefghijklmnopqrstuvwxyz" << false;
    QTest::newRow("no letter") << "12345678901234567890" << false;
    QTest::newRow("word") << "processing" << false;
    QTest::newRow("long word") << "internationalization" << false;
    QTest::newRow("upper case") << seedId.toUpper() << false;
    QTest::newRow("dash") << "w44zs9cet5rmc0cq-zp49gpkhf8" << false;
    QTest::newRow("underscore") << "w44zs9cet5rmc0cq_zp49gpkhf8" << false;
    QTest::newRow("inner space") << "w44zs9cet5rmc0cq zp49gpkhf8" << false;
    QTest::newRow("url") << QStringLiteral("https://replicate.com/p/") + seedId << false;
    QTest::newRow("unicode digits") << QString::fromUtf8("abcdefghijklmnop١٢") << false;
    QTest::newRow("empty") << "" << false;
}

void tst_ApiEndpoint::plausibleIds()
{
    QFETCH(QString, text);
    QFETCH(bool, plausible);
    QCOMPARE(ApiEndpoint::isPlausibleId(text), plausible);
}

QTEST_GUILESS_MAIN(tst_ApiEndpoint)
#include "tst_apiendpoint.moc"
