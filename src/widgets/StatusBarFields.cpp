#include "StatusBarFields.h"

#include "DisplayText.h"
#include "PollScheduler.h"
#include "TaskStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFrame>
#include <QLabel>
#include <QStatusBar>

#include <algorithm>

// The texts keep the window's context: they were translated as the window's own.

StatusBarFields::StatusBarFields(QStatusBar &bar)
    : QObject(&bar)
{
    // Two fields apart, as status bars show them: a styled separator between, and room on either side
    // (styles such as Fusion draw no frame around status bar items, and the labels touched).
    m_countsLabel = new QLabel(&bar);
    m_pollLabel = new QLabel(&bar);
    m_pollLabel->setObjectName(QStringLiteral("pollLabel"));
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    auto *separator = new QFrame(&bar);
    separator->setObjectName(QStringLiteral("statusSeparator"));
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Sunken);
    const int gap = bar.fontMetrics().averageCharWidth();
    for (QLabel *label : {m_pollLabel, m_countsLabel})
        label->setContentsMargins(gap, 0, gap, 0);
    bar.addPermanentWidget(m_pollLabel);
    bar.addPermanentWidget(separator);
    bar.addPermanentWidget(m_countsLabel);
}

QString StatusBarFields::windowTitle(const TaskStore &store, const QString &providerLabel)
{
    int active = 0;
    for (const Task &task : store.tasks())
        active += PredictionStatuses::isTerminal(task.status) ? 0 : 1;
    QString head = providerLabel;
    if (active > 0) {
        const QString count = QCoreApplication::translate("MainWindow", "%n active", nullptr, active);
        head = head.isEmpty() ? count : head + QStringLiteral(" (") + count + u')';
    }
    // Ends with the application's name: desktops append the display name to a title that does not,
    // which read "Replimon — Demo — Replimon".
    return head.isEmpty() ? QStringLiteral("Replimon") : head + QStringLiteral(" — Replimon");
}

void StatusBarFields::update(const TaskStore &store, const PollScheduler &scheduler, bool keyConfigured, bool hasKey,
                             const QString &authMessage)
{
    int active = 0;
    const auto &tasks = store.tasks();
    for (const Task &task : tasks)
        active += PredictionStatuses::isTerminal(task.status) ? 0 : 1;
    m_countsLabel->setText(QCoreApplication::translate("MainWindow", "%n tracked", nullptr, int(tasks.size()))
                           + QStringLiteral(" · ")
                           + QCoreApplication::translate("MainWindow", "%n active", nullptr, active));

    QString pollText;
    switch (scheduler.state()) {
    case PollScheduler::State::Idle:
        pollText = QCoreApplication::translate("MainWindow", "Up to date");
        break;
    case PollScheduler::State::Polling:
        pollText = QCoreApplication::translate("MainWindow", "Polling every %1")
                       .arg(DisplayText::elapsed(scheduler.interval().count() / 1000));
        break;
    case PollScheduler::State::Paused:
        pollText = QCoreApplication::translate("MainWindow", "Paused");
        break;
    case PollScheduler::State::RateLimited: {
        const qint64 seconds = std::max<qint64>(
            1, (QDateTime::currentDateTimeUtc().msecsTo(scheduler.resumeAt()) + 999) / 1000);
        pollText = QCoreApplication::translate("MainWindow", "Rate limited — retrying in %1")
                       .arg(DisplayText::elapsed(seconds));
        break;
    }
    case PollScheduler::State::NeedsApiKey:
        // Without a key the server's 401 says nothing about a key of the user's.
        pollText = keyConfigured ? QCoreApplication::translate("MainWindow", "API key rejected")
                                 : QCoreApplication::translate("MainWindow", "No API key");
        break;
    }
    if (!hasKey && scheduler.state() != PollScheduler::State::NeedsApiKey)
        pollText = QCoreApplication::translate("MainWindow", "No API key");
    // A newer Replimon's database is only shown: nothing is checked, whatever the key.
    if (store.isReadOnly())
        pollText = QCoreApplication::translate("MainWindow", "Read-only");
    m_pollLabel->setText(pollText);
    m_pollLabel->setToolTip(authMessage);
}
