#include "MainWindow.h"

#include "ActionIcons.h"
#include "AddTasksDialog.h"
#include "CaptureControls.h"
#include "FilterBar.h"
#include "KeyBanner.h"
#include "MainWindowState.h"
#include "ReadOnlyBanner.h"
#include "Settings.h"
#include "StatusBarFields.h"
#include "TaskDetailPane.h"
#include "TaskFilterModel.h"
#include "TaskSelection.h"
#include "TaskStore.h"
#include "TaskTableLayout.h"
#include "TaskTableModel.h"
#include "ViewModeSwitch.h"
#include "ui_MainWindow.h"

#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>

constexpr int messageTimeoutMs = 5000;

MainWindow::MainWindow(TaskStore &store, PollScheduler &scheduler, Settings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_store(store)
    , m_scheduler(scheduler)
    , m_settings(settings)
    // Costs worked out once, from the prices the user set: the composition root gives it the later ones.
    , m_model(std::make_unique<TaskTableModel>(store, settings.prices()))
    , m_filter(std::make_unique<TaskFilterModel>())
{
    m_ui->setupUi(this);
    m_filter->setSourceModel(m_model.get());

    m_statusFields = new StatusBarFields(*m_ui->statusBar);

    setupTable();
    setupActions();

    // Shown when the provider rejects the key while there are tasks on screen (the empty page says it
    // itself otherwise): the server's words and the way to fix it.
    m_keyBanner = new KeyBanner(this);
    connect(m_keyBanner, &KeyBanner::settingsRequested, this, &MainWindow::settingsRequested);
    m_ui->centralLayout->insertWidget(0, m_keyBanner);
    m_keyBanner->hide();
    // A newer Replimon's database: everything that would poll, download or write is off, and says why.
    if (m_store.isReadOnly()) {
        m_readOnlyBanner = new ReadOnlyBanner(m_store,
                                              {m_ui->actionAdd, m_ui->actionPasteIds, m_ui->actionImport,
                                               m_ui->actionImportFiles, m_ui->actionCapture, m_ui->actionRefreshAll,
                                               m_ui->actionPause},
                                              this);
        m_ui->centralLayout->insertWidget(0, m_readOnlyBanner);
    }

    m_capture = new CaptureControls(*m_ui->statusBar, *m_ui->centralLayout, m_settings, *this);
    connect(m_ui->actionCapture, &QAction::triggered, m_capture, &CaptureControls::showConnectDialog);
    connect(m_ui->emptyCaptureButton, &QPushButton::clicked, m_capture, &CaptureControls::showConnectDialog);

    m_filterBar = new FilterBar(*m_ui->statusFilter, *m_ui->searchEdit, *m_filter);
    retranslate();

    // With a key the empty page offers to add or import predictions, without one the settings or the demo.
    connect(m_ui->emptyPrimaryButton, &QPushButton::clicked, this,
            [this] { m_hasApiKey ? onAddTriggered() : Q_EMIT settingsRequested(); });
    connect(m_ui->emptySecondaryButton, &QPushButton::clicked, this,
            [this] { m_hasApiKey ? Q_EMIT importRequested() : Q_EMIT demoRequested(); });

    // The page follows the tasks at once: a table the user is about to use must be there.
    for (const auto signal : {&TaskStore::tasksAdded, &TaskStore::tasksRemoved}) {
        connect(&m_store, signal, this, &MainWindow::showPage);
        connect(&m_store, signal, this, &MainWindow::scheduleRefresh);
    }
    connect(&m_store, &TaskStore::tasksChanged, this, &MainWindow::scheduleRefresh);
    connect(&m_scheduler, &PollScheduler::stateChanged, this, &MainWindow::scheduleRefresh);
    connect(&m_scheduler, &PollScheduler::apiKeyRequired, this, &MainWindow::onApiKeyRequired);
    // Relays may not offer cancel; once one says so, Cancel is no longer offered for its tasks.
    connect(&m_scheduler, &PollScheduler::cancelFailed, this, [this](const TaskKey &key, const ApiError &error) {
        if (error.kind != ApiError::Kind::NotSupported)
            return;
        m_cancelUnsupported.insert(key.provider);
        if (m_detailPane)
            m_detailPane->setCancelUnsupported(m_cancelUnsupported);
        updateActions();
    });

    // Ticks the "retrying in 28 s" countdown.
    m_statusTimer.setInterval(1000);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::scheduleRefresh);
    m_statusTimer.start();

    MainWindowState::restore(*this, *m_ui->splitter, *m_tableLayout, m_settings);
    refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::setupTable()
{
    QTableView *table = m_ui->tableView;
    table->setModel(m_filter.get());
    m_tableLayout = new TaskTableLayout(*table, *m_model);
    m_statusFields->followCosts(*table);
    m_viewMode = new ViewModeSwitch(*m_ui->splitter, *table, *m_ui->toolBar, m_store, m_settings, *this);
    m_viewMode->setMenuActions([this] {
        return m_taskActions + QList<QAction *>{m_ui->actionRefresh,          m_ui->actionCopyId,
                                                m_ui->actionOpenWeb,          nullptr,
                                                m_ui->actionCancelPrediction, m_ui->actionRemove};
    });
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(table, &QAbstractItemView::doubleClicked, this, &MainWindow::onOpenWebTriggered);
}

void MainWindow::setupActions()
{
    connect(m_ui->actionAdd, &QAction::triggered, this, &MainWindow::onAddTriggered);
    connect(m_ui->actionImport, &QAction::triggered, this, &MainWindow::importRequested);
    connect(m_ui->actionImportFiles, &QAction::triggered, this, &MainWindow::importFilesRequested);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionCopyId, &QAction::triggered, this, &MainWindow::onCopyIdTriggered);
    connect(m_ui->actionPasteIds, &QAction::triggered, this, &MainWindow::onPasteTriggered);
    connect(m_ui->actionRemove, &QAction::triggered, this, &MainWindow::onRemoveTriggered);
    connect(m_ui->actionSelectAll, &QAction::triggered, m_ui->tableView, &QAbstractItemView::selectAll);
    connect(m_ui->actionRefresh, &QAction::triggered, this, &MainWindow::onRefreshTriggered);
    connect(m_ui->actionRefreshAll, &QAction::triggered, &m_scheduler, &PollScheduler::refreshAll);
    connect(m_ui->actionPause, &QAction::toggled, &m_scheduler, &PollScheduler::setPaused);
    connect(m_ui->actionOpenWeb, &QAction::triggered, this, &MainWindow::onOpenWebTriggered);
    connect(m_ui->actionCancelPrediction, &QAction::triggered, this,
            [this] { Q_EMIT cancelRequested(selectedKeys()); });
    connect(m_ui->actionSettings, &QAction::triggered, this, &MainWindow::settingsRequested);
    connect(m_ui->actionFind, &QAction::triggered, this, [this] { m_filterBar->focusSearch(); });
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::onAboutTriggered);

    // Table-bound shortcuts, so that text fields keep their own Copy, Paste and Delete.
    m_ui->tableView->addActions({m_ui->actionCopyId, m_ui->actionPasteIds, m_ui->actionRemove, m_ui->actionSelectAll});
    // The empty page invites Ctrl+V, and there is no table on screen to take it.
    m_ui->emptyPage->addAction(m_ui->actionPasteIds);

    // The theme's icon when it has one (the names of MainWindow.ui), else the bundled one of the same name.
    ActionIcons::setThemed({{m_ui->actionAdd, "list-add"},
                            {m_ui->actionImport, "document-import"},
                            {m_ui->actionCapture, "network-transmit-receive"},
                            {m_ui->actionQuit, "application-exit"},
                            {m_ui->actionCopyId, "edit-copy"},
                            {m_ui->actionPasteIds, "edit-paste"},
                            {m_ui->actionRemove, "list-remove"},
                            {m_ui->actionSelectAll, "edit-select-all"},
                            {m_ui->actionRefresh, "view-refresh"},
                            {m_ui->actionRefreshAll, "view-refresh"},
                            {m_ui->actionPause, "media-playback-pause"},
                            {m_ui->actionOpenWeb, "internet-web-browser"},
                            {m_ui->actionCancelPrediction, "process-stop"},
                            {m_ui->actionSettings, "preferences-system"},
                            {m_ui->actionFind, "edit-find"},
                            {m_ui->actionAbout, "help-about"}});
    ActionIcons::setIconTexts(*this);
}

