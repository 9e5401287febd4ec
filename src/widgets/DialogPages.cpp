#include "DialogPages.h"

#include <QBoxLayout>
#include <QTabWidget>

QTabWidget *DialogPages::gather(QBoxLayout &layout, const QWidget &buttons, const QString &title)
{
    auto *first = new QWidget;
    auto *firstLayout = new QVBoxLayout(first);
    QList<QLayoutItem *> items;
    while (layout.count() > 0)
        items.append(layout.takeAt(0));
    for (QLayoutItem *item : std::as_const(items)) {
        if (item->widget() == &buttons) {
            layout.addItem(item);
        } else if (QWidget *widget = item->widget()) {
            // Moving to another parent hides a widget until it is shown again; the sizes the dialog takes
            // before it is shown must count it.
            const bool hidden = widget->isHidden();
            firstLayout->addWidget(widget);
            widget->setHidden(hidden);
            delete item;
        } else {
            firstLayout->addItem(item);
        }
    }
    auto *pages = new QTabWidget(layout.parentWidget());
    pages->addTab(first, title);
    layout.insertWidget(0, pages, 1);
    // Showing the widgets again above does not tell the layout, which measured them hidden.
    firstLayout->invalidate();
    return pages;
}
