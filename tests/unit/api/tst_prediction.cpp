// Prediction and PredictionPage parsing: every fixture with its exact field values, the order of
// `input` keys recovered from the raw text, and clear errors for bodies that are not predictions.
#include "Prediction.h"
#include "PredictionStatus.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <optional>

Q_DECLARE_METATYPE(PredictionStatus)

namespace {

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(REPLIMON_FIXTURES_DIR "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QString iso(const QDateTime &dateTime)
{
    return dateTime.isValid() ? dateTime.toString(Qt::ISODateWithMs) : QString();
}

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

struct Expected
{
    QString file;
    bool ok = true;
    QString id;
    QString statusText;
    PredictionStatus status = PredictionStatus::Unknown;
    QString model;
    QString version;
    QString prompt;
    QStringList inputKeys;
    QStringList outputUrls;
    QString outputText;
    QString errorText;
    std::optional<double> predictTime;
    std::optional<double> totalTime;
    std::optional<int> imageCount;
    QString createdAt;
    QString startedAt;
    QString completedAt;
    bool dataRemoved = false;
    QString webUrl;
    QStringList messageParts; ///< For bodies that are not predictions: what the message must mention.
};

const QStringList kontextKeys{s("prompt"),        s("input_image"),      s("aspect_ratio"),
                              s("output_format"), s("safety_tolerance"), s("prompt_upsampling")};

Expected notAPrediction(const char *file, const QStringList &parts)
{
    Expected e;
    e.file = s(file);
    e.ok = false;
    e.messageParts = parts;
    return e;
}

QString web(const QString &id)
{
    return QStringLiteral("https://replicate.com/p/") + id;
}

// One entry per file in tests/fixtures; everyFixtureIsListed() keeps it that way.
QList<Expected> expectations()
{
    QList<Expected> list;
    {
        Expected e;
        e.file = s("prediction_seed_success.json");
        e.id = s("w44zs9cet5rmc0cqzp49gpkhf8");
        e.statusText = s("succeeded");
        e.status = PredictionStatus::Succeeded;
        e.model = s("black-forest-labs/flux-kontext-dev");
        e.version = s("hidden");
        e.prompt = s("Make the letters 3D, floating in space on a city street");
        e.inputKeys = kontextKeys;
        e.outputUrls = {
            s("https://replicate.delivery/xezq/FB7iNUmvHJ4NHFIMPea2hEoa4N4mTbwf3GBQjGzGQ4yeD4fTB/output.jpg")};
        e.predictTime = 3.590520183;
        e.imageCount = 1;
        e.createdAt = s("2025-07-12T07:27:54.577Z");
        e.startedAt = s("2025-07-12T07:27:54.587Z");
        e.completedAt = s("2025-07-12T07:27:58.177Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_starting.json");
        e.id = s("yk3deg1dqcf54esf5dhrd3drcj");
        e.statusText = s("starting");
        e.status = PredictionStatus::Starting;
        e.model = s("black-forest-labs/flux-kontext-pro");
        e.version = s("hidden");
        e.prompt = s("Turn this portrait into a watercolor painting");
        e.inputKeys = kontextKeys;
        e.createdAt = s("2025-07-14T09:12:03.412Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_processing_logs.json");
        e.id = s("w4khxngp1gedq95y771xsnsfx9");
        e.statusText = s("processing");
        e.status = PredictionStatus::Processing;
        e.model = s("black-forest-labs/flux-kontext-max");
        e.version = s("hidden");
        e.prompt = s("Put a red scarf on the dog, keep everything else the same");
        e.inputKeys = kontextKeys;
        e.createdAt = s("2025-07-14T09:13:40.101Z");
        e.startedAt = s("2025-07-14T09:13:41.558Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_failed_error_string.json");
        e.id = s("z6weh4mzk94ceyz097efv8edx6");
        e.statusText = s("failed");
        e.status = PredictionStatus::Failed;
        e.model = s("black-forest-labs/flux-kontext-pro");
        e.version = s("hidden");
        e.prompt = s("A crowded beach at sunset");
        e.inputKeys = kontextKeys;
        e.errorText = s("Prediction failed: the input or output was flagged as sensitive. Please try again with "
                        "different inputs. (E005)");
        e.predictTime = 2.165;
        e.createdAt = s("2025-07-14T10:01:12.000Z");
        e.startedAt = s("2025-07-14T10:01:12.734Z");
        e.completedAt = s("2025-07-14T10:01:14.900Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_failed_error_object.json");
        e.id = s("w20b70mh9dqwjs339fm63vj5v4");
        e.statusText = s("failed");
        e.status = PredictionStatus::Failed;
        e.model = s("black-forest-labs/flux-kontext-max");
        e.version = s("hidden");
        e.prompt = s("Make it night time");
        e.inputKeys = kontextKeys;
        e.errorText = s("Upstream model timed out after 300 seconds");
        e.createdAt = s("2025-07-14T10:05:00.500Z");
        e.startedAt = s("2025-07-14T10:05:01.000Z");
        e.completedAt = s("2025-07-14T10:10:01.250Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_canceled.json");
        e.id = s("02rkfnkrra9ntwak41yjd73333");
        e.statusText = s("canceled");
        e.status = PredictionStatus::Canceled;
        e.model = s("black-forest-labs/flux-dev");
        e.version = s("6e4a938f85952bdabcc15aa329178c4d681c52bf25a0342403287dc26944661d");
        e.prompt = s("an isometric tiny castle on a floating island");
        e.inputKeys = {s("prompt"), s("num_outputs"), s("aspect_ratio"), s("output_format")};
        e.predictTime = 1.625;
        e.createdAt = s("2025-07-14T11:00:00.000Z");
        e.startedAt = s("2025-07-14T11:00:02.250Z");
        e.completedAt = s("2025-07-14T11:00:03.875Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_aborted.json");
        e.id = s("g83dpeq6mhzdgakg1beq2kt018");
        e.statusText = s("aborted");
        e.status = PredictionStatus::Aborted;
        e.model = s("black-forest-labs/flux-kontext-pro");
        e.version = s("hidden");
        e.prompt = s("A lighthouse in a storm");
        e.inputKeys = kontextKeys;
        e.createdAt = s("2025-07-14T12:00:00.000Z");
        e.completedAt = s("2025-07-14T12:05:00.000Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_unknown_status.json");
        e.id = s("hh9788xfkgzt8mbq1kbxft1m0r");
        e.statusText = s("queued_upstream");
        e.status = PredictionStatus::Unknown;
        e.model = s("black-forest-labs/flux-kontext-pro");
        e.version = s("hidden");
        e.prompt = s("A paper boat on a puddle");
        e.inputKeys = kontextKeys;
        e.createdAt = s("2025-07-14T12:30:00.000Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_output_array.json");
        e.id = s("zrps3rp90bbv8tp0601frgr8pz");
        e.statusText = s("succeeded");
        e.status = PredictionStatus::Succeeded;
        e.model = s("black-forest-labs/flux-schnell");
        e.version = s("9eee3692f09e2e8c662248b483b7ffc050fec94dbca3a0aac36098b2cc2bd818");
        e.prompt = s("black forest gateau cake spelling out the words \"FLUX SCHNELL\", tasty, food photography");
        e.inputKeys = {s("prompt"),       s("go_fast"),       s("megapixels"),     s("num_outputs"),
                       s("aspect_ratio"), s("output_format"), s("output_quality"), s("num_inference_steps")};
        e.outputUrls = {s("https://replicate.delivery/xezq/GD1qSo7JPRbgUMxXy9b4BzwoZ648jjNuFD7uacnwIp3Sf/out-0.webp"),
                        s("https://replicate.delivery/xezq/D67jIKeaVSTQvvpQZpPTejqZHKpKENg5zfjOc6VwcbIjM/out-1.webp")};
        e.predictTime = 0.886275;
        e.totalTime = 1.084711;
        e.imageCount = 2;
        e.createdAt = s("2025-07-14T13:00:00.120Z");
        e.startedAt = s("2025-07-14T13:00:00.318Z");
        e.completedAt = s("2025-07-14T13:00:01.204Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_output_objects.json");
        e.id = s("q8a80fh2p8n5zf373fmmjbk7k8");
        e.statusText = s("succeeded");
        e.status = PredictionStatus::Succeeded;
        e.model = s("black-forest-labs/flux-dev");
        e.version = s("6e4a938f85952bdabcc15aa329178c4d681c52bf25a0342403287dc26944661d");
        e.prompt = s("a fox in a snowy forest, cinematic");
        e.inputKeys = {s("prompt"), s("num_outputs"), s("output_format")};
        e.outputUrls = {
            s("https://replicate.delivery/xezq/Hq3mY7tLfKcB9uWzR2aXvN5pJ8sDgE4oT1iQyMbV6nCwZ0kd/out-0.png"),
            s("https://replicate.delivery/xezq/Lp8sV2nQ4wTzR6mYxK9bC3fJ7hD5gE1aU0oIiMtW5vNcZ2ye/out-1.png")};
        e.predictTime = 7.8;
        e.imageCount = 2;
        e.createdAt = s("2025-07-14T13:10:00.000Z");
        e.startedAt = s("2025-07-14T13:10:01.000Z");
        e.completedAt = s("2025-07-14T13:10:09.000Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_output_data_uri.json");
        e.id = s("0kjbagj5pqbtqwsyt4jd074jkb");
        e.statusText = s("succeeded");
        e.status = PredictionStatus::Succeeded;
        e.model = s("black-forest-labs/flux-schnell");
        e.version = s("9eee3692f09e2e8c662248b483b7ffc050fec94dbca3a0aac36098b2cc2bd818");
        e.prompt = s("a single red pixel");
        e.inputKeys = {s("prompt"), s("num_outputs"), s("output_format")};
        e.outputUrls = {
            s("data:image/"
              "png;base64,"
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")};
        e.predictTime = 0.6;
        e.imageCount = 1;
        e.createdAt = s("2025-07-14T13:20:00.000Z");
        e.startedAt = s("2025-07-14T13:20:00.100Z");
        e.completedAt = s("2025-07-14T13:20:00.700Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_output_text.json");
        e.id = s("6naknk8hdy8gdspvcg6be6ypv6");
        e.statusText = s("succeeded");
        e.status = PredictionStatus::Succeeded;
        e.model = s("meta/meta-llama-3-8b-instruct");
        e.version = s("5a6809ca6288247d06daf6365557e5e429063f32a21146b2a807c682652136b8");
        e.prompt = s("Name the three primary colours in one sentence.");
        e.inputKeys = {s("prompt"), s("max_tokens"), s("temperature")};
        e.outputText = s("The three primary colours are red, yellow and blue.");
        e.predictTime = 0.35;
        e.totalTime = 0.4;
        e.createdAt = s("2025-07-14T13:30:00.000Z");
        e.startedAt = s("2025-07-14T13:30:00.050Z");
        e.completedAt = s("2025-07-14T13:30:00.400Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_data_removed.json");
        e.id = s("8stp6j4h36yes5eqxhk1ktj7rg");
        e.statusText = s("succeeded");
        e.status = PredictionStatus::Succeeded;
        e.model = s("black-forest-labs/flux-kontext-pro");
        e.version = s("hidden");
        e.predictTime = 4.5;
        e.totalTime = 5.5;
        e.imageCount = 1;
        e.createdAt = s("2025-07-12T07:00:00.000Z");
        e.startedAt = s("2025-07-12T07:00:01.000Z");
        e.completedAt = s("2025-07-12T07:00:05.500Z");
        e.dataRemoved = true;
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_extra_input_keys.json");
        e.id = s("39mrm53z4p0yf1bz76b2zwehrg");
        e.statusText = s("succeeded");
        e.status = PredictionStatus::Succeeded;
        e.model = s("acme-labs/flux-custom-lora");
        e.version = s("b1c6e1d7a9f04c2e8d3b5a7f9e1c3d5b7a9f1e3c5d7b9a1f3e5c7d9b1a3f5e7c");
        e.prompt = s("braces { and } and \"quotes\", [brackets], a \\ backslash, and \"input\": {\"fake\": 1}");
        e.inputKeys = {s("zeta"), s("alpha"), s("mid"),    s("prompt"), s("weird \"key\" {x}"),
                       s("名字"), s("été"),   s("nested"), s("Zulu"),   s("aspect_ratio"),
                       s("seed")};
        e.outputUrls = {
            s("https://replicate.delivery/xezq/Tz4nB7kQ1mR6wY9vC3xL8pF2hJ5dG0aEsUoIiMtW3vNcK7qe/output.png")};
        e.predictTime = 5.02;
        e.imageCount = 1;
        e.createdAt = s("2025-07-14T16:00:00.000Z");
        e.startedAt = s("2025-07-14T16:00:00.500Z");
        e.completedAt = s("2025-07-14T16:00:05.520Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_extra_metrics.json");
        e.id = s("ftvcnvj5t3k9yfvdn5evbftfre");
        e.statusText = s("succeeded");
        e.status = PredictionStatus::Succeeded;
        e.model = s("black-forest-labs/flux-1.1-pro");
        e.version = s("hidden");
        e.prompt = s("a teal vintage car in the rain");
        e.inputKeys = {s("prompt"), s("aspect_ratio"), s("output_format")};
        e.outputUrls = {
            s("https://replicate.delivery/czjl/Rv3pT8kQ2mZ6nW9yB4xL7cF1hJ5dG0aEsUoIiMtY2vNcK8qe/output.webp")};
        e.predictTime = 6.123456;
        e.totalTime = 9.493;
        e.imageCount = 1;
        e.createdAt = s("2025-07-14T14:00:00.000Z");
        e.startedAt = s("2025-07-14T14:00:03.370Z");
        e.completedAt = s("2025-07-14T14:00:09.493Z");
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_timestamps_nanos_null.json");
        e.id = s("th7az4vjcshmtdnpxxqw6nv0bt");
        e.statusText = s("processing");
        e.status = PredictionStatus::Processing;
        e.model = s("black-forest-labs/flux-kontext-pro");
        e.version = s("hidden");
        e.prompt = s("Add snow to the rooftops");
        e.inputKeys = kontextKeys;
        e.createdAt = s("2025-07-12T07:27:54.123Z"); // nanoseconds cut to milliseconds
        e.startedAt = s("2025-07-12T07:27:55.000Z"); // +08:00 brought to UTC
        e.webUrl = web(e.id);
        list.append(e);
    }
    {
        Expected e;
        e.file = s("prediction_wrong_types.json");
        e.id = s("cabp8s6g593xqrzpj30djaet5m");
        e.statusText = s("succeeded");
        e.status = PredictionStatus::Succeeded;
        e.outputText = s("12.5");
        e.errorText = s("false");
        list.append(e);
    }
    list.append(notAPrediction("not_prediction_openai_images.json",
                               {s("not a prediction"), s("\"id\"/\"status\""), s("image-generation")}));
    list.append(notAPrediction("not_json_html.html", {s("not JSON"), s("HTML"), s("502 Bad Gateway")}));
    list.append(
        notAPrediction("truncated.json", {s("not valid JSON"), s("cut off"), s("\"w44zs9cet5rmc0cqzp49gpkhf8\"")}));
    list.append(notAPrediction("list_page.json", {s("not a prediction"), s("page of the prediction list")}));
    list.append(notAPrediction(
        "problem_401.json",
        {s("not a prediction"), s("error message"), s("You did not pass a valid authentication token")}));
    list.append(
        notAPrediction("problem_404.json", {s("not a prediction"), s("The requested resource could not be found.")}));
    list.append(notAPrediction("problem_429.json", {s("not a prediction"), s("Request was throttled.")}));
    return list;
}

QStringList keysOf(const Prediction &p)
{
    QStringList keys;
    for (const auto &entry : p.inputs())
        keys.append(entry.first);
    return keys;
}

QStringList urlStrings(const QList<QUrl> &urls)
{
    QStringList list;
    for (const QUrl &url : urls)
        list.append(url.toString());
    return list;
}

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

} // namespace

class tst_Prediction final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void everyFixtureIsListed();

    void seedSuccessInDetail();
    void rawJsonIsCompactAndKeepsOrder();
    void escapedKeysAndStringsKeepOrderAndText_data();
    void escapedKeysAndStringsKeepOrderAndText();
    void rawJsonDropsByteOrderMarks_data();
    void rawJsonDropsByteOrderMarks();
    void inputOrderFollowsTheText();
    void inputOrderWithoutRawText();
    void mismatchedRawTextIsIgnored();
    void wrongTypesAreTreatedAsAbsent();

    void notPredictions_data();
    void notPredictions();
    void errorMessagesAreSafeToShow();

    void timestamps_data();
    void timestamps();
    void outputShapes_data();
    void outputShapes();
    void errorText_data();
    void errorText();
    void metricsTypes();
    void equality();

    void statuses_data();
    void statuses();

    void page();
    void pageErrors_data();
    void pageErrors();
    void pageWithoutNext();
};

void tst_Prediction::fixtures_data()
{
    QTest::addColumn<int>("index");
    const QList<Expected> list = expectations();
    for (int i = 0; i < list.size(); ++i)
        QTest::newRow(qPrintable(list.at(i).file)) << i;
}

void tst_Prediction::fixtures()
{
    QFETCH(int, index);
    const Expected e = expectations().at(index);
    const QByteArray body = readFixture(e.file);
    QVERIFY2(!body.isEmpty(), qPrintable(e.file));

    const auto result = Prediction::fromJson(body);
    QCOMPARE(result.ok(), e.ok);
    if (!e.ok) {
        const QString message = result.error().message;
        for (const QString &part : e.messageParts)
            QVERIFY2(message.contains(part), qPrintable(message + QStringLiteral(" | lacks: ") + part));
        return;
    }

    const Prediction &p = result.value();
    QCOMPARE(p.id(), e.id);
    QCOMPARE(p.statusText(), e.statusText);
    QCOMPARE(p.status(), e.status);
    QCOMPARE(p.model(), e.model);
    QCOMPARE(p.version(), e.version);
    QCOMPARE(p.prompt(), e.prompt);
    QCOMPARE(keysOf(p), e.inputKeys);
    QCOMPARE(urlStrings(p.outputUrls()), e.outputUrls);
    QCOMPARE(p.outputText(), e.outputText);
    QCOMPARE(p.errorText(), e.errorText);
    QCOMPARE(p.predictTime().has_value(), e.predictTime.has_value());
    if (e.predictTime)
        QCOMPARE(*p.predictTime(), *e.predictTime);
    QCOMPARE(p.totalTime().has_value(), e.totalTime.has_value());
    if (e.totalTime)
        QCOMPARE(*p.totalTime(), *e.totalTime);
    QCOMPARE(p.imageCount(), e.imageCount);
    QCOMPARE(iso(p.createdAt()), e.createdAt);
    QCOMPARE(iso(p.startedAt()), e.startedAt);
    QCOMPARE(iso(p.completedAt()), e.completedAt);
    QCOMPARE(p.dataRemoved(), e.dataRemoved);
    QCOMPARE(p.webUrl().toString(), e.webUrl);
    if (p.createdAt().isValid())
        QCOMPARE(p.createdAt().timeSpec(), Qt::UTC);

    // What is stored can be read back to the same prediction.
    const auto again = Prediction::fromJson(p.rawJson());
    QVERIFY(again.ok());
    QVERIFY(again.value() == p);
    QCOMPARE(keysOf(again.value()), e.inputKeys);
}

void tst_Prediction::everyFixtureIsListed()
{
    QStringList listed;
    for (const Expected &e : expectations())
        listed.append(e.file);
    QStringList present = QDir(QStringLiteral(REPLIMON_FIXTURES_DIR)).entryList(QDir::Files, QDir::Name);
    // Images are the image decoder's fixtures, not answers a server sends.
    present.removeIf([](const QString &name) {
        return name.startsWith(QLatin1String("README")) || name.endsWith(QLatin1String(".md"))
            || name.endsWith(QLatin1String(".png")) || name.endsWith(QLatin1String(".jpg"))
            || name.endsWith(QLatin1String(".webp"));
    });
    listed.sort();
    QCOMPARE(listed, present);
}

void tst_Prediction::seedSuccessInDetail()
{
    const auto result = Prediction::fromJson(readFixture(QStringLiteral("prediction_seed_success.json")));
    QVERIFY(result.ok());
    const Prediction &p = result.value();
    QCOMPARE(p.logs(),
             QStringLiteral("Starting generate image\nUsing seed: 29889\nTotal safe images: 1 out of 1\n"
                            "generate image took 3.53 seconds\n"));
    QCOMPARE(p.inputImage(),
             QStringLiteral("https://replicate.delivery/xezq/"
                            "XfwWjHJ7HfrmXE6ukuLVEpXWfeQ3PQeRI5mApuLXRxST7XMmC/tmpc91tlq20.png"));
    QCOMPARE(p.input(QStringLiteral("aspect_ratio")).toString(), QStringLiteral("match_input_image"));
    QCOMPARE(p.input(QStringLiteral("output_format")).toString(), QStringLiteral("jpg"));
    QCOMPARE(p.input(QStringLiteral("safety_tolerance")).toInt(), 2);
    QVERIFY(p.input(QStringLiteral("prompt_upsampling")).isBool());
    QCOMPARE(p.input(QStringLiteral("prompt_upsampling")).toBool(true), false);
    QVERIFY(p.input(QStringLiteral("no_such_key")).isUndefined());
    QVERIFY(p.error().isNull());
    QVERIFY(p.output().isString());
    QCOMPARE(p.reportedGetUrl().toString(),
             QStringLiteral("https://api.replicate.com/v1/predictions/w44zs9cet5rmc0cqzp49gpkhf8"));
    QCOMPARE(p.reportedCancelUrl().toString(),
             QStringLiteral("https://api.replicate.com/v1/predictions/w44zs9cet5rmc0cqzp49gpkhf8/cancel"));
    QCOMPARE(p.reportedStreamUrl().toString(),
             QStringLiteral("https://stream.replicate.com/v1/files/"
                            "bcwr-h7bu76ujftxzwih5u35puoysogps56mqvpvjz4nrxskhfe7ks42a"));
    QCOMPARE(p.metrics().size(), 2);
    QVERIFY(!p.totalTime());
    QVERIFY(PredictionStatuses::isTerminal(p.status()));
}

void tst_Prediction::rawJsonDropsByteOrderMarks_data()
{
    QTest::addColumn<QString>("file");
    // Found by fuzz_prediction: Qt skips a second BOM that fromJson() left, and rawJson() kept it, so
    // the stored text no longer parsed back to the same prediction.
    QTest::newRow("two BOMs") << QStringLiteral("double-bom");
    QTest::newRow("two BOMs, NULs in a key") << QStringLiteral("crash-double-bom-nul-key");
}

void tst_Prediction::rawJsonDropsByteOrderMarks()
{
    QFETCH(QString, file);
    QFile input(QStringLiteral(REPLIMON_FIXTURES_DIR "/fuzz/prediction/") + file);
    QVERIFY(input.open(QIODevice::ReadOnly));
    const auto parsed = Prediction::fromJson(input.readAll());
    QVERIFY(parsed);
    QCOMPARE(parsed.value().id(), QStringLiteral("x1"));
    QVERIFY2(parsed.value().rawJson().startsWith('{'), parsed.value().rawJson().left(16).toHex().constData());
    const auto again = Prediction::fromJson(parsed.value().rawJson());
    QVERIFY(again);
    QCOMPARE(again.value().rawJson(), parsed.value().rawJson());
    QVERIFY(again.value() == parsed.value());
}

void tst_Prediction::rawJsonIsCompactAndKeepsOrder()
{
    const QByteArray body = readFixture(QStringLiteral("prediction_seed_success.json"));
    const auto result = Prediction::fromJson(body);
    QVERIFY(result.ok());
    const QByteArray raw = result.value().rawJson();
    QVERIFY(raw.startsWith(R"({"id":"w44zs9cet5rmc0cqzp49gpkhf8","logs":"Starting generate image\nUsing seed: 29889)"));
    QVERIFY(raw.endsWith(R"("completed_at":"2025-07-12T07:27:58.177641162Z","data_removed":false})"));
    QVERIFY(!raw.contains('\n'));
    QVERIFY(!raw.contains("\": "));
    QCOMPARE(QJsonDocument::fromJson(raw).object(), QJsonDocument::fromJson(body).object());
    // Insignificant whitespace does not make two predictions differ.
    QVERIFY(Prediction::fromJson(raw).value() == result.value());
}

void tst_Prediction::escapedKeysAndStringsKeepOrderAndText_data()
{
    QTest::addColumn<QByteArray>("body");
    const QByteArray compact =
        R"({"id":"esc1","status":"succeeded","input":{"z\u0041":1,"b\"q":"x y","\u00e9t\u00e9":2,"a":"\\ \n"}})";
    QTest::newRow("compact") << compact;
    QTest::newRow("spaced") << QByteArray(
        R"( { "id" : "esc1", "status" : "succeeded" , "input" : { "z\u0041" : 1, "b\"q" : "x y" ,)"
        "\n  \"\\u00e9t\\u00e9\" : 2, \"a\" : \"\\\\ \\n\" } }\n");
}

