#pragma once

#include "StatusIcons.h"
#include "ThumbnailId.h"

#include <QHash>
#include <QStyledItemDelegate>

struct Task;
class TaskStore;
class ThumbnailStore;

/// Paints a gallery cell: the task's first output from ThumbnailStore::cached() (never asking for it: the
/// view does that once scrolling settles), a neutral box while it loads, the status with the time so far on
/// running tasks, an icon and a word where there is no picture to show (failed, canceled, expired without a
/// saved copy), a "+N" badge when the task has more outputs, and a star on favourites.
class GalleryDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit GalleryDelegate(const TaskStore &store, QObject *parent = nullptr);

    /// The store to paint from; null paints placeholders only.
    void setThumbnails(const ThumbnailStore *thumbnails) { m_thumbnails = thumbnails; }
    /// The cell's side in device-independent pixels (the picture's square; a caption line goes below).
    void setCellSize(int side) { m_side = side; }
    int cellSize() const { return m_side; }
    /// The thumbnail size class asked for at device pixel ratio @p dpr.
    ThumbnailSize thumbnailSize(qreal dpr) const;
    /// Remembers that @p id could not be made (painted as "No preview", the reason in the tooltip).
    void setFailed(const ThumbnailId &id, const QString &reason) { m_failures.insert(id, reason); }
    /// Forgets @p task's failures; whether it had any.
    bool forgetFailures(const TaskKey &task);
    /// The caption under a cell, and the word painted where there is no picture ("" when there is one).
    static QString caption(const Task &task);
    QString placeholderText(const Task &task, const ThumbnailId &id) const;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

private:
    void paintBadges(QPainter &painter, const QRect &box, const Task &task, const QPalette &palette) const;
    void paintPlaceholder(QPainter &painter, const QRect &box, const Task &task, const QString &text,
                          const QPalette &palette) const;

    const TaskStore &m_store;
    const ThumbnailStore *m_thumbnails = nullptr;
    int m_side = 160;
    QHash<ThumbnailId, QString> m_failures;
    StatusIcons m_icons;
};
