// replimon-cli's command line, exit codes and text, without a network: what the parser accepts, what
// it refuses (and that it never quotes the key back), and how predictions are put into words.
#include "CommandLine.h"
#include "CreateInputs.h"
#include "DisplayText.h"
#include "ExitCode.h"
#include "PredictionText.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace std::chrono_literals;

namespace {

const QString idA = QStringLiteral("w44zs9cet5rmc0cqzp49gpkhf8");
const QString idB = QStringLiteral("z6weh4mzk94ceyz097efv8edx6");

Prediction fixture(const char *name)
{
    QFile file(QStringLiteral(REPLIMON_FIXTURES_DIR "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    auto parsed = Prediction::fromJson(file.readAll());
    if (!parsed)
        qFatal("fixture %s does not parse", name);
    return parsed.value();
}

} // namespace

class tst_CliCommandLine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commands_data();
    void commands();
    void optionsAnywhere();
    void idsFromUrlsAndStdin();
    void waitOptions();
    void runAndRerunOptions();
    void inputValues_data();
    void inputValues();
    void endpointResolution_data();
    void endpointResolution();
    void apiKeySources();
    void usageErrors_data();
    void usageErrors();
    void errorsNeverQuoteTheKey();
    void helpListsEverything();
    void exitCodes();
    void summaryOfSucceeded();
    void summaryOfFailed();
    void describeErrorNamesKeySourceNotKey();
    void errorJsonIsMachineReadable();

private:
    static Result<CliOptions, QString> parse(const QStringList &arguments, const CliEnvironment &environment = {},
                                             const QString &stdinText = {});
};

Result<CliOptions, QString> tst_CliCommandLine::parse(const QStringList &arguments, const CliEnvironment &environment,
                                                      const QString &stdinText)
{
    CommandLine commandLine;
    return commandLine.parse(QStringList{QStringLiteral("replimon-cli")} + arguments, environment,
                             [stdinText] { return stdinText; });
}

void tst_CliCommandLine::commands_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("command");
    QTest::addColumn<QStringList>("ids");

    using C = CliOptions::Command;
    QTest::newRow("get") << QStringList{QStringLiteral("get"), idA} << int(C::Get) << QStringList{idA};
    QTest::newRow("wait two") << QStringList{QStringLiteral("wait"), idA, idB} << int(C::Wait) << QStringList{idA, idB};
    QTest::newRow("download") << QStringList{QStringLiteral("download"), idA, QStringLiteral("--dir"),
                                             QStringLiteral("/tmp/x")}
                              << int(C::Download) << QStringList{idA};
    QTest::newRow("list") << QStringList{QStringLiteral("list")} << int(C::List) << QStringList{};
    QTest::newRow("history") << QStringList{QStringLiteral("history")} << int(C::History) << QStringList{};
    QTest::newRow("help") << QStringList{QStringLiteral("--help")} << int(C::Help) << QStringList{};
    QTest::newRow("help wins") << QStringList{QStringLiteral("get"), QStringLiteral("-h")} << int(C::Help)
                               << QStringList{};
    QTest::newRow("version") << QStringList{QStringLiteral("--version")} << int(C::Version) << QStringList{};
    QTest::newRow("duplicates dropped") << QStringList{QStringLiteral("get"), idA, idB, idA} << int(C::Get)
                                        << QStringList{idA, idB};
    QTest::newRow("relay-style id") << QStringList{QStringLiteral("get"), QStringLiteral("task_12-ab")} << int(C::Get)
                                    << QStringList{QStringLiteral("task_12-ab")};
}

void tst_CliCommandLine::commands()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, command);
    QFETCH(QStringList, ids);
    const auto parsed = parse(arguments);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error()));
    QCOMPARE(int(parsed.value().command), command);
    QCOMPARE(parsed.value().ids, ids);
}

void tst_CliCommandLine::optionsAnywhere()
{
    const auto parsed = parse(
        {QStringLiteral("--json"), QStringLiteral("get"), idA, QStringLiteral("--retries"), QStringLiteral("0"), idB});
    QVERIFY(parsed.ok());
    QVERIFY(parsed.value().json);
    QCOMPARE(parsed.value().retries, 0);
    QCOMPARE(parsed.value().ids, (QStringList{idA, idB}));
    QCOMPARE(parsed.value().endpoint.provider(), ApiEndpoint::Provider::QuickRouter);
    QCOMPARE(parsed.value().endpoint.root(), ApiEndpoint::preset(ApiEndpoint::Provider::QuickRouter).root());
}

