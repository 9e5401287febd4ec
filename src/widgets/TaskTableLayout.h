#pragma once

#include <QByteArray>
#include <QObject>

class QSplitter;
class QTableView;
class TaskTableModel;

/// The task table's columns: delegates, the first start's widths (fitted to the font, the locale and the
/// texts the columns show), a header menu to hide columns, the prompt column growing with the window
/// until the user sizes a column, and the header state saved in Settings.
class TaskTableLayout final : public QObject
{
    Q_OBJECT

public:
    /// Sets up @p table (which shows @p model through a proxy) and its header; @p table is the parent.
    TaskTableLayout(QTableView &table, const TaskTableModel &model);

    /// Restores a saved header, its sort order included; without one (or an unreadable one) the default
    /// layout stays, the table is sorted newest first, and the prompt takes the width the table has to spare.
    void restore(const QByteArray &state);
    QByteArray save() const;
    /// How wide the table must be to show the default layout's main columns.
    int defaultWidth() const;
    /// Adds @p pane to @p splitter beside the table, at the sizes of @p savedState (Settings' splitter
    /// state), or when it has none (or too narrow a pane) with the pane as wide as it needs and the table
    /// the rest of @p available pixels.
    void placePane(QSplitter &splitter, QWidget &pane, const QByteArray &savedState, int available) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setDefaultLayout();
    void fitPromptColumn();
    void onHeaderMenuRequested(const QPoint &position);

    QTableView &m_table;
    QWidget *m_viewport = nullptr; ///< The table's viewport, whose resizes fit the prompt column.
    const TaskTableModel &m_model;
    bool m_fitPrompt = false;     ///< No saved column widths, and the user has sized none yet.
    bool m_fittingPrompt = false; ///< fitPromptColumn() is resizing: not the user.
};
