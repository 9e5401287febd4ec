#include "StatusIcons.h"

#include <QColor>
#include <QFile>
#include <QPainter>
#include <QPixmap>

#include <algorithm>
#include <iterator>

namespace {

constexpr int pendingSlot = int(PredictionStatus::Aborted) + 1;

struct Look
{
    const char *themeName;
    QRgb colour;
    bool hollow;
};

Look lookFor(int slot)
{
    if (slot == pendingSlot)
        return {"appointment-soon", qRgb(0x9e, 0x9e, 0x9e), true};
    switch (PredictionStatus(slot)) {
    case PredictionStatus::Starting:
        return {"media-playlist-repeat", qRgb(0xf9, 0xa8, 0x25), false};
    case PredictionStatus::Processing:
        return {"media-playback-start", qRgb(0x15, 0x65, 0xc0), false};
    case PredictionStatus::Succeeded:
        return {"emblem-default", qRgb(0x2e, 0x7d, 0x32), false};
    case PredictionStatus::Failed:
        return {"dialog-error", qRgb(0xc6, 0x28, 0x28), false};
    case PredictionStatus::Canceled:
        return {"process-stop", qRgb(0x75, 0x75, 0x75), false};
    case PredictionStatus::Aborted:
        return {"dialog-warning", qRgb(0xef, 0x6c, 0x00), false};
    case PredictionStatus::Unknown:
        break;
    }
    return {"dialog-question", qRgb(0x6a, 0x1b, 0x9a), false};
}

QPixmap badge(int size, const Look &look)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal pen = std::max<qreal>(1.0, size / 8.0);
    const QRectF circle = QRectF(0, 0, size, size).adjusted(pen, pen, -pen, -pen);
    if (look.hollow) {
        painter.setPen(QPen(QColor(look.colour), pen));
        painter.setBrush(Qt::NoBrush);
    } else {
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(look.colour));
    }
    painter.drawEllipse(circle);
    return pixmap;
}

} // namespace

QIcon StatusIcons::icon(PredictionStatus status, bool fetched) const
{
    const int slot = fetched ? int(status) : pendingSlot;
    if (slot < 0 || slot >= slotCount)
        return {};
    QIcon &cached = m_icons[size_t(slot)];
    if (cached.isNull())
        cached = make(slot);
    return cached;
}

QColor StatusIcons::colour(PredictionStatus status)
{
    return QColor(lookFor(int(status)).colour);
}

QIcon StatusIcons::make(int slot)
{
    // The bundled set (resources/icons/status, built into the app) first: it is drawn to read on light and
    // dark rows alike, where themes disagree on what these names look like.
    static const char *const bundled[] = {"unknown", "starting", "processing", "succeeded",
                                          "failed",  "canceled", "aborted",    "pending"};
    static_assert(std::size(bundled) == slotCount);
    const QString resource = QStringLiteral(":/icons/status/%1.svg").arg(QLatin1String(bundled[slot]));
    if (QFile::exists(resource))
        return QIcon(resource);

    const Look look = lookFor(slot);
    QIcon fallback;
    for (const int size : {16, 24, 32})
        fallback.addPixmap(badge(size, look));
    return QIcon::fromTheme(QString::fromLatin1(look.themeName), fallback);
}
