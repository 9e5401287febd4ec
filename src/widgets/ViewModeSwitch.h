#pragma once

#include <QList>
#include <QObject>

#include <functional>

class GalleryView;
class QAbstractItemView;
class QPoint;
class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QSlider;
class QSplitter;
class QStackedWidget;
class QTableView;
class QToolBar;
class QWidget;
class Settings;
class TaskStore;
class ThumbnailStore;

/// View → Table (Ctrl+1) and Gallery (Ctrl+2): the table and the gallery in a stack where the table was,
/// over one model and one selection model, so that the detail pane and every action on the selection
/// follow whichever is shown. The gallery has a footer with its thumbnail size (also Ctrl+wheel). The mode
/// and the size are settings, read at start.
class ViewModeSwitch final : public QObject
{
    Q_OBJECT

public:
    /// Puts the stack in @p table's place in @p splitter and the two actions on @p toolBar.
    ViewModeSwitch(QSplitter &splitter, QTableView &table, QToolBar &toolBar, const TaskStore &store,
                   Settings &settings, QWidget &window);
    ~ViewModeSwitch() override;

    GalleryView &gallery() const { return *m_gallery; }
    QAction *tableAction() const { return m_tableAction; }
    QAction *galleryAction() const { return m_galleryAction; }
    QSlider &sizeSlider() const { return *m_slider; }
    bool showsGallery() const;
    /// The table or the gallery, whichever is shown.
    QAbstractItemView &shownView() const;
    /// The thumbnails the gallery paints (the application's one store), and the menu the actions go in
    /// first (View).
    void attach(ThumbnailStore &thumbnails, QMenu *menu);
    /// The actions of both views' context menu (a null one a separator), asked for each time it opens.
    void setMenuActions(std::function<QList<QAction *>()> actions) { m_menuActions = std::move(actions); }
    /// Shows the gallery (true) or the table, and remembers it.
    void showGallery(bool gallery);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void onSizeChanged(int size);
    void onContextMenuRequested(const QPoint &position);

    Settings &m_settings;
    QWidget &m_window;
    QTableView &m_table;
    QStackedWidget *m_stack;
    QWidget *m_galleryPage;
    GalleryView *m_gallery;
    QSlider *m_slider;
    QLabel *m_sizeLabel;
    QActionGroup *m_group;
    QAction *m_tableAction;
    QAction *m_galleryAction;
    std::function<QList<QAction *>()> m_menuActions;
};
