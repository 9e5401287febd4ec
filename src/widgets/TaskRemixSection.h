#pragma once

#include "Task.h"

#include <QStringList>
#include <QWidget>

class QLabel;
class QPushButton;

/// The detail pane's Run Again and Remix… buttons, and the links between a task and the tasks made from it
/// ("Remix of …", "Remixed as …"), each a link that selects the other task.
class TaskRemixSection final : public QWidget
{
    Q_OBJECT

public:
    explicit TaskRemixSection(QWidget *parent = nullptr);

    /// @p remixes: the ids of the tasks made from @p task.
    void showTask(const Task &task, const QStringList &remixes);
    QPushButton *runAgainButton() const { return m_runAgain; }
    QPushButton *remixButton() const { return m_remix; }
    /// Turns both buttons off for good, @p reason in their tool tips (a read-only store).
    void setReadOnly(const QString &reason);
    /// The links' text, for tests.
    QString linksText() const;

Q_SIGNALS:
    void runAgainClicked();
    void remixClicked();
    /// A link to another task (same provider) was clicked.
    void taskLinkActivated(const QString &id);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QPushButton *m_runAgain;
    QPushButton *m_remix;
    QLabel *m_links;
    QString m_remixOf;
    QStringList m_remixes;
    QString m_readOnlyReason;
};
