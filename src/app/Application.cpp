#include "Application.h"

#include "CaptureControls.h"
#include "CapturePage.h"
#include "CloseToTray.h"
#include "CompareActions.h"
#include "DemoBackend.h"
#include "ExportAction.h"
#include "FileImportFlow.h"
#include "MainWindow.h"
#include "ReadOnlyBanner.h"
#include "RemixActions.h"
#include "UsageActions.h"
#include "ViewModeSwitch.h"
#include "SettingsDialog.h"
#include "StarActions.h"
#include "TaskDetailPane.h"
#include "TaskTableModel.h"
#include "Translations.h"
#include "TrayNotifier.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QStandardPaths>

namespace {

QString demoDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("replimon-demo.sqlite"));
}

} // namespace

Application::Application(Options options, Translations &translations, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_translations(translations)
    , m_settings(m_options.settingsPath)
    , m_client(m_network.nam())
    , m_downloader(m_network.nam())
    , m_keys(m_settings)
    , m_scheduler(m_store, m_client)
    , m_importer(m_client, m_store)
    , m_saver(m_downloader, m_store, &m_settings)
    , m_images(m_nam)
    , m_capture(m_store)
    , m_autostart(m_options.autostartPath.isEmpty() ? AutostartEntry::defaultPath() : m_options.autostartPath,
                  QCoreApplication::applicationFilePath())
{
    m_nam.setAutoDeleteReplies(false);
    m_useDemo = m_options.demo;
    m_scheduler.followSettings(m_settings);
    m_scheduler.setStreams(&m_streams);
    if (m_options.requestBudget)
        m_scheduler.setRequestBudget(*m_options.requestBudget);
    // Before anything that retranslates itself on a language change: the new catalogue is installed first.
    connect(&m_settings, &Settings::changed, this, &Application::onSettingChanged);
    connect(&m_keys, &ApiKeyStore::keyRead, this, &Application::onKeyRead);
    connect(&m_scheduler, &PollScheduler::taskFinished, this, &Application::onTaskFinished);
    connect(&m_store, &TaskStore::tasksAdded, this, &Application::onTasksAdded);
}

Application::~Application()
{
    // The downloads' replies end before the objects they report to. The client's requests end with its
    // worker, deleted on the network thread (PredictionClient's destructor).
    m_downloader.cancelAll();
}

bool Application::start()
{
    QString path = m_options.databasePath;
    if (path.isEmpty() && m_options.demo) {
        // Each demo session gets a new simulator with new predictions: start from an empty database, kept
        // apart from the user's own.
        path = demoDatabasePath();
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(path + suffix);
    }
    const auto opened = m_store.open(path);

    m_window = std::make_unique<MainWindow>(m_store, m_scheduler, m_settings);
    connect(m_window.get(), &MainWindow::importRequested, this, &Application::onImportRequested);
    connect(m_window.get(), &MainWindow::cancelRequested, this, &Application::onCancelRequested);
    connect(m_window.get(), &MainWindow::demoRequested, this, &Application::startDemoInNewProcess);
    connect(m_window.get(), &MainWindow::settingsRequested, this, &Application::onSettingsRequested);
    // Not only polls: an import or a cancel the provider refuses for the key leads to the same place.
    connect(&m_client, &PredictionClient::requestFailed, m_window.get(),
            [this](PredictionClient::RequestId, const QString &, const ApiError &error) {
                if (error.kind == ApiError::Kind::Unauthorized)
                    m_window->onApiKeyRequired(error);
            });

    m_fileImport = std::make_unique<FileImportFlow>(m_store, m_window.get());
    const auto importFiles = [this](const QStringList &paths) {
        m_fileImport->import(paths, ApiEndpoint::providerKey(m_client.endpoint().provider()));
    };
    connect(m_window.get(), &MainWindow::importFilesRequested, this,
            [this] { m_fileImport->chooseAndImport(ApiEndpoint::providerKey(m_client.endpoint().provider())); });
    connect(m_fileImport.get(), &FileImportFlow::filesDropped, this, importFiles);
    connect(m_fileImport.get(), &FileImportFlow::message, m_window.get(), &MainWindow::showMessage);

    auto *pane = new TaskDetailPane(m_images);
    pane->setSaveFolder(m_settings.downloadFolder());
    m_window->setDetailPane(pane);
    m_remix = std::make_unique<RemixActions>(*m_window, m_store, m_settings, m_client);
    m_remix->attachPane(*pane);
    m_usage = std::make_unique<UsageActions>(*m_window, m_store, m_settings);
    m_window->viewMode().attach(m_thumbnails, m_usage->viewMenu());
    connect(m_remix.get(), &RemixActions::settingsRequested, this, &Application::onSettingsRequested);
    m_export = std::make_unique<ExportAction>(*m_window, m_store, m_settings);
    m_stars = std::make_unique<StarActions>(*m_window, m_store);
    connect(m_stars.get(), &StarActions::starred, this, &Application::saveWhereWanted);
    m_compare = std::make_unique<CompareActions>(*m_window, m_store, m_images);
    connect(pane, &TaskDetailPane::refreshRequested, &m_scheduler, &PollScheduler::refresh);
    connect(pane, &TaskDetailPane::cancelRequested, this, &Application::onCancelRequested);
    connect(pane, &TaskDetailPane::saveRequested, this,
            [this](const TaskKey &key) { m_saver.save(key, m_settings.downloadFolder()); });
    connect(pane, &TaskDetailPane::saveCancelRequested, &m_saver, &OutputSaver::cancel);
    connect(&m_saver, &OutputSaver::saveStarted, pane, &TaskDetailPane::onSaveStarted);
    connect(&m_saver, &OutputSaver::progress, pane, &TaskDetailPane::onSaveProgress);
    connect(&m_saver, &OutputSaver::saved, pane, &TaskDetailPane::onSaved);
    connect(&m_saver, &OutputSaver::saveFailed, pane, &TaskDetailPane::onSaveFailed);
    connectWindowMessages();
    connect(&m_capture, &CaptureHost::stateChanged, m_window.get(), [this](const CaptureState &state) {
        m_window->capture().setState(state);
        if (m_settingsDialog)
            m_settingsDialog->capturePage().setState(state);
    });
    connect(&m_window->capture(), &CaptureControls::settingsRequested, this, [this] {
        onSettingsRequested();
        m_settingsDialog->showCapturePage();
    });

    if (!opened) {
        QMessageBox::critical(nullptr, tr("Replimon"),
                              tr("The task database could not be opened:\n%1").arg(opened.error().message));
        return false;
    }
    m_tray = std::make_unique<TrayNotifier>(m_store, m_settings, *m_window);
    connect(&m_scheduler, &PollScheduler::taskFinished, m_tray.get(), &TrayNotifier::onTaskFinished);
    connect(m_tray.get(), &TrayNotifier::quitRequested, this, &Application::quit);
    // Started at login (--tray), the window waits in the tray; without a tray there would be no way to it.
    if (!m_tray->showIcon() || !m_options.startInTray)
        m_window->show();
    m_closeToTray = std::make_unique<CloseToTray>(*m_window, m_settings, *m_tray);
    // An entry written by another copy of the program (moved, reinstalled) starts this one from now on.
    if (m_settings.startAtLogin())
        applyStartAtLogin();
    if (!opened.value().movedAsidePath.isEmpty()) {
        QMessageBox::warning(
            m_window.get(), tr("Task Database Replaced"),
            tr("The task database could not be read (%1). It was moved to\n%2\nand a new, "
               "empty one was created. Nothing was deleted.")
                .arg(opened.value().movedAsideReason, QDir::toNativeSeparators(opened.value().movedAsidePath)));
    }

    if (m_store.isReadOnly()) {
        // A newer Replimon's database is only shown: nothing polls, downloads, captures or writes into it.
        if (!m_options.addIds.isEmpty())
            m_window->showMessage(ReadOnlyBanner::refusalText());
        importFiles(std::exchange(m_options.importFiles, {}));
        return true;
    }
    if (m_options.demo) {
        m_window->setProviderLabel(ApiEndpoint::providerName(ApiEndpoint::Provider::Demo));
        m_window->setProvider(ApiEndpoint::Provider::Demo);
        m_window->setHasApiKey(true);
        m_demo = std::make_unique<DemoBackend>();
        connect(m_demo.get(), &DemoBackend::ready, this, &Application::onDemoReady);
        connect(m_demo.get(), &DemoBackend::failed, m_window.get(),
                [this](const QString &message) { QMessageBox::warning(m_window.get(), tr("Demo"), message); });
        m_demo->start();
        return true;
    }

    applyEndpoint(m_settings.endpoint());
    importFiles(std::exchange(m_options.importFiles, {}));
    return true;
}

void Application::applyEndpoint(const ApiEndpoint &endpoint)
{
    // The client aborts what was sent to the old endpoint; the scheduler re-sends once the key is read.
    setEndpoint(endpoint);
    m_key.clear();
    m_client.setApiKey(m_key);
    m_downloader.setApiKey(m_key);
    m_scheduler.waitForApiKey();
    m_window->setProviderLabel(ApiEndpoint::providerName(endpoint.provider()));
    m_window->setProvider(endpoint.provider());
    m_keys.read(ApiEndpoint::providerKey(endpoint.provider()));
}

void Application::setEndpoint(const ApiEndpoint &endpoint)
{
    m_client.setEndpoint(endpoint);
    m_downloader.setEndpoint(endpoint);
    updateCapture();
}

void Application::updateCapture()
{
    if (!m_window || m_store.isReadOnly())
        return;
    const ApiEndpoint &endpoint = m_client.endpoint();
    CaptureHost::Wanted wanted;
    wanted.enabled = m_options.capturePort.has_value() || m_settings.captureEnabled();
    wanted.forThisRun = m_options.capturePort.has_value();
    wanted.port = m_options.capturePort.value_or(m_settings.capturePort());
    // The demo forwards to its simulator, which is not known until it runs.
    if (endpoint.isValid() && (!m_useDemo || endpoint.provider() == ApiEndpoint::Provider::Demo))
        wanted.upstreamRoot = endpoint.root();
    wanted.provider = ApiEndpoint::providerKey(endpoint.provider());
    wanted.allowedOrigins = m_settings.captureAllowedOrigins();
    m_capture.apply(wanted);
}

void Application::onSettingChanged(Settings::Key key)
{
    switch (key) {
    case Settings::Key::Provider:
    case Settings::Key::CustomRoot: {
        if (!m_window || m_useDemo)
            return;
        const ApiEndpoint endpoint = m_settings.endpoint();
        if (endpoint.provider() != m_client.endpoint().provider() || endpoint.root() != m_client.endpoint().root())
            applyEndpoint(endpoint);
        return;
    }
    case Settings::Key::DownloadFolder:
        if (m_window && m_window->detailPane())
            m_window->detailPane()->setSaveFolder(m_settings.downloadFolder());
        return;
    case Settings::Key::Language:
        // Every window retranslates itself on the LanguageChange event this sends.
        m_translations.install(m_settings.language());
        if (m_window)
            m_window->setProviderLabel(ApiEndpoint::providerName(m_client.endpoint().provider()));
        return;
    case Settings::Key::PollInterval: // the scheduler follows these itself
    case Settings::Key::MaxInFlight:
    case Settings::Key::ImportLimit:     // read when an import starts
    case Settings::Key::AutoDownload:    // read when a task finishes or is added
    case Settings::Key::EmbedProvenance: // read by the saver at each file
    case Settings::Key::ProvenanceSidecar:
    case Settings::Key::Notifications: // the tray follows it
    case Settings::Key::WindowGeometry:
    case Settings::Key::WindowState:
    case Settings::Key::TableHeaderState:
    case Settings::Key::SplitterState:
    case Settings::Key::InsecureKeyStorageAllowed:
        return;
    case Settings::Key::StartAtLogin:
        applyStartAtLogin();
        return;
    case Settings::Key::TrayNoticeShown: // read when the window is next closed
    case Settings::Key::ConfirmRuns:     // read at the next run
    case Settings::Key::ViewMode:        // the window's own, read when it opens
    case Settings::Key::GalleryThumbnailSize:
        return;
    case Settings::Key::Prices: // the detail pane follows the model; the Remix dialog reads them when it opens
        if (m_window)
            m_window->tableModel().setPrices(m_settings.prices());
        return;
    case Settings::Key::CaptureEnabled:
    case Settings::Key::CapturePort:
        // Chosen in Settings: that holds from now on, over --capture.
        m_options.capturePort.reset();
        updateCapture();
        return;
    case Settings::Key::CaptureAllowedOrigins:
        updateCapture();
        return;
    }
}

void Application::onKeyRead(const QString &providerKey, const QString &key, ApiKeyStore::Source source)
{
    Q_UNUSED(source)
    if (providerKey != ApiEndpoint::providerKey(m_client.endpoint().provider()))
        return;
    const QString effective = key.isEmpty() ? m_sessionKeys.value(providerKey) : key;
    useKey(effective);
    m_acceptingIds = true;
    if (!m_options.addIds.isEmpty())
        m_window->addIds(ApiEndpoint::extractIds(std::exchange(m_options.addIds, {}).join(u'\n')));
}

void Application::useKey(const QString &key)
{
    m_key = key;
    m_client.setApiKey(key);
    m_downloader.setApiKey(key);
    m_window->setHasApiKey(hasKey());
    startPolling(hasKey());
}

void Application::startPolling(bool hasKey)
{
    if (m_store.isReadOnly())
        return;
    // Without a key every poll would only fetch a 401: nothing is sent until Settings gives one.
    if (!hasKey)
        m_scheduler.waitForApiKey();
    m_scheduler.start();
    if (hasKey)
        m_scheduler.resume();
}

void Application::onDemoReady(const QUrl &root)
{
    auto endpoint = ApiEndpoint::fromRoot(ApiEndpoint::Provider::Demo, root.toString());
    if (!endpoint)
        return;
    setEndpoint(endpoint.value());
    m_window->setProvider(ApiEndpoint::Provider::Demo);
    m_scheduler.start();
    // A fresh demo database is filled from the simulator's list of predictions.
    if (m_store.count() == 0)
        m_importer.start(100);
    else
        m_scheduler.refreshAll();
    m_acceptingIds = true;
    if (!m_options.addIds.isEmpty())
        m_window->addIds(ApiEndpoint::extractIds(std::exchange(m_options.addIds, {}).join(u'\n')));
}

void Application::raiseWindow()
{
    if (m_window)
        TrayNotifier::bringToFront(*m_window);
}

void Application::receiveCaptureRequest(quint16 port)
{
    raiseWindow();
    // As `--capture PORT` given to this start: on at that port for this run, nothing saved.
    m_options.capturePort = port;
    updateCapture();
    Q_EMIT captureRequested(port);
}

void Application::applyStartAtLogin()
{
    const auto applied = m_autostart.apply(m_settings.startAtLogin());
    if (!applied.ok() && m_window) {
        m_window->showMessage(m_settings.startAtLogin()
                                  ? tr("Replimon could not be set to start at login: %1").arg(applied.error())
                                  : tr("Replimon could not be kept from starting at login: %1").arg(applied.error()));
    }
}

void Application::quit()
{
    if (m_closeToTray)
        m_closeToTray->allowClose();
    // Closed first, so that the window saves its layout as on any other end.
    if (m_window)
        m_window->close();
    QCoreApplication::quit();
}

void Application::receiveIds(const QStringList &arguments)
{
    raiseWindow();
    // A second `replimon FILE…` hands over the absolute paths of saved outputs along with ids.
    QStringList files;
    QStringList ids;
    for (const QString &argument : arguments)
        (QDir::isAbsolutePath(argument) && QFileInfo::exists(argument) ? files : ids).append(argument);
    if (m_fileImport && !files.isEmpty())
        m_fileImport->import(files, ApiEndpoint::providerKey(m_client.endpoint().provider()));
    if (ids.isEmpty())
        return;
    if (!m_window || !m_acceptingIds) {
        // Not connected yet: added with the command line's own ids once the provider is known.
        m_options.addIds += ids;
        return;
    }
    const QStringList found = ApiEndpoint::extractIds(ids.join(u'\n'));
    if (found.isEmpty())
        m_window->showMessage(tr("No prediction ids in: %1").arg(ids.join(u' ')));
    else
        m_window->addIds(found);
}

void Application::onTaskFinished(const TaskKey &key, PredictionStatus status)
{
    Q_UNUSED(status)
    saveWhereWanted({key});
}

void Application::onTasksAdded(const QList<TaskKey> &keys)
{
    // Imported predictions arrive already succeeded, so they never "finish" while watched: their outputs
    // expire all the same, and are saved as soon as they are tracked.
    saveWhereWanted(keys);
}

void Application::saveWhereWanted(const QList<TaskKey> &keys)
{
    const bool autoSave = m_settings.autoDownload();
    for (const TaskKey &key : keys) {
        const Task *task = m_store.task(key);
        if (task && task->wantsSaving(autoSave))
            m_saver.save(key, m_settings.downloadFolder());
    }
}

bool Application::hasKey() const
{
    // The demo's simulator takes no key.
    return m_client.hasApiKey() || m_client.endpoint().provider() == ApiEndpoint::Provider::Demo;
}

void Application::onImportRequested()
{
    if (!hasKey()) {
        // It would only fetch a 401: lead straight to where the key goes.
        onSettingsRequested();
        return;
    }
    m_window->showMessage(tr("Importing recent predictions…"));
    m_importer.start(m_settings.importLimit());
}

void Application::onCancelRequested(const QList<TaskKey> &keys)
{
    if (!hasKey()) {
        onSettingsRequested();
        return;
    }
    m_scheduler.cancel(keys);
}

void Application::startDemoInNewProcess()
{
    QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--demo")});
}

void Application::onSettingsRequested()
{
    if (m_settingsDialog) {
        m_settingsDialog->raise();
        m_settingsDialog->activateWindow();
        return;
    }
    m_settingsDialog = new SettingsDialog(m_settings, m_keys, m_nam, m_options.demo, m_window.get());
    m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
    for (auto it = m_sessionKeys.cbegin(); it != m_sessionKeys.cend(); ++it)
        m_settingsDialog->setSessionKey(it.key(), it.value());
    if (m_options.demo && m_demo) {
        m_settingsDialog->setDemoRoot(m_demo->apiRoot());
        m_settingsDialog->setCurrentProvider(m_client.endpoint().provider());
    }
    m_settingsDialog->capturePage().setState(m_capture.state());
    connect(m_settingsDialog, &SettingsDialog::connectCodeRequested, &m_window->capture(),
            &CaptureControls::showConnectDialog);
    connect(m_settingsDialog, &SettingsDialog::applied, this, &Application::onSettingsApplied);
    m_settingsDialog->show();
}

void Application::onSettingsApplied(const SettingsDialog::Session &session)
{
    // Settings' own changes have reached everything through onSettingChanged() already; what is left is
    // the key, which lives in the keychain, and Demo, which is never saved.
    const ApiEndpoint::Provider provider = session.endpoint.provider();
    const QString providerKey = ApiEndpoint::providerKey(provider);
    if (session.keySessionOnly)
        m_sessionKeys.insert(providerKey, session.key);
    else
        m_sessionKeys.remove(providerKey);
    bool switched = false;
    if (m_options.demo) {
        const bool useDemo = provider == ApiEndpoint::Provider::Demo;
        switched = useDemo != m_useDemo;
        m_useDemo = useDemo;
        if (switched && !useDemo) {
            applyEndpoint(m_settings.endpoint());
        } else if (switched) {
            setEndpoint(session.endpoint);
            m_window->setProviderLabel(ApiEndpoint::providerName(provider));
            m_window->setProvider(provider);
        }
    }
    if (m_client.endpoint().provider() == provider && (switched || session.key != m_key))
        useKey(session.key);
}
