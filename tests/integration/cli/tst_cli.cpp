// The real replimon-cli binary against replimon-sim on loopback: output, exit codes, downloads, the
// key's hygiene and retry timing read back from the simulator's request log.
#include "CliRunner.h"
#include "SimProcess.h"

#include <QDir>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

namespace {

QJsonObject spec(std::initializer_list<std::pair<QString, QJsonValue>> entries)
{
    // Quick ones unless the test says otherwise.
    QJsonObject object{{QStringLiteral("queue_ms"), 0}, {QStringLiteral("run_ms"), 0}};
    for (const auto &[key, value] : entries)
        object.insert(key, value);
    return object;
}

} // namespace

class tst_Cli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void helpAndUsage_data();
    void helpAndUsage();
    void getSummary();
    void getJsonLines();
    void getFailedExitsOne();
    void idsFromUrlsAndStdin();
    void waitUntilSucceeded();
    void waitWithFailureExitsOne();
    void waitTimeout();
    void waitHonoursRetryAfter();
    void unauthorizedNeverShowsKey_data();
    void unauthorizedNeverShowsKey();
    void sanitizedKeysWork_data();
    void sanitizedKeysWork();
    void unknownIdExitsFour();
    void highestCodeWins();
    void serverNotRunningExitsFive();
    void badBodiesExitSix_data();
    void badBodiesExitSix();
    void downloadNamesFromRealType_data();
    void downloadNamesFromRealType();
    void downloadSeveralOutputsAndText();
    void droppedDownloadLeavesNoFile();
    void waitThenDownload();
    void listFollowsPages();
    void listNotSupported();
    void unwritableFolderExitsSeven();

private:
    using Run = CliRunner::Run;
    using EnvChanges = CliRunner::EnvChanges;
    Run run(const QStringList &arguments, const EnvChanges &changes = {}, const QByteArray &input = {});
    QString createOne(const QJsonObject &predictionSpec);

    SimProcess m_sim;
};

void tst_Cli::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(REPLIMON_CLI_BINARY)), REPLIMON_CLI_BINARY);
    QVERIFY2(m_sim.start(), "replimon-sim did not start");
}

void tst_Cli::init()
{
    QVERIFY(m_sim.clearFaults());
    QVERIFY(m_sim.clearLog());
}

tst_Cli::Run tst_Cli::run(const QStringList &arguments, const EnvChanges &changes, const QByteArray &input)
{
    return CliRunner(m_sim).run(arguments, changes, input);
}

QString tst_Cli::createOne(const QJsonObject &predictionSpec)
{
    const QStringList ids = m_sim.createPredictions(predictionSpec);
    return ids.size() == 1 ? ids.first() : QString();
}

void tst_Cli::helpAndUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");

    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << 0;
    QTest::newRow("no command") << QStringList{} << 2;
    QTest::newRow("unknown command") << QStringList{QStringLiteral("show"), QStringLiteral("abc123")} << 2;
    QTest::newRow("unknown option") << QStringList{QStringLiteral("get"), QStringLiteral("abc123"),
                                                   QStringLiteral("--verbose")}
                                    << 2;
    QTest::newRow("download without --dir") << QStringList{QStringLiteral("download"), QStringLiteral("abc123")} << 2;
    QTest::newRow("interval too short") << QStringList{QStringLiteral("wait"), QStringLiteral("abc123"),
                                                       QStringLiteral("--interval"), QStringLiteral("0.2")}
                                        << 2;
}

void tst_Cli::helpAndUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    const Run result = run(arguments);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, exitCode);
    if (exitCode == 0) {
        QVERIFY(result.out.contains("Exit codes"));
        QVERIFY(result.out.contains("--api-key"));
    } else {
        QVERIFY(result.out.isEmpty());
        QVERIFY(result.err.contains("--help"));
    }
    QCOMPARE(m_sim.requestLog().size(), 0); // nothing reaches the server on a usage error
}

