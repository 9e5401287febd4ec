#pragma once

#include <QStyledItemDelegate>

/// Draws a column's text elided its own way, where the view's one elide mode does not suit every column:
/// ids and model names keep their distinct ends (elided in the middle, the view's mode), prompts and errors
/// read from their start.
class ElidingDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    ElidingDelegate(Qt::TextElideMode mode, QObject *parent);

    Qt::TextElideMode elideMode() const { return m_mode; }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    Qt::TextElideMode m_mode;
};
