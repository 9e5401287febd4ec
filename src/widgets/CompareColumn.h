#pragma once

#include "Task.h"

#include <QWidget>

class BeforeAfterView;
class ImageCache;
class LockedImageView;
class LockedZoom;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;

/// One task in the compare window: its output under the window's LockedZoom (with buttons to step
/// through several outputs), or, for a task made from an input image, the input and the output under a
/// before/after divider; then its prompt (wrapped, selectable) and its main inputs. A task without an image
/// to show (running, failed, expired without a saved copy) says so where the image would be.
class CompareColumn final : public QWidget
{
    Q_OBJECT

public:
    CompareColumn(ImageCache &cache, LockedZoom &zoom, QWidget *parent = nullptr);

    /// Shows @p task; the same task again keeps the output shown and does not load it again.
    void setTask(const Task &task);
    TaskKey taskKey() const { return m_task.key; }

    /// The output shown (0-based) and how many there are.
    int outputIndex() const { return m_output; }
    int outputCount() const;
    void showOutput(int index);
    /// Before/after instead of the output alone; only for a task with an input image.
    bool hasInputImage() const { return !m_inputImage.isEmpty(); }
    void showBeforeAfter(bool on);

    LockedImageView &imageView() const { return *m_image; }
    BeforeAfterView &beforeAfterView() const { return *m_beforeAfter; }
    QString promptText() const;
    /// The height the inputs need, and the height they get: the window gives every column the largest, so
    /// that images, prompts and inputs stay level.
    int inputsHeight() const;
    void setInputsHeight(int height);
    /// "Caption: value" per input row shown, for tests and accessibility.
    QStringList inputRows() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void updateImage();
    void updateInputs();
    /// Why there is no image to show ("" when there is one).
    QString missingImageText() const;

    Task m_task;
    Prediction m_prediction; ///< m_task's answer, parsed once.
    QString m_inputImage;
    int m_output = 0;
    QLabel *m_title;
    QToolButton *m_beforeAfterButton;
    QStackedWidget *m_images;
    LockedImageView *m_image;
    BeforeAfterView *m_beforeAfter;
    QToolButton *m_previous;
    QToolButton *m_next;
    QLabel *m_outputLabel;
    QPlainTextEdit *m_prompt;
    QWidget *m_inputsBox;
    QFormLayout *m_inputs;
};
