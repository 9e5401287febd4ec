#pragma once

#include <QApplication>

#include <vector>

/// A QApplication that reports, on stderr, every event the GUI thread took longer than a threshold to
/// deliver: the receiver's class and object name, its parent's class and the event type. Nested deliveries
/// are reported too, with their depth, so a slow paint shows under the update request that caused it.
/// It can also keep every delivery of the GUI thread (recordDeliveries), so that a stall the probe saw can
/// be broken down into the events it was made of (bench_storm --trace-stalls).
class SlowEventTracer final : public QApplication
{
public:
    using QApplication::QApplication;

    struct Delivery
    {
        qint64 startNs; ///< steady clock
        qint64 durationNs;
        qint64 cpuNs; ///< the GUI thread's CPU time in it
        int type;
        int depth;
        const char *className; ///< static storage (the meta-object's)
        const char *parentClassName;
        QString name;
    };

    /// 0 (the default) reports nothing.
    void setThresholdMs(int ms) { m_thresholdMs = ms; }
    void recordDeliveries(bool on) { m_record = on; }
    const std::vector<Delivery> &deliveries() const { return m_deliveries; }
    bool notify(QObject *receiver, QEvent *event) override;

    static qint64 steadyNs();
    static qint64 threadCpuNs();

private:
    int m_thresholdMs = 0;
    int m_depth = 0;
    bool m_record = false;
    std::vector<Delivery> m_deliveries;
};