void tst_Cli::getSummary()
{
    const QString id = createOne(
        spec({{QStringLiteral("prompt"), QStringLiteral("a red fox in the snow")},
              {QStringLiteral("model"), QStringLiteral("black-forest-labs/flux-kontext-max")}}));
    QVERIFY(!id.isEmpty());
    const Run result = run({QStringLiteral("get"), id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    const QString out = QString::fromUtf8(result.out);
    QVERIFY2(out.startsWith(id + QStringLiteral("  succeeded\n")), qPrintable(out));
    QVERIFY(out.contains(QStringLiteral("black-forest-labs/flux-kontext-max")));
    QVERIFY(out.contains(QStringLiteral("a red fox in the snow")));
    QVERIFY(out.contains(QStringLiteral("completed")));
    QVERIFY(out.contains(QStringLiteral("run time")));
    QVERIFY(out.contains(QStringLiteral("/files/") + id + QStringLiteral("/output-")));
    QVERIFY2(result.err.isEmpty(), result.err.constData());

    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first()[QStringLiteral("path")].toString(), QStringLiteral("/v1/predictions/") + id);
    QVERIFY(log.first()[QStringLiteral("authorization")].toBool());
}

void tst_Cli::getJsonLines()
{
    const QStringList ids = m_sim.createPredictions(spec({{QStringLiteral("count"), 2}}));
    QCOMPARE(ids.size(), 2);
    const Run result = run({QStringLiteral("get"), QStringLiteral("--json"), ids.at(1), ids.at(0)});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    for (int i = 0; i < 2; ++i) {
        QJsonParseError error{};
        const QJsonObject object = QJsonDocument::fromJson(lines.at(i), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(object.value(QStringLiteral("id")).toString(), ids.at(1 - i)); // in the order asked
        QCOMPARE(object.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QVERIFY(object.contains(QStringLiteral("urls")));
    }
}

void tst_Cli::getFailedExitsOne()
{
    const QString id = createOne(spec({{QStringLiteral("outcome"), QStringLiteral("failed")},
                                       {QStringLiteral("error"), QStringLiteral("NSFW content detected (E005)")}}));
    QVERIFY(!id.isEmpty());
    const Run result = run({QStringLiteral("get"), id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.out.contains("failed"));
    QVERIFY(result.out.contains("NSFW content detected (E005)"));
}

void tst_Cli::idsFromUrlsAndStdin()
{
    const QStringList ids = m_sim.createPredictions(spec({{QStringLiteral("count"), 3}}));
    QCOMPARE(ids.size(), 3);
    const QByteArray input = "see https://api.quickrouter.ai/replicate/v1/predictions/" + ids.at(1).toUtf8()
        + "/cancel\n\n" + ids.at(2).toUtf8() + "\n";
    const Run result = run({QStringLiteral("get"), QStringLiteral("--json"),
                            QStringLiteral("https://replicate.com/p/") + ids.at(0), QStringLiteral("-")},
                           {}, input);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(QJsonDocument::fromJson(lines.at(i)).object().value(QStringLiteral("id")).toString(), ids.at(i));
    // Requests were built from our root, never from the URL that was pasted.
    const QJsonArray log = m_sim.requestLog();
    QCOMPARE(log.size(), 3);
    for (const QJsonValue &entry : log)
        QVERIFY(entry[QStringLiteral("path")].toString().startsWith(QStringLiteral("/v1/predictions/")));
}

void tst_Cli::waitUntilSucceeded()
{
    const QString id = createOne(spec({{QStringLiteral("queue_ms"), 200}, {QStringLiteral("run_ms"), 800}}));
    QVERIFY(!id.isEmpty());
    const Run result = run({QStringLiteral("wait"), QStringLiteral("--interval"), QStringLiteral("0.5"), id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith(QByteArray(id.toUtf8() + "  succeeded\n")), result.out.constData());
    // stderr is a pipe here: plain lines, one per change, no terminal control sequences.
    QVERIFY2(result.err.contains(QByteArray(id.toUtf8() + ": succeeded")), result.err.constData());
    QVERIFY(!result.err.contains('\x1b'));
    QVERIFY(m_sim.requestLog().size() >= 2); // it did poll
}

void tst_Cli::waitWithFailureExitsOne()
{
    const QString ok = createOne(spec({{QStringLiteral("run_ms"), 500}}));
    const QString bad = createOne(
        spec({{QStringLiteral("run_ms"), 700}, {QStringLiteral("outcome"), QStringLiteral("canceled")}}));
    QVERIFY(!ok.isEmpty() && !bad.isEmpty());
    const Run result = run(
        {QStringLiteral("wait"), QStringLiteral("-i"), QStringLiteral("0.5"), QStringLiteral("--json"), ok, bad});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 1);
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(QJsonDocument::fromJson(lines.at(0)).object().value(QStringLiteral("status")).toString(),
             QStringLiteral("succeeded"));
    QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QStringLiteral("status")).toString(),
             QStringLiteral("canceled"));
}

void tst_Cli::waitTimeout()
{
    const QString id = createOne(spec({{QStringLiteral("run_ms"), 600000}}));
    QVERIFY(!id.isEmpty());
    const Run result = run({QStringLiteral("wait"), QStringLiteral("-i"), QStringLiteral("0.5"),
                            QStringLiteral("--timeout"), QStringLiteral("1.5"), id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 5);
    QVERIFY(result.out.contains("processing")); // the last state seen is still shown
    QVERIFY(result.err.contains("Timed out"));
}

void tst_Cli::waitHonoursRetryAfter()
{
    const QString id = createOne(spec({{QStringLiteral("queue_ms"), 300}, {QStringLiteral("run_ms"), 1500}}));
    QVERIFY(!id.isEmpty());
    QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                                   {QStringLiteral("status"), 429},
                                                   {QStringLiteral("retry_after"), QStringLiteral("1")},
                                                   {QStringLiteral("ids"), QJsonArray{id}},
                                                   {QStringLiteral("count"), 1}}}));
    const Run result = run({QStringLiteral("wait"), QStringLiteral("-i"), QStringLiteral("0.5"), id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains("succeeded"));
    QVERIFY2(result.err.contains("429"), result.err.constData());

    const QJsonArray log = m_sim.requestLog();
    qint64 limitedAt = -1;
    int after = 0;
    for (const QJsonValue &entry : log) {
        const qint64 t = qint64(entry[QStringLiteral("t_ms")].toDouble());
        if (entry[QStringLiteral("status")].toInt() == 429) {
            limitedAt = t;
            continue;
        }
        if (limitedAt < 0)
            continue;
        ++after;
        // No request inside the window the server asked for.
        QVERIFY2(t - limitedAt >= 1000, qPrintable(QStringLiteral("request %1 ms after the 429").arg(t - limitedAt)));
    }
    QVERIFY2(limitedAt >= 0, "the 429 fault never fired");
    QVERIFY(after >= 1);
}