void tst_CliCommandLine::idsFromUrlsAndStdin()
{
    const QString stdinText =
        QStringLiteral("first line https://api.replicate.com/v1/predictions/%1/cancel\n\n").arg(idB);
    const auto parsed = parse({QStringLiteral("get"), QStringLiteral("https://replicate.com/p/") + idA,
                               QStringLiteral("-"), QStringLiteral("-")},
                              {}, stdinText);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error()));
    QCOMPARE(parsed.value().ids, (QStringList{idA, idB}));

    // One id a line, as a script pipes them: an id without a digit is still an id.
    const QString letters = QStringLiteral("qwxhzkmrtvabcdefgjnpsyzqwx");
    const auto lines = parse({QStringLiteral("wait"), QStringLiteral("-")}, {}, idA + u'\n' + letters + u'\n' + idB);
    QVERIFY2(lines.ok(), lines.ok() ? "" : qPrintable(lines.error()));
    QCOMPARE(lines.value().ids, (QStringList{idA, letters, idB}));

    const auto unusable = parse({QStringLiteral("get"), QStringLiteral("-")}, {}, QStringLiteral("nothing here\n"));
    QVERIFY(!unusable.ok());
    QVERIFY(unusable.error().contains(QStringLiteral("nothing here")));
}

void tst_CliCommandLine::runAndRerunOptions()
{
    // -i is --input for run and rerun, --interval for wait.
    const auto parsed = parse({QStringLiteral("run"), QStringLiteral("owner/model"), QStringLiteral("-i"),
                               QStringLiteral("prompt=a b"), QStringLiteral("--input"), QStringLiteral("steps=4"),
                               QStringLiteral("-i"), QStringLiteral("steps=5"), QStringLiteral("--wait"),
                               QStringLiteral("--interval"), QStringLiteral("1")});
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error()));
    QCOMPARE(parsed.value().command, CliOptions::Command::Run);
    QCOMPARE(parsed.value().model, QStringLiteral("owner/model"));
    QCOMPARE(parsed.value().input,
             (QJsonObject{{QStringLiteral("prompt"), QStringLiteral("a b")}, {QStringLiteral("steps"), 5}}));
    QCOMPARE(parsed.value().inputNotices.size(), 1); // steps given twice
    QVERIFY(parsed.value().wait);
    QCOMPARE(parsed.value().interval, 1000ms);

    const auto rerun = parse({QStringLiteral("rerun"), QStringLiteral("https://replicate.com/p/") + idA});
    QVERIFY(rerun.ok());
    QCOMPARE(rerun.value().command, CliOptions::Command::Rerun);
    QCOMPARE(rerun.value().sourceId, idA);
    QVERIFY(rerun.value().input.isEmpty());
    QVERIFY(!rerun.value().wait);
}

void tst_CliCommandLine::inputValues_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("integer") << QStringLiteral("42") << QJsonValue(42);
    QTest::newRow("decimal") << QStringLiteral("0.5") << QJsonValue(0.5);
    QTest::newRow("true") << QStringLiteral("true") << QJsonValue(true);
    QTest::newRow("null") << QStringLiteral("null") << QJsonValue();
    QTest::newRow("quoted number") << QStringLiteral("\"16:9\"") << QJsonValue(QStringLiteral("16:9"));
    QTest::newRow("ratio") << QStringLiteral("16:9") << QJsonValue(QStringLiteral("16:9"));
    QTest::newRow("leading zero") << QStringLiteral("007") << QJsonValue(QStringLiteral("007"));
    QTest::newRow("words") << QStringLiteral("a cat, 猫") << QJsonValue(QStringLiteral("a cat, 猫"));
    QTest::newRow("empty") << QString() << QJsonValue(QString());
    QTest::newRow("two values") << QStringLiteral("1,2") << QJsonValue(QStringLiteral("1,2"));
    QTest::newRow("array") << QStringLiteral("[1, \"a\"]") << QJsonValue(QJsonArray{1, QStringLiteral("a")});
}

void tst_CliCommandLine::inputValues()
{
    QFETCH(QString, text);
    QFETCH(QJsonValue, value);
    QCOMPARE(CreateInputs::valueOf(text), value);
}

