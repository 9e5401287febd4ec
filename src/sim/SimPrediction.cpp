#include "SimPrediction.h"

#include <QStringList>

namespace {
const int StepCount = 28;
const char StreamAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
} // namespace

bool SimPrediction::isTerminalStatus(const QString &status)
{
    return status == QLatin1String("succeeded") || status == QLatin1String("failed")
        || status == QLatin1String("canceled") || status == QLatin1String("aborted");
}

std::optional<SimPrediction::OutputShape> SimPrediction::shapeFromName(const QString &name)
{
    if (name == QLatin1String("string"))
        return OutputShape::String;
    if (name == QLatin1String("array"))
        return OutputShape::Array;
    if (name == QLatin1String("objects"))
        return OutputShape::Objects;
    if (name == QLatin1String("data_uri"))
        return OutputShape::DataUri;
    if (name == QLatin1String("text"))
        return OutputShape::Text;
    if (name == QLatin1String("null"))
        return OutputShape::Null;
    return std::nullopt;
}

SimPrediction::State SimPrediction::stateAt(qint64 nowNs) const
{
    State state;
    if (canceledNs && nowNs >= *canceledNs) {
        state.status = QStringLiteral("canceled");
        if (*canceledNs >= startNs()) {
            state.startedNs = startNs();
            const qint64 run = endNs() - startNs();
            state.progress = run > 0 ? double(*canceledNs - startNs()) / double(run) : 1.0;
        }
        state.completedNs = *canceledNs;
        state.terminal = true;
    } else if (nowNs < startNs()) {
        state.status = QStringLiteral("starting");
    } else if (outcome == QLatin1String("aborted")) {
        state.status = outcome;
        state.completedNs = startNs();
        state.terminal = true;
    } else if (nowNs < endNs()) {
        state.status = QStringLiteral("processing");
        state.startedNs = startNs();
        state.progress = double(nowNs - startNs()) / double(endNs() - startNs());
    } else {
        state.status = outcome;
        state.startedNs = startNs();
        state.progress = 1.0;
        state.terminal = isTerminalStatus(outcome);
        if (state.terminal)
            state.completedNs = endNs();
    }
    if (state.terminal && nowNs >= state.completedNs + retentionMs * 1000000)
        state.dataRemoved = true;
    return state;
}

std::optional<qint64> SimPrediction::settlesAt(qint64 nowNs) const
{
    const State now = stateAt(nowNs);
    if (now.terminal)
        return nowNs;
    if (outcome == QLatin1String("aborted"))
        return startNs();
    if (!isTerminalStatus(outcome))
        return std::nullopt;
    return endNs();
}

bool SimPrediction::cancel(qint64 nowNs)
{
    if (stateAt(nowNs).terminal)
        return false;
    canceledNs = nowNs;
    return true;
}

bool SimPrediction::hasFilesAt(qint64 nowNs) const
{
    const State state = stateAt(nowNs);
    return state.status == QLatin1String("succeeded") && !state.dataRemoved;
}

QString SimPrediction::logsFor(const State &state) const
{
    if (state.dataRemoved || state.startedNs < 0)
        return {};
    QStringList lines;
    lines << QStringLiteral("Starting generate image") << QStringLiteral("Using seed: %1").arg(logSeed);
    // A progress line every quarter of the run, the way the model's sampler reports steps.
    const bool finishedRun = state.progress >= 1.0;
    for (int quarter = 1; quarter <= 4; ++quarter) {
        if (state.progress >= quarter / 4.0 || (quarter == 4 && finishedRun))
            lines << QStringLiteral("Step %1/%2").arg(StepCount * quarter / 4).arg(StepCount);
    }
    if (state.status == QLatin1String("succeeded")) {
        const int images = shape == OutputShape::Null || shape == OutputShape::Text ? 0 : imageCount;
        lines << QStringLiteral("Total safe images: %1 out of %1").arg(images)
              << QStringLiteral("generate image took %1 seconds").arg(double(endNs() - startNs()) / 1e9, 0, 'f', 2);
    } else if (state.status == QLatin1String("failed")) {
        const QString message = error.isString() ? error.toString() : QStringLiteral("prediction failed");
        lines << QStringLiteral("Error: ") + message;
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString SimPrediction::prompt() const
{
    return input.value(QLatin1String("prompt")).toString();
}

QString SimPrediction::streamToken(const QString &id)
{
    quint64 hash = 1469598103934665603ULL;
    for (const QChar c : id) {
        hash ^= c.unicode();
        hash *= 1099511628211ULL;
    }
    QString token = QStringLiteral("bcwr-");
    for (int i = 0; i < 52; ++i) {
        hash ^= hash >> 29;
        hash *= 0xbf58476d1ce4e5b9ULL;
        token += QLatin1Char(StreamAlphabet[(hash >> 40) % 32]);
    }
    return token;
}
