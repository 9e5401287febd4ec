#pragma once

#include "ApiKeyStore.h"
#include "FileDownloader.h"
#include "ImageCache.h"
#include "OutputSaver.h"
#include "PollScheduler.h"
#include "PredictionClient.h"
#include "RecentImporter.h"
#include "Settings.h"
#include "TaskStore.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>

#include <memory>

class DemoBackend;
class MainWindow;
class SettingsDialog;
class Translations;
class TrayNotifier;

/// The GUI's composition root: creates every part once, by value, and wires them together.
class Application final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool demo = false;
        QStringList addIds;
        QString settingsPath; ///< empty: the user's settings file
        QString databasePath; ///< empty: AppDataLocation/replimon.sqlite (or replimon-demo.sqlite)
    };

    /// @p translations: installed by main() before the command line is parsed; a language chosen in
    /// Settings is installed through it at once.
    Application(Options options, Translations &translations, QObject *parent = nullptr);
    ~Application() override;

    /// Opens the database and shows the window. False when the app cannot run (the user was told).
    bool start();

    MainWindow &window() const { return *m_window; }
    /// Ids handed over by another start of the app: brings the window to the front and tracks them.
    void receiveIds(const QStringList &ids);
    TaskStore &store() { return m_store; }

private:
    void applyEndpoint(const ApiEndpoint &endpoint);
    void onKeyRead(const QString &providerKey, const QString &key, ApiKeyStore::Source source);
    /// (Re)starts the scheduler over the store's tasks; without a key it sends nothing until one is set.
    void startPolling(bool hasKey);
    /// Whether requests can carry a key (or need none: the demo).
    bool hasKey() const;
    void onTaskFinished(const TaskKey &key, PredictionStatus status);
    void onTasksAdded(const QList<TaskKey> &keys);
    void onImportRequested();
    void onCancelRequested(const QList<TaskKey> &keys);
    void onDemoReady(const QUrl &root);
    void startDemoInNewProcess();
    void onSettingsRequested();

    Options m_options;
    Translations &m_translations;
    Settings m_settings;
    QNetworkAccessManager m_nam;
    PredictionClient m_client;
    FileDownloader m_downloader;
    TaskStore m_store;
    ApiKeyStore m_keys;
    PollScheduler m_scheduler;
    RecentImporter m_importer;
    OutputSaver m_saver;
    ImageCache m_images;
    std::unique_ptr<DemoBackend> m_demo;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayNotifier> m_tray;
    bool m_acceptingIds = false; ///< the endpoint is known: ids can be added (else they wait in m_options)
    QPointer<SettingsDialog> m_settingsDialog;
    /// Keys the user chose not to store (no keychain, no consent): kept for this session only.
    QHash<QString, QString> m_sessionKeys;
};