void tst_Prediction::escapedKeysAndStringsKeepOrderAndText()
{
    // Keys with escapes are decoded by Qt's parser, plain ones directly; both keep the text's order, and
    // compacting leaves the spaces inside strings alone.
    QFETCH(QByteArray, body);
    const auto result = Prediction::fromJson(body);
    QVERIFY(result.ok());
    QStringList keys;
    for (const auto &input : result.value().inputs())
        keys.append(input.first);
    QCOMPARE(keys,
             (QStringList{QStringLiteral("zA"), QStringLiteral("b\"q"), QStringLiteral("\u00e9t\u00e9"),
                          QStringLiteral("a")}));
    QCOMPARE(result.value().input(QStringLiteral("b\"q")).toString(), QStringLiteral("x y"));
    QCOMPARE(result.value().input(QStringLiteral("a")).toString(), QStringLiteral("\\ \n"));
    const QByteArray raw = result.value().rawJson();
    QCOMPARE(
        raw,
        QByteArray(
            R"({"id":"esc1","status":"succeeded","input":{"z\u0041":1,"b\"q":"x y","\u00e9t\u00e9":2,"a":"\\ \n"}})"));
}

void tst_Prediction::inputOrderFollowsTheText()
{
    const auto result = Prediction::fromJson(readFixture(QStringLiteral("prediction_extra_input_keys.json")));
    QVERIFY(result.ok());
    const Prediction &p = result.value();
    QCOMPARE(p.inputs().size(), 11);
    QCOMPARE(p.input(QStringLiteral("zeta")).toInt(), 1);
    QCOMPARE(p.input(QStringLiteral("alpha")).toString(), QStringLiteral("first letter"));
    QCOMPARE(p.input(QStringLiteral("mid")).toBool(), true);
    QVERIFY(p.input(QStringLiteral("weird \"key\" {x}")).isNull());
    QCOMPARE(p.input(QString::fromUtf8("名字")).toString(), QString::fromUtf8("小猫"));
    QCOMPARE(p.input(QString::fromUtf8("été")).toString(), QStringLiteral("summer"));
    const QJsonObject nested = p.input(QStringLiteral("nested")).toObject();
    QCOMPARE(nested.value(QStringLiteral("m")).toString(), QStringLiteral("]"));
    QCOMPARE(nested.value(QStringLiteral("a")).toArray().size(), 2);
    QCOMPARE(p.input(QStringLiteral("Zulu")).toArray(), QJsonArray({QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(p.input(QStringLiteral("seed")).toDouble(), -125.0);
    // Neither the decoy in the logs nor the nested "input" of another object is taken.
    QVERIFY(p.input(QStringLiteral("decoy_a")).isUndefined());
    QVERIFY(p.input(QStringLiteral("xx")).isUndefined());
}

void tst_Prediction::inputOrderWithoutRawText()
{
    const QJsonObject object =
        QJsonDocument::fromJson(readFixture(QStringLiteral("prediction_extra_input_keys.json"))).object();
    const auto result = Prediction::fromJsonObject(object);
    QVERIFY(result.ok());
    // Without the text, QJsonObject's (sorted) order is all there is.
    QCOMPARE(keysOf(result.value()), object.value(QStringLiteral("input")).toObject().keys());
    QCOMPARE(result.value().rawJson(), QJsonDocument(object).toJson(QJsonDocument::Compact));
}

void tst_Prediction::mismatchedRawTextIsIgnored()
{
    const QByteArray text = R"({"id":"abcdefghij0123456789","status":"starting","input":{"b":1,"a":2}})";
    const QJsonObject object = QJsonDocument::fromJson(text).object();
    const QByteArray otherText = R"({"id":"zzzzzzzzzz0123456789","status":"starting","input":{"b":1,"a":2}})";
    const auto result = Prediction::fromJsonObject(object, otherText);
    QVERIFY(result.ok());
    QCOMPARE(keysOf(result.value()), QStringList({QStringLiteral("a"), QStringLiteral("b")}));
    QVERIFY(result.value().rawJson().contains("abcdefghij0123456789"));

    const auto matching = Prediction::fromJsonObject(object, "  " + text + "\n");
    QVERIFY(matching.ok());
    QCOMPARE(keysOf(matching.value()), QStringList({QStringLiteral("b"), QStringLiteral("a")}));
    QCOMPARE(matching.value().rawJson(), text);
}

void tst_Prediction::wrongTypesAreTreatedAsAbsent()
{
    const auto result = Prediction::fromJson(readFixture(QStringLiteral("prediction_wrong_types.json")));
    QVERIFY(result.ok());
    const Prediction &p = result.value();
    QVERIFY(p.logs().isEmpty());
    QVERIFY(p.inputs().isEmpty());
    QVERIFY(p.metrics().isEmpty());
    QVERIFY(!p.imageCount());
    QVERIFY(!p.dataRemoved());
    QVERIFY(p.webUrl().isEmpty());
    QVERIFY(p.outputUrls().isEmpty());
    QCOMPARE(p.output().toDouble(), 12.5);
    QVERIFY(p.error().isBool());
}

void tst_Prediction::notPredictions_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("parts");

    const auto l = [](std::initializer_list<const char *> parts) {
        QStringList list;
        for (const char *part : parts)
            list.append(QString::fromUtf8(part));
        return list;
    };
    QTest::newRow("empty") << QByteArray() << l({"empty"});
    QTest::newRow("whitespace") << QByteArray(" \r\n\t ") << l({"empty"});
    QTest::newRow("empty object") << QByteArray("{}") << l({"not a prediction", "empty JSON object"});
    QTest::newRow("empty array") << QByteArray("[]") << l({"not a prediction", "JSON list"});
    QTest::newRow("array of predictions") << QByteArray(R"([{"id":"w44zs9cet5rmc0cqzp49gpkhf8","status":"succeeded"}])")
                                          << l({"not a prediction", "JSON list"});
    QTest::newRow("null") << QByteArray("null") << l({"not a prediction", "single JSON value", "null"});
    QTest::newRow("string") << QByteArray(R"("ok")") << l({"not a prediction", "single JSON value"});
    QTest::newRow("number") << QByteArray("42") << l({"single JSON value", "42"});
    QTest::newRow("id not a string") << QByteArray(R"({"id":5,"status":"succeeded"})")
                                     << l({"not a prediction", "\"id\" is empty or not a string"});
    QTest::newRow("empty id") << QByteArray(R"({"id":"","status":"succeeded"})") << l({"\"id\" is empty"});
    QTest::newRow("no id") << QByteArray(R"({"status":"succeeded","logs":""})") << l({"it has no \"id\" ("});
    QTest::newRow("no status") << QByteArray(R"({"id":"w44zs9cet5rmc0cqzp49gpkhf8","logs":""})")
                               << l({"no \"status\""});
    QTest::newRow("status not a string") << QByteArray(R"({"id":"w44zs9cet5rmc0cqzp49gpkhf8","status":3})")
                                         << l({"\"status\" is not a string"});
    QTest::newRow("error object") << QByteArray(R"({"error":{"message":"Insufficient balance","type":"billing"}})")
                                  << l({"error message", "Insufficient balance"});
    QTest::newRow("unknown keys") << QByteArray(R"({"ok":true,"task":"x"})") << l({"\"ok\"", "\"task\""});
    QTest::newRow("plain text") << QByteArray("Bad Gateway") << l({"not JSON", "Bad Gateway"});
    QTest::newRow("html doctype") << QByteArray("<!DOCTYPE html><html><body>Cloudflare: Error 1020</body></html>")
                                  << l({"not JSON", "HTML", "Error 1020"});
    QTest::newRow("xml") << QByteArray("<?xml version=\"1.0\"?><Error>Denied</Error>") << l({"not JSON", "XML"});
    QTest::newRow("truncated object") << QByteArray(R"({"id":"w44zs9cet5rmc0cqzp49gpkhf8","status":"succ)")
                                      << l({"not valid JSON", "cut off"});
    QTest::newRow("trailing garbage") << QByteArray(R"({"id":"a1b2c3d4e5f6g7h8","status":"starting"} x)")
                                      << l({"not valid JSON"});
}

void tst_Prediction::notPredictions()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, parts);
    const auto result = Prediction::fromJson(body);
    QVERIFY(!result.ok());
    for (const QString &part : parts)
        QVERIFY2(result.error().message.contains(part),
                 qPrintable(result.error().message + QStringLiteral(" | lacks: ") + part));
}

