#pragma once

#include "ThumbnailId.h"

#include <QListView>
#include <QPoint>
#include <QTimer>

class GalleryDelegate;
class QMimeData;
class TaskStore;
class ThumbnailStore;

/// The tasks as a grid of output thumbnails, over the same model and selection model as the table. Cells
/// paint only what the thumbnail store has in memory; once scrolling or resizing settles, the view tells
/// the store which thumbnails are on screen (and a screen ahead) and asks for the missing ones, and an
/// answer repaints its cell alone. Nothing here walks every row: 100 000 tasks scroll like 10.
class GalleryView final : public QListView
{
    Q_OBJECT

public:
    explicit GalleryView(const TaskStore &store, QWidget *parent = nullptr);
    ~GalleryView() override;

    void setModel(QAbstractItemModel *model) override;
    /// Where thumbnails come from; until then cells show placeholders.
    void setThumbnails(ThumbnailStore *thumbnails);
    /// The side of a cell's picture in device-independent pixels (clamped to Settings' range).
    void setCellSize(int side);
    int cellSize() const;
    GalleryDelegate &delegate() const { return *m_delegate; }
    /// The saved files of @p indexes' tasks as file URLs; null when none of them has a saved file.
    QMimeData *filesMimeData(const QModelIndexList &indexes) const;
    /// The thumbnails the view would ask for now: the cells on screen, then a screen ahead.
    QList<ThumbnailId> wantedThumbnails() const;

Q_SIGNALS:
    /// Ctrl+wheel asked for bigger (positive) or smaller cells.
    void cellSizeStepped(int steps);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;

private:
    void scheduleRequests();
    void requestVisible();
    void onThumbnailReady(const ThumbnailId &id);
    void onThumbnailFailed(const ThumbnailId &id, const QString &reason);
    void repaintTask(const TaskKey &key);
    void updateGrid();

    const TaskStore &m_store;
    ThumbnailStore *m_thumbnails = nullptr;
    GalleryDelegate *m_delegate;
    QTimer m_settle; ///< Coalesces scrolling and resizing into one pass over the cells on screen.
    QTimer m_ticker; ///< Repaints the running tasks' elapsed time while some are on screen.
    QPoint m_pressPosition;
};
