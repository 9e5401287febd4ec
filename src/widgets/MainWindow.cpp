#include "MainWindow.h"

#include "AddTasksDialog.h"
#include "ApiEndpoint.h"
#include "DisplayText.h"
#include "PredictionClient.h"
#include "Settings.h"
#include "ElidingDelegate.h"
#include "StatusDelegate.h"
#include "TaskDetailPane.h"
#include "TaskFilterModel.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "ui_MainWindow.h"

#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QStyle>

namespace {

constexpr int messageTimeoutMs = 5000;
constexpr int minPromptChars = 12;

QString formatWait(qint64 seconds)
{
    if (seconds < 60)
        return MainWindow::tr("%n s", nullptr, int(seconds));
    return MainWindow::tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
}

// Said by the banner over the table and by the empty page: @p authMessage is the server's refusal, "" when
// there is no key at all.
QString keyProblemText(const QString &authMessage)
{
    if (!authMessage.isEmpty())
        return MainWindow::tr("The provider rejected the API key: %1").arg(authMessage);
    return MainWindow::tr("Replimon needs the API key of your provider (QuickRouter, AnyAPI or Replicate) to "
                          "fetch your predictions. Or try it first on demo data.");
}

} // namespace

MainWindow::MainWindow(TaskStore &store, PollScheduler &scheduler, PredictionClient &client, Settings &settings,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_store(store)
    , m_scheduler(scheduler)
    , m_client(client)
    , m_settings(settings)
    , m_model(std::make_unique<TaskTableModel>(store))
    , m_filter(std::make_unique<TaskFilterModel>())
{
    m_ui->setupUi(this);
    m_filter->setSourceModel(m_model.get());

    // Two fields apart, as status bars show them: a styled separator between, and room on either side
    // (styles such as Fusion draw no frame around status bar items, and the labels touched).
    m_countsLabel = new QLabel(this);
    m_pollLabel = new QLabel(this);
    m_pollLabel->setObjectName(QStringLiteral("pollLabel"));
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    auto *separator = new QFrame(this);
    separator->setObjectName(QStringLiteral("statusSeparator"));
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Sunken);
    const int gap = fontMetrics().averageCharWidth();
    for (QLabel *label : {m_pollLabel, m_countsLabel})
        label->setContentsMargins(gap, 0, gap, 0);
    m_ui->statusBar->addPermanentWidget(m_pollLabel);
    m_ui->statusBar->addPermanentWidget(separator);
    m_ui->statusBar->addPermanentWidget(m_countsLabel);

    setupTable();
    setupActions();

    // Shown when the provider rejects the key while there are tasks on screen (the empty page says it
    // itself otherwise): the server's words and the way to fix it.
    m_keyBanner = new QFrame(this);
    m_keyBanner->setObjectName(QStringLiteral("keyBanner"));
    m_keyBanner->setAutoFillBackground(true);
    QPalette bannerPalette = m_keyBanner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xc8));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x4a, 0x33, 0x00));
    m_keyBanner->setPalette(bannerPalette);
    auto *bannerLayout = new QHBoxLayout(m_keyBanner);
    bannerLayout->setContentsMargins(10, 6, 6, 6);
    m_keyBannerText = new QLabel(m_keyBanner);
    m_keyBannerText->setWordWrap(true);
    m_keyBannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keyBannerButton = new QPushButton(tr("Open Settings…"), m_keyBanner);
    connect(m_keyBannerButton, &QPushButton::clicked, this, &MainWindow::settingsRequested);
    bannerLayout->addWidget(m_keyBannerText, 1);
    bannerLayout->addWidget(m_keyBannerButton);
    m_ui->centralLayout->insertWidget(0, m_keyBanner);
    m_keyBanner->hide();

    for (const auto filter : {TaskFilterModel::StatusFilter::All, TaskFilterModel::StatusFilter::Active,
                              TaskFilterModel::StatusFilter::Succeeded, TaskFilterModel::StatusFilter::Failed,
                              TaskFilterModel::StatusFilter::CanceledOrAborted}) {
        m_ui->statusFilter->addItem(QString(), int(filter));
    }
    retranslate();
    connect(m_ui->statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setStatusFilter(TaskFilterModel::StatusFilter(m_ui->statusFilter->currentData().toInt()));
    });
    connect(m_ui->searchEdit, &QLineEdit::textChanged, m_filter.get(), &TaskFilterModel::setSearchText);

    connect(m_ui->emptyPrimaryButton, &QPushButton::clicked, this, [this] {
        if (m_hasApiKey)
            onAddTriggered();
        else
            Q_EMIT settingsRequested();
    });
    connect(m_ui->emptySecondaryButton, &QPushButton::clicked, this, [this] {
        if (m_hasApiKey)
            Q_EMIT importRequested();
        else
            Q_EMIT demoRequested();
    });

    connect(&m_store, &TaskStore::tasksAdded, this, [this] {
        updateEmptyState();
        updateStatusBar();
    });
    connect(&m_store, &TaskStore::tasksRemoved, this, [this] {
        updateEmptyState();
        updateStatusBar();
    });
    connect(&m_store, &TaskStore::tasksChanged, this, [this] {
        updateStatusBar();
        updateActions();
    });
    connect(&m_scheduler, &PollScheduler::stateChanged, this, &MainWindow::updateStatusBar);
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
    // Not only polls: an import or a cancel the provider refuses for the key leads to the same place.
    connect(&m_client, &PredictionClient::requestFailed, this,
            [this](PredictionClient::RequestId, const QString &, const ApiError &error) {
                if (error.kind == ApiError::Kind::Unauthorized)
                    onApiKeyRequired(error);
            });

    // Ticks the "retrying in 28 s" countdown.
    m_statusTimer.setInterval(1000);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatusBar);
    m_statusTimer.start();

    restoreState();
    updateEmptyState();
    updateActions();
    updateStatusBar();
}

