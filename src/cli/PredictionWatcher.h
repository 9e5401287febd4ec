#pragma once

#include "PollTiming.h"
#include "Prediction.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include <chrono>

class PredictionStreams;

/// wait: when to fetch each unfinished prediction again, by PollTiming's rule: a poll near its expected end,
/// its stream (then one fetch after `done`), or a wait for the first runs of its model to teach the run time.
///
/// The caller fetches when fetchDue() says, and hands every answer back: follow() for one that has not ended,
/// ended() for one that has (its run is learned, and predictions of the same model that waited for it are
/// planned again). A refused or broken stream is no error: the prediction is polled from then on, its stream
/// never tried again.
class PredictionWatcher final : public QObject
{
    Q_OBJECT

public:
    /// @p interval: the usual wait between polls; @p streams: whether to follow stream URLs at all.
    PredictionWatcher(std::chrono::milliseconds interval, bool streams, QObject *parent = nullptr);
    ~PredictionWatcher() override;

    /// How many streams may be open at once (each holds a connection; default 256).
    void setMaxStreams(int count) { m_maxStreams = count; }
    PollTiming &timing() { return m_timing; }

    /// Plans the next step for prediction @p id, answered with @p prediction, which has not ended.
    void follow(const QString &id, const Prediction &prediction);
    /// Prediction @p id has ended as @p prediction: nothing more for it.
    void ended(const QString &id, const Prediction &prediction);
    /// Nothing more for anyone: streams closed, planned fetches dropped.
    void stop();

Q_SIGNALS:
    /// Fetch prediction @p id now.
    void fetchDue(const QString &id);

private:
    struct Watched
    {
        Prediction prediction;
        quint64 plan = 0;         ///< Which planned step is current; an older one's timer does nothing.
        bool streamTried = false; ///< Its stream was opened once: not again.
        bool streaming = false;
        bool waiting = false;  ///< In m_waiting, for its model's run time.
        bool doneSeen = false; ///< Its stream said done.
    };

    void plan(const QString &id);
    void at(std::chrono::milliseconds delay, const QString &id, quint64 plan, bool fetch);
    bool openStream(const QString &id, Watched &watched);
    void closeStream(const QString &id, Watched &watched);
    void onStreamEnded(const QString &id, bool done);
    void stopWaiting(const QString &id, Watched &watched);

    std::chrono::milliseconds m_interval;
    bool m_useStreams;
    bool m_stopped = false;
    int m_maxStreams = 256;
    PollTiming m_timing;
    PredictionStreams *m_streams = nullptr; ///< Created with the first stream.
    QHash<QString, Watched> m_watched;
    /// By model: streams opened so far. The first few teach a model's run time; the others wait for it.
    QHash<QString, int> m_streamsOpenedByModel;
    QHash<QString, QSet<QString>> m_waiting; ///< By model: predictions waiting for its run time.
};
