#include "CaptureRecorder.h"

#include "CaptureService.h"
#include "TaskStore.h"

CaptureRecorder::CaptureRecorder(CaptureService &service, TaskStore &store, const QString &provider, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_provider(provider)
{
    qRegisterMetaType<std::optional<StoreError>>();
    connect(&service, &CaptureService::predictionsCaptured, this, &CaptureRecorder::record);
    connect(&service, &CaptureService::recordingFailed, this, &CaptureRecorder::reportUnreadable);
}

void CaptureRecorder::record(const CapturedPredictions &captured)
{
    if (captured.predictions.isEmpty())
        return;
    const auto written = m_store.recordCaptured(m_provider, captured.userAgent, captured.predictions);
    if (written.ok())
        return;
    const StoreError &error = written.error();
    Q_EMIT recordingFailed(
        tr("A prediction made through the capture endpoint could not be saved: %1").arg(error.message), error);
}

void CaptureRecorder::reportUnreadable(const CaptureRecordingFailure &failure)
{
    Q_EMIT recordingFailed(
        tr("An answer passed through the capture endpoint but could not be recorded: %1").arg(failure.message),
        std::nullopt);
}
