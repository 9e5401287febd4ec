#include "WrappingLabel.h"

#include <QEvent>

WrappingLabel::WrappingLabel(QWidget *parent)
    : WrappingLabel(QString(), parent)
{}

WrappingLabel::WrappingLabel(const QString &text, QWidget *parent)
    : QLabel(text, parent)
{
    m_heights.fill({-1, 0});
}

bool WrappingLabel::Shape::operator==(const Shape &other) const
{
    return text == other.text && contents == other.contents && margin == other.margin && indent == other.indent
        && wordWrap == other.wordWrap && format == other.format;
}

WrappingLabel::Shape WrappingLabel::shape() const
{
    return {text(), contentsMargins(), margin(), indent(), wordWrap(), textFormat()};
}

int WrappingLabel::heightForWidth(int width) const
{
    Shape now = shape();
    if (!(now == m_shape)) {
        m_shape = std::move(now);
        m_heights.fill({-1, 0});
    }
    for (const auto &[knownWidth, height] : m_heights) {
        if (knownWidth == width)
            return height;
    }
    const int height = QLabel::heightForWidth(width);
    m_heights[m_next] = {width, height};
    m_next = (m_next + 1) % m_heights.size();
    return height;
}

void WrappingLabel::changeEvent(QEvent *event)
{
    // A new font or style sheet changes every height.
    switch (event->type()) {
    case QEvent::FontChange:
    case QEvent::StyleChange:
        m_heights.fill({-1, 0});
        break;
    default:
        break;
    }
    QLabel::changeEvent(event);
}
