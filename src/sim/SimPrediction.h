#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

/// One simulated prediction. Its state is never stored: it is computed from the creation time and the
/// scripted durations whenever a request asks (stateAt), so a prediction advances with the wall clock
/// without timers.
struct SimPrediction final
{
    enum class OutputShape {
        String,
        Array,
        Objects,
        DataUri,
        Text,
        Null
    };

    struct State
    {
        QString status;
        qint64 startedNs = -1;   ///< -1: not started (yet, or never).
        qint64 completedNs = -1; ///< -1: not completed.
        bool terminal = false;
        bool dataRemoved = false;
        double progress = 0; ///< 0–1 through the run, for the logs.
    };

    QString id;
    quint64 serial = 0; ///< Creation order; the list is sorted on it.
    QString model;
    QString version = QStringLiteral("hidden");
    QJsonObject input;
    qint64 createdNs = 0;
    qint64 queueMs = 0;
    qint64 runMs = 0;
    qint64 runJitterNs = 0; ///< Sub-millisecond noise so predict_time looks measured.
    qint64 retentionMs = 0;
    QString outcome = QStringLiteral("succeeded");
    OutputShape shape = OutputShape::String;
    QString format = QStringLiteral("png");
    int imageCount = 1;
    QJsonValue error;
    std::optional<qint64> canceledNs;
    int logSeed = 0;

    qint64 startNs() const { return createdNs + queueMs * 1000000; }
    qint64 endNs() const { return startNs() + runMs * 1000000 + runJitterNs; }

    State stateAt(qint64 nowNs) const;
    /// When the prediction reaches its final state from `nowNs` on; nullopt if it never does.
    std::optional<qint64> settlesAt(qint64 nowNs) const;
    /// Cancels the prediction if it is not terminal at `nowNs`. Returns whether anything changed.
    bool cancel(qint64 nowNs);
    /// Whether output files can be served at `nowNs`.
    bool hasFilesAt(qint64 nowNs) const;
    /// The log text at the given state (lines appear as the run progresses).
    QString logsFor(const State &state) const;
    QString prompt() const;
    /// The opaque part of the stream URL (`bcwr-…`, 57 characters), derived from the id.
    static QString streamToken(const QString &id);

    static bool isTerminalStatus(const QString &status);
    static std::optional<OutputShape> shapeFromName(const QString &name);
};