void MainWindow::retranslate()
{
    m_filterBar->retranslate();
    m_keyBanner->retranslate();
    m_capture->retranslate();
    if (m_readOnlyBanner)
        m_readOnlyBanner->retranslate();
    updateKeyBanner();
}

void MainWindow::updateKeyBanner()
{
    // Shown whenever tasks are on screen that cannot be polled for want of a key, not only after a 401:
    // without a key nothing is sent, so no 401 ever comes. The empty page says it itself.
    m_keyBanner->setText(KeyBanner::problemText(m_authMessage));
    m_keyBanner->setVisible(m_keyKnown && !m_hasApiKey && !m_store.tasks().isEmpty() && !m_store.isReadOnly());
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() != QEvent::LanguageChange)
        return;
    // The language was changed in Settings: everything built from tr() is built again, no restart needed.
    m_ui->retranslateUi(this);
    ActionIcons::setIconTexts(*this);
    retranslate();
    m_model->retranslate();
    refresh();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    MainWindowState::save(*this, *m_ui->splitter, *m_tableLayout, m_settings);
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasText() || event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QString text = event->mimeData()->text();
    for (const QUrl &url : event->mimeData()->urls())
        text += u'\n' + url.toString();
    if (addPastedIds(std::move(text), tr("No prediction ids in what was dropped.")))
        event->acceptProposedAction();
}

