#pragma once

#include "Prediction.h"
#include "Task.h"
#include "TestBackend.h"

#include <QJsonObject>

#include <memory>

class ImageCache;
class MainWindow;
class RemixActions;
class TaskDetailPane;

/// The window as the application wires it for Run Again and Remix… (table, detail pane, RemixActions) over
/// a TestBackend: its store on a temporary home, its client on replimon-sim.
struct RemixFixture final
{
    RemixFixture();
    ~RemixFixture();

    /// Opens the store and shows a window over it, runs confirmed (Settings: Runs/confirm off).
    bool open();
    void close();

    /// A prediction made on the sim with @p input, tracked with its answer.
    TaskKey tracked(const QJsonObject &input);
    /// The prediction @p id as the sim has it now.
    Prediction readBack(const QString &id);
    /// Waits for the creator to report; true when it created.
    bool waitForCreate();
    /// The prediction's input as JSON.
    static QJsonObject inputOf(const Prediction &prediction);

    TestBackend backend;
    std::unique_ptr<ImageCache> images;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<RemixActions> actions;
    TaskDetailPane *pane = nullptr;
};
