#include "SimStore.h"

#include <algorithm>
#include <cmath>

namespace {

const char *const Prompts[] = {
    "a red fox in fresh snow, watercolour",
    "a lighthouse on a cliff at dusk, oil painting",
    "Make the letters 3D, floating in space on a city street",
    "a bowl of ramen, studio lighting, 35mm",
    "an isometric cabin in a pine forest",
    "a cat astronaut looking at the earth",
    "turn this photo into a pencil sketch",
    "a neon sign that says OPEN in the rain",
    "a tiny robot watering a bonsai tree",
    "a vintage travel poster of the Alps",
};

// Replicate ids: 26 characters of lower-case base32.
const char IdAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

} // namespace

SimStore::SimStore(const SimConfig &config)
    : m_config(config)
    , m_random(quint32(config.randomSeed ^ (config.randomSeed >> 32)))
{}

bool SimStore::isArrayModel(const QString &model)
{
    return model.contains(QLatin1String("schnell")) || model.endsWith(QLatin1String("/flux-dev"));
}

QString SimStore::defaultFormat(const QString &model)
{
    return isArrayModel(model) ? QStringLiteral("webp") : QStringLiteral("png");
}

qint64 SimStore::typicalRunMs(const QString &model)
{
    if (model.contains(QLatin1String("schnell")))
        return 1500;
    if (model.endsWith(QLatin1String("-dev")))
        return 7000;
    if (model.endsWith(QLatin1String("-max")))
        return 12000;
    return 10000;
}

qint64 SimStore::realisticRunMs(qint64 medianMs)
{
    // Box–Muller: one standard normal draw.
    const double u1 = 1.0 - m_random.generateDouble();
    const double u2 = m_random.generateDouble();
    const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    const double runMs = double(medianMs) * std::exp(0.12 * normal);
    return qBound(medianMs / 2, qint64(runMs), medianMs * 2);
}

QString SimStore::newId()
{
    for (;;) {
        QString id;
        id.reserve(26);
        for (int i = 0; i < 26; ++i)
            id += QLatin1Char(IdAlphabet[m_random.bounded(32)]);
        if (!m_index.contains(id))
            return id;
    }
}

namespace {
bool before(const SimPrediction &p, const SimStore::Position &position)
{
    return p.createdNs < position.createdNs || (p.createdNs == position.createdNs && p.serial < position.serial);
}
} // namespace

SimPrediction &SimStore::append(SimPrediction prediction)
{
    prediction.serial = m_nextSerial++;
    const qsizetype index = qsizetype(m_predictions.size());
    m_index.insert(prediction.id, index);
    m_streamTokens.insert(SimPrediction::streamToken(prediction.id), prediction.id);
    m_predictions.push_back(std::move(prediction));
    // Backdated predictions (age_ms) land in the middle; everything else at the end.
    const SimPrediction &added = m_predictions.back();
    const Position key{added.createdNs, added.serial};
    const auto at = std::lower_bound(
        m_byCreation.begin(), m_byCreation.end(), key,
        [this](qsizetype i, const Position &p) { return before(m_predictions[size_t(i)], p); });
    m_byCreation.insert(at, index);
    return m_predictions.back();
}

QStringList SimStore::create(const PredictionSpec &spec, qint64 nowNs, QString *error)
{
    if (!spec.id.isEmpty() && m_index.contains(spec.id)) {
        if (error)
            *error = QStringLiteral("a prediction with id %1 exists").arg(spec.id);
        return {};
    }
    const bool arrayModel = isArrayModel(spec.model);
    QStringList ids;
    ids.reserve(spec.count);
    for (int i = 0; i < spec.count; ++i) {
        SimPrediction p;
        p.id = spec.id.isEmpty() ? newId() : spec.id;
        p.model = spec.model;
        p.version = spec.version.value_or(QStringLiteral("hidden"));
        p.createdNs = nowNs - spec.ageMs * 1000000;
        if (spec.ageMs > 0)
            p.createdNs -= m_random.bounded(1000000); // its own sub-millisecond digits
        p.queueMs = spec.queueMs.value_or(m_config.queueMs);
        const qint64 runMin = spec.runMinMs.value_or(m_config.runMs);
        const qint64 runMax = spec.runMaxMs.value_or(runMin);
        if (spec.realisticRun)
            p.runMs = realisticRunMs(spec.runMinMs.value_or(typicalRunMs(spec.model)));
        else
            p.runMs = runMax > runMin ? runMin + qint64(m_random.bounded(double(runMax - runMin + 1))) : runMin;
        p.runJitterNs = p.runMs > 0 ? m_random.bounded(1000000) : 0;
        p.retentionMs = spec.retentionMs.value_or(m_config.retentionMs);
        p.outcome = spec.outcome;
        p.error = spec.error;
        if (p.outcome == QLatin1String("failed") && (p.error.isUndefined() || p.error.isNull()))
            p.error = QStringLiteral("The output was flagged as sensitive. Please try again with different "
                                     "inputs. (E005)");
        p.shape = spec.shape.value_or(arrayModel ? SimPrediction::OutputShape::Array
                                                 : SimPrediction::OutputShape::String);

        const QString prompt = spec.prompt.value_or(
            spec.input.value(QLatin1String("prompt"))
                .toString(QLatin1String(Prompts[m_random.bounded(int(std::size(Prompts)))])));
        QString format = spec.format.value_or(
            spec.input.value(QLatin1String("output_format")).toString(defaultFormat(spec.model)));
        if (format == QLatin1String("jpeg"))
            format = QStringLiteral("jpg");
        p.format = format;
        const int requestedOutputs = spec.input.value(QLatin1String("num_outputs")).toInt(1);
        p.imageCount = spec.imageCount.value_or(arrayModel ? qBound(1, requestedOutputs, 16) : 1);
        p.logSeed = spec.input.contains(QLatin1String("seed")) ? spec.input.value(QLatin1String("seed")).toInt()
                                                               : int(m_random.bounded(1, 65536));

        QJsonObject input;
        input.insert(QStringLiteral("prompt"), prompt);
        if (arrayModel) {
            input.insert(QStringLiteral("go_fast"), true);
            input.insert(QStringLiteral("megapixels"), QStringLiteral("1"));
            input.insert(QStringLiteral("num_outputs"), p.imageCount);
            input.insert(QStringLiteral("aspect_ratio"), QStringLiteral("1:1"));
            input.insert(QStringLiteral("output_format"), format);
            input.insert(QStringLiteral("output_quality"), 80);
            input.insert(QStringLiteral("num_inference_steps"), 4);
        } else {
            if (spec.inputImage.value_or(true))
                input.insert(QStringLiteral("input_image"),
                             QString(m_filesOrigin + QStringLiteral("/files/") + p.id + QStringLiteral("/input.png")));
            input.insert(QStringLiteral("aspect_ratio"), QStringLiteral("match_input_image"));
            input.insert(QStringLiteral("output_format"), format);
            input.insert(QStringLiteral("safety_tolerance"), 2);
            input.insert(QStringLiteral("prompt_upsampling"), false);
        }
        for (auto it = spec.input.begin(); it != spec.input.end(); ++it)
            input.insert(it.key(), it.value());
        if (spec.prompt)
            input.insert(QStringLiteral("prompt"), *spec.prompt);
        if (spec.format)
            input.insert(QStringLiteral("output_format"), format);
        if (spec.inputImage.has_value() && !*spec.inputImage)
            input.remove(QStringLiteral("input_image"));
        p.input = input;
        ids << append(std::move(p)).id;
    }
    return ids;
}

