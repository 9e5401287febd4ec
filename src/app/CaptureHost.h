#pragma once

#include "CaptureConfig.h"
#include "CaptureRecorder.h"
#include "CaptureService.h"
#include "CaptureState.h"
#include "Result.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

class TaskStore;

/// The capture endpoint as the composition root runs it: the service, the recorder that writes what it
/// reports into the store, and the state the window and Settings show. apply() is told what is wanted each
/// time something it depends on changes, and restarts the endpoint only when that differs from what it runs.
class CaptureHost final : public QObject
{
    Q_OBJECT

public:
    struct Wanted
    {
        bool enabled = false;    ///< Settings, or --capture for this run.
        bool forThisRun = false; ///< --capture PORT
        quint16 port = 0;
        QUrl upstreamRoot; ///< Invalid while not known (the demo's simulator before it runs): stays off.
        QString provider;  ///< ApiEndpoint::providerKey() of the root, for what is recorded.
        QStringList allowedOrigins;
    };

    explicit CaptureHost(TaskStore &store, QObject *parent = nullptr);

    void apply(const Wanted &wanted);
    CaptureState state() const { return m_state; }
    const CaptureService &service() const { return m_service; }
    CaptureRecorder &recorder() { return m_recorder; }

    /// The PORT of `--capture PORT`, or what is wrong with it.
    static Result<quint16, QString> parsePort(const QString &text);

Q_SIGNALS:
    void stateChanged(const CaptureState &state);

private:
    void updateState(const Wanted &wanted);

    CaptureService m_service;
    CaptureRecorder m_recorder;
    CaptureConfig m_config; ///< What the endpoint was last started with.
    QString m_problem;      ///< Why the last start failed ("" = it did not).
    CaptureState m_state;
};