void tst_Prediction::errorMessagesAreSafeToShow()
{
    QByteArray garbage("\x01\x02\x1b[31m\xff\xfe binary\r\nnext line\t");
    garbage += QByteArray(5000, 'x');
    const QByteArray html = QByteArray("<html>\n<title>\x07</title>") + QByteArray(10000, 'y');
    for (const QByteArray &body : {garbage, html}) {
        const auto result = Prediction::fromJson(body);
        QVERIFY(!result.ok());
        const QString message = result.error().message;
        QVERIFY2(!hasControlCharacters(message), qPrintable(message));
        QVERIFY2(message.size() < 200, qPrintable(message));
        QVERIFY(message.contains(QChar(0x2026))); // shortened, and says so
    }
    // A byte-order mark in front of a prediction is not a reason to reject it.
    const auto withBom = Prediction::fromJson(
        "\xEF\xBB\xBF{\"id\":\"w44zs9cet5rmc0cqzp49gpkhf8\",\"status\":\"starting\"}");
    QVERIFY(withBom.ok());
}

void tst_Prediction::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // ISO with milliseconds in UTC, "" for invalid

    QTest::newRow("seed created") << "2025-07-12T07:27:54.577Z"
                                  << "2025-07-12T07:27:54.577Z";
    QTest::newRow("nanoseconds") << "2025-07-12T07:27:54.587120975Z"
                                 << "2025-07-12T07:27:54.587Z";
    QTest::newRow("nanoseconds, .999999999 is cut not rounded") << "2025-12-31T23:59:59.999999999Z"
                                                                << "2025-12-31T23:59:59.999Z";
    QTest::newRow("microseconds") << "2025-07-12T07:27:54.318436Z"
                                  << "2025-07-12T07:27:54.318Z";
    QTest::newRow("one digit") << "2025-07-12T07:27:54.5Z"
                               << "2025-07-12T07:27:54.500Z";
    QTest::newRow("two digits") << "2025-07-12T07:27:54.05Z"
                                << "2025-07-12T07:27:54.050Z";
    QTest::newRow("no fraction") << "2025-07-12T07:27:54Z"
                                 << "2025-07-12T07:27:54.000Z";
    QTest::newRow("no seconds") << "2025-07-12T07:27Z"
                                << "2025-07-12T07:27:00.000Z";
    QTest::newRow("plus offset") << "2025-07-12T15:27:54.250+08:00"
                                 << "2025-07-12T07:27:54.250Z";
    QTest::newRow("minus offset") << "2025-07-12T01:57:54-05:30"
                                  << "2025-07-12T07:27:54.000Z";
    QTest::newRow("offset without colon") << "2025-07-12T09:27:54+0200"
                                          << "2025-07-12T07:27:54.000Z";
    QTest::newRow("offset crosses midnight") << "2025-07-12T23:30:00-01:00"
                                             << "2025-07-13T00:30:00.000Z";
    QTest::newRow("zero offset") << "2025-07-12T07:27:54.577+00:00"
                                 << "2025-07-12T07:27:54.577Z";
    QTest::newRow("no zone means UTC") << "2025-07-12T07:27:54.577"
                                       << "2025-07-12T07:27:54.577Z";
    QTest::newRow("space separator") << "2025-07-12 07:27:54.577Z"
                                     << "2025-07-12T07:27:54.577Z";
    QTest::newRow("lower-case z") << "2025-07-12t07:27:54z"
                                  << "2025-07-12T07:27:54.000Z";
    QTest::newRow("surrounding spaces") << "  2025-07-12T07:27:54Z "
                                        << "2025-07-12T07:27:54.000Z";
    QTest::newRow("leap day") << "2024-02-29T12:00:00Z"
                              << "2024-02-29T12:00:00.000Z";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("garbage") << "yesterday"
                             << "";
    QTest::newRow("date only") << "2025-07-12"
                               << "";
    QTest::newRow("bad month") << "2025-13-12T07:27:54Z"
                               << "";
    QTest::newRow("bad day") << "2025-02-30T07:27:54Z"
                             << "";
    QTest::newRow("bad hour") << "2025-07-12T24:27:54Z"
                              << "";
    QTest::newRow("bad offset") << "2025-07-12T07:27:54+25:00"
                                << "";
    QTest::newRow("trailing text") << "2025-07-12T07:27:54Z extra"
                                   << "";
    QTest::newRow("epoch number") << "1720768074"
                                  << "";
    QTest::newRow("letter in the year") << "20x5-07-12T07:27:54Z"
                                        << "";
    QTest::newRow("letter in the fraction") << "2025-07-12T07:27:54.31x4Z"
                                            << "";
    QTest::newRow("many fraction digits") << "2025-07-12T07:27:54.123456789012Z"
                                          << "2025-07-12T07:27:54.123Z";
}

