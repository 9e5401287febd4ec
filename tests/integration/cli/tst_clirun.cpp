// replimon-cli run and rerun, the real binary against replimon-sim: what is sent (read back from the sim's
// log and with the official npm client), what the user sees for each refusal, and that a create whose
// answer is lost is looked for and never sent twice.
#include "CliRunner.h"
#include "ReplicateNpm.h"
#include "SimProcess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");
const QString version64 = QStringLiteral("5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637");

QJsonObject fault(std::initializer_list<std::pair<QString, QJsonValue>> entries)
{
    QJsonObject object;
    for (const auto &[key, value] : entries)
        object.insert(key, value);
    return object;
}

} // namespace

class tst_CliRun final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void runSendsTheInputsAsTyped();
    void runWaitsAndDownloads();
    void localFileGoesAsDataUri();
    void tooLargeFileIsRefusedBeforeSending();
    void refusedInputsAreShownFieldByField();
    void noBalanceSaysSo();
    void rateLimitedCreateIsSentAgainWhenAllowed();
    void lostAnswerIsFoundNotSentTwice();
    void lostAnswerNotFoundIsNotSentAgain();
    void rerunKeepsModelVersionAndInputs();
    void usageErrors_data();
    void usageErrors();
    void npmClientReadsBackTheSameInputs();

private:
    CliRunner::Run run(const QStringList &arguments) { return CliRunner(m_sim).run(arguments); }
    /// The create requests the sim received (POST … /predictions).
    QJsonArray createRequests();
    static QJsonObject lastJsonLine(const QByteArray &out);

    SimProcess m_sim;
    QTemporaryDir m_dir;
};

void tst_CliRun::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(REPLIMON_CLI_BINARY)), REPLIMON_CLI_BINARY);
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_sim.start({QStringLiteral("--queue-ms"), QStringLiteral("100"), QStringLiteral("--run-ms"),
                          QStringLiteral("300")}),
             "replimon-sim did not start");
}

void tst_CliRun::init()
{
    QVERIFY(m_sim.clearFaults());
    QVERIFY(m_sim.clearLog());
}

QJsonArray tst_CliRun::createRequests()
{
    QJsonArray creates;
    for (const QJsonValue &entry : m_sim.requestLog()) {
        if (entry[QStringLiteral("method")].toString() == u"POST"
            && entry[QStringLiteral("path")].toString().endsWith(QStringLiteral("/predictions")))
            creates.append(entry);
    }
    return creates;
}

QJsonObject tst_CliRun::lastJsonLine(const QByteArray &out)
{
    const QList<QByteArray> lines = out.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.constLast()).object();
}

void tst_CliRun::runSendsTheInputsAsTyped()
{
    const auto result = run({QStringLiteral("run"), schnell, QStringLiteral("-i"),
                             QStringLiteral("prompt=一只红狐狸, at dusk"), QStringLiteral("-i"),
                             QStringLiteral("num_outputs=2"), QStringLiteral("--input"), QStringLiteral("go_fast=true"),
                             QStringLiteral("-i"), QStringLiteral("seed=42"), QStringLiteral("-i"),
                             QStringLiteral("megapixels=\"1\""), QStringLiteral("--json")});
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    const QJsonObject prediction = lastJsonLine(result.out);
    QCOMPARE(prediction[QStringLiteral("model")].toString(), schnell);
    QCOMPARE(prediction[QStringLiteral("status")].toString(), QStringLiteral("starting"));
    // Numbers and booleans as JSON, text as text, a quoted number as a string.
    const QJsonObject expected{{QStringLiteral("prompt"), QStringLiteral("一只红狐狸, at dusk")},
                               {QStringLiteral("num_outputs"), 2},
                               {QStringLiteral("go_fast"), true},
                               {QStringLiteral("seed"), 42},
                               {QStringLiteral("megapixels"), QStringLiteral("1")}};
    QCOMPARE(prediction[QStringLiteral("input")].toObject(), expected);
    const QJsonArray creates = createRequests();
    QCOMPARE(creates.size(), 1);
    QCOMPARE(creates.first()[QStringLiteral("path")].toString(),
             QStringLiteral("/v1/models/black-forest-labs/flux-schnell/predictions"));
    QVERIFY(creates.first()[QStringLiteral("authorization")].toBool());
}