MainWindow::~MainWindow() = default;

void MainWindow::setupTable()
{
    QTableView *table = m_ui->tableView;
    table->setModel(m_filter.get());
    table->setItemDelegateForColumn(TaskTableModel::Status, new StatusDelegate(table));
    // Prompts and errors are read from their start; the other columns keep the view's middle elision.
    for (const int column : {TaskTableModel::Prompt, TaskTableModel::LastError})
        table->setItemDelegateForColumn(column, new ElidingDelegate(Qt::ElideRight, table));
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);

    QHeaderView *header = table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setStretchLastSection(false);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    setDefaultColumnLayout();
    table->sortByColumn(TaskTableModel::Created, Qt::DescendingOrder);

    // Columns can be hidden from the header's context menu.
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](const QPoint &position) {
        QMenu menu(this);
        for (int column = 0; column < m_model->columnCount(); ++column) {
            QAction *action = menu.addAction(m_model->headerData(column, Qt::Horizontal).toString());
            action->setCheckable(true);
            action->setChecked(!header->isSectionHidden(column));
            action->setEnabled(column != TaskTableModel::Id);
            connect(action, &QAction::toggled, header,
                    [header, column](bool visible) { header->setSectionHidden(column, !visible); });
        }
        menu.exec(header->viewport()->mapToGlobal(position));
    });

    connect(table, &QWidget::customContextMenuRequested, this, &MainWindow::onContextMenuRequested);
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(table, &QAbstractItemView::doubleClicked, this, &MainWindow::onOpenWebTriggered);
}

