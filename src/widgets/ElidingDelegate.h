#pragma once

#include <QFont>
#include <QHash>
#include <QList>
#include <QStaticText>
#include <QStyledItemDelegate>

#include <optional>

/// Draws a table cell's one line of text, elided, from a cache of laid-out lines: the style lays out and
/// shapes a cell's whole text twice at every paint (a prompt is hundreds of characters), which made a full
/// repaint of the task table cost milliseconds. Everything else of the cell (panel, selection, focus frame,
/// icon) is drawn by the style as before. A column can have its own elide mode where the view's one does
/// not suit: ids and model names keep their distinct ends (elided in the middle, the view's mode), prompts
/// and errors read from their start.
class ElidingDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    /// Elides as the view does.
    explicit ElidingDelegate(QObject *parent);
    ElidingDelegate(Qt::TextElideMode mode, QObject *parent);

    /// The column's own mode; none: the view's.
    std::optional<Qt::TextElideMode> elideMode() const { return m_mode; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    struct LineKey
    {
        QString text;
        int width;
        int mode;
        int font; ///< index in m_fonts
        bool operator==(const LineKey &other) const
        {
            return width == other.width && mode == other.mode && font == other.font && text == other.text;
        }
    };
    friend size_t qHash(const LineKey &key, size_t seed)
    {
        return qHashMulti(seed, key.text, key.width, key.mode, key.font);
    }

    /// @p text on one line, elided to @p width in @p font, laid out once.
    const QStaticText &line(const QString &text, const QFont &font, Qt::TextElideMode mode, int width) const;

    std::optional<Qt::TextElideMode> m_mode;
    mutable QList<QFont> m_fonts;
    mutable QHash<LineKey, QStaticText> m_lines;
};
