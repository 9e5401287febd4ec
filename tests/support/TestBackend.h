#pragma once

#include "ApiEndpoint.h"
#include "NetworkThread.h"
#include "PollScheduler.h"
#include "SimProcess.h"
#include "Task.h"

#include <QNetworkAccessManager>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

class FileDownloader;
class PredictionClient;
class QTemporaryDir;
class Settings;
class TaskStore;

/// What the application builds below its window, for tests: a temporary home with the settings file and
/// the SQLite task store, a PredictionClient (on a NetworkThread, as in the application) and a
/// FileDownloader on replimon-sim with the test key, and a PollScheduler over the store and the client.
///
/// One per test case: start() in initTestCase() starts the simulator, open() in init() resets it and
/// builds the rest afresh in a new home, close() in cleanup() takes it down as the application quits
/// (the scheduler first, so that what it holds is written). Whatever a test builds over these parts
/// (a window, a pane) must go before close().
class TestBackend final
{
public:
    struct Options
    {
        /// Start replimon-sim and point the client at it. Without it (and without root), the client has
        /// no endpoint: for windows that never go online.
        bool simulator = true;
        QStringList simArguments;               ///< For replimon-sim, after its ports and the test key.
        QString prefix = QStringLiteral("/v1"); ///< The API root's path on the simulator.
        QUrl root;                              ///< Another server's API root instead of the simulator's.
        QString apiKey;                         ///< The key for root (the simulator's token otherwise).
        ApiEndpoint::Provider provider = ApiEndpoint::Provider::Custom;
        // Short by default, so that tests wait little; unset: the scheduler's own default, as in the app.
        std::optional<std::chrono::milliseconds> interval = std::chrono::milliseconds(200);
        std::optional<std::chrono::milliseconds> flushInterval = std::chrono::milliseconds(20);
        std::optional<int> maxInFlight;
        PollScheduler::Clock clock; ///< Empty: the scheduler's monotonic clock.
    };

    TestBackend();
    explicit TestBackend(Options options);
    ~TestBackend();
    TestBackend(const TestBackend &) = delete;
    TestBackend &operator=(const TestBackend &) = delete;

    /// No server: the client has no endpoint and nothing is sent.
    static Options offline();

    /// Starts the simulator (when the options want one). The error is in errorString().
    bool start();
    /// A new home, the simulator reset (and started if it was not), then settings, store, client,
    /// downloader and scheduler; the scheduler is not started.
    bool open();
    /// Scheduler, downloader, client and store go, in that order; settings and home stay until the next
    /// open() (or reopen()).
    void close();
    /// After close(): store, client, downloader and scheduler again over the same home, as at a restart.
    bool reopen();
    /// Destroys the scheduler (which writes the answers it still holds) and builds a new one, not started.
    PollScheduler &replaceScheduler();
    /// A new Settings over the same file, as a restarted application reads it.
    Settings &reloadSettings();
    /// Why start(), open() or reopen() failed.
    QString errorString() const { return m_error; }

    /// A PredictionClient of its own, on the same thread and with the same endpoint and key as client().
    std::unique_ptr<PredictionClient> newClient();
    /// Adds @p ids to the store under provider(): their keys, or none when the store refused (with a warning).
    QList<TaskKey> track(const QStringList &ids);
    /// Whether every task in the store is succeeded, failed, canceled or aborted.
    bool allTerminal() const;

    SimProcess &sim() { return m_sim; }
    QNetworkAccessManager &nam() { return m_nam; }
    Settings &settings() { return *m_settings; }
    TaskStore &store() { return *m_store; }
    PredictionClient &client() { return *m_client; }
    FileDownloader &downloader() { return *m_downloader; }
    PollScheduler &scheduler() { return *m_scheduler; }
    /// The provider's key under which the client's tasks are stored ("custom" by default).
    QString provider() const;
    /// @p name in the home folder (which holds replimon.ini and tasks.sqlite).
    QString filePath(const QString &name) const;

private:
    bool build();
    void buildScheduler();

    Options m_options;
    SimProcess m_sim;
    QNetworkAccessManager m_nam;
    NetworkThread m_network; ///< The clients' manager lives there; after them in the destruction order.
    // Set by open(): the endpoint and key of the client and downloader, the last error, and the home.
    std::optional<ApiEndpoint> m_endpoint;
    QString m_apiKey;
    QString m_error;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<Settings> m_settings;
    // What build() makes, in this order; close() undoes it in the reverse one.
    std::unique_ptr<TaskStore> m_store;
    std::unique_ptr<PredictionClient> m_client;
    std::unique_ptr<FileDownloader> m_downloader;
    std::unique_ptr<PollScheduler> m_scheduler;
};