void MainWindow::setDefaultColumnLayout()
{
    // The first start's columns (a saved header state replaces them): what a user reads at a glance
    // (status, id, model, prompt, when, and whether the outputs are saved or when they expire) fits the
    // table's side of the default window, without scrolling. Widths follow the font and the texts the
    // columns show, translated and in the user's locale. Ids and model names are long and alike at their
    // start: they are bounded and elided in the middle (MainWindow.ui), which keeps their distinct ends;
    // prompts are elided at their end (setupTable).
    QTableView *table = m_ui->tableView;
    QHeaderView *header = table->horizontalHeader();
    const QFontMetrics metrics = table->fontMetrics();
    const int padding = 2 * (table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1)
        + metrics.averageCharWidth();
    const auto fit = [&](int column, int textWidth) {
        return std::max(textWidth + padding, header->sectionSizeHint(column));
    };
    const auto widest = [&metrics](const QStringList &texts) {
        int width = 0;
        for (const QString &text : texts)
            width = std::max(width, metrics.horizontalAdvance(text));
        return width;
    };
    const auto chars = [&metrics](int count) { return count * metrics.averageCharWidth(); };

    QStringList statuses{DisplayText::statusName(PredictionStatus::Unknown, QString(), false)}; // not fetched yet
    for (const auto status : {PredictionStatus::Starting, PredictionStatus::Processing, PredictionStatus::Succeeded,
                              PredictionStatus::Failed, PredictionStatus::Canceled, PredictionStatus::Aborted})
        statuses.append(DisplayText::statusName(status, QString()));
    const int icon = table->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, table);
    const QLocale locale;
    // Wide digits, two-digit day, month and hour: the longest a date of this locale gets.
    const QDateTime late(QDate(2026, 12, 28), QTime(22, 58, 58));
    const QString created = locale.toString(late, QLocale::ShortFormat);
    const QString expiry = QCoreApplication::translate("TaskTableModel", "remote (%1), expires %2")
                               .arg(locale.toString(4), locale.toString(late.time(), QLocale::ShortFormat));

    const QList<std::pair<int, int>> widths{
        {TaskTableModel::Status, fit(TaskTableModel::Status, icon + metrics.averageCharWidth() + widest(statuses))},
        {TaskTableModel::Id, fit(TaskTableModel::Id, chars(11))},
        {TaskTableModel::Model, fit(TaskTableModel::Model, chars(17))},
        {TaskTableModel::Prompt, fit(TaskTableModel::Prompt, chars(minPromptChars))},
        {TaskTableModel::Created, fit(TaskTableModel::Created, metrics.horizontalAdvance(created))},
        {TaskTableModel::Output, fit(TaskTableModel::Output, metrics.horizontalAdvance(expiry))},
        {TaskTableModel::RunTime, fit(TaskTableModel::RunTime, chars(7))},
        {TaskTableModel::PredictTime, fit(TaskTableModel::PredictTime, chars(7))},
        {TaskTableModel::Images, fit(TaskTableModel::Images, chars(3))},
        {TaskTableModel::LastError, fit(TaskTableModel::LastError, chars(40))}};
    for (const auto &[column, width] : widths)
        header->resizeSection(column, width);
    // Output comes beside Created, the figures after it. Only the header's visual order: the model's
    // columns stay as they are, and the user can move them back.
    header->moveSection(header->visualIndex(TaskTableModel::Output), header->visualIndex(TaskTableModel::Created) + 1);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->tableView->viewport() && event->type() == QEvent::Resize)
        fitPromptColumn();
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::fitPromptColumn()
{
    if (!m_fitPrompt)
        return;
    // The prompt grows with the window, bounded: past a long line it is easier to read in the detail pane,
    // and the columns after it deserve the room.
    QTableView *table = m_ui->tableView;
    QHeaderView *header = table->horizontalHeader();
    int others = 0;
    for (const int column : {TaskTableModel::Status, TaskTableModel::Id, TaskTableModel::Model, TaskTableModel::Created,
                             TaskTableModel::Output}) {
        if (!header->isSectionHidden(column))
            others += header->sectionSize(column);
    }
    const int chars = table->fontMetrics().averageCharWidth();
    const int width = std::clamp(table->viewport()->width() - others, minPromptChars * chars, 80 * chars);
    m_fittingPrompt = true;
    header->resizeSection(TaskTableModel::Prompt, width);
    m_fittingPrompt = false;
}

int MainWindow::defaultTableWidth() const
{
    // The columns setDefaultColumnLayout() means to show, with the table's frame and a scroll bar.
    const QTableView *table = m_ui->tableView;
    const QHeaderView *header = table->horizontalHeader();
    int width = 2 * table->frameWidth() + table->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, table);
    for (const int column : {TaskTableModel::Status, TaskTableModel::Id, TaskTableModel::Model, TaskTableModel::Prompt,
                             TaskTableModel::Created, TaskTableModel::Output})
        width += header->sectionSize(column);
    return width;
}