void tst_CliRun::runWaitsAndDownloads()
{
    const QString folder = m_dir.filePath(QStringLiteral("waited"));
    const auto result = run({QStringLiteral("run"), schnell, QStringLiteral("-i"), QStringLiteral("prompt=a fox"),
                             QStringLiteral("-i"), QStringLiteral("output_format=png"), QStringLiteral("--wait"),
                             QStringLiteral("--interval"), QStringLiteral("0.5"), QStringLiteral("--download"),
                             folder});
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    QVERIFY2(result.err.contains("Created "), result.err.constData());
    QVERIFY2(result.out.contains("succeeded"), result.out.constData());
    const QStringList saved = QDir(folder).entryList(QDir::Files);
    QCOMPARE(saved.size(), 1);
    QVERIFY(saved.first().endsWith(QStringLiteral(".png")));
}

void tst_CliRun::localFileGoesAsDataUri()
{
    QImage image(16, 16, QImage::Format_RGB32);
    image.fill(Qt::red);
    const QString path = m_dir.filePath(QStringLiteral("input.png"));
    QVERIFY(image.save(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();

    const auto result = run({QStringLiteral("run"), QStringLiteral("black-forest-labs/flux-kontext-pro"),
                             QStringLiteral("-i"), QStringLiteral("prompt=@@home"), QStringLiteral("-i"),
                             QStringLiteral("input_image=@") + path, QStringLiteral("--json")});
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    const QJsonObject input = lastJsonLine(result.out)[QStringLiteral("input")].toObject();
    QCOMPARE(input[QStringLiteral("prompt")].toString(), QStringLiteral("@home"));
    const QString uri = input[QStringLiteral("input_image")].toString();
    const QString head = QStringLiteral("data:image/png;base64,");
    QVERIFY2(uri.startsWith(head), qPrintable(uri.left(40)));
    QCOMPARE(QByteArray::fromBase64(uri.mid(head.size()).toLatin1()), bytes);
}

void tst_CliRun::tooLargeFileIsRefusedBeforeSending()
{
    const QString path = m_dir.filePath(QStringLiteral("huge.png"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(9 * 1024 * 1024));
    file.close();
    const auto result = run({QStringLiteral("run"), QStringLiteral("black-forest-labs/flux-kontext-pro"),
                             QStringLiteral("-i"), QStringLiteral("prompt=x"), QStringLiteral("-i"),
                             QStringLiteral("input_image=@") + path});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("limited to 8"), result.err.constData());
    QVERIFY2(result.err.contains("URL"), result.err.constData());
    QCOMPARE(createRequests().size(), 0);
}

void tst_CliRun::refusedInputsAreShownFieldByField()
{
    const auto result = run({QStringLiteral("run"), schnell, QStringLiteral("-i"), QStringLiteral("prompt=x"),
                             QStringLiteral("-i"), QStringLiteral("num_outputs=9"), QStringLiteral("-i"),
                             QStringLiteral("aspect_ratio=7:3")});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("The server refused the inputs (HTTP 422):"), result.err.constData());
    QVERIFY2(result.err.contains("\n  input.num_outputs: Must be less than or equal to 4"), result.err.constData());
    QVERIFY2(result.err.contains("\n  input.aspect_ratio: aspect_ratio must be one of"), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void tst_CliRun::noBalanceSaysSo()
{
    QVERIFY(m_sim.setFaults(QJsonArray{fault(
        {{QStringLiteral("kind"), QStringLiteral("status")},
         {QStringLiteral("status"), 402},
         {QStringLiteral("method"), QStringLiteral("POST")},
         {QStringLiteral("body"),
          QStringLiteral(
              R"({"title":"Insufficient credit","detail":"You have insufficient credit to run this model.","status":402})")}})}));
    const auto result = run({QStringLiteral("run"), schnell, QStringLiteral("-i"), QStringLiteral("prompt=x")});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains("make sure the API key has enough balance"), result.err.constData());
    QVERIFY2(result.err.contains("insufficient credit"), result.err.constData());
    QCOMPARE(createRequests().size(), 1); // not retried
}

void tst_CliRun::rateLimitedCreateIsSentAgainWhenAllowed()
{
    QVERIFY(m_sim.setFaults(QJsonArray{fault({{QStringLiteral("kind"), QStringLiteral("status")},
                                              {QStringLiteral("status"), 429},
                                              {QStringLiteral("retry_after"), QStringLiteral("1")},
                                              {QStringLiteral("method"), QStringLiteral("POST")},
                                              {QStringLiteral("count"), 1}})}));
    const auto result = run({QStringLiteral("run"), schnell, QStringLiteral("-i"), QStringLiteral("prompt=x")});
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    const QJsonArray creates = createRequests();
    QCOMPARE(creates.size(), 2);
    QCOMPARE(creates.at(0)[QStringLiteral("status")].toInt(), 429);
    QCOMPARE(creates.at(1)[QStringLiteral("status")].toInt(), 201);
    QVERIFY(creates.at(1)[QStringLiteral("t_ms")].toDouble() - creates.at(0)[QStringLiteral("t_ms")].toDouble()
            >= 1000);
}

void tst_CliRun::lostAnswerIsFoundNotSentTwice()
{
    // The sim creates the prediction, then the connection drops halfway through the answer.
    QVERIFY(m_sim.setFaults(QJsonArray{fault({{QStringLiteral("kind"), QStringLiteral("drop")},
                                              {QStringLiteral("method"), QStringLiteral("POST")},
                                              {QStringLiteral("count"), 1}})}));
    const auto result = run({QStringLiteral("run"), schnell, QStringLiteral("-i"), QStringLiteral("prompt=lost"),
                             QStringLiteral("-i"), QStringLiteral("seed=99"), QStringLiteral("--json")});
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    QVERIFY2(result.err.contains("Looking for the prediction"), result.err.constData());
    const QJsonObject prediction = lastJsonLine(result.out);
    QCOMPARE(prediction[QStringLiteral("input")].toObject()[QStringLiteral("prompt")].toString(),
             QStringLiteral("lost"));
    QVERIFY2(result.err.contains(prediction[QStringLiteral("id")].toString().toUtf8()), result.err.constData());
    QCOMPARE(createRequests().size(), 1);
}

void tst_CliRun::lostAnswerNotFoundIsNotSentAgain()
{
    // Lost answer, and a provider without a list (a relay): the user is told, nothing is sent twice.
    QVERIFY(m_sim.setFaults(QJsonArray{
        fault({{QStringLiteral("kind"), QStringLiteral("drop")}, {QStringLiteral("method"), QStringLiteral("POST")}}),
        fault({{QStringLiteral("kind"), QStringLiteral("status")},
               {QStringLiteral("status"), 404},
               {QStringLiteral("method"), QStringLiteral("GET")}})}));
    const auto result = run({QStringLiteral("run"), schnell, QStringLiteral("-i"), QStringLiteral("prompt=x")});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 5);
    QVERIFY2(result.err.contains("may have been created all the same"), result.err.constData());
    QVERIFY2(result.err.contains("replimon-cli list"), result.err.constData());
    QCOMPARE(createRequests().size(), 1);
}

void tst_CliRun::rerunKeepsModelVersionAndInputs()
{
    // A prediction pinned to a version: run again with one input changed and one added.
    const auto first = run({QStringLiteral("run"), schnell + u':' + version64, QStringLiteral("-i"),
                            QStringLiteral("prompt=a fox"), QStringLiteral("-i"), QStringLiteral("seed=1"),
                            QStringLiteral("--json")});
    QVERIFY2(first.finished && first.exitCode == 0, first.err.constData());
    const QJsonObject source = lastJsonLine(first.out);
    QCOMPARE(source[QStringLiteral("version")].toString(), version64);
    QVERIFY(m_sim.clearLog());

    const auto again = run({QStringLiteral("rerun"),
                            QStringLiteral("https://replicate.com/p/") + source[QStringLiteral("id")].toString(),
                            QStringLiteral("-i"), QStringLiteral("seed=2"), QStringLiteral("-i"),
                            QStringLiteral("go_fast=false"), QStringLiteral("--json")});
    QVERIFY2(again.finished && again.exitCode == 0, again.err.constData());
    const QJsonObject remade = lastJsonLine(again.out);
    QVERIFY(remade[QStringLiteral("id")].toString() != source[QStringLiteral("id")].toString());
    QCOMPARE(remade[QStringLiteral("version")].toString(), version64);
    const QJsonObject expected{{QStringLiteral("prompt"), QStringLiteral("a fox")},
                               {QStringLiteral("seed"), 2},
                               {QStringLiteral("go_fast"), false}};
    QCOMPARE(remade[QStringLiteral("input")].toObject(), expected);
    const QJsonArray creates = createRequests();
    QCOMPARE(creates.size(), 1);
    // Pinned: the version route, not the model's.
    QCOMPARE(creates.first()[QStringLiteral("path")].toString(), QStringLiteral("/v1/predictions"));
}

void tst_CliRun::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no inputs") << QStringList{QStringLiteral("run"), schnell}
                               << QStringLiteral("needs the model's inputs");
    QTest::newRow("no model") << QStringList{QStringLiteral("run"), QStringLiteral("-i"), QStringLiteral("prompt=x")}
                              << QStringLiteral("run takes one model");
    QTest::newRow("not key=value") << QStringList{QStringLiteral("run"), schnell, QStringLiteral("-i"),
                                                  QStringLiteral("prompt")}
                                   << QStringLiteral("-i takes key=value");
    QTest::newRow("missing file") << QStringList{QStringLiteral("run"), schnell, QStringLiteral("-i"),
                                                 QStringLiteral("input_image=@/nonexistent/x.png")}
                                  << QStringLiteral("no such file");
    QTest::newRow("download without wait") << QStringList{
        QStringLiteral("run"), schnell, QStringLiteral("-i"), QStringLiteral("prompt=x"), QStringLiteral("--download"),
        QStringLiteral("/tmp")} << QStringLiteral("--download needs --wait");
    QTest::newRow("rerun two ids") << QStringList{QStringLiteral("rerun"), QStringLiteral("abcdefghij0123456789abcdef"),
                                                  QStringLiteral("zyxwvutsrq9876543210zyxwvu")}
                                   << QStringLiteral("rerun takes one prediction id");
    QTest::newRow("input on get") << QStringList{QStringLiteral("get"), QStringLiteral("--input"),
                                                 QStringLiteral("a=1"), QStringLiteral("abcdefghij0123456789abcdef")}
                                  << QStringLiteral("--input does not apply to get");
}

