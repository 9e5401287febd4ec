#pragma once

#include <QByteArray>
#include <QString>
#include <QTabWidget>

#include <memory>

namespace Ui {
class TaskLogsSection;
}

/// The prediction's logs, following the tail as they grow unless the user scrolled up, and its raw JSON,
/// indented, in the server's key order.
class TaskLogsSection final : public QTabWidget
{
    Q_OBJECT

public:
    explicit TaskLogsSection(QWidget *parent = nullptr);
    ~TaskLogsSection() override;

    /// Empties both tabs (another task is shown next).
    void clear();
    void showLogs(const QString &logs);
    void showJson(const QByteArray &json);

protected:
    void changeEvent(QEvent *event) override;

private:
    void setPlaceholders();

    std::unique_ptr<Ui::TaskLogsSection> m_ui;
    QString m_shownLogs;
};
