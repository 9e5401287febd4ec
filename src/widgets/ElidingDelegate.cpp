#include "ElidingDelegate.h"

#include <QApplication>
#include <QPainter>

namespace {

// Enough for every cell of several screens of the table; past it the cache starts again.
constexpr qsizetype maxLines = 4096;
constexpr qsizetype maxFonts = 8;

} // namespace

ElidingDelegate::ElidingDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

ElidingDelegate::ElidingDelegate(Qt::TextElideMode mode, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_mode(mode)
{}

void ElidingDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (m_mode)
        option->textElideMode = *m_mode;
}

const QStaticText &ElidingDelegate::line(const QString &text, const QFont &font, Qt::TextElideMode mode,
                                         int width) const
{
    qsizetype fontIndex = m_fonts.indexOf(font);
    if (fontIndex < 0) {
        if (m_fonts.size() >= maxFonts) {
            m_fonts.clear();
            m_lines.clear();
        }
        m_fonts.append(font);
        fontIndex = m_fonts.size() - 1;
    }
    LineKey key{text, width, int(mode), int(fontIndex)};
    const auto found = m_lines.constFind(key);
    if (found != m_lines.cend())
        return *found;
    if (m_lines.size() >= maxLines)
        m_lines.clear();
    // One line: breaks in the text read as spaces.
    QString flat = text;
    flat.replace(u'\n', u' ').replace(u'\r', u' ');
    QStaticText laidOut(QFontMetrics(font).elidedText(flat, mode, width));
    laidOut.setTextFormat(Qt::PlainText);
    laidOut.setPerformanceHint(QStaticText::AggressiveCaching);
    laidOut.prepare(QTransform(), font);
    return *m_lines.insert(std::move(key), std::move(laidOut));
}

void ElidingDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    if (opt.text.isEmpty() || (opt.features & QStyleOptionViewItem::WrapText) || (opt.state & QStyle::State_Editing)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QString text = std::exchange(opt.text, QString());
    // The panel, selection, focus frame and icon as the style draws them: everything but the text.
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    // The text where and how the style puts it: its margins, alignment and colours.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect area = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).adjusted(margin, 0, -margin, 0);
    if (area.width() <= 0)
        return;
    QPalette::ColorGroup group = (opt.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !(opt.state & QStyle::State_Active))
        group = QPalette::Inactive;
    const QStaticText &laidOut = line(text, opt.font, opt.textElideMode, area.width());
    // As the style places a line: a box the width of the area at the line's height, aligned in it, and the
    // line within that box at the fraction of a pixel its own width puts it.
    const QSizeF natural = laidOut.size();
    const Qt::Alignment alignment = QStyle::visualAlignment(opt.direction, opt.displayAlignment);
    const QRect box = QStyle::alignedRect(opt.direction, alignment, QSize(area.width(), int(natural.height())), area);
    QPointF position = box.topLeft();
    if (alignment & Qt::AlignRight)
        position.rx() += area.width() - natural.width();
    else if (alignment & Qt::AlignHCenter)
        position.rx() += (area.width() - natural.width()) / 2;
    painter->save();
    painter->setPen(
        opt.palette.color(group, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(opt.font);
    painter->setClipRect(area, Qt::IntersectClip);
    painter->drawStaticText(position, laidOut);
    painter->restore();
}