void tst_Prediction::timestamps()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QDateTime parsed = Prediction::parseTimestamp(text);
    QCOMPARE(iso(parsed), expected);
    if (parsed.isValid())
        QCOMPARE(parsed.timeSpec(), Qt::UTC);
}

void tst_Prediction::outputShapes_data()
{
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QStringList>("urls");
    QTest::addColumn<QString>("text");

    const QString a = QStringLiteral("https://replicate.delivery/xezq/a/out-0.webp");
    const QString b = QStringLiteral("https://replicate.delivery/xezq/b/out-1.webp");
    QTest::newRow("null") << QByteArray("null") << QStringList() << QString();
    QTest::newRow("url string") << ('"' + a.toUtf8() + '"') << QStringList{a} << QString();
    QTest::newRow("array of urls") << ("[\"" + a.toUtf8() + "\",\"" + b.toUtf8() + "\"]") << QStringList{a, b}
                                   << QString();
    QTest::newRow("duplicates dropped") << ("[\"" + a.toUtf8() + "\",\"" + a.toUtf8() + "\"]") << QStringList{a}
                                        << QString();
    QTest::newRow("objects") << ("[{\"file\":\"" + a.toUtf8() + "\"},{\"file\":\"" + b.toUtf8() + "\"}]")
                             << QStringList{a, b} << QString();
    QTest::newRow("object of urls") << ("{\"images\":[\"" + a.toUtf8() + "\"]}") << QStringList{a} << QString();
    QTest::newRow("data uri") << QByteArray(R"("data:image/png;base64,iVBORw0KGgo=")")
                              << QStringList{QStringLiteral("data:image/png;base64,iVBORw0KGgo=")} << QString();
    QTest::newRow("empty array") << QByteArray("[]") << QStringList() << QString();
    QTest::newRow("text string") << QByteArray(R"("A cat sitting on a mat.")") << QStringList()
                                 << QStringLiteral("A cat sitting on a mat.");
    QTest::newRow("token array") << QByteArray(R"(["Hello",","," world"])") << QStringList()
                                 << QStringLiteral("Hello, world");
    QTest::newRow("not a url scheme") << QByteArray(R"("ftp://example.com/x.png")") << QStringList()
                                      << QStringLiteral("ftp://example.com/x.png");
    QTest::newRow("number") << QByteArray("42") << QStringList() << QStringLiteral("42");
    QTest::newRow("bool") << QByteArray("true") << QStringList() << QStringLiteral("true");
    QTest::newRow("object with text") << QByteArray(R"({"caption":"a dog","score":0.5})") << QStringList()
                                      << QStringLiteral(R"({"caption":"a dog","score":0.5})");
    QTest::newRow("url and caption") << ("[\"" + a.toUtf8() + "\",\"a caption\"]") << QStringList{a}
                                     << QStringLiteral("%1a caption").arg(a);
    QTest::newRow("urls with a number") << ("[{\"file\":\"" + a.toUtf8() + "\",\"seed\":7}]") << QStringList{a}
                                        << QStringLiteral(R"([{"file":"%1","seed":7}])").arg(a);
}

void tst_Prediction::outputShapes()
{
    QFETCH(QByteArray, output);
    QFETCH(QStringList, urls);
    QFETCH(QString, text);
    const QByteArray body = R"({"id":"w44zs9cet5rmc0cqzp49gpkhf8","status":"succeeded","output":)" + output + '}';
    const auto result = Prediction::fromJson(body);
    QVERIFY2(result.ok(), body.constData());
    QCOMPARE(urlStrings(result.value().outputUrls()), urls);
    QCOMPARE(result.value().outputText(), text);
}

void tst_Prediction::errorText_data()
{
    QTest::addColumn<QByteArray>("error");
    QTest::addColumn<QString>("text");

    QTest::newRow("absent") << QByteArray() << QString();
    QTest::newRow("null") << QByteArray("null") << QString();
    QTest::newRow("string") << QByteArray(R"("CUDA out of memory")") << QStringLiteral("CUDA out of memory");
    QTest::newRow("string kept as is") << QByteArray(R"("  two\nlines ")") << QStringLiteral("  two\nlines ");
    QTest::newRow("detail") << QByteArray(R"({"detail":"Model timed out","code":7})")
                            << QStringLiteral("Model timed out");
    QTest::newRow("message") << QByteArray(R"({"message":"No GPU available","type":"capacity"})")
                             << QStringLiteral("No GPU available");
    QTest::newRow("detail before message") << QByteArray(R"({"message":"m","detail":"d"})") << QStringLiteral("d");
    QTest::newRow("empty detail") << QByteArray(R"({"detail":"","message":"m"})") << QStringLiteral("m");
    QTest::newRow("other object") << QByteArray(R"({"code":"E42","retry":false})")
                                  << QStringLiteral(R"({"code":"E42","retry":false})");
    QTest::newRow("array") << QByteArray(R"(["a","b"])") << QStringLiteral(R"(["a","b"])");
    QTest::newRow("number") << QByteArray("500") << QStringLiteral("500");
}

void tst_Prediction::errorText()
{
    QFETCH(QByteArray, error);
    QFETCH(QString, text);
    QByteArray body = R"({"id":"w44zs9cet5rmc0cqzp49gpkhf8","status":"failed")";
    if (!error.isNull())
        body += ",\"error\":" + error;
    body += '}';
    const auto result = Prediction::fromJson(body);
    QVERIFY(result.ok());
    QCOMPARE(result.value().errorText(), text);
    if (error.isNull())
        QVERIFY(result.value().error().isNull());
}

void tst_Prediction::metricsTypes()
{
    const auto result = Prediction::fromJson(
        R"({"id":"w44zs9cet5rmc0cqzp49gpkhf8","status":"succeeded",)"
        R"("metrics":{"predict_time":"3.1","total_time":null,"image_count":2.5,"extra":{"x":1}}})");
    QVERIFY(result.ok());
    QVERIFY(!result.value().predictTime());
    QVERIFY(!result.value().totalTime());
    QVERIFY(!result.value().imageCount());
    QCOMPARE(result.value().metrics().size(), 4);

    const auto integral = Prediction::fromJson(
        R"({"id":"w44zs9cet5rmc0cqzp49gpkhf8","status":"succeeded","metrics":{"image_count":4.0,"predict_time":0}})");
    QVERIFY(integral.ok());
    QCOMPARE(integral.value().imageCount(), std::optional<int>(4));
    QCOMPARE(integral.value().predictTime(), std::optional<double>(0.0));
}

void tst_Prediction::equality()
{
    const QByteArray one = R"({"id":"w44zs9cet5rmc0cqzp49gpkhf8","status":"processing","logs":"a"})";
    const QByteArray spaced =
        "{ \"id\" : \"w44zs9cet5rmc0cqzp49gpkhf8\",\n \"status\": \"processing\", \"logs\": \"a\" }";
    const QByteArray grown = R"({"id":"w44zs9cet5rmc0cqzp49gpkhf8","status":"processing","logs":"a\nb"})";
    QVERIFY(Prediction::fromJson(one).value() == Prediction::fromJson(spaced).value());
    QVERIFY(Prediction::fromJson(one).value() != Prediction::fromJson(grown).value());
}

void tst_Prediction::statuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<PredictionStatus>("status");
    QTest::addColumn<bool>("terminal");
    QTest::addColumn<bool>("active");

    QTest::newRow("starting") << "starting" << PredictionStatus::Starting << false << true;
    QTest::newRow("processing") << "processing" << PredictionStatus::Processing << false << true;
    QTest::newRow("succeeded") << "succeeded" << PredictionStatus::Succeeded << true << false;
    QTest::newRow("failed") << "failed" << PredictionStatus::Failed << true << false;
    QTest::newRow("canceled") << "canceled" << PredictionStatus::Canceled << true << false;
    QTest::newRow("cancelled (British)") << "cancelled" << PredictionStatus::Canceled << true << false;
    QTest::newRow("aborted") << "aborted" << PredictionStatus::Aborted << true << false;
    QTest::newRow("capitalised") << "Succeeded" << PredictionStatus::Succeeded << true << false;
    QTest::newRow("unknown") << "queued_upstream" << PredictionStatus::Unknown << false << false;
    QTest::newRow("empty") << "" << PredictionStatus::Unknown << false << false;
}

