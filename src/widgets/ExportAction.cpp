#include "ExportAction.h"

#include "MainWindow.h"
#include "Settings.h"
#include "TaskFilterModel.h"
#include "TaskStore.h"
#include "TaskTableModel.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QStandardPaths>
#include <QtConcurrent>

ExportAction::ExportAction(MainWindow &window, TaskStore &store, Settings &settings, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_store(store)
    , m_settings(settings)
    , m_action(new QAction(tr("&Export…"), this))
{
    m_action->setToolTip(tr("Save the tasks the table shows as CSV or JSON"));
    m_action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_action, &QAction::triggered, this, &ExportAction::chooseFile);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &ExportAction::onWritten);
    // In the File menu, with the other ways in and out, before Quit.
    if (auto *menu = window.findChild<QMenu *>(QStringLiteral("menuFile"))) {
        const QList<QAction *> actions = menu->actions();
        QAction *before = nullptr;
        for (qsizetype i = 0; i < actions.size(); ++i) {
            if (actions.at(i)->objectName() == u"actionQuit")
                before = i > 0 && actions.at(i - 1)->isSeparator() ? actions.at(i - 1) : actions.at(i);
        }
        menu->insertAction(before, m_action);
    }
    window.addAction(m_action);
}

ExportAction::~ExportAction()
{
    m_watcher.waitForFinished();
}

QList<int> ExportAction::shownIndices() const
{
    const TaskFilterModel &filter = m_window.filterModel();
    const TaskTableModel &table = m_window.tableModel();
    QList<int> indices;
    indices.reserve(filter.rowCount());
    for (int row = 0; row < filter.rowCount(); ++row) {
        const int index = m_store.indexOf(table.keyAt(filter.mapToSource(filter.index(row, 0)).row()));
        if (index >= 0)
            indices.append(index);
    }
    return indices;
}

void ExportAction::chooseFile()
{
    if (m_dialog) {
        m_dialog->raise();
        return;
    }
    if (isRunning()) {
        m_window.showMessage(tr("An export is still being written."));
        return;
    }
    m_dialog = new QFileDialog(&m_window, tr("Export History"));
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog->setAcceptMode(QFileDialog::AcceptSave);
    const QStringList filters = {tr("CSV for spreadsheets (*.csv)"), tr("JSON (*.json)")};
    m_dialog->setNameFilters(filters);
    m_dialog->setDefaultSuffix(HistoryExport::extension(HistoryExport::Format::Csv));
    m_dialog->setDirectory(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    m_dialog->selectFile(QStringLiteral("replimon-history.csv"));
    connect(m_dialog, &QFileDialog::filterSelected, m_dialog, [dialog = m_dialog.data(), filters](const QString &name) {
        dialog->setDefaultSuffix(HistoryExport::extension(name == filters.constLast() ? HistoryExport::Format::Json
                                                                                      : HistoryExport::Format::Csv));
    });
    connect(m_dialog, &QFileDialog::fileSelected, this, &ExportAction::onFileChosen);
    m_dialog->open();
}

void ExportAction::onFileChosen(const QString &path)
{
    // The extension typed wins; else the filter chosen.
    const bool jsonFilter = m_dialog && m_dialog->selectedNameFilter().contains(QStringLiteral("*.json"));
    const auto format = HistoryExport::formatOfPath(path).value_or(jsonFilter ? HistoryExport::Format::Json
                                                                              : HistoryExport::Format::Csv);
    exportTo(path, format);
}

void ExportAction::exportTo(const QString &path, HistoryExport::Format format)
{
    if (isRunning()) {
        m_window.showMessage(tr("An export is still being written."));
        return;
    }
    // Values only cross to the worker. Copying 100 000 tasks takes about half a second, so it happens
    // there, from the store's list taken by value (shared): the store goes on changing its own copy meanwhile.
    const QList<int> indices = shownIndices();
    m_path = path;
    m_count = int(indices.size());
    m_action->setEnabled(false);
    m_window.showMessage(tr("Exporting %n task(s)…", nullptr, m_count));
    m_watcher.setFuture(
        QtConcurrent::run([path, format, indices, all = m_store.tasks(), prices = m_settings.prices()]() mutable {
            QList<Task> tasks;
            tasks.reserve(indices.size());
            for (const int index : indices)
                tasks.append(std::as_const(all).at(index));
            // Shared no longer: a change to the store from now on copies nothing.
            all = {};
            return HistoryExport::writeFile(path, format, tasks, prices);
        }));
}

void ExportAction::onWritten()
{
    m_action->setEnabled(true);
    const std::optional<ApiError> error = m_watcher.result();
    if (!error) {
        const QString message = tr("Exported %n task(s) to %1", nullptr, m_count).arg(QDir::toNativeSeparators(m_path));
        m_window.showMessage(message);
        Q_EMIT exportFinished(true, message);
        return;
    }
    const QString message = tr("Export failed: %1").arg(error->message);
    m_window.showMessage(message);
    if (m_errorBox)
        m_errorBox->close();
    m_errorBox = new QMessageBox(QMessageBox::Warning, tr("Export History"), message, QMessageBox::Ok, &m_window);
    m_errorBox->setAttribute(Qt::WA_DeleteOnClose);
    m_errorBox->open();
    Q_EMIT exportFinished(false, message);
}
