#pragma once

#include "Task.h"

#include <QDateTime>
#include <QWidget>

#include <chrono>
#include <memory>
#include <optional>

namespace Ui {
class TaskNoticesSection;
}

/// What the user should know before reading on: the outputs are about to expire (or already gone), the last
/// request failed, the prediction failed and why. Hidden when there is nothing to say.
class TaskNoticesSection final : public QWidget
{
    Q_OBJECT

public:
    explicit TaskNoticesSection(QWidget *parent = nullptr);
    ~TaskNoticesSection() override;

    /// @p predictionError is the prediction's own error text ("" when none).
    void showTask(const Task &task, const QString &predictionError);
    /// Outputs are deleted this long after completion.
    void setRetention(std::chrono::seconds retention);
    /// The expiry countdown is counted from @p now.
    void setNow(const QDateTime &now);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void updateNotice();

    std::unique_ptr<Ui::TaskNoticesSection> m_ui;
    std::optional<Task> m_task;
    QString m_predictionError;
    std::chrono::seconds m_retention{3600};
    QDateTime m_now;
};