void tst_Cli::unauthorizedNeverShowsKey_data()
{
    QTest::addColumn<bool>("asOption");
    QTest::addColumn<bool>("json");
    QTest::newRow("environment") << false << false;
    QTest::newRow("--api-key") << true << false;
    QTest::newRow("environment, --json") << false << true;
}

void tst_Cli::unauthorizedNeverShowsKey()
{
    QFETCH(bool, asOption);
    QFETCH(bool, json);
    const QString id = createOne(spec({}));
    QVERIFY(!id.isEmpty());
    const QString key = QStringLiteral("r8_WrongKey0123456789abcdefXYZ");
    QStringList arguments{QStringLiteral("get"), id};
    if (json)
        arguments << QStringLiteral("--json");
    EnvChanges changes;
    if (asOption) {
        arguments << QStringLiteral("--api-key") << key;
        changes.append({QStringLiteral("REPLIMON_API_KEY"), std::nullopt});
    } else {
        changes.append({QStringLiteral("REPLIMON_API_KEY"), key});
    }
    const Run result = run(arguments, changes);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(QString::fromUtf8(result.err).contains(QStringLiteral("check your API key"), Qt::CaseInsensitive),
             result.err.constData());
    QVERIFY(!result.out.contains(key.toUtf8()));
    QVERIFY(!result.err.contains(key.toUtf8()));
    QVERIFY(!result.err.contains("WrongKey"));
    if (json)
        QVERIFY(result.out.contains("\"unauthorized\""));
}

void tst_Cli::sanitizedKeysWork_data()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("value");
    const QString key = m_sim.token();
    QTest::newRow("quoted") << QStringLiteral("REPLIMON_API_KEY") << u'"' + key + u'"';
    QTest::newRow("Bearer prefix") << QStringLiteral("REPLIMON_API_KEY") << QStringLiteral("Bearer ") + key;
    QTest::newRow("quotes, Bearer, spaces")
        << QStringLiteral("REPLIMON_API_KEY") << QStringLiteral("  'Bearer ") + key + QStringLiteral("'\n");
    QTest::newRow("REPLICATE_API_TOKEN") << QStringLiteral("REPLICATE_API_TOKEN") << u' ' + key + u' ';
}

void tst_Cli::sanitizedKeysWork()
{
    QFETCH(QString, variable);
    QFETCH(QString, value);
    const QString id = createOne(spec({}));
    QVERIFY(!id.isEmpty());
    EnvChanges changes{{QStringLiteral("REPLIMON_API_KEY"), std::nullopt}};
    changes.append({variable, value});
    const Run result = run({QStringLiteral("get"), id}, changes);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains("succeeded"));
}

