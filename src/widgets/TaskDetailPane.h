#pragma once

#include "ApiError.h"
#include "ImagePreview.h"
#include "ImageViewer.h"
#include "PriceTable.h"
#include "Task.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QTimer>
#include <QWidget>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class ImageCache;
class TaskHeaderSection;
class TaskImagesSection;
class TaskInputsSection;
class TaskLogsSection;
class TaskNoticesSection;
class TaskRemixSection;
class TaskTimesSection;

namespace Ui {
class TaskDetailPane;
}

/// Everything about one task, beside the table: header (id, status, model, version), prompt, inputs, times,
/// metrics, the error, logs and raw JSON, the input and output images, and saving the outputs before the
/// service deletes them (an hour after completion).
///
/// It shows a copy of the Task it is given and never touches the network itself: images come through the
/// ImageCache, and what it cannot do (refresh, cancel, save) it asks for with signals. The composition root
/// wires those to the scheduler and OutputSaver, and OutputSaver's reports back to the on…() slots.
///
/// The pane composes one widget per section (header, notices, images and saving, inputs, times and
/// metrics, logs and JSON), hands each the task, and keeps the clock that running durations and the
/// expiry countdown follow.
class TaskDetailPane final : public QWidget
{
    Q_OBJECT

public:
    explicit TaskDetailPane(ImageCache &cache, QWidget *parent = nullptr);
    ~TaskDetailPane() override;

    /// Shows @p task (copied), or the empty page for nullptr. Showing the same task again updates it in
    /// place: the images are not reloaded and the logs keep their scroll position (or follow the tail).
    void setTask(const Task *task);
    bool hasTask() const { return m_task.has_value(); }
    /// The shown task's key (empty when none).
    TaskKey taskKey() const { return m_task ? m_task->key : TaskKey(); }

    /// Where Save As starts (the download folder).
    void setSaveFolder(const QString &folder);
    /// Outputs are deleted this long after completion (Replicate: one hour).
    void setRetention(std::chrono::seconds retention);
    /// The prices the shown task's cost is worked out with.
    void setPrices(const PriceTable &prices);
    /// Tests pin "now" for the expiry text; invalid: the clock.
    void setNow(const QDateTime &now);
    /// Providers that answered a cancel with "not supported": Cancel stays disabled for their tasks.
    void setCancelUnsupported(const QSet<QString> &providerKeys);
    /// The task database is open read-only: Refresh, Cancel and Save are off, @p reason their tool tip.
    void setReadOnly(const QString &reason);

    /// Which tasks were made from a task (their ids, same provider): for the "Remixed as" links.
    void setRemixLookup(std::function<QStringList(const TaskKey &)> lookup) { m_remixLookup = std::move(lookup); }
    TaskRemixSection *remixSection() const { return m_remix; }

    /// When the shown task's outputs stop being downloadable (completed + retention); invalid when that does
    /// not apply (not succeeded, no completion time).
    QDateTime expiresAt() const;
    QList<ImagePreview *> previews() const;
    /// The full-size viewer, once a preview was clicked.
    ImageViewer *viewer() const;
    void openViewer(ImagePreview *preview);

    // OutputSaver's reports (connect them directly; other tasks' reports are remembered for later).
    void onSaveStarted(const TaskKey &key, int fileCount);
    void onSaveProgress(const TaskKey &key, qint64 received, qint64 total);
    void onSaved(const TaskKey &key, const QStringList &paths);
    void onSaveFailed(const TaskKey &key, const ApiError &error);

Q_SIGNALS:
    void refreshRequested(const QList<TaskKey> &keys);
    void cancelRequested(const QList<TaskKey> &keys);
    void saveRequested(const TaskKey &key);
    void saveCancelRequested(const TaskKey &key);
    void runAgainRequested(const TaskKey &key);
    void remixRequested(const TaskKey &key);
    /// A "Remix of" or "Remixed as" link was clicked.
    void taskLinkActivated(const TaskKey &key);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateHeader();
    void onTick();
    QDateTime now() const;

    std::unique_ptr<Ui::TaskDetailPane> m_ui;
    TaskHeaderSection *m_header;
    TaskNoticesSection *m_notices;
    TaskRemixSection *m_remix;
    TaskImagesSection *m_images;
    TaskInputsSection *m_inputs;
    TaskTimesSection *m_times;
    TaskLogsSection *m_logs;
    std::optional<Task> m_task;
    QString m_version; ///< The shown prediction's model version, for the header.
    QByteArray m_shownJson;
    std::chrono::seconds m_retention{3600};
    QDateTime m_fixedNow;
    QSet<QString> m_cancelUnsupported;
    std::function<QStringList(const TaskKey &)> m_remixLookup;
    QTimer m_tick;
};
