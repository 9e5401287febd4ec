#pragma once

#include "ApiError.h"
#include "ImagePreview.h"
#include "ImageViewer.h"
#include "Task.h"

#include <QGroupBox>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>

#include <memory>
#include <optional>

class BeforeAfterView;
class ImageCache;
class QToolButton;

namespace Ui {
class TaskImagesSection;
}

/// The input and output images as previews (a saved copy shown from disk), text outputs as text, and the
/// save row: Save Output, its progress and Stop, Open and Show in Folder, and what became of the last save.
/// A task made from an input image (a FLUX Kontext edit) offers Before / After: the input and the first
/// output under a divider the user drags, in place of the previews. Hidden when the task has nothing to
/// show or save.
class TaskImagesSection final : public QGroupBox
{
    Q_OBJECT

public:
    explicit TaskImagesSection(ImageCache &cache, QWidget *parent = nullptr);
    ~TaskImagesSection() override;

    /// Shows @p task's images; @p predictionChanged: its JSON changed since the last call (the text output is
    /// set again only then). Previews are rebuilt only when what they show changes.
    void showTask(const Task &task, const Prediction &prediction, bool predictionChanged);
    /// No task: no previews.
    void clear();
    /// Where Save As starts (the download folder).
    void setSaveFolder(const QString &folder);
    /// Save off for good, @p reason its tool tip ("": on again). Open and Show in Folder stay.
    void setReadOnly(const QString &reason);

    QList<ImagePreview *> previews() const { return m_previews; }
    ImageViewer *viewer() const { return m_viewer; }
    void openViewer(ImagePreview *preview);
    /// Before / After in place of the previews; only while the task has an input and an output image.
    void showBeforeAfter(bool on);
    BeforeAfterView *beforeAfterView() const { return m_beforeAfter; }

    // OutputSaver's reports, for any task: the shown one's are shown at once, the others' when shown.
    void onSaveStarted(const TaskKey &key);
    void onSaveProgress(const TaskKey &key, qint64 received, qint64 total);
    void onSaved(const TaskKey &key);
    void onSaveFailed(const TaskKey &key, const ApiError &error);

Q_SIGNALS:
    void saveRequested(const TaskKey &key);
    void saveCancelRequested(const TaskKey &key);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct SaveState
    {
        bool saving = false;
        qint64 received = 0;
        qint64 total = -1;
        QString error; ///< The last save's failure, "" when it worked.
    };

    void updateImages(const QString &inputImage);
    /// The first output's source, when there is an input image to put it beside; null otherwise.
    QUrl beforeAfterOutput() const;
    void retranslateBeforeAfter();
    void setSources(const QList<ImagePreview::Source> &sources);
    void updateSaveRow();
    void updateSaveStatus(const SaveState &state, const QStringList &existing);
    void onSaveStateChanged(const TaskKey &key);
    QString firstSavedFile() const;
    /// " (prediction inside)" or the like for the saved @p images of the task; "" when none is an image.
    QString provenanceNote(const QStringList &existing);

    /// Whether a saved file carries its prediction, by path and modification time: read once per change.
    struct Provenance
    {
        QDateTime modified;
        bool image = false;
        QString predictionId;
    };

    std::unique_ptr<Ui::TaskImagesSection> m_ui;
    ImageCache &m_cache;
    std::optional<Task> m_task;
    QString m_inputImage;
    QHash<TaskKey, SaveState> m_saves;
    QList<ImagePreview *> m_previews;
    QList<ImagePreview::Source> m_sources; ///< What m_previews show, to rebuild them only on a change.
    QPointer<ImageViewer> m_viewer;
    QToolButton *m_beforeAfterButton;
    BeforeAfterView *m_beforeAfter;
    QString m_saveFolder;
    QString m_readOnlyReason;
    QHash<QString, Provenance> m_provenance;
};