void tst_Cli::unknownIdExitsFour()
{
    const Run result = run(
        {QStringLiteral("get"), QStringLiteral("doesnotexist0000000000000x"), QStringLiteral("--json")});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 4);
    QVERIFY(result.err.contains("doesnotexist0000000000000x"));
    const QJsonObject object = QJsonDocument::fromJson(result.out.trimmed()).object();
    QCOMPARE(object.value(QStringLiteral("replimon_error"))[QStringLiteral("kind")].toString(),
             QStringLiteral("not_found"));
}

void tst_Cli::highestCodeWins()
{
    const QString ok = createOne(spec({}));
    const QString failed = createOne(spec({{QStringLiteral("outcome"), QStringLiteral("failed")}}));
    QVERIFY(!ok.isEmpty() && !failed.isEmpty());
    Run result = run({QStringLiteral("get"), ok, failed});
    QCOMPARE(result.exitCode, 1);
    result = run({QStringLiteral("get"), failed, QStringLiteral("doesnotexist0000000000000x"), ok});
    QCOMPARE(result.exitCode, 4);
    QCOMPARE(result.out.count("\n\n"), 1); // the two summaries that exist, one blank line between them
}

void tst_Cli::serverNotRunningExitsFive()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close(); // nothing listens there now

    const Run result = run({QStringLiteral("get"), QStringLiteral("--retries"), QStringLiteral("1"),
                            QStringLiteral("abcdefghij0123456789")},
                           {{QStringLiteral("REPLIMON_BASE_URL"), QStringLiteral("http://127.0.0.1:%1/v1").arg(port)}});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 5);
    QVERIFY(result.err.contains("Network error"));
    QVERIFY(result.err.contains("2 attempts"));
}

void tst_Cli::badBodiesExitSix_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("malformed JSON") << QStringLiteral("malformed");
    QTest::newRow("not a prediction") << QStringLiteral("wrong_schema");
}

void tst_Cli::badBodiesExitSix()
{
    QFETCH(QString, kind);
    const QString id = createOne(spec({}));
    QVERIFY(!id.isEmpty());
    QVERIFY(m_sim.setFaults(
        QJsonArray{QJsonObject{{QStringLiteral("kind"), kind}, {QStringLiteral("ids"), QJsonArray{id}}}}));
    const Run result = run({QStringLiteral("get"), id});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 6);
    QVERIFY(result.err.contains("could not be understood"));
    QCOMPARE(m_sim.requestLog().size(), 1); // a bad answer is not retried
}

void tst_Cli::downloadNamesFromRealType_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("shape");
    QTest::newRow("webp") << QStringLiteral("webp") << QStringLiteral("string");
    QTest::newRow("jpg") << QStringLiteral("jpg") << QStringLiteral("string");
    QTest::newRow("png as data: URI") << QStringLiteral("png") << QStringLiteral("data_uri");
}

void tst_Cli::downloadNamesFromRealType()
{
    QFETCH(QString, format);
    QFETCH(QString, shape);
    const QString id = createOne(
        spec({{QStringLiteral("output_format"), format}, {QStringLiteral("output_shape"), shape}}));
    QVERIFY(!id.isEmpty());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString target = dir.filePath(QStringLiteral("out"));
    const Run result = run({QStringLiteral("download"), id, QStringLiteral("--dir"), target});
    QVERIFY(result.finished);
    QVERIFY2(result.exitCode == 0, result.err.constData());

    const QString expected = QDir(target).absoluteFilePath(id + u'.' + format);
    QCOMPARE(QString::fromUtf8(result.out.trimmed()), expected);
    QVERIFY(QFile::exists(expected));
    QCOMPARE(QDir(target).entryList(QDir::Files | QDir::Hidden).size(), 1);

    if (!QImageReader::supportedImageFormats().contains(format.toLatin1()))
        QSKIP("This Qt has no image plugin for the format (WebP needs qt6-image-formats-plugins).");
    QImageReader reader(expected);
    const QImage image = reader.read();
    QVERIFY2(!image.isNull(), qPrintable(reader.errorString()));
    QVERIFY(image.width() > 0 && image.height() > 0);
}