void tst_CliCommandLine::waitOptions()
{
    const auto parsed = parse({QStringLiteral("wait"), idA, QStringLiteral("-i"), QStringLiteral("0.5"),
                               QStringLiteral("--timeout"), QStringLiteral("90"), QStringLiteral("--download"),
                               QStringLiteral("out")});
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error()));
    QCOMPARE(parsed.value().interval, 500ms);
    QVERIFY(parsed.value().timeout.has_value());
    QCOMPARE(*parsed.value().timeout, 90000ms);
    QCOMPARE(parsed.value().downloadDir, QStringLiteral("out"));

    const auto defaults = parse({QStringLiteral("wait"), idA});
    QVERIFY(defaults.ok());
    QCOMPARE(defaults.value().interval, 2000ms);
    QVERIFY(!defaults.value().timeout.has_value());
    QVERIFY(defaults.value().downloadDir.isEmpty());
}

void tst_CliCommandLine::endpointResolution_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("envBaseUrl");
    QTest::addColumn<QString>("envProvider");
    QTest::addColumn<int>("provider");
    QTest::addColumn<QString>("root");

    using P = ApiEndpoint::Provider;
    QTest::newRow("default") << QStringList{} << QString() << QString() << int(P::QuickRouter)
                             << QStringLiteral("https://api.quickrouter.ai/replicate/v1");
    QTest::newRow("--provider replicate")
        << QStringList{QStringLiteral("--provider"), QStringLiteral("replicate")} << QString() << QString()
        << int(P::Replicate) << QStringLiteral("https://api.replicate.com/v1");
    QTest::newRow("--base-url") << QStringList{QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:9/v1/")}
                                << QString() << QString() << int(P::Custom) << QStringLiteral("http://127.0.0.1:9/v1");
    QTest::newRow("custom + --base-url") << QStringList{QStringLiteral("-p"), QStringLiteral("custom"),
                                                        QStringLiteral("--base-url"),
                                                        QStringLiteral("https://relay.example/replicate/v1")}
                                         << QString() << QString() << int(P::Custom)
                                         << QStringLiteral("https://relay.example/replicate/v1");
    QTest::newRow("env base url") << QStringList{} << QStringLiteral("http://localhost:8080/v1") << QString()
                                  << int(P::Custom) << QStringLiteral("http://localhost:8080/v1");
    QTest::newRow("env base url beats env provider")
        << QStringList{} << QStringLiteral("http://localhost:8080/v1") << QStringLiteral("anyapi") << int(P::Custom)
        << QStringLiteral("http://localhost:8080/v1");
    QTest::newRow("env provider") << QStringList{} << QString() << QStringLiteral("AnyAPI") << int(P::AnyApi)
                                  << QStringLiteral("https://www.anyapi.vip/replicate/v1");
    QTest::newRow("option beats env") << QStringList{QStringLiteral("--provider"), QStringLiteral("replicate")}
                                      << QStringLiteral("http://localhost:8080/v1") << QString() << int(P::Replicate)
                                      << QStringLiteral("https://api.replicate.com/v1");
    QTest::newRow("--provider custom takes env url")
        << QStringList{QStringLiteral("--provider"), QStringLiteral("custom")} << QStringLiteral("http://h:1/v1")
        << QString() << int(P::Custom) << QStringLiteral("http://h:1/v1");
}

void tst_CliCommandLine::endpointResolution()
{
    QFETCH(QStringList, options);
    QFETCH(QString, envBaseUrl);
    QFETCH(QString, envProvider);
    QFETCH(int, provider);
    QFETCH(QString, root);
    CliEnvironment environment;
    environment.baseUrl = envBaseUrl;
    environment.provider = envProvider;
    const auto parsed = parse(QStringList{QStringLiteral("get"), idA} + options, environment);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error()));
    QCOMPARE(int(parsed.value().endpoint.provider()), provider);
    QCOMPARE(parsed.value().endpoint.root().toString(), root);
}