const SimPrediction &SimStore::createFromApi(const QString &model, const QString &version, const QJsonObject &input,
                                             qint64 nowNs)
{
    SimPrediction p;
    p.id = newId();
    p.model = model;
    p.version = version;
    p.input = input;
    p.createdNs = nowNs;
    p.queueMs = m_config.queueMs;
    p.runMs = m_config.realisticRuns ? realisticRunMs(typicalRunMs(model)) : m_config.runMs;
    p.runJitterNs = p.runMs > 0 ? m_random.bounded(1000000) : 0;
    p.retentionMs = m_config.retentionMs;
    const bool arrayModel = isArrayModel(model);
    p.shape = arrayModel ? SimPrediction::OutputShape::Array : SimPrediction::OutputShape::String;
    QString format = input.value(QLatin1String("output_format")).toString(defaultFormat(model));
    if (format == QLatin1String("jpeg"))
        format = QStringLiteral("jpg");
    p.format = format;
    p.imageCount = arrayModel ? qBound(1, input.value(QLatin1String("num_outputs")).toInt(1), 16) : 1;
    p.logSeed = input.contains(QLatin1String("seed")) ? input.value(QLatin1String("seed")).toInt()
                                                      : int(m_random.bounded(1, 65536));
    return append(std::move(p));
}

const SimPrediction *SimStore::find(const QString &id) const
{
    const auto it = m_index.constFind(id);
    return it == m_index.constEnd() ? nullptr : &m_predictions[size_t(*it)];
}

const SimPrediction *SimStore::findByStreamToken(const QString &token) const
{
    const auto it = m_streamTokens.constFind(token);
    return it == m_streamTokens.constEnd() ? nullptr : find(*it);
}

SimPrediction *SimStore::find(const QString &id)
{
    const auto it = m_index.constFind(id);
    return it == m_index.constEnd() ? nullptr : &m_predictions[size_t(*it)];
}

SimStore::Page SimStore::page(std::optional<Position> beforePosition, int pageSize,
                              std::optional<qint64> createdAfterNs, std::optional<qint64> createdBeforeNs) const
{
    Page page;
    auto end = m_byCreation.end();
    if (beforePosition) {
        end = std::lower_bound(m_byCreation.begin(), m_byCreation.end(), *beforePosition,
                               [this](qsizetype i, const Position &p) { return before(m_predictions[size_t(i)], p); });
    }
    for (auto it = end; it != m_byCreation.begin();) {
        --it;
        const SimPrediction &prediction = m_predictions[size_t(*it)];
        // Compared at the precision created_at is shown with, so a prediction's own created_at excludes it.
        const qint64 shownNs = prediction.createdNs - prediction.createdNs % 1000000;
        if (createdAfterNs && shownNs <= *createdAfterNs)
            break; // older ones only from here on
        if (createdBeforeNs && shownNs >= *createdBeforeNs)
            continue;
        if (page.items.size() == pageSize) {
            const SimPrediction *last = page.items.last();
            page.nextBefore = Position{last->createdNs, last->serial};
            break;
        }
        page.items.append(&prediction);
    }
    return page;
}

void SimStore::clear()
{
    m_predictions.clear();
    m_index.clear();
    m_streamTokens.clear();
    m_byCreation.clear();
}
