#include "GalleryDelegate.h"

#include "DisplayText.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "ThumbnailStore.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace {

constexpr int margin = 4; ///< Around the picture, inside the cell.
constexpr int radius = 4; ///< Of boxes and badges.
constexpr int badgePad = 3;

QRect pictureBox(const QRect &cell, int side)
{
    return QRect(cell.left() + margin, cell.top() + margin, side - 2 * margin, side - 2 * margin);
}

void paintBadge(QPainter &painter, const QRect &box, const QString &text, Qt::Alignment corner, const QPalette &palette)
{
    const QFontMetrics metrics(painter.font());
    const int height = metrics.height() + badgePad;
    const int width = std::max(height, metrics.horizontalAdvance(text) + 2 * badgePad + 2);
    QRect badge(0, 0, width, height);
    const int inset = 4;
    badge.moveTop(box.top() + inset);
    if (corner & Qt::AlignRight)
        badge.moveRight(box.right() - inset);
    else
        badge.moveLeft(box.left() + inset);
    QColor back = palette.color(QPalette::ToolTipBase);
    back.setAlpha(225);
    painter.setPen(Qt::NoPen);
    painter.setBrush(back);
    painter.drawRoundedRect(badge, radius, radius);
    painter.setPen(palette.color(QPalette::ToolTipText));
    painter.drawText(badge, Qt::AlignCenter, text);
}

