#pragma once

#include <QObject>
#include <QTimer>

class QAbstractItemModel;
class QTableView;

/// Moves the selection of the main window's table to the next succeeded row at a fixed period, so the
/// detail pane keeps fetching and decoding previews as a user reading through results would.
class PreviewWalker final : public QObject
{
    Q_OBJECT

public:
    /// @p model: the model @p table shows (the window's filter model).
    PreviewWalker(QTableView &table, QAbstractItemModel &model, int periodMs, QObject *parent = nullptr);

    /// A period of 0 selects nothing: the storm without a user.
    void start()
    {
        if (m_timer.interval() > 0)
            m_timer.start();
    }
    /// Rows selected so far.
    int selected() const { return m_selected; }

private:
    void selectNext();

    QTableView &m_table;
    QAbstractItemModel &m_model;
    QTimer m_timer;
    int m_nextRow = 0;
    int m_selected = 0;
};
