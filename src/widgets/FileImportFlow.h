#pragma once

#include "FileHistoryImporter.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

class QProgressDialog;
class QWidget;
class TaskStore;

/// The window's side of importing history from saved files: asks for files, shows a progress dialog while
/// FileHistoryImporter reads (after a short delay, so that a quick import does not flash one), then says
/// what was added and lists the files that carry no prediction.
class FileImportFlow final : public QObject
{
    Q_OBJECT

public:
    /// @p window parents the dialogs; local files and folders dropped on it are taken (filesDropped()),
    /// before the window reads the drop as text with ids.
    FileImportFlow(TaskStore &store, QWidget *window, QObject *parent = nullptr);

    /// Files and folders; tasks whose files name no provider go to @p providerKey. A second import while
    /// one runs is queued behind it.
    void import(const QStringList &paths, const QString &providerKey);
    /// File → Import from Files…: asks for files, then imports them.
    void chooseAndImport(const QString &providerKey);
    FileHistoryImporter &importer() { return m_importer; }

    /// Of @p arguments, the files and folders that exist, as absolute paths (the rest are ids).
    static QStringList existingPaths(const QStringList &arguments);

Q_SIGNALS:
    /// A line for the status bar ("12 predictions imported from 30 files").
    void message(const QString &text);
    void filesDropped(const QStringList &paths);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onProgress(int done, int total);
    void onFinished(const FileHistoryImporter::Summary &summary);
    void onFailed(const StoreError &error);
    void startNext();

    const TaskStore &m_store;
    FileHistoryImporter m_importer;
    QWidget *m_window;
    QPointer<QProgressDialog> m_progress;
    QList<std::pair<QStringList, QString>> m_queue;
};