void tst_Prediction::statuses()
{
    QFETCH(QString, text);
    QFETCH(PredictionStatus, status);
    QFETCH(bool, terminal);
    QFETCH(bool, active);

    QCOMPARE(PredictionStatuses::fromString(text), status);
    QCOMPARE(PredictionStatuses::isTerminal(status), terminal);
    QCOMPARE(PredictionStatuses::isActive(status), active);
    if (status != PredictionStatus::Unknown)
        QCOMPARE(PredictionStatuses::fromString(PredictionStatuses::toString(status)), status);
    else
        QVERIFY(PredictionStatuses::toString(status).isEmpty());

    const QByteArray body = R"({"id":"w44zs9cet5rmc0cqzp49gpkhf8","status":")" + text.toUtf8() + "\"}";
    const auto result = Prediction::fromJson(body);
    QVERIFY(result.ok());
    QCOMPARE(result.value().status(), status);
    QCOMPARE(result.value().statusText(), text); // verbatim, also for unknown ones
}

void tst_Prediction::page()
{
    const auto result = PredictionPage::fromJson(readFixture(QStringLiteral("list_page.json")));
    QVERIFY(result.ok());
    const PredictionPage &page = result.value();
    QCOMPARE(page.predictions.size(), 3);
    QCOMPARE(page.skipped, 2);
    QCOMPARE(page.nextCursor, QStringLiteral("cD0yMDI1LTA3LTE0VDEzOjAwOjAwLjEyMFo="));

    QCOMPARE(page.predictions.at(0).id(), QStringLiteral("f8vpsaftfk3c3bxxrfk2y9kwkc"));
    QCOMPARE(page.predictions.at(1).id(), QStringLiteral("5jbrfbcj1g26dbs9ta7efe8tet"));
    QCOMPARE(page.predictions.at(2).id(), QStringLiteral("sqr792e8wcpekztxja8d9vgq9w"));
    QCOMPARE(page.predictions.at(0).status(), PredictionStatus::Processing);
    QCOMPARE(page.predictions.at(2).status(), PredictionStatus::Failed);
    // Each entry keeps the order of its inputs, read from its slice of the page.
    QCOMPARE(keysOf(page.predictions.at(0)),
             QStringList({QStringLiteral("prompt"), QStringLiteral("seed"), QStringLiteral("aspect_ratio")}));
    QCOMPARE(keysOf(page.predictions.at(2)), kontextKeys);
    QCOMPARE(urlStrings(page.predictions.at(1).outputUrls()),
             QStringList{QStringLiteral("https://replicate.delivery/xezq/"
                                        "Wb5nC8kR1tY4mQ7zX2vL9pF3hJ6dG0aEsUoIiMtZ4vNcK1qe/out-0.webp")});
    QVERIFY(page.predictions.at(0).rawJson().startsWith(R"({"id":"f8vpsaftfk3c3bxxrfk2y9kwkc","model")"));
}

