// CaptureRouting alone: which calls are prediction calls, which Host values are loopback, and where an
// accepted target goes upstream.
#include <QTest>

#include "CaptureRouting.h"
#include "HttpHead.h"

class tst_CaptureRouting final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classify_data();
    void classify();
    void loopbackHost_data();
    void loopbackHost();
    void upstreamTarget_data();
    void upstreamTarget();
    void hopByHopFieldsStayBehind();
};

void tst_CaptureRouting::classify_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<CaptureCallKind>("kind");
    QTest::newRow("create by version") << QByteArray("POST") << QByteArray("/predictions") << CaptureCallKind::Create;
    QTest::newRow("create by model") << QByteArray("POST")
                                     << QByteArray("/models/black-forest-labs/flux-dev/predictions")
                                     << CaptureCallKind::Create;
    QTest::newRow("create by deployment")
        << QByteArray("POST") << QByteArray("/deployments/me/mine/predictions") << CaptureCallKind::Create;
    QTest::newRow("get") << QByteArray("GET") << QByteArray("/predictions/abc123") << CaptureCallKind::Get;
    QTest::newRow("cancel") << QByteArray("POST") << QByteArray("/predictions/abc123/cancel")
                            << CaptureCallKind::Cancel;
    QTest::newRow("list") << QByteArray("GET") << QByteArray("/predictions") << CaptureCallKind::List;
    QTest::newRow("list, trailing slash") << QByteArray("GET") << QByteArray("/predictions/") << CaptureCallKind::List;
    QTest::newRow("delete") << QByteArray("DELETE") << QByteArray("/predictions/abc123") << CaptureCallKind::None;
    QTest::newRow("model") << QByteArray("GET") << QByteArray("/models/a/b") << CaptureCallKind::None;
    QTest::newRow("get a model's predictions")
        << QByteArray("GET") << QByteArray("/models/a/b/predictions") << CaptureCallKind::None;
    QTest::newRow("files") << QByteArray("POST") << QByteArray("/files") << CaptureCallKind::None;
    QTest::newRow("stream") << QByteArray("GET") << QByteArray("/predictions/abc/stream") << CaptureCallKind::None;
}

void tst_CaptureRouting::classify()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(CaptureCallKind, kind);
    QCOMPARE(CaptureRouting::classify(method, path), kind);
}

void tst_CaptureRouting::loopbackHost_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("127.0.0.1:5088") << QByteArray("127.0.0.1:5088") << true;
    QTest::newRow("127.1.2.3") << QByteArray("127.1.2.3") << true;
    QTest::newRow("[::1]:5088") << QByteArray("[::1]:5088") << true;
    QTest::newRow("localhost") << QByteArray("LocalHost:5088") << true;
    QTest::newRow("api.localhost") << QByteArray("api.localhost") << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("rebinding name") << QByteArray("attacker.example:5088") << false;
    QTest::newRow("localhost as a prefix") << QByteArray("localhost.attacker.example") << false;
    QTest::newRow("lan address") << QByteArray("192.168.1.2:5088") << false;
    QTest::newRow("any address") << QByteArray("0.0.0.0:5088") << false;
    QTest::newRow("[::]") << QByteArray("[::]:5088") << false;
    QTest::newRow("unclosed bracket") << QByteArray("[::1") << false;
}

void tst_CaptureRouting::loopbackHost()
{
    QFETCH(QByteArray, host);
    QFETCH(bool, loopback);
    QCOMPARE(CaptureRouting::isLoopbackHost(host), loopback);
}

void tst_CaptureRouting::upstreamTarget_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("rootPath");
    QTest::addColumn<QByteArray>("upstream");
    QTest::newRow("/v1 to /v1") << QByteArray("/v1/predictions?cursor=a%2Fb") << QByteArray("/v1")
                                << QByteArray("/v1/predictions?cursor=a%2Fb");
    QTest::newRow("/replicate/v1 to /v1")
        << QByteArray("/replicate/v1/predictions/x") << QByteArray("/v1") << QByteArray("/v1/predictions/x");
    QTest::newRow("/v1 to a relay") << QByteArray("/v1/predictions/x") << QByteArray("/replicate/v1")
                                    << QByteArray("/replicate/v1/predictions/x");
    QTest::newRow("the root itself") << QByteArray("/v1") << QByteArray("/api/v1") << QByteArray("/api/v1");
}

void tst_CaptureRouting::upstreamTarget()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, rootPath);
    QFETCH(QByteArray, upstream);
    HttpHead head;
    head.method = "GET";
    head.target = target;
    head.append("Host", "127.0.0.1:5088");
    const auto routed = CaptureRouting::route(head, rootPath, {});
    const auto *route = std::get_if<CaptureRouting::Route>(&routed);
    QVERIFY(route);
    QCOMPARE(route->upstreamTarget, upstream);
}

void tst_CaptureRouting::hopByHopFieldsStayBehind()
{
    HttpHead head;
    head.fields = {{"Host", "127.0.0.1:7010"},
                   {"connection", "keep-alive, X-Trace"},
                   {"Authorization", "Bearer caller"},
                   {"KEEP-ALIVE", "timeout=5"},
                   {"x-trace", "abc"},
                   {"TE", "trailers"},
                   {"Transfer-Encoding", "chunked"},
                   {"Content-Length", "12"},
                   {"Proxy-Authorization", "Basic x"},
                   {"Upgrade", "h2c"},
                   {"X-Trace-Id", "kept"},
                   {"Content-Type", "application/json"}};
    head.removeHopByHop();
    const QList<QPair<QByteArray, QByteArray>> kept = {{"Host", "127.0.0.1:7010"},
                                                       {"Authorization", "Bearer caller"},
                                                       {"X-Trace-Id", "kept"},
                                                       {"Content-Type", "application/json"}};
    QCOMPARE(head.fields, kept);
}

QTEST_GUILESS_MAIN(tst_CaptureRouting)
#include "tst_capturerouting.moc"