void MainWindow::setupActions()
{
    connect(m_ui->actionAdd, &QAction::triggered, this, &MainWindow::onAddTriggered);
    connect(m_ui->actionImport, &QAction::triggered, this, &MainWindow::importRequested);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionCopyId, &QAction::triggered, this, &MainWindow::onCopyIdTriggered);
    connect(m_ui->actionPasteIds, &QAction::triggered, this, &MainWindow::onPasteTriggered);
    connect(m_ui->actionRemove, &QAction::triggered, this, &MainWindow::onRemoveTriggered);
    connect(m_ui->actionSelectAll, &QAction::triggered, m_ui->tableView, &QAbstractItemView::selectAll);
    connect(m_ui->actionRefresh, &QAction::triggered, this, &MainWindow::onRefreshTriggered);
    connect(m_ui->actionRefreshAll, &QAction::triggered, &m_scheduler, &PollScheduler::refreshAll);
    connect(m_ui->actionPause, &QAction::toggled, this, [this](bool paused) {
        if (paused)
            m_scheduler.pause();
        else
            m_scheduler.resume();
    });
    connect(m_ui->actionOpenWeb, &QAction::triggered, this, &MainWindow::onOpenWebTriggered);
    connect(m_ui->actionCancelPrediction, &QAction::triggered, this,
            [this] { Q_EMIT cancelRequested(selectedKeys()); });
    connect(m_ui->actionSettings, &QAction::triggered, this, &MainWindow::settingsRequested);
    connect(m_ui->actionFind, &QAction::triggered, this, [this] {
        m_ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->searchEdit->selectAll();
    });
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::onAboutTriggered);

    // Table-bound shortcuts, so that text fields keep their own Copy, Paste and Delete.
    m_ui->tableView->addActions({m_ui->actionCopyId, m_ui->actionPasteIds, m_ui->actionRemove, m_ui->actionSelectAll});
    // The empty page invites Ctrl+V, and there is no table on screen to take it.
    m_ui->emptyPage->addAction(m_ui->actionPasteIds);

    // The theme's icon when it has one (the names of MainWindow.ui), else the bundled one of the same name.
    const std::pair<QAction *, const char *> themed[] = {{m_ui->actionAdd, "list-add"},
                                                         {m_ui->actionImport, "document-import"},
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
                                                         {m_ui->actionAbout, "help-about"}};
    for (const auto &[action, name] : themed) {
        const QString themeName = QString::fromLatin1(name);
        action->setIcon(QIcon::fromTheme(
            themeName, QIcon(QStringLiteral(":/icons/actions/") + themeName + QStringLiteral(".svg"))));
    }
    updateActionTexts();
}

void MainWindow::updateActionTexts()
{
    // Toolbar labels lose the menu's ellipsis and a translation's "(&A)" mnemonic, which Qt leaves in.
    static const QRegularExpression menuOnly(QStringLiteral("\\(&\\w\\)|&|…|\\.\\.\\."));
    for (QAction *action : findChildren<QAction *>()) {
        if (!action->text().isEmpty() && !action->isSeparator())
            action->setIconText(action->text().remove(menuOnly).trimmed());
    }
}

void MainWindow::retranslate()
{
    const QStringList filterNames{tr("All"), tr("Active"), tr("Succeeded"), tr("Failed"), tr("Canceled or aborted")};
    for (int i = 0; i < filterNames.size() && i < m_ui->statusFilter->count(); ++i)
        m_ui->statusFilter->setItemText(i, filterNames.at(i));
    m_keyBannerButton->setText(tr("Open Settings…"));
    updateKeyBanner();
}

void MainWindow::updateKeyBanner()
{
    // Shown whenever tasks are on screen that cannot be polled for want of a key, not only after a 401:
    // without a key nothing is sent, so no 401 ever comes. The empty page says it itself.
    m_keyBannerText->setText(keyProblemText(m_authMessage));
    m_keyBanner->setVisible(m_keyKnown && !m_hasApiKey && !m_store.tasks().isEmpty());
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() != QEvent::LanguageChange)
        return;
    // The language was changed in Settings: everything built from tr() is built again, no restart needed.
    m_ui->retranslateUi(this);
    updateActionTexts();
    retranslate();
    m_model->retranslate();
    updateEmptyState();
    updateActions();
    updateStatusBar();
}

void MainWindow::restoreState()
{
    const QByteArray geometry = m_settings.windowGeometry();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = m_settings.windowState();
    if (!state.isEmpty())
        QMainWindow::restoreState(state);
    const QByteArray header = m_settings.tableHeaderState();
    QHeaderView *headerView = m_ui->tableView->horizontalHeader();
    m_fitPrompt = header.isEmpty() || !headerView->restoreState(header);
    if (m_fitPrompt) {
        // Until the user sizes a column, the prompt takes the width the table has to spare.
        m_ui->tableView->viewport()->installEventFilter(this);
        connect(headerView, &QHeaderView::sectionResized, this, [this] {
            if (!m_fittingPrompt)
                m_fitPrompt = false;
        });
    }
    const QByteArray splitter = m_settings.splitterState();
    if (!splitter.isEmpty())
        m_ui->splitter->restoreState(splitter);
}

