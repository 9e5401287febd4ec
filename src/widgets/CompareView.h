#pragma once

#include "LockedZoom.h"
#include "Task.h"

#include <QList>
#include <QWidget>

class CompareColumn;
class ImageCache;
class QHBoxLayout;
class QLabel;
class ZoomBar;

/// A window showing 2 to 4 tasks side by side, each in a CompareColumn: their outputs under one zoom and
/// pan (zooming or dragging one image moves all of them alike, relative to each image), their prompts
/// and main inputs under them. Keys: F fit, 1 100 % (of the first image), + and - zoom, Escape closes.
class CompareView final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int maxTasks = 4;

    explicit CompareView(ImageCache &cache, QWidget *parent = nullptr);

    /// Shows @p tasks (at most maxTasks, the others are left out), in that order. Tasks shown already keep
    /// their column (its output and before/after choice).
    void setTasks(const QList<Task> &tasks);
    QList<TaskKey> taskKeys() const;
    QList<CompareColumn *> columns() const { return m_columns; }
    LockedZoom &zoom() { return m_zoom; }

    void fitToWindow();
    /// One image pixel per device pixel in the first column that has an image.
    void showActualSize();

    QSize sizeHint() const override;

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslate();
    void updateZoomLabel();
    CompareColumn *firstLoaded() const;

    ImageCache &m_cache;
    LockedZoom m_zoom;
    QList<CompareColumn *> m_columns;
    QHBoxLayout *m_columnsLayout;
    ZoomBar *m_bar;
    QLabel *m_hint;
};
