#include "TaskDetailPane.h"

#include "TaskHeaderSection.h"
#include "TaskImagesSection.h"
#include "TaskInputsSection.h"
#include "TaskLogsSection.h"
#include "TaskNoticesSection.h"
#include "TaskRemixSection.h"
#include "TaskTimesSection.h"
#include "ui_TaskDetailPane.h"

#include <QScrollBar>

TaskDetailPane::TaskDetailPane(ImageCache &cache, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TaskDetailPane>())
{
    m_ui->setupUi(this);
    m_ui->emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_header = new TaskHeaderSection(m_ui->content);
    m_notices = new TaskNoticesSection(m_ui->content);
    m_remix = new TaskRemixSection(m_ui->content);
    m_images = new TaskImagesSection(cache, m_ui->content);
    m_inputs = new TaskInputsSection(m_ui->content);
    m_times = new TaskTimesSection(m_ui->content);
    m_logs = new TaskLogsSection(m_ui->content);
    // Top to bottom, above the spacer that takes what height is left.
    int position = 0;
    for (QWidget *section :
         std::initializer_list<QWidget *>{m_header, m_remix, m_notices, m_images, m_inputs, m_times, m_logs})
        m_ui->contentLayout->insertWidget(position++, section);

    connect(m_header, &TaskHeaderSection::refreshClicked, this, [this] {
        if (m_task)
            Q_EMIT refreshRequested({m_task->key});
    });
    connect(m_header, &TaskHeaderSection::cancelClicked, this, [this] {
        if (m_task)
            Q_EMIT cancelRequested({m_task->key});
    });
    // The remix section's requests and links name the shown task, or another of its provider.
    connect(m_remix, &TaskRemixSection::runAgainClicked, this, [this] {
        if (m_task)
            Q_EMIT runAgainRequested(m_task->key);
    });
    connect(m_remix, &TaskRemixSection::remixClicked, this, [this] {
        if (m_task)
            Q_EMIT remixRequested(m_task->key);
    });
    connect(m_remix, &TaskRemixSection::taskLinkActivated, this, [this](const QString &id) {
        if (m_task)
            Q_EMIT taskLinkActivated(TaskKey{m_task->key.provider, id});
    });
    connect(m_images, &TaskImagesSection::saveRequested, this, &TaskDetailPane::saveRequested);
    connect(m_images, &TaskImagesSection::saveCancelRequested, this, &TaskDetailPane::saveCancelRequested);

    // Durations of a running task and the expiry countdown move on their own.
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &TaskDetailPane::onTick);

    setTask(nullptr);
}

TaskDetailPane::~TaskDetailPane() = default;

void TaskDetailPane::setSaveFolder(const QString &folder)
{
    m_images->setSaveFolder(folder);
}

void TaskDetailPane::setRetention(std::chrono::seconds retention)
{
    m_retention = retention;
    m_notices->setRetention(retention);
}

void TaskDetailPane::setPrices(const PriceTable &prices)
{
    m_times->setPrices(prices);
}

void TaskDetailPane::setNow(const QDateTime &now)
{
    m_fixedNow = now;
    onTick();
}

QDateTime TaskDetailPane::now() const
{
    return m_fixedNow.isValid() ? m_fixedNow : QDateTime::currentDateTimeUtc();
}

void TaskDetailPane::onTick()
{
    const QDateTime current = now();
    m_times->setNow(current);
    m_notices->setNow(current);
}

void TaskDetailPane::setReadOnly(const QString &reason)
{
    m_header->setReadOnly(reason);
    m_images->setReadOnly(reason);
    m_remix->setReadOnly(reason);
}

void TaskDetailPane::setCancelUnsupported(const QSet<QString> &providerKeys)
{
    m_cancelUnsupported = providerKeys;
    if (m_task)
        updateHeader();
}

QDateTime TaskDetailPane::expiresAt() const
{
    return m_task ? m_task->outputsExpireAt(m_retention) : QDateTime();
}

QList<ImagePreview *> TaskDetailPane::previews() const
{
    return m_images->previews();
}

ImageViewer *TaskDetailPane::viewer() const
{
    return m_images->viewer();
}

void TaskDetailPane::openViewer(ImagePreview *preview)
{
    m_images->openViewer(preview);
}

void TaskDetailPane::setTask(const Task *task)
{
    if (!task) {
        m_task.reset();
        m_tick.stop();
        m_shownJson.clear();
        m_images->clear();
        m_ui->stack->setCurrentWidget(m_ui->emptyPage);
        return;
    }
    const bool sameTask = m_task && m_task->key == task->key;
    m_task = *task;
    if (!sameTask) {
        m_shownJson.clear();
        m_logs->clear();
        m_ui->scrollArea->verticalScrollBar()->setValue(0);
    }

    const QByteArray json = task->rawJson(); // one read: a finished task's answer is on disk
    const Prediction prediction = task->predictionFrom(json);
    m_version = prediction.version();
    updateHeader();
    const bool predictionChanged = m_shownJson != json || !sameTask;
    if (predictionChanged) {
        m_shownJson = json;
        m_inputs->showPrediction(prediction);
        m_times->showMetrics(prediction.metrics());
        m_logs->showJson(json);
    }
    m_logs->showLogs(prediction.logs());
    m_notices->showTask(*task, prediction.errorText());
    m_remix->showTask(*task, m_remixLookup ? m_remixLookup(task->key) : QStringList());
    m_times->showTask(*task);
    onTick();
    m_images->showTask(*task, prediction, predictionChanged);

    // Shown once filled: showing the page lays it out at once, with what its sections hold then (the first
    // time, the empty ones, before they were all laid out again for this task).
    m_ui->stack->setCurrentWidget(m_ui->detailPage);

    const bool expiryShown = task->unsavedOutputsExpireAt(m_retention).isValid();
    const bool ticking = !PredictionStatuses::isTerminal(task->status) || expiryShown;
    if (ticking && !m_tick.isActive())
        m_tick.start();
    else if (!ticking)
        m_tick.stop();
}

void TaskDetailPane::updateHeader()
{
    m_header->showTask(*m_task, m_version, m_cancelUnsupported.contains(m_task->key.provider));
}

void TaskDetailPane::onSaveStarted(const TaskKey &key, int fileCount)
{
    Q_UNUSED(fileCount)
    m_images->onSaveStarted(key);
}

void TaskDetailPane::onSaveProgress(const TaskKey &key, qint64 received, qint64 total)
{
    m_images->onSaveProgress(key, received, total);
}

void TaskDetailPane::onSaved(const TaskKey &key, const QStringList &paths)
{
    Q_UNUSED(paths) // the store has them; setTask() brings them
    m_images->onSaved(key);
}

void TaskDetailPane::onSaveFailed(const TaskKey &key, const ApiError &error)
{
    m_images->onSaveFailed(key, error);
}

void TaskDetailPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The sections retranslate themselves.
    if (event->type() == QEvent::LanguageChange)
        m_ui->retranslateUi(this);
}
