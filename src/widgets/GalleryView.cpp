#include "GalleryView.h"

#include "GalleryDelegate.h"
#include "Settings.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "ThumbnailStore.h"

#include <QApplication>
#include <QDrag>
#include <QMimeData>
#include <QMouseEvent>
#include <QScrollBar>
#include <QUrl>
#include <QWheelEvent>

namespace {
constexpr int settleMs = 60;
constexpr int cellSpacing = 6;
} // namespace

GalleryView::GalleryView(const TaskStore &store, QWidget *parent)
    : QListView(parent)
    , m_store(store)
    , m_delegate(new GalleryDelegate(store, this))
{
    setObjectName(QStringLiteral("galleryView"));
    // A wrapping left-to-right list with one cell size lays out 100 000 rows in one pass over a vector of
    // positions; IconMode's free layout keeps a tree of every item.
    setViewMode(QListView::ListMode);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows); // as the table: selectedRows() is what actions read
    setSelectionRectVisible(true);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setMouseTracking(true);
    setItemDelegate(m_delegate);
    updateGrid();

    m_settle.setSingleShot(true);
    m_settle.setInterval(settleMs);
    connect(&m_settle, &QTimer::timeout, this, &GalleryView::requestVisible);
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, viewport(), qOverload<>(&QWidget::update));
    connect(&m_store, &TaskStore::tasksChanged, this, [this](const QList<TaskKey> &keys) {
        // A task whose thumbnail failed may have a saved file now (or its output back): try again. The
        // model repaints the cells itself.
        for (const TaskKey &key : keys) {
            if (m_delegate->forgetFailures(key) && m_thumbnails)
                m_thumbnails->forget(key);
        }
        scheduleRequests();
    });
    connect(&m_store, &TaskStore::tasksRemoved, this, &GalleryView::scheduleRequests);
}

GalleryView::~GalleryView() = default;

void GalleryView::setModel(QAbstractItemModel *model)
{
    if (QAbstractItemModel *old = this->model())
        disconnect(old, nullptr, &m_settle, nullptr);
    QListView::setModel(model);
    if (!model)
        return;
    // Filtering and sorting bring other tasks on screen.
    const auto settle = qOverload<>(&QTimer::start);
    connect(model, &QAbstractItemModel::layoutChanged, &m_settle, settle);
    connect(model, &QAbstractItemModel::rowsRemoved, &m_settle, settle);
    connect(model, &QAbstractItemModel::modelReset, &m_settle, settle);
}

void GalleryView::setThumbnails(ThumbnailStore *thumbnails)
{
    if (m_thumbnails)
        disconnect(m_thumbnails, nullptr, this, nullptr);
    m_thumbnails = thumbnails;
    m_delegate->setThumbnails(thumbnails);
    if (thumbnails) {
        connect(thumbnails, &ThumbnailStore::thumbnailReady, this, &GalleryView::onThumbnailReady);
        connect(thumbnails, &ThumbnailStore::thumbnailFailed, this, &GalleryView::onThumbnailFailed);
    }
    scheduleRequests();
}

void GalleryView::setCellSize(int side)
{
    side = std::clamp(side, Settings::minGalleryThumbnailSize, Settings::maxGalleryThumbnailSize);
    if (side == m_delegate->cellSize())
        return;
    m_delegate->setCellSize(side);
    updateGrid();
    scheduleRequests();
}

int GalleryView::cellSize() const
{
    return m_delegate->cellSize();
}

void GalleryView::updateGrid()
{
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    setGridSize(m_delegate->sizeHint(option, {}) + QSize(cellSpacing, cellSpacing));
    verticalScrollBar()->setSingleStep(gridSize().height() / 3);
    scheduleDelayedItemsLayout();
}