void tst_CliCommandLine::apiKeySources()
{
    CliEnvironment environment;
    environment.apiKey = QStringLiteral("r8_fromenvironment0000000000");
    environment.apiKeySource = QStringLiteral("REPLICATE_API_TOKEN");

    auto parsed = parse({QStringLiteral("get"), idA}, environment);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().apiKey, environment.apiKey);
    QCOMPARE(parsed.value().apiKeySource, QStringLiteral("REPLICATE_API_TOKEN"));

    parsed = parse({QStringLiteral("get"), idA, QStringLiteral("--api-key"), QStringLiteral("\"Bearer r8_option\" ")},
                   environment);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().apiKey, QStringLiteral("r8_option"));
    QCOMPARE(parsed.value().apiKeySource, QStringLiteral("--api-key"));

    parsed = parse({QStringLiteral("get"), idA});
    QVERIFY(parsed.ok());
    QVERIFY(parsed.value().apiKey.isEmpty());
    QVERIFY(parsed.value().apiKeySource.isEmpty());
}

void tst_CliCommandLine::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("envProvider");

    QTest::newRow("nothing") << QStringList{} << QString();
    QTest::newRow("unknown command") << QStringList{QStringLiteral("fetch"), idA} << QString();
    QTest::newRow("unknown option") << QStringList{QStringLiteral("get"), idA, QStringLiteral("--frobnicate")}
                                    << QString();
    QTest::newRow("get without id") << QStringList{QStringLiteral("get")} << QString();
    QTest::newRow("download without dir") << QStringList{QStringLiteral("download"), idA} << QString();
    QTest::newRow("list with id") << QStringList{QStringLiteral("list"), idA} << QString();
    QTest::newRow("interval too short") << QStringList{QStringLiteral("wait"), idA, QStringLiteral("-i"),
                                                       QStringLiteral("0.1")}
                                        << QString();
    QTest::newRow("interval not a number")
        << QStringList{QStringLiteral("wait"), idA, QStringLiteral("-i"), QStringLiteral("soon")} << QString();
    QTest::newRow("timeout zero") << QStringList{QStringLiteral("wait"), idA, QStringLiteral("-t"), QStringLiteral("0")}
                                  << QString();
    QTest::newRow("--interval on get") << QStringList{QStringLiteral("get"), idA, QStringLiteral("-i"),
                                                      QStringLiteral("3")}
                                       << QString();
    QTest::newRow("--dir on wait") << QStringList{QStringLiteral("wait"), idA, QStringLiteral("--dir"),
                                                  QStringLiteral("x")}
                                   << QString();
    QTest::newRow("--json on download") << QStringList{QStringLiteral("download"), idA, QStringLiteral("--dir"),
                                                       QStringLiteral("x"), QStringLiteral("--json")}
                                        << QString();
    QTest::newRow("limit zero") << QStringList{QStringLiteral("list"), QStringLiteral("-n"), QStringLiteral("0")}
                                << QString();
    QTest::newRow("negative retries") << QStringList{QStringLiteral("get"), idA, QStringLiteral("--retries"),
                                                     QStringLiteral("-1")}
                                      << QString();
    QTest::newRow("unknown provider") << QStringList{QStringLiteral("get"), idA, QStringLiteral("-p"),
                                                     QStringLiteral("openai")}
                                      << QString();
    QTest::newRow("demo is not offered") << QStringList{QStringLiteral("get"), idA, QStringLiteral("-p"),
                                                        QStringLiteral("demo")}
                                         << QString();
    QTest::newRow("custom without url") << QStringList{QStringLiteral("get"), idA, QStringLiteral("-p"),
                                                       QStringLiteral("custom")}
                                        << QString();
    QTest::newRow("base url with other provider")
        << QStringList{QStringLiteral("get"),        idA,
                       QStringLiteral("-p"),         QStringLiteral("replicate"),
                       QStringLiteral("--base-url"), QStringLiteral("http://h/v1")}
        << QString();
    QTest::newRow("base url not http") << QStringList{QStringLiteral("get"), idA, QStringLiteral("--base-url"),
                                                      QStringLiteral("ftp://h/v1")}
                                       << QString();
    QTest::newRow("bad env provider") << QStringList{QStringLiteral("get"), idA} << QStringLiteral("nope");
    QTest::newRow("empty key option") << QStringList{QStringLiteral("get"), idA, QStringLiteral("--api-key"),
                                                     QStringLiteral("\"  \"")}
                                      << QString();
    QTest::newRow("not an id") << QStringList{QStringLiteral("get"), QStringLiteral("hello world!")} << QString();
}

void tst_CliCommandLine::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, envProvider);
    CliEnvironment environment;
    environment.provider = envProvider;
    const auto parsed = parse(arguments, environment);
    QVERIFY(!parsed.ok());
    QVERIFY(!parsed.error().trimmed().isEmpty());
}

