#include "Scenarios.h"

#include "PredictionSpec.h"
#include "SimStore.h"

#include <QJsonObject>
#include <QRandomGenerator>

namespace {

const qint64 Second = 1000;
const qint64 Minute = 60 * Second;

PredictionSpec spec(const char *model, const char *prompt, qint64 ageMs, qint64 queueMs, qint64 runMs)
{
    PredictionSpec s;
    s.model = QLatin1String(model);
    s.prompt = QLatin1String(prompt);
    s.ageMs = ageMs;
    s.queueMs = queueMs;
    s.runMinMs = runMs;
    return s;
}

const char *const Kontext = "black-forest-labs/flux-kontext-pro";
const char *const KontextMax = "black-forest-labs/flux-kontext-max";
const char *const KontextDev = "black-forest-labs/flux-kontext-dev";
const char *const Schnell = "black-forest-labs/flux-schnell";

} // namespace

bool Scenarios::isKnown(const QString &name)
{
    return name == QLatin1String("demo");
}

void Scenarios::populate(SimStore &store, const QString &name, qint64 nowNs)
{
    if (name != QLatin1String("demo"))
        return;
    QList<PredictionSpec> specs;

    specs << spec(Kontext, "a lighthouse on a cliff at dusk, oil painting", 10 * Minute, 800, 4200);

    PredictionSpec letters = spec(KontextMax, "Make the letters 3D, floating in space on a city street", 25 * Minute,
                                  700, 3590);
    letters.format = QStringLiteral("jpg");
    specs << letters;

    PredictionSpec ramen = spec(Schnell, "a bowl of ramen, studio lighting, 35mm", 5 * Minute, 400, 1300);
    ramen.imageCount = 4;
    specs << ramen;

    // These finish while the demo is being watched.
    PredictionSpec robot = spec(Schnell, "a tiny robot watering a bonsai tree", 3 * Second, 1000, 20 * Second);
    robot.imageCount = 2;
    specs << robot;
    specs << spec(Kontext, "a cat astronaut looking at the earth", 0, 15 * Second, 20 * Second);
    specs << spec(Kontext, "a neon sign that says OPEN in the rain", 2 * Second, 500, 9 * Second);
    specs << spec(Schnell, "a paper boat on a puddle, macro", 1 * Second, 2 * Second, 48 * Second);

    PredictionSpec failed = spec(Kontext, "a portrait in the style of a famous photograph", 4 * Minute, 900, 3000);
    failed.outcome = QStringLiteral("failed");
    specs << failed;

    PredictionSpec removed = spec(KontextDev, "turn this photo into a pencil sketch", 2 * 60 * Minute, 600, 5000);
    specs << removed;

    PredictionSpec canceled = spec(Kontext, "an isometric cabin in a pine forest", 15 * Minute, 500, 6000);
    canceled.outcome = QStringLiteral("canceled");
    specs << canceled;

    PredictionSpec aborted = spec(Kontext, "a vintage travel poster of the Alps", 12 * Minute, 30 * Second, 4000);
    aborted.outcome = QStringLiteral("aborted");
    specs << aborted;

    // Its outputs expire half a minute into the demo.
    specs << spec(Kontext, "a red fox in fresh snow, watercolour", 59 * Minute + 20 * Second, 1000, 9 * Second);

    for (const PredictionSpec &s : specs)
        store.create(s, nowNs);
}

void Scenarios::seed(SimStore &store, int count, quint64 randomSeed, qint64 nowNs)
{
    QRandomGenerator random(quint32(randomSeed ^ (randomSeed >> 32)) + 7u);
    const auto between = [&](qint64 low, qint64 high) { return low + qint64(random.bounded(double(high - low))); };
    for (int i = 0; i < count; ++i) {
        PredictionSpec s;
        s.queueMs = between(300, 3000);
        s.runMinMs = between(2000, 12000);
        s.ageMs = between(s.queueMs.value() + s.runMinMs.value(), 50 * Minute);
        switch (i % 10) {
        case 0:
            break;
        case 1:
            s.model = QLatin1String(Schnell);
            s.imageCount = int(random.bounded(1, 5));
            break;
        case 2: // processing now
            s.ageMs = s.queueMs.value() + s.runMinMs.value() / 3;
            s.runMinMs = s.runMinMs.value() + between(5000, 60000);
            break;
        case 3: // starting now
            s.ageMs = 0;
            s.queueMs = between(2000, 20000);
            break;
        case 4:
            s.outcome = QStringLiteral("failed");
            break;
        case 5:
            s.outcome = QStringLiteral("canceled");
            break;
        case 6:
            s.shape = SimPrediction::OutputShape::Objects;
            s.format = QStringLiteral("jpg");
            break;
        case 7: // outputs already deleted
            s.ageMs = between(61 * Minute, 5 * 60 * Minute);
            break;
        case 8:
            s.outcome = QStringLiteral("aborted");
            break;
        case 9:
            s.model = QLatin1String(Schnell);
            s.shape = SimPrediction::OutputShape::DataUri;
            break;
        }
        store.create(s, nowNs);
    }
}
