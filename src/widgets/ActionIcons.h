#pragma once

#include <QList>

#include <utility>

class QAction;
class QWidget;

/// How the window's actions look: the desktop theme's icons with the bundled ones as fallback, and
/// toolbar labels without the menus' marks.
class ActionIcons final
{
public:
    /// Gives each action the theme's icon of that name, else the bundled :/icons/actions/NAME.svg.
    static void setThemed(const QList<std::pair<QAction *, const char *>> &actions);
    /// Toolbar labels of @p window's actions: their texts without the menu's ellipsis and a translation's
    /// "(&A)" mnemonic, which Qt leaves in.
    static void setIconTexts(const QWidget &window);
};
