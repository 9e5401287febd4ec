#pragma once

#include "SimPrediction.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

/// What `POST /_sim/predictions` (and the scenarios) ask for. Absent keys take the simulator's defaults
/// when SimStore creates the predictions. See docs/simulator.md for the keys.
struct PredictionSpec final
{
    int count = 1;
    QString id;
    QString model = QStringLiteral("black-forest-labs/flux-kontext-pro");
    std::optional<QString> prompt;
    QJsonObject input;
    std::optional<qint64> queueMs;
    std::optional<qint64> runMinMs; ///< run_ms, or the low end of its range.
    std::optional<qint64> runMaxMs;
    /// run_dist: uniform in [run_ms min, max] (the default), or realistic: log-normal around the model's
    /// median run time (run_ms, when a single number, overrides the median), a spread of about 12 %.
    bool realisticRun = false;
    std::optional<qint64> retentionMs;
    qint64 ageMs = 0; ///< Created this long ago, so a prediction can start in any phase.
    QString outcome = QStringLiteral("succeeded");
    std::optional<SimPrediction::OutputShape> shape;
    std::optional<QString> format;
    std::optional<int> imageCount;
    QJsonValue error;
    std::optional<QString> version;
    std::optional<bool> inputImage;

    /// Parses and checks a spec; on failure returns nullopt and says why in `error`.
    static std::optional<PredictionSpec> fromJson(const QJsonObject &json, QString *error);
};
