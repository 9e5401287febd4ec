#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

/// Measures how long the event loop of the thread it lives on goes without turning: a 1 ms precise timer
/// whose late ticks are stalls.
class EventLoopProbe final : public QObject
{
    Q_OBJECT

public:
    explicit EventLoopProbe(QObject *parent = nullptr);

    void start();
    void stop() { m_timer.stop(); }
    bool isStarted() const { return m_clock.isValid(); }
    /// Since start().
    qint64 elapsedNs() const { return m_clock.nsecsElapsed(); }
    double longestStallMs() const { return double(m_worstGapNs) / 1e6; }
    /// Ticks that came more than a frame (16 ms) after the one before.
    int stallsOverFrame() const { return m_overFrame; }

    /// A gap of more than a frame: when it began and ended on the steady clock (std::chrono::steady_clock,
    /// ns), and the CPU time the probe's thread spent in it (the rest it waited or was not scheduled).
    struct Stall
    {
        qint64 startNs;
        qint64 endNs;
        qint64 threadCpuNs;
    };
    const std::vector<Stall> &stalls() const { return m_stalls; }

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastTick = -1;
    qint64 m_worstGapNs = 0;
    int m_overFrame = 0;
    qint64 m_lastSteadyNs = 0;
    qint64 m_lastCpuNs = 0;
    std::vector<Stall> m_stalls;
};