bool MainWindow::addPastedIds(QString text, const QString &noIdsMessage)
{
    const auto take = [this, noIdsMessage](const PastedIds &found) {
        if (found.ids.isEmpty()) {
            showMessage(noIdsMessage);
            return false;
        }
        addIds(found.ids);
        return true;
    };
    // A short text is read now (so that a drop without ids is refused); megabytes are taken and read on a
    // worker thread.
    if (text.size() <= PastedIds::readAtOnceCharacters)
        return take(PastedIds::scan(text));
    PastedIds::scanLater(this, std::move(text), take);
    return true;
}

int MainWindow::addIds(const QStringList &ids)
{
    if (m_store.isReadOnly()) {
        showMessage(ReadOnlyBanner::refusalText());
        return 0;
    }
    const auto result = m_store.add(ApiEndpoint::providerKey(m_provider), ids);
    if (!result) {
        QMessageBox::warning(this, tr("Could Not Add Predictions"),
                             tr("The task database could not be written: %1").arg(result.error().message));
        return 0;
    }
    const int added = int(result.value().size());
    const int known = int(ids.size()) - added;
    if (known > 0)
        showMessage(tr("%n prediction(s) added", nullptr, added) + u' ' + tr("(%n already tracked)", nullptr, known));
    else
        showMessage(tr("%n prediction(s) added", nullptr, added));
    return added;
}

void MainWindow::showMessage(const QString &text)
{
    m_ui->statusBar->showMessage(text, messageTimeoutMs);
}

void MainWindow::setHasApiKey(bool hasKey)
{
    m_keyConfigured = hasKey;
    m_hasApiKey = hasKey;
    m_keyKnown = true;
    if (hasKey)
        m_authMessage.clear();
    scheduleRefresh();
}

void MainWindow::setProviderLabel(const QString &label)
{
    m_providerLabel = label;
    scheduleRefresh();
}

void MainWindow::setProvider(ApiEndpoint::Provider provider)
{
    m_provider = provider;
}

void MainWindow::scheduleRefresh()
{
    if (std::exchange(m_refreshPending, true))
        return;
    QMetaObject::invokeMethod(this, &MainWindow::refresh, Qt::QueuedConnection);
}