/// A picture frame crossed out: an output that cannot be shown (expired, not saved, unreadable).
void paintMissingPicture(QPainter &painter, const QRect &rect, const QPalette &palette)
{
    const QRectF frame = QRectF(rect).adjusted(2, 5, -2, -5);
    painter.setPen(QPen(palette.color(QPalette::Text), 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    painter.drawRoundedRect(frame, 2, 2);
    const QPointF mountain[] = {{frame.left() + 3, frame.bottom() - 3},
                                {frame.left() + frame.width() * 0.4, frame.top() + frame.height() * 0.45},
                                {frame.left() + frame.width() * 0.6, frame.top() + frame.height() * 0.7},
                                {frame.right() - 3, frame.top() + frame.height() * 0.35}};
    painter.drawPolyline(mountain, 4);
    painter.setPen(QPen(palette.color(QPalette::Mid).darker(110), 2.2, Qt::SolidLine, Qt::RoundCap));
    painter.drawLine(QPointF(rect.left() + 1, rect.bottom() - 1), QPointF(rect.right() - 1, rect.top() + 1));
}

} // namespace

GalleryDelegate::GalleryDelegate(const TaskStore &store, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_store(store)
{}

ThumbnailSize GalleryDelegate::thumbnailSize(qreal dpr) const
{
    return ThumbnailStore::sizeFor(qCeil((m_side - 2 * margin) * dpr));
}

bool GalleryDelegate::forgetFailures(const TaskKey &task)
{
    // The gallery asks for output 0 only, at one of the size classes: no walk over every failure.
    bool any = false;
    for (const ThumbnailSize size :
         {ThumbnailSize::Normal, ThumbnailSize::Large, ThumbnailSize::XLarge, ThumbnailSize::XXLarge})
        any = m_failures.remove(ThumbnailId{task, 0, size}) > 0 || any;
    return any;
}

QString GalleryDelegate::caption(const Task &task)
{
    const QString model = task.model.section(u'/', -1);
    return model.isEmpty() ? task.key.id : model;
}

QString GalleryDelegate::placeholderText(const Task &task, const ThumbnailId &id) const
{
    switch (task.status) {
    case PredictionStatus::Failed:
    case PredictionStatus::Canceled:
    case PredictionStatus::Aborted:
        // The table's words for them, so "Aborted" (never started) reads apart from "Canceled".
        return DisplayText::statusName(task.status, task.statusText);
    case PredictionStatus::Succeeded:
        if (ThumbnailSource::of(task, 0).isNull())
            return task.outputUrlTexts.isEmpty() && task.localFiles.isEmpty() ? tr("No image")
                                                                              : tr("Expired, not saved");
        if (m_failures.contains(id))
            return tr("No preview");
        return {};
    case PredictionStatus::Starting:
    case PredictionStatus::Processing:
    case PredictionStatus::Unknown:
        return {};
    }
    return {};
}

QSize GalleryDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return QSize(m_side, m_side + option.fontMetrics.height() + margin);
}

void GalleryDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Task *task = m_store.task(index.data(TaskTableModel::TaskKeyRole).value<TaskKey>());
    if (!task)
        return;
    const QPalette &palette = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect cell = option.rect;
    const QRect box = pictureBox(cell, m_side);
    if (selected) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(palette.color(QPalette::Highlight));
        painter->drawRoundedRect(cell.adjusted(1, 1, -1, -1), radius, radius);
    }

    const ThumbnailId id{task->key, 0, thumbnailSize(painter->device()->devicePixelRatioF())};
    const QString text = placeholderText(*task, id);
    const QImage image = text.isEmpty() && m_thumbnails ? m_thumbnails->cached(id) : QImage();
    if (!image.isNull()) {
        // Fitted into the box, centred, never enlarged past the box.
        QSizeF size = QSizeF(image.size()) / image.devicePixelRatio();
        size.scale(QSizeF(box.size()), Qt::KeepAspectRatio);
        QRectF target(QPointF(), size);
        target.moveCenter(QRectF(box).center());
        painter->setRenderHint(QPainter::SmoothPixmapTransform);
        painter->drawImage(target, image);
    } else {
        paintPlaceholder(*painter, box, *task, text, palette);
    }
    paintBadges(*painter, box, *task, palette);

    const QRect captionRect(cell.left() + margin, box.bottom() + margin / 2, cell.width() - 2 * margin,
                            cell.bottom() - box.bottom() - margin / 2);
    painter->setPen(palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(captionRect, Qt::AlignHCenter | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(caption(*task), Qt::ElideMiddle, captionRect.width()));
    if (option.state & QStyle::State_HasFocus && option.state & QStyle::State_Active) {
        painter->setPen(QPen(palette.color(QPalette::Highlight).darker(130), 1, Qt::DotLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(cell).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    }
    painter->restore();
}

void GalleryDelegate::paintPlaceholder(QPainter &painter, const QRect &box, const Task &task, const QString &text,
                                       const QPalette &palette) const
{
    painter.setPen(QPen(palette.color(QPalette::Mid), 1));
    painter.setBrush(palette.color(QPalette::AlternateBase));
    painter.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    QString line = text;
    const bool running = task.status == PredictionStatus::Starting || task.status == PredictionStatus::Processing;
    if (running) {
        line = DisplayText::statusName(task.status, task.statusText);
        const QDateTime since = task.startedAt.isValid() ? task.startedAt : task.createdAt;
        if (since.isValid())
            line += u'\n' + DisplayText::elapsed(std::max<qint64>(0, since.secsTo(QDateTime::currentDateTimeUtc())));
    }
    if (line.isEmpty())
        return; // loading: the neutral box alone
    const int iconSide = std::min(32, box.height() / 3);
    const QFontMetrics metrics(painter.font());
    const int textHeight = metrics.height() * int(line.count(u'\n') + 1);
    const int top = box.center().y() - (iconSide + margin + textHeight) / 2;
    const QRect iconRect(box.center().x() - iconSide / 2, top, iconSide, iconSide);
    if (task.status == PredictionStatus::Succeeded)
        paintMissingPicture(painter, iconRect, palette); // a success without a picture to show
    else
        m_icons.icon(task.status).paint(&painter, iconRect);
    painter.setPen(palette.color(QPalette::Text));
    const QRect textRect(box.left() + margin, top + iconSide + margin, box.width() - 2 * margin, textHeight);
    painter.drawText(textRect, Qt::AlignHCenter | Qt::AlignTop, line);
}

void GalleryDelegate::paintBadges(QPainter &painter, const QRect &box, const Task &task, const QPalette &palette) const
{
    const int outputs = int(std::max(task.outputUrlTexts.size(), task.localFiles.size()));
    if (outputs > 1)
        paintBadge(painter, box, tr("+%1").arg(outputs - 1), Qt::AlignRight, palette);
    if (task.starred)
        paintBadge(painter, box, QStringLiteral("\u2605"), Qt::AlignLeft, palette);
}

bool GalleryDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                const QModelIndex &index)
{
    const Task *task = m_store.task(index.data(TaskTableModel::TaskKeyRole).value<TaskKey>());
    if (!task || event->type() != QEvent::ToolTip)
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    QString tip = task->prompt.isEmpty() ? task->key.id : task->prompt.left(300);
    const ThumbnailId id{task->key, 0, thumbnailSize(view->devicePixelRatioF())};
    if (const auto failure = m_failures.constFind(id); failure != m_failures.cend())
        tip += u'\n' + failure.value();
    QToolTip::showText(event->globalPos(), tip, view);
    return true;
}
