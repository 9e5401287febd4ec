#pragma once

#include <QObject>

class QComboBox;
class QLineEdit;
class TaskFilterModel;

/// The filter bar above the task table: a status choice and a search field, both applied to the filter
/// model as they change.
class FilterBar final : public QObject
{
    Q_OBJECT

public:
    /// Fills @p status with the filter's choices; @p status is the parent.
    FilterBar(QComboBox &status, QLineEdit &search, TaskFilterModel &filter);

    /// Names the choices again in the language now installed.
    void retranslate();
    /// Puts the cursor in the search field, its text selected (Find).
    void focusSearch();

private:
    QComboBox &m_status;
    QLineEdit &m_search;
};
