#pragma once

#include <QApplication>

/// A QApplication that reports, on stderr, every event the GUI thread took longer than a threshold to
/// deliver: the receiver's class and object name, its parent's class and the event type. Nested deliveries
/// are reported too, with their depth, so a slow paint shows under the update request that caused it.
/// Finds what a stall of the poll storm is made of (bench_storm --trace-slow-events MS).
class SlowEventTracer final : public QApplication
{
public:
    using QApplication::QApplication;

    /// 0 (the default) reports nothing.
    void setThresholdMs(int ms) { m_thresholdMs = ms; }
    bool notify(QObject *receiver, QEvent *event) override;

private:
    int m_thresholdMs = 0;
    int m_depth = 0;
};