void MainWindow::saveState()
{
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setWindowState(QMainWindow::saveState());
    m_settings.setTableHeaderState(m_ui->tableView->horizontalHeader()->saveState());
    m_settings.setSplitterState(m_ui->splitter->saveState());
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveState();
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
    const QStringList ids = ApiEndpoint::extractIds(text);
    if (ids.isEmpty()) {
        showMessage(tr("No prediction ids in what was dropped."));
        return;
    }
    addIds(ids);
    event->acceptProposedAction();
}

int MainWindow::addIds(const QStringList &ids)
{
    const QString provider = ApiEndpoint::providerKey(m_client.endpoint().provider());
    const auto result = m_store.add(provider, ids);
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
    m_hasApiKey = hasKey;
    m_keyKnown = true;
    if (hasKey)
        m_authMessage.clear();
    updateEmptyState();
    updateStatusBar();
}

void MainWindow::setProviderLabel(const QString &label)
{
    m_providerLabel = label;
    updateTitle();
}

QList<TaskKey> MainWindow::selectedKeys() const
{
    QList<TaskKey> keys;
    const QModelIndexList rows = m_ui->tableView->selectionModel()->selectedRows();
    keys.reserve(rows.size());
    for (const QModelIndex &index : rows)
        keys.append(index.data(TaskTableModel::TaskKeyRole).value<TaskKey>());
    return keys;
}

void MainWindow::updateActions()
{
    const QList<TaskKey> keys = selectedKeys();
    const bool any = !keys.isEmpty();
    bool anyActive = false;
    for (const TaskKey &key : keys) {
        const Task *task = m_store.task(key);
        anyActive = anyActive
            || (task && !PredictionStatuses::isTerminal(task->status) && !m_cancelUnsupported.contains(key.provider));
    }
    m_ui->actionCopyId->setEnabled(any);
    m_ui->actionRemove->setEnabled(any);
    m_ui->actionRefresh->setEnabled(any);
    m_ui->actionOpenWeb->setEnabled(any);
    m_ui->actionCancelPrediction->setEnabled(anyActive);
}

void MainWindow::updateStatusBar()
{
    int active = 0;
    const auto &tasks = m_store.tasks();
    for (const Task &task : tasks)
        active += PredictionStatuses::isTerminal(task.status) ? 0 : 1;
    m_countsLabel->setText(tr("%n tracked", nullptr, int(tasks.size())) + QStringLiteral(" · ")
                           + tr("%n active", nullptr, active));

    QString pollText;
    switch (m_scheduler.state()) {
    case PollScheduler::State::Idle:
        pollText = tr("Up to date");
        break;
    case PollScheduler::State::Polling:
        pollText = tr("Polling every %1").arg(formatWait(m_scheduler.interval().count() / 1000));
        break;
    case PollScheduler::State::Paused:
        pollText = tr("Paused");
        break;
    case PollScheduler::State::RateLimited: {
        const qint64 seconds = std::max<qint64>(
            1, (QDateTime::currentDateTimeUtc().msecsTo(m_scheduler.resumeAt()) + 999) / 1000);
        pollText = tr("Rate limited — retrying in %1").arg(formatWait(seconds));
        break;
    }
    case PollScheduler::State::NeedsApiKey:
        // Without a key the server's 401 says nothing about a key of the user's.
        pollText = m_client.hasApiKey() ? tr("API key rejected") : tr("No API key");
        break;
    }
    if (!m_hasApiKey && m_scheduler.state() != PollScheduler::State::NeedsApiKey)
        pollText = tr("No API key");
    m_pollLabel->setText(pollText);
    m_pollLabel->setToolTip(m_authMessage);
    m_ui->actionPause->setChecked(m_scheduler.isPaused());
    updateTitle();
}

void MainWindow::updateTitle()
{
    int active = 0;
    for (const Task &task : m_store.tasks())
        active += PredictionStatuses::isTerminal(task.status) ? 0 : 1;
    QString head = m_providerLabel;
    if (active > 0) {
        const QString count = tr("%n active", nullptr, active);
        head = head.isEmpty() ? count : head + QStringLiteral(" (") + count + u')';
    }
    // Ends with the application's name: desktops append the display name to a title that does not,
    // which read "Replimon — Demo — Replimon".
    setWindowTitle(head.isEmpty() ? QStringLiteral("Replimon") : head + QStringLiteral(" — Replimon"));
}