void MainWindow::refresh()
{
    m_refreshPending = false;
    updateEmptyState();
    updateActions();
    m_statusFields->update(m_store, m_scheduler, m_keyConfigured, m_hasApiKey, m_authMessage);
    m_ui->actionPause->setChecked(m_scheduler.isPaused());
    setWindowTitle(StatusBarFields::windowTitle(m_store, m_providerLabel));
}

QList<TaskKey> MainWindow::selectedKeys() const
{
    return TaskSelection::selectedKeys(*m_ui->tableView);
}

int MainWindow::selectedCount() const
{
    return int(TaskSelection::selectedRows(*m_ui->tableView).size());
}

void MainWindow::updateActions()
{
    // Rows, not keys: every selection change comes here, and a selection may hold 100 000 tasks.
    const QList<int> rows = TaskSelection::selectedRows(*m_ui->tableView);
    const int count = int(rows.size());
    const bool any = count > 0;
    const bool writable = !m_store.isReadOnly();
    const bool anyActive = TaskSelection::anyTask(*m_ui->tableView, rows, [this](const Task &task) {
        return !PredictionStatuses::isTerminal(task.status) && !m_cancelUnsupported.contains(task.key.provider);
    });
    m_ui->actionCopyId->setEnabled(any);
    m_ui->actionRemove->setEnabled(any && writable);
    m_ui->actionRefresh->setEnabled(any && writable);
    m_ui->actionOpenWeb->setEnabled(any);
    m_ui->actionCancelPrediction->setEnabled(anyActive && writable);
    // Run Again and Remix… start from one task; Compare (ownEnabling) follows the selection itself.
    for (QAction *action : std::as_const(m_taskActions)) {
        if (action->data() != QLatin1String(ownEnabling))
            action->setEnabled(writable && (count == 1 || (any && action->data() == QLatin1String(anySelection))));
    }
}

void MainWindow::addTaskActions(const QList<QAction *> &actions)
{
    m_taskActions += actions;
    m_ui->menuView->insertActions(m_ui->menuView->actions().value(0), actions);
    if (m_readOnlyBanner) {
        QList<QAction *> writers = actions;
        writers.removeIf([](const QAction *action) { return action->data() == QLatin1String(ownEnabling); });
        m_readOnlyBanner->addWriters(writers);
    }
    updateActions();
}

void MainWindow::updateEmptyState()
{
    updateKeyBanner();
    showPage();
    if (!m_store.tasks().isEmpty())
        return;
    if (!m_hasApiKey) {
        m_ui->emptyTitle->setText(QStringLiteral("<h2>%1</h2>").arg(tr("Add your API key")));
        m_ui->emptyText->setText(KeyBanner::problemText(m_authMessage.toHtmlEscaped()));
        m_ui->emptyPrimaryButton->setText(tr("Add your API key…"));
        m_ui->emptySecondaryButton->setText(tr("Try the demo"));
    } else {
        m_ui->emptyTitle->setText(QStringLiteral("<h2>%1</h2>").arg(tr("No predictions yet")));
        m_ui->emptyText->setText(tr("Paste prediction ids or links (Ctrl+V), drop them here, or import the "
                                    "recent predictions of your account."));
        m_ui->emptyPrimaryButton->setText(tr("Add predictions…"));
        m_ui->emptySecondaryButton->setText(tr("Import recent"));
    }
}

void MainWindow::showPage()
{
    const bool empty = m_store.tasks().isEmpty();
    // Nothing to filter on an empty page.
    m_ui->statusFilter->setVisible(!empty);
    m_ui->searchEdit->setVisible(!empty);
    m_ui->stack->setCurrentWidget(empty ? m_ui->emptyPage : m_ui->splitter);
}

void MainWindow::onAddTriggered()
{
    auto *dialog = new AddTasksDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The clipboard goes in if it holds ids, read on a worker thread: it may be megabytes.
    dialog->offerText(QGuiApplication::clipboard()->text());
    connect(dialog, &QDialog::accepted, this, [this, dialog] { addIds(dialog->ids()); });
    dialog->open();
}

