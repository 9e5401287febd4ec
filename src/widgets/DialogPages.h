#pragma once

#include <QString>

class QBoxLayout;
class QTabWidget;
class QWidget;

/// Turns a dialog laid out as one column (a .ui of group boxes above its buttons) into tabbed pages.
class DialogPages final
{
public:
    DialogPages() = delete;

    /// Moves everything in @p layout but @p buttons onto a page titled @p title of a new tab widget, which
    /// takes their place; more pages can be added to it.
    static QTabWidget *gather(QBoxLayout &layout, const QWidget &buttons, const QString &title);
};
