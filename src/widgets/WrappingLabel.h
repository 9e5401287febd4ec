#pragma once

#include <QLabel>

#include <array>

/// A word-wrapped label that remembers its height at the last few widths it was asked about, until what
/// it shows or how it is drawn changes. QLabel lays its whole text out twice for every heightForWidth(),
/// and one layout pass of a scroll area's form asks that of each label several times for the same widths:
/// the detail pane spent most of a click laying out the same texts again.
class WrappingLabel final : public QLabel
{
    Q_OBJECT

public:
    explicit WrappingLabel(QWidget *parent = nullptr);
    explicit WrappingLabel(const QString &text, QWidget *parent = nullptr);

    int heightForWidth(int width) const override;

protected:
    void changeEvent(QEvent *event) override;

private:
    /// What the height depends on besides the width; the cache holds while it stays the same.
    struct Shape
    {
        QString text;
        QMargins contents;
        int margin = 0;
        int indent = 0;
        bool wordWrap = false;
        Qt::TextFormat format = Qt::AutoText;
        bool operator==(const Shape &other) const;
    };
    Shape shape() const;

    mutable Shape m_shape;
    mutable std::array<std::pair<int, int>, 4> m_heights; ///< width, height; width -1: empty
    mutable size_t m_next = 0;
};
