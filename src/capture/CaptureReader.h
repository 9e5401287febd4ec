#pragma once

#include <QByteArray>
#include <QCache>
#include <QList>
#include <QObject>

#include "CaptureConfig.h"

/// Reads the answers the capture endpoint forwarded into predictions, on a thread of its own (CaptureService
/// runs it), so that parsing never holds up the forwarding: the endpoint's thread only copies bytes.
///
/// A caller waiting for a prediction gets the same answer many times over until something changes; the
/// readings of recent answers are kept (by their bytes), so an answer seen before is not read again.
class CaptureReader final : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /// Reads @p answers in order and reports them: the predictions of consecutive answers together, each
    /// failure on its own after what came before it.
    void read(const QList<CapturedAnswer> &answers);

    /// How many answers were read from their bytes (not found among the recent ones).
    qint64 parsedCount() const { return m_parsed; }

Q_SIGNALS:
    void predictionsCaptured(const QList<CapturedPredictions> &captured);
    void recordingFailed(const CaptureRecordingFailure &failure);

private:
    /// Recent single-prediction answers' readings, by their bytes, bounded by what they hold: an entry costs its
    /// body twice (the key, and the reading's compact copy), so answers carrying data: URIs do not pile up. A
    /// page is rarely asked for twice alike.
    QCache<QByteArray, Prediction> m_recent{4 * 1024 * 1024};
    qint64 m_parsed = 0;
};
