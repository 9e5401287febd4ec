#include "FilterBar.h"

#include "TaskFilterModel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QLineEdit>

FilterBar::FilterBar(QComboBox &status, QLineEdit &search, TaskFilterModel &filter)
    : QObject(&status)
    , m_status(status)
    , m_search(search)
{
    for (const auto choice : {TaskFilterModel::StatusFilter::All, TaskFilterModel::StatusFilter::Active,
                              TaskFilterModel::StatusFilter::Succeeded, TaskFilterModel::StatusFilter::Failed,
                              TaskFilterModel::StatusFilter::CanceledOrAborted, TaskFilterModel::StatusFilter::Captured,
                              TaskFilterModel::StatusFilter::Starred}) {
        status.addItem(QString(), int(choice));
    }
    retranslate();
    connect(&status, &QComboBox::currentIndexChanged, &filter,
            [this, &filter] { filter.setStatusFilter(TaskFilterModel::StatusFilter(m_status.currentData().toInt())); });
    connect(&search, &QLineEdit::textChanged, &filter, &TaskFilterModel::setSearchText);
}

void FilterBar::retranslate()
{
    // The window's context: these texts were translated as the window's own.
    const QStringList names{QCoreApplication::translate("MainWindow", "All"),
                            QCoreApplication::translate("MainWindow", "Active"),
                            QCoreApplication::translate("MainWindow", "Succeeded"),
                            QCoreApplication::translate("MainWindow", "Failed"),
                            QCoreApplication::translate("MainWindow", "Canceled or aborted"),
                            QCoreApplication::translate("MainWindow", "Captured from your code"),
                            QCoreApplication::translate("MainWindow", "Starred")};
    for (int i = 0; i < names.size() && i < m_status.count(); ++i)
        m_status.setItemText(i, names.at(i));
}

void FilterBar::focusSearch()
{
    m_search.setFocus(Qt::ShortcutFocusReason);
    m_search.selectAll();
}
