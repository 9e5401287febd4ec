// Task's rules, the ones every view asks instead of working them out: where the web page is, whether
// outputs would be lost, and when the server deletes them.
#include "Task.h"

#include <QTest>

using namespace std::chrono_literals;

namespace {

Task succeededTask()
{
    Task task;
    task.key = {QStringLiteral("replicate"), QStringLiteral("qh5yfvd6ksrm80cqzpa9kq5ks4")};
    task.setRawJson(QByteArrayLiteral("{}"));
    task.status = PredictionStatus::Succeeded;
    task.completedAt = QDateTime(QDate(2025, 7, 12), QTime(7, 28), Qt::UTC);
    task.outputUrlTexts = {QStringLiteral("https://replicate.delivery/x/out-0.png")};
    return task;
}

} // namespace

class tst_Task final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void webPageUrl_data();
    void webPageUrl();
    void unsavedOutputs();
    void expiry();
};

void tst_Task::webPageUrl_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QUrl>("webUrl");
    QTest::addColumn<QUrl>("page");
    const QUrl own(QStringLiteral("https://quickrouter.example/p/abc"));
    QTest::newRow("the server's page") << QStringLiteral("abc") << own << own;
    QTest::newRow("http is fine too") << QStringLiteral("abc") << QUrl(QStringLiteral("http://relay.local/p/abc"))
                                      << QUrl(QStringLiteral("http://relay.local/p/abc"));
    QTest::newRow("none: Replicate's") << QStringLiteral("abc") << QUrl()
                                       << QUrl(QStringLiteral("https://replicate.com/p/abc"));
    QTest::newRow("not a web address") << QStringLiteral("abc") << QUrl(QStringLiteral("file:///etc/passwd"))
                                       << QUrl(QStringLiteral("https://replicate.com/p/abc"));
    QTest::newRow("the id is escaped") << QStringLiteral("a/b?c") << QUrl()
                                       << QUrl(QStringLiteral("https://replicate.com/p/a%2Fb%3Fc"));
}

void tst_Task::webPageUrl()
{
    QFETCH(QString, id);
    QFETCH(QUrl, webUrl);
    QFETCH(QUrl, page);
    Task task;
    task.key = {QStringLiteral("replicate"), id};
    task.webUrlText = webUrl.toString(QUrl::FullyEncoded);
    QCOMPARE(task.webPageUrl(), page);
}

void tst_Task::unsavedOutputs()
{
    Task task = succeededTask();
    QVERIFY(task.hasUnsavedOutputs());
    task.localFiles = {QStringLiteral("/data/out-0.png")};
    QVERIFY(!task.hasUnsavedOutputs());
    task = succeededTask();
    task.dataRemoved = true;
    QVERIFY(!task.hasUnsavedOutputs());
    task = succeededTask();
    task.outputUrlTexts.clear();
    QVERIFY(!task.hasUnsavedOutputs());
}

void tst_Task::expiry()
{
    Task task = succeededTask();
    const QDateTime expires = task.completedAt.addSecs(3600);
    QCOMPARE(task.outputsExpireAt(1h), expires);
    QCOMPARE(task.unsavedOutputsExpireAt(1h), expires);
    QCOMPARE(task.outputsExpireAt(30min), task.completedAt.addSecs(1800));

    // Saved: the outputs still expire on the server, but nothing would be lost.
    task.localFiles = {QStringLiteral("/data/out-0.png")};
    QCOMPARE(task.outputsExpireAt(1h), expires);
    QVERIFY(!task.unsavedOutputsExpireAt(1h).isValid());

    task = succeededTask();
    task.status = PredictionStatus::Failed;
    QVERIFY(!task.outputsExpireAt(1h).isValid());
    task = succeededTask();
    task.completedAt = QDateTime();
    QVERIFY(!task.outputsExpireAt(1h).isValid());
    QVERIFY(!task.unsavedOutputsExpireAt(1h).isValid());
}

QTEST_GUILESS_MAIN(tst_Task)
#include "tst_task.moc"