void tst_CliRun::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const auto result = run(arguments);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(QString::fromUtf8(result.err).contains(message), result.err.constData());
    QCOMPARE(createRequests().size(), 0);
}

void tst_CliRun::npmClientReadsBackTheSameInputs()
{
    if (const QString why = prepareReplicateNpm(); !why.isEmpty())
        QSKIP(qPrintable(why));
    const auto result = run({QStringLiteral("run"), schnell, QStringLiteral("-i"),
                             QStringLiteral("prompt=读回, \"quoted\""), QStringLiteral("-i"),
                             QStringLiteral("num_outputs=3"), QStringLiteral("-i"), QStringLiteral("go_fast=false"),
                             QStringLiteral("-i"), QStringLiteral("tags=[\"夜\",2,true]"), QStringLiteral("-i"),
                             QStringLiteral("extra={\"nested\":[1,2.5,null]}"), QStringLiteral("--json")});
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    const QJsonObject created = lastJsonLine(result.out);

    const NpmPrediction readBack = npmGetPrediction(m_sim.apiRoot(), m_sim.token(),
                                                    created[QStringLiteral("id")].toString());
    QVERIFY2(readBack.error.isEmpty(), qPrintable(readBack.error));
    const QJsonObject expected{
        {QStringLiteral("prompt"), QStringLiteral("读回, \"quoted\"")},
        {QStringLiteral("num_outputs"), 3},
        {QStringLiteral("go_fast"), false},
        {QStringLiteral("tags"), QJsonArray{QStringLiteral("夜"), 2, true}},
        {QStringLiteral("extra"), QJsonObject{{QStringLiteral("nested"), QJsonArray{1, 2.5, QJsonValue()}}}}};
    QCOMPARE(readBack.prediction[QStringLiteral("input")].toObject(), expected);
    QCOMPARE(readBack.prediction[QStringLiteral("model")].toString(), schnell);
}

QTEST_MAIN(tst_CliRun)
#include "tst_clirun.moc"
