#pragma once

#include <QByteArray>
#include <QString>

/// Everything replimon-sim can be told on its command line. Plain values; main() fills it in.
struct SimConfig final
{
    quint16 port = 0;
    quint16 secondPort = 0;
    QString token = QStringLiteral("sim-token");
    bool noAuth = false;
    int seedCount = 0;
    QString scenario;
    quint64 randomSeed = 0;
    qint64 queueMs = 1000;
    qint64 runMs = 4000;
    bool realisticRuns = false; ///< --run-dist realistic: API creates run for the model's typical time.
    qint64 retentionMs = 3600000;
    int pageSize = 100;
    int imageSize = 512;
    bool selfUrls = false;
    QString logFile;
    QByteArray faultsJson; ///< The `{"rules": [...]}` document, already read from a file if given as @FILE.
};