void MainWindow::updateEmptyState()
{
    const bool empty = m_store.tasks().isEmpty();
    updateKeyBanner();
    // Nothing to filter on an empty page.
    m_ui->statusFilter->setVisible(!empty);
    m_ui->searchEdit->setVisible(!empty);
    if (!empty) {
        m_ui->stack->setCurrentWidget(m_ui->splitter);
        return;
    }
    if (!m_hasApiKey) {
        m_ui->emptyTitle->setText(QStringLiteral("<h2>%1</h2>").arg(tr("Add your API key")));
        m_ui->emptyText->setText(keyProblemText(m_authMessage.toHtmlEscaped()));
        m_ui->emptyPrimaryButton->setText(tr("Add your API key…"));
        m_ui->emptySecondaryButton->setText(tr("Try the demo"));
    } else {
        m_ui->emptyTitle->setText(QStringLiteral("<h2>%1</h2>").arg(tr("No predictions yet")));
        m_ui->emptyText->setText(tr("Paste prediction ids or links (Ctrl+V), drop them here, or import the "
                                    "recent predictions of your account."));
        m_ui->emptyPrimaryButton->setText(tr("Add predictions…"));
        m_ui->emptySecondaryButton->setText(tr("Import recent"));
    }
    m_ui->stack->setCurrentWidget(m_ui->emptyPage);
}

void MainWindow::onAddTriggered()
{
    auto *dialog = new AddTasksDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString clipboard = QGuiApplication::clipboard()->text();
    if (!ApiEndpoint::extractIds(clipboard.left(AddTasksDialog::maxScannedCharacters)).isEmpty())
        dialog->setText(clipboard);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { addIds(dialog->ids()); });
    dialog->open();
}

void MainWindow::onPasteTriggered()
{
    const QStringList ids = ApiEndpoint::extractIds(
        QGuiApplication::clipboard()->text().left(AddTasksDialog::maxScannedCharacters));
    if (ids.isEmpty()) {
        showMessage(tr("No prediction ids on the clipboard."));
        return;
    }
    addIds(ids);
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

void MainWindow::onContextMenuRequested(const QPoint &position)
{
    if (!m_ui->tableView->indexAt(position).isValid())
        return;
    QMenu menu(this);
    menu.addAction(m_ui->actionRefresh);
    menu.addAction(m_ui->actionCopyId);
    menu.addAction(m_ui->actionOpenWeb);
    menu.addSeparator();
    menu.addAction(m_ui->actionCancelPrediction);
    menu.addAction(m_ui->actionRemove);
    menu.exec(m_ui->tableView->viewport()->mapToGlobal(position));
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
    const bool rejected = m_client.hasApiKey();
    m_authMessage = rejected ? error.message : QString();
    m_hasApiKey = false;
    m_keyKnown = true;
    updateEmptyState();
    updateStatusBar();
}

void MainWindow::setDetailPane(TaskDetailPane *pane)
{
    m_detailPane = pane;
    QSplitter *splitter = m_ui->splitter;
    splitter->addWidget(pane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    // The saved sizes were restored before the pane existed.
    const QByteArray state = m_settings.splitterState();
    if (state.isEmpty() || !splitter->restoreState(state)
        || splitter->sizes().value(1) < pane->minimumSizeHint().width()) {
        // The pane as wide as a task's heading (its id, Copy and the status badge) needs, the table the rest.
        const int paneWidth = std::max(pane->minimumSizeHint().width(), 68 * fontMetrics().averageCharWidth());
        const QMargins margins = m_ui->centralLayout->contentsMargins();
        const int tableWidth = width() - margins.left() - margins.right() - splitter->handleWidth() - paneWidth;
        splitter->setSizes({std::max(tableWidth, defaultTableWidth()), paneWidth});
    }

    QItemSelectionModel *selection = m_ui->tableView->selectionModel();
    connect(selection, &QItemSelectionModel::currentRowChanged, pane, [this] { updateDetailPane(); });
    connect(selection, &QItemSelectionModel::selectionChanged, pane, [this] { updateDetailPane(); });
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
    // The current row when it is selected, else the first selected one.
    const QItemSelectionModel *selection = m_ui->tableView->selectionModel();
    const QModelIndex current = selection->currentIndex();
    TaskKey key;
    if (current.isValid() && selection->isRowSelected(current.row(), current.parent())) {
        key = current.data(TaskTableModel::TaskKeyRole).value<TaskKey>();
    } else {
        const QList<TaskKey> keys = selectedKeys();
        if (!keys.isEmpty())
            key = keys.constFirst();
    }
    m_detailPane->setTask(key.id.isEmpty() ? nullptr : m_store.task(key));
}
