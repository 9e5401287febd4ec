#include "ActionIcons.h"

#include <QAction>
#include <QIcon>
#include <QRegularExpression>
#include <QWidget>

void ActionIcons::setThemed(const QList<std::pair<QAction *, const char *>> &actions)
{
    for (const auto &[action, name] : actions) {
        const QString themeName = QString::fromLatin1(name);
        action->setIcon(QIcon::fromTheme(
            themeName, QIcon(QStringLiteral(":/icons/actions/") + themeName + QStringLiteral(".svg"))));
    }
}

void ActionIcons::setIconTexts(const QWidget &window)
{
    static const QRegularExpression menuOnly(QStringLiteral("\\(&\\w\\)|&|…|\\.\\.\\."));
    for (QAction *action : window.findChildren<QAction *>()) {
        if (!action->text().isEmpty() && !action->isSeparator())
            action->setIconText(action->text().remove(menuOnly).trimmed());
    }
}
