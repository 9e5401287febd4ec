#pragma once

#include "ApiKeyStore.h"
#include "AutostartEntry.h"
#include "CaptureHost.h"
#include "FileDownloader.h"
#include "ImageCache.h"
#include "NetworkThread.h"
#include "OutputSaver.h"
#include "PollScheduler.h"
#include "PredictionClient.h"
#include "PredictionStreams.h"
#include "RecentImporter.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "TaskStore.h"
#include "ThumbnailStore.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class CloseToTray;
class DemoBackend;
class ExportAction;
class StarActions;
class CompareActions;
class FileImportFlow;
class MainWindow;
class RemixActions;
class Translations;
class TrayNotifier;
class UsageActions;

/// The GUI's composition root: creates every part once, by value, and wires them together.
class Application final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool demo = false;
        QStringList addIds;
        QStringList importFiles; ///< Saved outputs (files, folders) whose embedded predictions are imported.
        QString settingsPath;    ///< empty: the user's settings file
        QString databasePath;    ///< empty: AppDataLocation/replimon.sqlite (or replimon-demo.sqlite)
        /// `--tray` (how the autostart entry starts it): the window stays hidden in the tray, where there is one.
        bool startInTray = false;
        /// `--capture PORT`: the capture endpoint listens on PORT for this run, whatever Settings say, and
        /// nothing is saved; until the capture settings are changed.
        std::optional<quint16> capturePort;
        QString autostartPath; ///< empty: AutostartEntry::defaultPath()
        /// Routine polls a minute (PollScheduler::setRequestBudget); unset: the scheduler's default.
        std::optional<int> requestBudget;
    };

    /// @p translations: installed by main() before the command line is parsed; a language chosen in
    /// Settings is installed through it at once.
    Application(Options options, Translations &translations, QObject *parent = nullptr);
    ~Application() override;

    /// Opens the database and shows the window. False when the app cannot run (the user was told).
    bool start();

    MainWindow &window() const { return *m_window; }
    /// Ids handed over by another start of the app: brings the window to the front and tracks them.
    void receiveIds(const QStringList &arguments);
    /// Another start asked for the capture endpoint on @p port (`replimon --capture PORT`): brings the
    /// window to the front and turns capture on at that port for this run, as if this start had been given
    /// the option; announces captureRequested().
    void receiveCaptureRequest(quint16 port);
    /// The entry that starts Replimon at login, kept as Settings::startAtLogin() says.
    const AutostartEntry &autostart() const { return m_autostart; }
    TaskStore &store() { return m_store; }
    Settings &settings() { return m_settings; }
    const PollScheduler &scheduler() const { return m_scheduler; }
    const PredictionClient &client() const { return m_client; }
    const CaptureService &capture() const { return m_capture.service(); }
    /// What the capture endpoint does now, as the window shows it.
    CaptureState captureState() const { return m_capture.state(); }
    /// The previews' image cache (the soak bounds its memory to see past it).
    ImageCache &images() { return m_images; }
    /// Null until start() showed the window.
    TrayNotifier *tray() const { return m_tray.get(); }

Q_SIGNALS:
    /// A capture request handed over by another start (receiveCaptureRequest()).
    void captureRequested(quint16 port);

private:
    void raiseWindow();
    /// Writes or removes the autostart entry as Settings says; a failure is shown in the window.
    void applyStartAtLogin();
    /// The tray's Quit: ends the app even where closing the window would only hide it.
    void quit();
    /// Sends requests to @p endpoint from now on, with that provider's key once it is read.
    void applyEndpoint(const ApiEndpoint &endpoint);
    /// The client, the downloader and the capture endpoint use @p endpoint (the key is not touched).
    void setEndpoint(const ApiEndpoint &endpoint);
    /// Starts, restarts or stops the capture endpoint after what it depends on changed: whether it is on,
    /// its port and origins, the provider root it forwards to.
    void updateCapture();
    /// The one place a setting change reaches what the composition root wires by hand.
    void onSettingChanged(Settings::Key key);
    /// Puts what the importer, the scheduler, the store and the capture recorder report in the window.
    void connectWindowMessages();
    /// OK in Settings: what it chose for this session beyond Settings (Demo, the key).
    void onSettingsApplied(const SettingsDialog::Session &session);
    void useKey(const QString &key);
    void onKeyRead(const QString &providerKey, const QString &key, ApiKeyStore::Source source);
    /// (Re)starts the scheduler over the store's tasks; without a key it sends nothing until one is set.
    void startPolling(bool hasKey);
    /// Whether requests can carry a key (or need none: the demo).
    bool hasKey() const;
    void onTaskFinished(const TaskKey &key, PredictionStatus status);
    void onTasksAdded(const QList<TaskKey> &keys);
    /// Saves the outputs of those of @p keys that want it (Task::wantsSaving).
    void saveWhereWanted(const QList<TaskKey> &keys);
    void onImportRequested();
    void onCancelRequested(const QList<TaskKey> &keys);
    void onDemoReady(const QUrl &root);
    void startDemoInNewProcess();
    void onSettingsRequested();

    Options m_options;
    Translations &m_translations;
    Settings m_settings;
    QNetworkAccessManager m_nam;
    /// The client's requests, replies and parsing run there; it goes after the client.
    NetworkThread m_network;
    PredictionClient m_client;
    FileDownloader m_downloader;
    TaskStore m_store;
    ApiKeyStore m_keys;
    PredictionStreams m_streams; ///< Running tasks' event streams, for the scheduler.
    PollScheduler m_scheduler;
    RecentImporter m_importer;
    OutputSaver m_saver;
    ImageCache m_images;
    ThumbnailStore m_thumbnails{m_images}; ///< The gallery's; after m_images, which it uses.
    // After the store, so that they are gone before it: nothing is recorded into a closed store.
    CaptureHost m_capture;
    std::unique_ptr<DemoBackend> m_demo;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<FileImportFlow> m_fileImport;
    std::unique_ptr<RemixActions> m_remix; ///< Before the window goes: it holds the window's actions.
    std::unique_ptr<UsageActions> m_usage; ///< View → Usage…; before the window goes, like m_remix.
    std::unique_ptr<ExportAction> m_export;
    std::unique_ptr<StarActions> m_stars;      ///< Star (S): favourites
    std::unique_ptr<CompareActions> m_compare; ///< Compare (C): 2 to 4 tasks side by side
    std::unique_ptr<TrayNotifier> m_tray;
    AutostartEntry m_autostart;
    std::unique_ptr<CloseToTray> m_closeToTray;
    bool m_acceptingIds = false; ///< the endpoint is known: ids can be added (else they wait in m_options)
    /// The session talks to the demo simulator (--demo, until Settings chooses another provider): the
    /// saved provider does not apply meanwhile.
    bool m_useDemo = false;
    QPointer<SettingsDialog> m_settingsDialog;
    /// Keys the user chose not to store (no keychain, no consent): kept for this session only.
    QHash<QString, QString> m_sessionKeys;
    QString m_key; ///< The key requests carry now ("" = none).
};