void MainWindow::onPasteTriggered()
{
    addPastedIds(QGuiApplication::clipboard()->text(), tr("No prediction ids on the clipboard."));
}

void MainWindow::onCopyIdTriggered()
{
    QStringList ids;
    for (const TaskKey &key : selectedKeys())
        ids.append(key.id);
    if (!ids.isEmpty())
        QGuiApplication::clipboard()->setText(ids.join(u'\n'));
}

void MainWindow::onRemoveTriggered()
{
    const QList<TaskKey> keys = selectedKeys();
    if (keys.isEmpty())
        return;
    if (keys.size() > 1) {
        const auto answer = QMessageBox::question(
            this, tr("Remove Predictions"),
            tr("Stop tracking %n prediction(s)? Files already saved stay on disk.", nullptr, int(keys.size())),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    const auto removed = m_store.remove(keys);
    if (!removed) {
        QMessageBox::warning(this, tr("Could Not Remove Predictions"),
                             tr("The task database could not be written: %1").arg(removed.error().message));
    }
}

void MainWindow::onRefreshTriggered()
{
    m_scheduler.refresh(selectedKeys());
}

void MainWindow::onOpenWebTriggered()
{
    for (const TaskKey &key : selectedKeys()) {
        if (const Task *task = m_store.task(key))
            QDesktopServices::openUrl(task->webPageUrl());
    }
}

void MainWindow::selectTask(const TaskKey &key)
{
    TaskSelection::select(m_viewMode->shownView(), key);
}

void MainWindow::onAboutTriggered()
{
    QMessageBox::about(this, tr("About Replimon"),
                       tr("<h3>Replimon %1</h3><p>Watches predictions on Replicate and Replicate relays, and "
                          "keeps their outputs before they expire.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::onApiKeyRequired(const ApiError &error)
{
    const bool rejected = m_keyConfigured;
    m_authMessage = rejected ? error.message : QString();
    m_hasApiKey = false;
    m_keyKnown = true;
    scheduleRefresh();
}

void MainWindow::setDetailPane(TaskDetailPane *pane)
{
    m_detailPane = pane;
    pane->setPrices(m_model->prices());
    connect(m_model.get(), &TaskTableModel::pricesChanged, pane, &TaskDetailPane::setPrices);
    if (m_store.isReadOnly())
        pane->setReadOnly(ReadOnlyBanner::refusalText());
    const QMargins margins = m_ui->centralLayout->contentsMargins();
    m_tableLayout->placePane(*m_ui->splitter, *pane, m_settings.splitterState(),
                             width() - margins.left() - margins.right());

    QItemSelectionModel *selection = m_ui->tableView->selectionModel();
    // A click moves both the selection and the current row: the pane is filled once.
    const auto onSelectionMoved = [this] {
        if (TaskSelection::shownKey(*m_ui->tableView) != m_detailPane->taskKey())
            updateDetailPane();
    };
    connect(selection, &QItemSelectionModel::currentRowChanged, pane, onSelectionMoved);
    connect(selection, &QItemSelectionModel::selectionChanged, pane, onSelectionMoved);
    connect(&m_store, &TaskStore::tasksChanged, pane, [this](const QList<TaskKey> &keys) {
        if (m_detailPane->hasTask() && keys.contains(m_detailPane->taskKey()))
            updateDetailPane();
    });
    connect(&m_store, &TaskStore::tasksRemoved, pane, [this] { updateDetailPane(); });
    connect(&m_store, &TaskStore::loaded, pane, [this] { updateDetailPane(); });
    updateDetailPane();
}

void MainWindow::updateDetailPane()
{
    if (!m_detailPane)
        return;
    const TaskKey key = TaskSelection::shownKey(*m_ui->tableView);
    m_detailPane->setTask(key.id.isEmpty() ? nullptr : m_store.task(key));
}
