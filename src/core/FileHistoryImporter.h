#pragma once

#include "StoreError.h"
#include "Task.h"

#include <QFutureWatcher>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class TaskStore;

/// Rebuilds history from saved outputs: reads the prediction embedded in each file (ImageMetadata) on a
/// worker thread, and adds the tasks that are not tracked yet as they were — status, prompt, inputs, and
/// the files as their local outputs. Files without Replimon's provenance are listed, never guessed from.
class FileHistoryImporter final : public QObject
{
    Q_OBJECT

public:
    /// A folder contributes its files and those of its subfolders, up to this many files in all.
    static constexpr int maxFiles = 100000;

    struct Summary
    {
        QList<TaskKey> added;
        int alreadyTracked = 0; ///< Predictions found that were tracked already (left as they are).
        int files = 0;          ///< Files read.
        /// Files that carry no prediction (or a broken one), with the reason.
        QList<std::pair<QString, QString>> skipped;
    };

    explicit FileHistoryImporter(TaskStore &store, QObject *parent = nullptr);
    ~FileHistoryImporter() override;

    /// Starts reading @p paths (files and folders). Predictions whose file names no provider are tracked
    /// under @p fallbackProvider. Returns false when an import is already running.
    bool start(const QStringList &paths, const QString &fallbackProvider);
    void cancel();
    bool isRunning() const;

    /// The provider key ("replicate", …) for a `Provider: <name>` in a parameters text; "" when none.
    static QString providerKeyFromParameters(const QString &parameters);

Q_SIGNALS:
    /// @p done of @p total files read.
    void progress(int done, int total);
    void finished(const FileHistoryImporter::Summary &summary);
    void failed(const StoreError &error);

private:
    struct Found;
    void onRead();

    TaskStore &m_store;
    std::unique_ptr<QFutureWatcher<Found>> m_watcher;
    QString m_fallbackProvider;
};

Q_DECLARE_METATYPE(FileHistoryImporter::Summary)