void tst_CliCommandLine::errorsNeverQuoteTheKey()
{
    const QString key = QStringLiteral("r8_SuperSecretKeyValue123456");
    // The key pasted where an id belongs, alongside text that makes it no usable id.
    auto parsed = parse({QStringLiteral("get"), QStringLiteral("--api-key"), key,
                         QStringLiteral("token=") + key + QStringLiteral(" !")});
    QVERIFY(!parsed.ok());
    QVERIFY2(!parsed.error().contains(key), qPrintable(parsed.error()));

    parsed = parse({QStringLiteral("get"), idA, QStringLiteral("-p"), key});
    QVERIFY(!parsed.ok());
    QVERIFY2(!parsed.error().contains(key), qPrintable(parsed.error()));

    parsed = parse({QStringLiteral("get"), idA, QStringLiteral("--base-url"), key});
    QVERIFY(!parsed.ok());
    QVERIFY2(!parsed.error().contains(key), qPrintable(parsed.error()));
}

void tst_CliCommandLine::helpListsEverything()
{
    CommandLine commandLine;
    const QString help = commandLine.helpText();
    for (const char *word : {"get",
                             "wait",
                             "download",
                             "list",
                             "run",
                             "rerun",
                             "history",
                             "--status",
                             "--database",
                             "--input",
                             "--wait",
                             "--json",
                             "--interval",
                             "--timeout",
                             "--download",
                             "--dir",
                             "--limit",
                             "--provider",
                             "--base-url",
                             "--api-key",
                             "--retries",
                             "REPLIMON_API_KEY",
                             "REPLICATE_API_TOKEN",
                             "REPLIMON_BASE_URL",
                             "REPLIMON_PROVIDER",
                             "process list"}) {
        QVERIFY2(help.contains(QLatin1String(word)), word);
    }
    for (const auto &[code, description] : ExitCodes::descriptions())
        QVERIFY2(help.contains(QStringLiteral("  %1  ").arg(code) + description.section(u' ', 0, 1)),
                 qPrintable(description));
    const QStringList lines = help.split(u'\n');
    for (const QString &line : lines)
        QVERIFY2(line.size() <= 80, qPrintable(line));
}

void tst_CliCommandLine::exitCodes()
{
    using K = ApiError::Kind;
    QCOMPARE(ExitCodes::forError({K::Unauthorized, 401, {}, {}}), ExitCode::Auth);
    QCOMPARE(ExitCodes::forError({K::NotFound, 404, {}, {}}), ExitCode::NotFound);
    QCOMPARE(ExitCodes::forError({K::NotSupported, 405, {}, {}}), ExitCode::NotFound);
    QCOMPARE(ExitCodes::forError({K::RateLimited, 429, {}, {}}), ExitCode::Network);
    QCOMPARE(ExitCodes::forError({K::Server, 503, {}, {}}), ExitCode::Network);
    QCOMPARE(ExitCodes::forError({K::Network, 0, {}, {}}), ExitCode::Network);
    QCOMPARE(ExitCodes::forError({K::Timeout, 0, {}, {}}), ExitCode::Network);
    QCOMPARE(ExitCodes::forError({K::BadResponse, 200, {}, {}}), ExitCode::BadResponse);
    QCOMPARE(ExitCodes::forError({K::FileSystem, 0, {}, {}}), ExitCode::LocalFile);

    QCOMPARE(ExitCodes::forStatus(PredictionStatus::Succeeded), ExitCode::Ok);
    QCOMPARE(ExitCodes::forStatus(PredictionStatus::Failed), ExitCode::PredictionFailed);
    QCOMPARE(ExitCodes::forStatus(PredictionStatus::Canceled), ExitCode::PredictionFailed);
    QCOMPARE(ExitCodes::forStatus(PredictionStatus::Aborted), ExitCode::PredictionFailed);
    QCOMPARE(ExitCodes::forStatus(PredictionStatus::Processing), ExitCode::Ok);

    QCOMPARE(ExitCodes::worst(ExitCode::PredictionFailed, ExitCode::NotFound), ExitCode::NotFound);
    QCOMPARE(ExitCodes::worst(ExitCode::LocalFile, ExitCode::Network), ExitCode::LocalFile);
    QCOMPARE(ExitCodes::worst(ExitCode::Ok, ExitCode::Ok), ExitCode::Ok);
    QCOMPARE(ExitCodes::descriptions().size(), 9);
}