void tst_Cli::downloadSeveralOutputsAndText()
{
    const QString images = createOne(spec({{QStringLiteral("output_shape"), QStringLiteral("array")},
                                           {QStringLiteral("image_count"), 2},
                                           {QStringLiteral("output_format"), QStringLiteral("png")}}));
    const QString text = createOne(spec({{QStringLiteral("output_shape"), QStringLiteral("text")}}));
    QVERIFY(!images.isEmpty() && !text.isEmpty());
    QTemporaryDir dir;
    const Run result = run({QStringLiteral("download"), images, text, QStringLiteral("-d"), dir.path()});
    QVERIFY(result.finished);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QDir target(dir.path());
    QStringList expected{images + QStringLiteral("-1.png"), images + QStringLiteral("-2.png"),
                         text + QStringLiteral(".txt")};
    QStringList found = target.entryList(QDir::Files | QDir::Hidden);
    std::sort(expected.begin(), expected.end());
    QCOMPARE(found, expected);
    QCOMPARE(result.out.trimmed().split('\n').size(), 3);
    QFile textFile(target.filePath(text + QStringLiteral(".txt")));
    QVERIFY(textFile.open(QIODevice::ReadOnly));
    QVERIFY(!textFile.readAll().trimmed().isEmpty());

    // Output files live on the second host; the key never went there.
    const QJsonArray log = m_sim.requestLog();
    int fileRequests = 0;
    for (const QJsonValue &entry : log) {
        if (entry[QStringLiteral("path")].toString().startsWith(QStringLiteral("/files/"))) {
            ++fileRequests;
            QVERIFY(!entry[QStringLiteral("authorization")].toBool());
        }
    }
    QCOMPARE(fileRequests, 2);
}

void tst_Cli::droppedDownloadLeavesNoFile()
{
    const QString id = createOne(spec({{QStringLiteral("output_format"), QStringLiteral("png")}}));
    QVERIFY(!id.isEmpty());
    QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("drop")},
                                                   {QStringLiteral("target"), QStringLiteral("files")}}}));
    QTemporaryDir dir;
    const Run result = run({QStringLiteral("download"), QStringLiteral("--retries"), QStringLiteral("0"), id,
                            QStringLiteral("--dir"), dir.path()});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 5);
    QVERIFY(result.out.isEmpty());
    QVERIFY(result.err.contains(id.toUtf8()));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System), QStringList());
}

void tst_Cli::waitThenDownload()
{
    const QString id = createOne(
        spec({{QStringLiteral("run_ms"), 600}, {QStringLiteral("output_format"), QStringLiteral("jpg")}}));
    QVERIFY(!id.isEmpty());
    QTemporaryDir dir;
    const Run result = run({QStringLiteral("wait"), id, QStringLiteral("-i"), QStringLiteral("0.5"),
                            QStringLiteral("--download"), dir.path()});
    QVERIFY(result.finished);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QString path = QDir(dir.path()).absoluteFilePath(id + QStringLiteral(".jpg"));
    QVERIFY(QFile::exists(path));
    QVERIFY(QString::fromUtf8(result.out).contains(QStringLiteral("saved      ") + path));
}

void tst_Cli::listFollowsPages()
{
    SimProcess paged;
    QVERIFY(paged.start({QStringLiteral("--page-size"), QStringLiteral("2")}));
    QCOMPARE(paged.createPredictions(spec({{QStringLiteral("count"), 5}})).size(), 5);
    QVERIFY(paged.clearLog());
    const Run result = run(
        {QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("3"), QStringLiteral("--json")},
        {{QStringLiteral("REPLIMON_BASE_URL"), paged.apiRoot().toString()}});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QStringList ids;
    for (const QByteArray &line : lines)
        ids << QJsonDocument::fromJson(line).object().value(QStringLiteral("id")).toString();
    QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), 3);
    const QJsonArray log = paged.requestLog();
    QCOMPARE(log.size(), 2); // two pages were enough for three
    for (const QJsonValue &entry : log)
        QVERIFY(entry[QStringLiteral("path")].toString().startsWith(QStringLiteral("/v1/predictions")));
}

void tst_Cli::listNotSupported()
{
    QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                                   {QStringLiteral("status"), 404},
                                                   {QStringLiteral("method"), QStringLiteral("GET")}}}));
    const Run result = run({QStringLiteral("list")});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 4);
    QVERIFY2(result.err.contains("not supported by this provider"), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void tst_Cli::unwritableFolderExitsSeven()
{
    const QString id = createOne(spec({}));
    QVERIFY(!id.isEmpty());
    // A folder inside a regular file can be made by nobody, root included.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile blocker(dir.filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString target = blocker.fileName() + QStringLiteral("/out");
    const Run result = run({QStringLiteral("download"), id, QStringLiteral("--dir"), target});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 7);
    QVERIFY2(result.err.contains("blocker"), result.err.constData());
    QVERIFY(result.out.isEmpty());
    QVERIFY(!QFileInfo::exists(target));
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
