#pragma once

#include <QObject>
#include <QString>

#include <optional>

#include "CaptureConfig.h"
#include "StoreError.h"

class CaptureService;
class TaskStore;

/// Records what the capture endpoint reports into the task store, on the thread both live on: each
/// forwarded prediction answer adds or updates its tasks under the provider of the configured endpoint,
/// marked as captured with the caller's User-Agent.
///
/// The caller already has its answer when this runs, so nothing here can hold it up or change it: a write
/// the store refuses, like an answer the endpoint could not read, only becomes recordingFailed() for the
/// window to show.
///
/// Lives in capture/ rather than core/: it is the one place that knows both sides (the endpoint's reports
/// and the store), and core/ stays free of the endpoint.
class CaptureRecorder final : public QObject
{
    Q_OBJECT

public:
    /// @p provider: ApiEndpoint::providerKey() of the endpoint the service forwards to.
    CaptureRecorder(CaptureService &service, TaskStore &store, const QString &provider, QObject *parent = nullptr);

    /// The endpoint's provider changed (the service was restarted with another upstream).
    void setProvider(const QString &provider) { m_provider = provider; }
    QString provider() const { return m_provider; }

Q_SIGNALS:
    /// A captured answer is not in the store: @p message says why, for the user; @p error is the store's
    /// refusal (Kind::WriteFailed or NotOpen), or nothing when the endpoint could not read the answer.
    void recordingFailed(const QString &message, const std::optional<StoreError> &error);

private:
    void record(const CapturedPredictions &captured);
    void reportUnreadable(const CaptureRecordingFailure &failure);

    TaskStore &m_store;
    QString m_provider;
};
