#pragma once

#include <QList>
#include <QObject>

#include "CaptureConfig.h"

/// Reads the answers the capture endpoint forwarded into predictions, on a thread of its own (CaptureService
/// runs it), so that parsing never holds up the forwarding: the endpoint's thread only copies bytes.
class CaptureReader final : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /// Reads @p answers in order and reports them: the predictions of consecutive answers together, each
    /// failure on its own after what came before it.
    void read(const QList<CapturedAnswer> &answers);

Q_SIGNALS:
    void predictionsCaptured(const QList<CapturedPredictions> &captured);
    void recordingFailed(const CaptureRecordingFailure &failure);
};
