#include "TaskTimesSection.h"

#include "CostText.h"
#include "DisplayText.h"
#include "FormRows.h"
#include "ui_TaskTimesSection.h"

#include <QLocale>

TaskTimesSection::TaskTimesSection(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TaskTimesSection>())
{
    m_ui->setupUi(this);
    for (QLabel *label : {m_ui->createdValue, m_ui->startedValue, m_ui->completedValue, m_ui->queueValue,
                          m_ui->runValue, m_ui->costValue, m_ui->sourceValue})
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

TaskTimesSection::~TaskTimesSection() = default;

void TaskTimesSection::showTask(const Task &task)
{
    m_task = task;
    updateTimes();
}

void TaskTimesSection::showMetrics(const QJsonObject &metrics)
{
    m_metrics = metrics;
    updateMetrics();
}

void TaskTimesSection::setPrices(const PriceTable &prices)
{
    m_prices = prices;
    updateTimes();
}

void TaskTimesSection::setNow(const QDateTime &now)
{
    m_now = now;
    updateTimes();
}

void TaskTimesSection::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        updateTimes();
        updateMetrics();
    }
}

void TaskTimesSection::updateTimes()
{
    if (!m_task)
        return;
    const Task &task = *m_task;
    const bool active = !PredictionStatuses::isTerminal(task.status) && task.hasPrediction();
    const std::pair<QLabel *, QDateTime> times[] = {{m_ui->createdValue, task.createdAt},
                                                    {m_ui->startedValue, task.startedAt},
                                                    {m_ui->completedValue, task.completedAt}};
    for (const auto &[label, time] : times) {
        label->setText(DisplayText::dateTimeWithSeconds(time));
        label->setToolTip(time.isValid() ? DisplayText::relativeTime(time, m_now) : QString());
    }

    QString queue = QStringLiteral("—");
    if (task.createdAt.isValid() && task.startedAt.isValid())
        queue = DisplayText::duration(task.createdAt.msecsTo(task.startedAt) / 1000.0);
    else if (task.createdAt.isValid() && active && task.status == PredictionStatus::Starting)
        queue = tr("%1 so far").arg(DisplayText::elapsed(task.createdAt.secsTo(m_now)));
    else if (task.status == PredictionStatus::Aborted)
        queue = tr("never started");
    m_ui->queueValue->setText(queue);

    QString run = QStringLiteral("—");
    if (const auto seconds = task.runTime())
        run = DisplayText::duration(*seconds);
    else if (task.startedAt.isValid() && active)
        run = tr("%1 so far").arg(DisplayText::elapsed(task.startedAt.secsTo(m_now)));
    m_ui->runValue->setText(run);
    m_ui->costValue->setText(CostText::detail(task, m_prices, QLocale()));

    // Only a task that came through the capture endpoint says where from: the others were added here.
    m_ui->timesForm->setRowVisible(m_ui->sourceValue, task.captured);
    m_ui->sourceValue->setText(task.captured ? DisplayText::captureSource(task.callerUserAgent, task.capturedAt)
                                             : QString());
    m_ui->sourceValue->setToolTip(
        task.captured && task.capturedAt.isValid() ? DisplayText::relativeTime(task.capturedAt, m_now) : QString());
}

void TaskTimesSection::updateMetrics()
{
    QList<FormRows::Row> rows;
    QStringList keys;
    for (const char *first : {"predict_time", "total_time", "image_count"}) {
        if (m_metrics.contains(QLatin1String(first)))
            keys.append(QLatin1String(first));
    }
    for (auto it = m_metrics.constBegin(); it != m_metrics.constEnd(); ++it) {
        if (!keys.contains(it.key()))
            keys.append(it.key());
    }
    for (const QString &key : std::as_const(keys)) {
        const QJsonValue value = m_metrics.value(key);
        QString toolTip;
        QString text;
        if ((key == u"predict_time" || key == u"total_time") && value.isDouble())
            text = DisplayText::duration(value.toDouble());
        else
            text = DisplayText::value(value, &toolTip);
        rows.append({DisplayText::metricLabel(key), QString(), text, toolTip});
    }
    FormRows::set(m_ui->metricsForm, rows);
    m_ui->metricsGroup->setVisible(!keys.isEmpty());
}
