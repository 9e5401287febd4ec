#pragma once

#include "PriceTable.h"
#include "Task.h"

#include <QDateTime>
#include <QJsonObject>
#include <QWidget>

#include <memory>
#include <optional>

namespace Ui {
class TaskTimesSection;
}

/// When the prediction was created, started and completed, how long it queued and ran (counting while it
/// runs), what it cost at the price table's prices, where a captured one came from (the caller's
/// User-Agent and when), and the metrics the server reported.
class TaskTimesSection final : public QWidget
{
    Q_OBJECT

public:
    explicit TaskTimesSection(QWidget *parent = nullptr);
    ~TaskTimesSection() override;

    void showTask(const Task &task);
    void showMetrics(const QJsonObject &metrics);
    /// The prices the cost is worked out with.
    void setPrices(const PriceTable &prices);
    /// Running durations count up to @p now.
    void setNow(const QDateTime &now);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateTimes();
    void updateMetrics();

    std::unique_ptr<Ui::TaskTimesSection> m_ui;
    std::optional<Task> m_task;
    QJsonObject m_metrics;
    PriceTable m_prices;
    QDateTime m_now;
};