void tst_CliCommandLine::summaryOfSucceeded()
{
    const Prediction prediction = fixture("prediction_seed_success.json");
    const QString text = PredictionText::summary(prediction, {QStringLiteral("/tmp/out/x.jpg")});
    QVERIFY(text.startsWith(idA + QStringLiteral("  succeeded\n")));
    QVERIFY(text.contains(QStringLiteral("black-forest-labs/flux-kontext-dev")));
    QVERIFY(text.contains(QStringLiteral("Make the letters 3D, floating in space on a city street")));
    QVERIFY(text.contains(QStringLiteral(
        "https://replicate.delivery/xezq/FB7iNUmvHJ4NHFIMPea2hEoa4N4mTbwf3GBQjGzGQ4yeD4fTB/output.jpg")));
    QVERIFY(text.contains(QStringLiteral("output_format=jpg")));
    QVERIFY(text.contains(DisplayText::timestamp(prediction.createdAt())));
    QVERIFY(text.contains(DisplayText::timestamp(prediction.completedAt())));
    // started 07:27:54.587 → completed 07:27:58.178: 3.6 s of run time; predict_time 3.59 s.
    QVERIFY(text.contains(QStringLiteral("run time") + QString(3, u' ') + DisplayText::duration(3.59)));
    QVERIFY(text.contains(QStringLiteral("/tmp/out/x.jpg")));
    QVERIFY(!text.contains(QStringLiteral("error")));
    QVERIFY(text.endsWith(u'\n'));
}

void tst_CliCommandLine::summaryOfFailed()
{
    const Prediction prediction = fixture("prediction_failed_error_string.json");
    const QString text = PredictionText::summary(prediction);
    QVERIFY(text.startsWith(idB + QStringLiteral("  failed\n")));
    QVERIFY(text.contains(QStringLiteral("flagged as sensitive")));
    QVERIFY(text.contains(QStringLiteral("Running prediction"))); // the last log lines explain a failure
    QVERIFY(!text.contains(QStringLiteral("\n  output ")));
}

void tst_CliCommandLine::describeErrorNamesKeySourceNotKey()
{
    const ApiEndpoint endpoint = ApiEndpoint::preset(ApiEndpoint::Provider::Replicate);
    const ApiError unauthorized{
        ApiError::Kind::Unauthorized, 401, QStringLiteral("You did not pass a valid authentication token"), {}};
    QString text = PredictionText::describeError(unauthorized, endpoint, QStringLiteral("REPLIMON_API_KEY"));
    QVERIFY(text.contains(QStringLiteral("Check your API key"), Qt::CaseInsensitive));
    QVERIFY(text.contains(QStringLiteral("REPLIMON_API_KEY")));
    QVERIFY(text.contains(QStringLiteral("401")));
    QVERIFY(!text.contains(QStringLiteral("..")));

    text = PredictionText::describeError(unauthorized, endpoint, {});
    QVERIFY(text.contains(QStringLiteral("No key was given")));

    const ApiError notFound{
        ApiError::Kind::NotFound, 404, QStringLiteral("The requested resource could not be found."), {}};
    text = PredictionText::describeError(notFound, endpoint, {});
    QVERIFY(text.contains(QStringLiteral("Replicate")));
    QVERIFY(!text.contains(QStringLiteral("..")));
}

void tst_CliCommandLine::errorJsonIsMachineReadable()
{
    const QByteArray json = PredictionText::errorJson(
        idA, ApiError{ApiError::Kind::RateLimited, 429, QStringLiteral("slow down"), 5000ms});
    QJsonParseError error{};
    const QJsonObject object = QJsonDocument::fromJson(json, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(!json.contains('\n'));
    QCOMPARE(object.value(QStringLiteral("id")).toString(), idA);
    const QJsonObject details = object.value(QStringLiteral("replimon_error")).toObject();
    QCOMPARE(details.value(QStringLiteral("kind")).toString(), QStringLiteral("rate_limited"));
    QCOMPARE(details.value(QStringLiteral("http_status")).toInt(), 429);
    QCOMPARE(details.value(QStringLiteral("message")).toString(), QStringLiteral("slow down"));
}

QTEST_GUILESS_MAIN(tst_CliCommandLine)
#include "tst_clicommandline.moc"