void tst_Prediction::pageErrors_data()
{
    QTest::addColumn<QString>("fixtureOrBody");
    QTest::addColumn<QString>("part");
    QTest::newRow("a prediction") << "prediction_seed_success.json"
                                  << "single prediction";
    QTest::newRow("html") << "not_json_html.html"
                          << "not JSON";
    QTest::newRow("truncated") << "truncated.json"
                               << "not valid JSON";
    QTest::newRow("problem") << "problem_404.json"
                             << "no \"results\"";
    QTest::newRow("array") << "[]"
                           << "no \"results\"";
    QTest::newRow("results not a list") << R"({"results":{}})"
                                        << "no \"results\"";
    QTest::newRow("empty") << ""
                           << "empty";
}

void tst_Prediction::pageErrors()
{
    QFETCH(QString, fixtureOrBody);
    QFETCH(QString, part);
    const QByteArray body = fixtureOrBody.contains(QLatin1Char('.')) ? readFixture(fixtureOrBody)
                                                                     : fixtureOrBody.toUtf8();
    const auto result = PredictionPage::fromJson(body);
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.contains(part), qPrintable(result.error().message));
}

void tst_Prediction::pageWithoutNext()
{
    const auto last = PredictionPage::fromJson(
        R"({"next":null,"previous":"https://x/predictions?cursor=a","results":[]})");
    QVERIFY(last.ok());
    QVERIFY(last.value().nextCursor.isEmpty());
    QVERIFY(last.value().predictions.isEmpty());
    QCOMPARE(last.value().skipped, 0);

    // The cursor is all we take from `next`: the host it names is not ours to call.
    const auto relay = PredictionPage::fromJson(
        R"({"next":"https://evil.example/replicate/v1/predictions?foo=1&cursor=abc%2Bdef","results":[{"id":"w44zs9cet5rmc0cqzp49gpkhf8","status":"starting"}]})");
    QVERIFY(relay.ok());
    QCOMPARE(relay.value().nextCursor, QStringLiteral("abc+def"));
    QCOMPARE(relay.value().predictions.size(), 1);
}

QTEST_GUILESS_MAIN(tst_Prediction)
#include "tst_prediction.moc"
