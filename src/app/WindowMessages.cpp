// What the window's status line says about work done away from it: imports, cancels, the task database
// and the capture endpoint's recording.
#include "Application.h"

#include "MainWindow.h"

void Application::connectWindowMessages()
{
    connect(&m_importer, &RecentImporter::finished, m_window.get(), [this](int added, int seen) {
        m_window->showMessage(tr("Imported %n prediction(s)", nullptr, added) + u' '
                              + tr("(%n listed)", nullptr, seen));
    });
    connect(&m_importer, &RecentImporter::failed, m_window.get(), [this](const ApiError &error) {
        if (error.kind == ApiError::Kind::NotSupported)
            m_window->showMessage(tr("This provider does not offer a list of recent predictions: add ids instead."));
        else
            m_window->showMessage(tr("Import failed: %1").arg(error.message));
    });
    connect(&m_scheduler, &PollScheduler::cancelFailed, m_window.get(), [this](const TaskKey &, const ApiError &error) {
        if (error.kind == ApiError::Kind::NotSupported)
            m_window->showMessage(tr("This provider does not support canceling predictions."));
        else
            m_window->showMessage(tr("Cancel failed: %1").arg(error.message));
    });
    connect(&m_store, &TaskStore::writeFailed, m_window.get(), [this](const StoreError &error) {
        m_window->showMessage(tr("The task database could not be written: %1").arg(error.message));
    });
    // The caller got its answer all the same; the user learns that Replimon did not keep it.
    connect(&m_capture.recorder(), &CaptureRecorder::recordingFailed, m_window.get(),
            [this](const QString &message) { m_window->showMessage(message); });
}
