#include "StatusBarFields.h"

#include "DisplayText.h"
#include "CostText.h"
#include "PollScheduler.h"
#include "TaskSelection.h"
#include "TaskStore.h"
#include "TaskTableModel.h"

#include <QAbstractItemView>
#include <QAbstractProxyModel>
#include <QCoreApplication>
#include <QDateTime>
#include <QEvent>
#include <QFrame>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QStatusBar>

#include <algorithm>

// The texts keep the window's context: they were translated as the window's own.

StatusBarFields::StatusBarFields(QStatusBar &bar)
    : QObject(&bar)
{
    // Fields apart, as status bars show them: a styled separator between, and room on either side
    // (styles such as Fusion draw no frame around status bar items, and the labels touched).
    m_countsLabel = new QLabel(&bar);
    m_pollLabel = new QLabel(&bar);
    m_costLabel = new QLabel(&bar);
    m_pollLabel->setObjectName(QStringLiteral("pollLabel"));
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_costLabel->setObjectName(QStringLiteral("costLabel"));
    const int gap = bar.fontMetrics().averageCharWidth();
    for (QLabel *label : {m_pollLabel, m_countsLabel, m_costLabel})
        label->setContentsMargins(gap, 0, gap, 0);
    bar.addPermanentWidget(m_pollLabel);
    for (QLabel *label : {m_countsLabel, m_costLabel}) {
        auto *separator = new QFrame(&bar);
        separator->setObjectName(label == m_countsLabel ? QStringLiteral("statusSeparator")
                                                        : QStringLiteral("costSeparator"));
        separator->setFrameShape(QFrame::VLine);
        separator->setFrameShadow(QFrame::Sunken);
        bar.addPermanentWidget(separator);
        bar.addPermanentWidget(label);
    }
    m_costTimer.setSingleShot(true);
    m_costTimer.setInterval(costDelayMs);
    connect(&m_costTimer, &QTimer::timeout, this, &StatusBarFields::updateCost);
}

void StatusBarFields::followCosts(QAbstractItemView &table)
{
    m_table = &table;
    const QAbstractItemModel *model = table.model();
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(model, signal, this, &StatusBarFields::scheduleCost);
    connect(model, &QAbstractItemModel::modelReset, this, &StatusBarFields::scheduleCost);
    connect(model, &QAbstractItemModel::layoutChanged, this, &StatusBarFields::scheduleCost);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                if (roles.isEmpty() || roles.contains(TaskTableModel::CostRole))
                    scheduleCost();
            });
    connect(table.selectionModel(), &QItemSelectionModel::selectionChanged, this, &StatusBarFields::scheduleCost);
    // The other fields are written again on every refresh; this one only when the language changes.
    m_costLabel->installEventFilter(this);
    updateCost();
}

bool StatusBarFields::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_costLabel && event->type() == QEvent::LanguageChange)
        scheduleCost();
    return QObject::eventFilter(watched, event);
}

void StatusBarFields::scheduleCost()
{
    // A poll changes many rows one batch at a time; the sum runs once for all of them.
    if (!m_costTimer.isActive())
        m_costTimer.start();
}

void StatusBarFields::updateCost()
{
    if (!m_table)
        return;
    // A view of the task model through a proxy (the filter) reads the costs the model keeps per row, without
    // a QVariant per row: 100 000 rows are summed in a few milliseconds.
    const QAbstractItemModel *model = m_table->model();
    const auto *proxy = qobject_cast<const QAbstractProxyModel *>(model);
    const auto *tasks = qobject_cast<const TaskTableModel *>(proxy ? proxy->sourceModel() : model);
    const auto costOf = [&](int row) {
        if (!tasks)
            return model->index(row, TaskTableModel::Cost).data(TaskTableModel::CostRole).value<TaskCost>();
        return tasks->costAt(proxy ? proxy->mapToSource(proxy->index(row, 0)).row() : row);
    };

    const QList<int> selected = TaskSelection::selectedRows(*m_table);
    const bool selection = selected.size() >= 2;
    CostTotal total;
    int count = 0;
    if (selection) {
        for (const int row : std::as_const(selected))
            total.add(costOf(row));
        count = int(selected.size());
    } else if (tasks && model->rowCount() == tasks->rowCount()) {
        // Nothing filtered out: the order does not matter to a sum.
        count = tasks->rowCount();
        for (int row = 0; row < count; ++row)
            total.add(tasks->costAt(row));
    } else {
        count = model->rowCount();
        for (int row = 0; row < count; ++row)
            total.add(costOf(row));
    }
    m_costLabel->setText(CostText::total(total, count, selection, QLocale()));
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
