#pragma once

#include "Task.h"

#include <QWidget>

#include <memory>
#include <optional>

namespace Ui {
class TaskHeaderSection;
}

/// The top of the detail pane: the id (with Copy), the status badge, model, version and provider, and the
/// Open Web Page, Cancel and Refresh buttons. Opening the page and copying the id it does itself; cancel
/// and refresh it reports.
class TaskHeaderSection final : public QWidget
{
    Q_OBJECT

public:
    explicit TaskHeaderSection(QWidget *parent = nullptr);
    ~TaskHeaderSection() override;

    /// @p version is the prediction's model version ("" when unknown); @p cancelUnsupported: the task's
    /// provider answered a cancel with "not supported".
    void showTask(const Task &task, const QString &version, bool cancelUnsupported);
    /// Cancel and Refresh off for good, @p reason their tool tip ("": on again).
    void setReadOnly(const QString &reason);

Q_SIGNALS:
    void cancelClicked();
    void refreshClicked();

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    std::unique_ptr<Ui::TaskHeaderSection> m_ui;
    std::optional<Task> m_task;
    QString m_version;
    bool m_cancelUnsupported = false;
    QString m_readOnlyReason;
};