QMimeData *GalleryView::filesMimeData(const QModelIndexList &indexes) const
{
    QList<QUrl> urls;
    for (const QModelIndex &index : indexes) {
        if (index.column() != 0)
            continue;
        if (const Task *task = m_store.task(index.data(TaskTableModel::TaskKeyRole).value<TaskKey>())) {
            for (const QString &file : task->localFiles)
                urls.append(QUrl::fromLocalFile(file));
        }
    }
    if (urls.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setUrls(urls);
    return mime;
}

QList<ThumbnailId> GalleryView::wantedThumbnails() const
{
    QList<ThumbnailId> ids;
    const QAbstractItemModel *source = model();
    if (!source || source->rowCount() == 0)
        return ids;
    const QRect area = viewport()->rect();
    const QSize grid = gridSize();
    const ThumbnailSize size = m_delegate->thumbnailSize(devicePixelRatioF());
    // The first cell on screen; the rest follow in model order (the grid fills rows left to right).
    QModelIndex first;
    for (int y = 0; y < grid.height() && !first.isValid(); y += cellSpacing)
        for (int x = 0; x < grid.width() * 2 && !first.isValid() && x < area.width(); x += cellSpacing)
            first = indexAt(QPoint(x, y));
    if (!first.isValid())
        first = source->index(0, 0);
    const int perRow = std::max(1, area.width() / std::max(1, grid.width()));
    const int rowsOnScreen = area.height() / std::max(1, grid.height()) + 2;
    // The cells on screen, then a screen ahead: scrolling down is the likelier way.
    const int count = perRow * rowsOnScreen * 2;
    const int end = std::min(source->rowCount(), first.row() + count);
    for (int row = first.row(); row < end; ++row) {
        const TaskKey key = source->index(row, 0).data(TaskTableModel::TaskKeyRole).value<TaskKey>();
        ids.append(ThumbnailId{key, 0, size});
    }
    return ids;
}

void GalleryView::scheduleRequests()
{
    m_settle.start();
}

void GalleryView::requestVisible()
{
    if (!isVisible())
        return;
    const QList<ThumbnailId> ids = wantedThumbnails();
    bool running = false;
    QList<std::pair<ThumbnailId, ThumbnailSource>> missing;
    for (const ThumbnailId &id : ids) {
        const Task *task = m_store.task(id.task);
        if (!task)
            continue;
        running = running || task->status == PredictionStatus::Starting || task->status == PredictionStatus::Processing;
        if (!m_thumbnails || task->status != PredictionStatus::Succeeded
            || !m_delegate->placeholderText(*task, id).isEmpty())
            continue;
        if (m_thumbnails->cached(id).isNull())
            missing.append({id, ThumbnailSource::of(*task, 0)});
    }
    running ? m_ticker.start() : m_ticker.stop();
    if (!m_thumbnails)
        return;
    m_thumbnails->setWanted(ids);
    for (const auto &[id, source] : std::as_const(missing))
        m_thumbnails->request(id, source);
}

void GalleryView::onThumbnailReady(const ThumbnailId &id)
{
    repaintTask(id.task);
}

void GalleryView::onThumbnailFailed(const ThumbnailId &id, const QString &reason)
{
    m_delegate->setFailed(id, reason);
    repaintTask(id.task);
}

void GalleryView::repaintTask(const TaskKey &key)
{
    // Only the cells on screen can need it: look among them, not through the model.
    const QRect area = viewport()->rect();
    const QSize grid = gridSize();
    for (int y = cellSpacing; y < area.height() + grid.height(); y += grid.height()) {
        for (int x = cellSpacing; x < area.width(); x += grid.width()) {
            const QModelIndex index = indexAt(QPoint(x + grid.width() / 2, y + grid.height() / 2));
            if (index.isValid() && index.data(TaskTableModel::TaskKeyRole).value<TaskKey>() == key) {
                update(index);
                return;
            }
        }
    }
}

void GalleryView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int steps = event->angleDelta().y() / 120;
        if (steps != 0)
            Q_EMIT cellSizeStepped(steps);
        event->accept();
        return;
    }
    QListView::wheelEvent(event);
}

void GalleryView::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    scheduleRequests();
}

void GalleryView::showEvent(QShowEvent *event)
{
    QListView::showEvent(event);
    scheduleRequests();
}

void GalleryView::scrollContentsBy(int dx, int dy)
{
    QListView::scrollContentsBy(dx, dy);
    scheduleRequests();
}

void GalleryView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QListView::rowsInserted(parent, start, end);
    scheduleRequests();
}

void GalleryView::mousePressEvent(QMouseEvent *event)
{
    m_pressPosition = event->position().toPoint();
    QListView::mousePressEvent(event);
}

void GalleryView::mouseMoveEvent(QMouseEvent *event)
{
    // Saved outputs leave as files (the model's rows are not drag items themselves).
    const QModelIndex pressed = indexAt(m_pressPosition);
    const Task *task = m_store.task(pressed.data(TaskTableModel::TaskKeyRole).value<TaskKey>());
    if ((event->buttons() & Qt::LeftButton) && task && !task->localFiles.isEmpty()
        && selectionModel()->isSelected(pressed)
        && (event->position().toPoint() - m_pressPosition).manhattanLength() >= QApplication::startDragDistance()) {
        if (QMimeData *mime = filesMimeData(selectionModel()->selectedRows())) {
            auto *drag = new QDrag(this);
            drag->setMimeData(mime);
            const ThumbnailId id{task->key, 0, m_delegate->thumbnailSize(devicePixelRatioF())};
            const QImage image = m_thumbnails ? m_thumbnails->cached(id) : QImage();
            if (!image.isNull())
                drag->setPixmap(
                    QPixmap::fromImage(image.scaled(96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
            m_pressPosition = {};
            drag->exec(Qt::CopyAction);
            return;
        }
    }
    QListView::mouseMoveEvent(event);
}
