#include "ViewModeSwitch.h"

#include "ActionIcons.h"
#include "GalleryView.h"
#include "Settings.h"
#include "TaskSelection.h"

#include <QAction>
#include <QActionEvent>
#include <QActionGroup>
#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QSlider>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace {
constexpr int sizeStep = 16; ///< One Ctrl+wheel notch, in device-independent pixels.
} // namespace

ViewModeSwitch::ViewModeSwitch(QSplitter &splitter, QTableView &table, QToolBar &toolBar, const TaskStore &store,
                               Settings &settings, QWidget &window)
    : QObject(&window)
    , m_settings(settings)
    , m_window(window)
    , m_table(table)
    , m_stack(new QStackedWidget)
    , m_galleryPage(new QWidget)
    , m_gallery(new GalleryView(store, m_galleryPage))
    , m_slider(new QSlider(Qt::Horizontal, m_galleryPage))
    , m_sizeLabel(new QLabel(m_galleryPage))
    , m_group(new QActionGroup(this))
    , m_tableAction(new QAction(this))
    , m_galleryAction(new QAction(this))
{
    m_stack->setObjectName(QStringLiteral("viewStack"));
    const int tableIndex = splitter.indexOf(&table);
    splitter.replaceWidget(tableIndex, m_stack);
    m_stack->addWidget(&table);
    m_stack->addWidget(m_galleryPage);

    // One model and one selection model: selecting in either is selecting in both.
    m_gallery->setModel(table.model());
    m_gallery->setSelectionModel(table.selectionModel());
    // The table's keyboard actions (Copy ID, Paste, Remove, Select All) work in the gallery too, those
    // added later as well (eventFilter()).
    m_gallery->addActions(table.actions());
    table.installEventFilter(this);
    m_gallery->setCellSize(settings.galleryThumbnailSize());

    m_slider->setObjectName(QStringLiteral("gallerySizeSlider"));
    m_slider->setRange(Settings::minGalleryThumbnailSize, Settings::maxGalleryThumbnailSize);
    m_slider->setSingleStep(sizeStep);
    m_slider->setPageStep(4 * sizeStep);
    m_slider->setValue(m_gallery->cellSize());
    m_slider->setMaximumWidth(200);
    auto *footer = new QHBoxLayout;
    footer->setContentsMargins(6, 2, 6, 2);
    footer->addStretch();
    footer->addWidget(m_sizeLabel);
    footer->addWidget(m_slider);
    auto *layout = new QVBoxLayout(m_galleryPage);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_gallery, 1);
    layout->addLayout(footer);
    connect(m_slider, &QSlider::valueChanged, this, &ViewModeSwitch::onSizeChanged);
    connect(m_gallery, &GalleryView::cellSizeStepped, this,
            [this](int steps) { m_slider->setValue(m_slider->value() + steps * sizeStep); });

    m_tableAction->setObjectName(QStringLiteral("actionTableView"));
    m_galleryAction->setObjectName(QStringLiteral("actionGalleryView"));
    m_tableAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    m_galleryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    for (QAction *action : {m_tableAction, m_galleryAction}) {
        action->setCheckable(true);
        m_group->addAction(action);
    }
    m_group->setExclusive(true);
    ActionIcons::setThemed({{m_tableAction, "view-list-details"}, {m_galleryAction, "view-list-icons"}});
    toolBar.addSeparator();
    toolBar.addActions({m_tableAction, m_galleryAction});
    window.addActions({m_tableAction, m_galleryAction}); // the shortcuts work with the menu bar hidden too
    connect(m_tableAction, &QAction::triggered, this, [this] { showGallery(false); });
    connect(m_galleryAction, &QAction::triggered, this, [this] { showGallery(true); });
    // The gallery's double-click does what the table's does.
    connect(m_gallery, &QAbstractItemView::doubleClicked, &table, &QAbstractItemView::doubleClicked);
    for (QAbstractItemView *view :
         {static_cast<QAbstractItemView *>(&table), static_cast<QAbstractItemView *>(m_gallery)})
        connect(view, &QWidget::customContextMenuRequested, this, &ViewModeSwitch::onContextMenuRequested);

    window.installEventFilter(this);
    retranslate();
    showGallery(settings.viewMode() == Settings::ViewMode::Gallery);
}

ViewModeSwitch::~ViewModeSwitch() = default;

bool ViewModeSwitch::showsGallery() const
{
    return m_stack->currentWidget() == m_galleryPage;
}

QAbstractItemView &ViewModeSwitch::shownView() const
{
    return showsGallery() ? static_cast<QAbstractItemView &>(*m_gallery) : m_table;
}

void ViewModeSwitch::attach(ThumbnailStore &thumbnails, QMenu *menu)
{
    m_gallery->setThumbnails(&thumbnails);
    if (!menu)
        return;
    QAction *before = menu->actions().value(0);
    menu->insertActions(before, {m_tableAction, m_galleryAction});
    if (before)
        menu->insertSeparator(before);
}

void ViewModeSwitch::showGallery(bool gallery)
{
    const bool hadFocus = m_stack->isAncestorOf(QApplication::focusWidget());
    (gallery ? m_galleryAction : m_tableAction)->setChecked(true);
    m_stack->setCurrentWidget(gallery ? m_galleryPage : static_cast<QWidget *>(&m_table));
    QAbstractItemView &shown = shownView();
    if (const QModelIndex current = shown.currentIndex(); current.isValid())
        shown.scrollTo(current);
    if (hadFocus || m_window.isActiveWindow())
        shown.setFocus();
    m_settings.setViewMode(gallery ? Settings::ViewMode::Gallery : Settings::ViewMode::Table);
}

void ViewModeSwitch::onSizeChanged(int size)
{
    m_gallery->setCellSize(size);
    m_settings.setGalleryThumbnailSize(size);
    m_sizeLabel->setText(tr("Thumbnails: %1 px").arg(m_gallery->cellSize()));
}

void ViewModeSwitch::onContextMenuRequested(const QPoint &position)
{
    if (m_menuActions)
        TaskSelection::showContextMenu(shownView(), position, m_menuActions());
}

bool ViewModeSwitch::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == &m_table && event->type() == QEvent::ActionAdded)
        m_gallery->addAction(static_cast<QActionEvent *>(event)->action());
    if (watched == &m_window && event->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::eventFilter(watched, event);
}

void ViewModeSwitch::retranslate()
{
    m_tableAction->setText(tr("&Table"));
    m_tableAction->setToolTip(tr("Show the tasks as a table (Ctrl+1)"));
    m_galleryAction->setText(tr("&Gallery"));
    m_galleryAction->setToolTip(tr("Show the tasks' outputs as thumbnails (Ctrl+2)"));
    m_slider->setToolTip(tr("Thumbnail size (Ctrl+wheel over the gallery)"));
    m_sizeLabel->setText(tr("Thumbnails: %1 px").arg(m_gallery->cellSize()));
}
