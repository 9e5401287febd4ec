#include "RemixActions.h"

#include "CostText.h"
#include "MainWindow.h"
#include "PredictionClient.h"
#include "ReadOnlyBanner.h"
#include "RemixDialog.h"
#include "Settings.h"
#include "TaskCreator.h"
#include "TaskDetailPane.h"
#include "TaskStore.h"

#include <QAction>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

namespace {

// Outputs of this many recent tasks are offered for an input image.
constexpr int outputChoiceCount = 20;

} // namespace

RemixActions::RemixActions(MainWindow &window, TaskStore &store, Settings &settings, PredictionClient &client,
                           QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_store(store)
    , m_settings(settings)
    , m_client(client)
    , m_creator(new TaskCreator(client, store, this))
    , m_runAgain(new QAction(tr("Run Again"), this))
    , m_remix(new QAction(tr("Remix…"), this))
    , m_separator(new QAction(this))
{
    m_runAgain->setToolTip(tr("The same model with the same inputs, as a new prediction"));
    m_remix->setToolTip(tr("Edit the inputs, then run as a new prediction"));
    m_separator->setSeparator(true);
    // Not Ctrl+R: many expect it to reload (F5 here), and a run is charged for.
    m_runAgain->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_remix->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    connect(m_runAgain, &QAction::triggered, this, [this] {
        if (const QList<TaskKey> keys = m_window.selectedKeys(); keys.size() == 1)
            runAgain(keys.first());
    });
    connect(m_remix, &QAction::triggered, this, [this] {
        if (const QList<TaskKey> keys = m_window.selectedKeys(); keys.size() == 1)
            remix(keys.first());
    });
    connect(m_creator, &TaskCreator::created, this, &RemixActions::onCreated);
    connect(m_creator, &TaskCreator::failed, this, [this](const ApiError &error, bool maybeCreated) {
        // Run Again has no dialog of its own: the failure opens Remix with the same inputs and the reason.
        if (m_runAgainSource.id.isEmpty() || m_dialog)
            return;
        const TaskKey source = m_runAgainSource;
        m_runAgainSource = {};
        openDialog(source, true);
        if (m_dialog)
            m_dialog->showFailure(error, maybeCreated);
    });
    window.addTaskActions({m_runAgain, m_remix, m_separator});
}

RemixActions::~RemixActions() = default;

void RemixActions::attachPane(TaskDetailPane &pane)
{
    pane.setRemixLookup([this](const TaskKey &key) { return remixesOf(key); });
    connect(&pane, &TaskDetailPane::runAgainRequested, this, &RemixActions::runAgain);
    connect(&pane, &TaskDetailPane::remixRequested, this, &RemixActions::remix);
    connect(&pane, &TaskDetailPane::taskLinkActivated, this, [this](const TaskKey &key) {
        if (!m_store.contains(key))
            m_window.showMessage(tr("%1 is no longer tracked.").arg(key.id));
        else
            m_window.selectTask(key);
    });
}

QStringList RemixActions::remixesOf(const TaskKey &key) const
{
    QStringList ids;
    for (const Task &task : m_store.tasks()) {
        if (task.remixOf == key.id && task.key.provider == key.provider)
            ids.append(task.key.id);
    }
    return ids;
}

QString RemixActions::providerName() const
{
    const ApiEndpoint endpoint = m_client.endpoint();
    return tr("%1 (%2)").arg(ApiEndpoint::providerName(endpoint.provider()), endpoint.root().host());
}

QString RemixActions::estimate(const Task &source) const
{
    const Prediction prediction = source.prediction();
    return CostText::estimate(m_settings.prices(), ApiEndpoint::providerKey(m_client.endpoint().provider()),
                              prediction.model(), prediction.inputs(), QLocale());
}

bool RemixActions::confirmRun(const QString &estimate)
{
    if (!m_settings.confirmRuns())
        return true;
    const QString cost = estimate.isEmpty() ? tr("The estimated cost is unknown.")
                                            : tr("The estimated cost is %1.").arg(estimate);
    QMessageBox box(QMessageBox::Question, tr("Run a New Prediction?"),
                    tr("This sends a new prediction to %1, which charges for each run. %2\n\nYou are asked this "
                       "once; Settings can ask again before every run.")
                        .arg(providerName(), cost),
                    QMessageBox::Cancel, m_dialog ? static_cast<QWidget *>(m_dialog.data()) : &m_window);
    box.setObjectName(QStringLiteral("confirmRun"));
    QPushButton *run = box.addButton(tr("Run"), QMessageBox::AcceptRole);
    box.setDefaultButton(run);
    box.exec();
    if (box.clickedButton() != run)
        return false;
    m_settings.setConfirmRuns(false);
    return true;
}

bool RemixActions::refusedReadOnly()
{
    if (!m_store.isReadOnly())
        return false;
    m_window.showMessage(ReadOnlyBanner::refusalText());
    return true;
}

void RemixActions::runAgain(const TaskKey &source)
{
    if (refusedReadOnly())
        return;
    if (m_creator->isBusy()) {
        m_window.showMessage(tr("Another run is being sent; wait for it to finish."));
        return;
    }
    const Task *task = m_store.task(source);
    if (!confirmRun(task ? estimate(*task) : QString()))
        return;
    m_runAgainSource = source;
    m_window.showMessage(tr("Running %1 again…").arg(source.id));
    m_creator->runAgain(source);
}

void RemixActions::remix(const TaskKey &source)
{
    if (refusedReadOnly())
        return;
    openDialog(source, false);
}

void RemixActions::openDialog(const TaskKey &source, bool keepSeed)
{
    const Task *task = m_store.task(source);
    if (!task)
        return;
    if (m_dialog)
        m_dialog->close();
    auto *dialog = new RemixDialog(
        *m_creator, *task, providerName(), [this, cost = estimate(*task)] { return confirmRun(cost); }, keepSeed,
        &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setPrices(m_settings.prices(), ApiEndpoint::providerKey(m_client.endpoint().provider()));
    QList<RemixInputsForm::OutputChoice> outputs;
    const QList<Task> &tasks = m_store.tasks();
    for (auto it = tasks.crbegin(); it != tasks.crend() && outputs.size() < outputChoiceCount; ++it) {
        for (const QUrl &url : it->outputUrls()) {
            if (!it->dataRemoved)
                outputs.append({tr("%1: %2").arg(it->key.id, url.fileName()), url});
        }
    }
    dialog->form().setOutputChoices(outputs);
    connect(dialog, &RemixDialog::settingsRequested, this, &RemixActions::settingsRequested);
    m_dialog = dialog;
    dialog->show();
}

void RemixActions::onCreated(const TaskKey &key, bool recovered)
{
    m_runAgainSource = {};
    m_window.selectTask(key);
    m_window.showMessage(recovered
                             ? tr("%1 was created (its answer was lost, and it was found in the list).").arg(key.id)
                             : tr("%1 was created.").arg(key.id));
}
