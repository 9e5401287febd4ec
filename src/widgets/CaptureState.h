#pragma once

#include <QCoreApplication>
#include <QString>

/// What the capture endpoint is doing, as the window, its Connect dialog and Settings show it. The
/// composition root, which runs the endpoint, fills it in.
struct CaptureState final
{
    Q_DECLARE_TR_FUNCTIONS(CaptureState)

public:
    bool enabled = false;    ///< Capture should run (Settings, or --capture for this run).
    bool listening = false;  ///< The endpoint listens on port.
    bool forThisRun = false; ///< Turned on by --capture PORT, not by Settings.
    quint16 port = 0;        ///< The port it listens on, or would.
    QString problem;         ///< Why it does not listen although enabled ("" = none).
    QString upstream;        ///< The provider's API root calls are forwarded to ("" = not known yet).

    /// The status bar's words: "Capture on :5088", "Capture failed", "" while off.
    QString statusText() const;
    /// A sentence for the Connect dialog and Settings: on where, off, or the problem with its fix.
    QString description() const;
};
