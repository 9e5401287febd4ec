#include "UsageActions.h"

#include "MainWindow.h"
#include "TaskFilterModel.h"
#include "UsageView.h"

#include <QAction>
#include <QEvent>
#include <QMenu>
#include <QMenuBar>

UsageActions::UsageActions(MainWindow &window, const TaskStore &store, Settings &settings, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_store(store)
    , m_settings(settings)
    , m_menu(new QMenu(window.menuBar()))
    , m_usage(new QAction(this))
{
    m_menu->setObjectName(QStringLiteral("menuUsageView"));
    m_usage->setObjectName(QStringLiteral("actionUsage"));
    m_usage->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    m_menu->addAction(m_usage);
    // The main window's menus come from its .ui file; Help stays last.
    QMenuBar *bar = window.menuBar();
    const auto *help = bar->findChild<QMenu *>(QStringLiteral("menuHelp"));
    if (help)
        bar->insertMenu(help->menuAction(), m_menu);
    else
        bar->addMenu(m_menu);
    window.addAction(m_usage); // the shortcut works with the menu bar hidden too
    connect(m_usage, &QAction::triggered, this, &UsageActions::openUsage);
    window.installEventFilter(this);
    retranslate();
}

UsageActions::~UsageActions()
{
    delete m_view;
}

UsageView *UsageActions::view() const
{
    return m_view;
}

void UsageActions::openUsage()
{
    if (!m_view) {
        m_view = new UsageView(m_store, m_window.filterModel(), m_settings, &m_window);
        m_view->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_view->show();
    m_view->raise();
    m_view->activateWindow();
}

bool UsageActions::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == &m_window && event->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::eventFilter(watched, event);
}

void UsageActions::retranslate()
{
    m_menu->setTitle(tr("&View"));
    m_usage->setText(tr("&Usage…"));
    m_usage->setToolTip(tr("Spend, images, failures and run times over the last 30 days, for the tasks shown"));
}
