#pragma once

#include <QString>

class SimStore;

/// Predictions the simulator creates at start: `--scenario demo` (a curated dozen for the app's demo mode)
/// and `--seed N` (N predictions cycling through every state and output shape).
class Scenarios final
{
public:
    Scenarios() = delete;

    static bool isKnown(const QString &name);
    static void populate(SimStore &store, const QString &name, qint64 nowNs);
    static void seed(SimStore &store, int count, quint64 randomSeed, qint64 nowNs);
};
