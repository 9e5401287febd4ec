#pragma once

#include <QList>
#include <QString>

class QFormLayout;

/// The caption/value rows of the detail pane's forms (inputs, metrics): captions aligned top-left, values
/// word-wrapped and selectable.
class FormRows final
{
public:
    struct Row
    {
        QString caption;
        QString captionToolTip; ///< may be empty
        QString value;
        QString valueToolTip; ///< may be empty
    };

    FormRows() = delete;

    /// Makes @p form show @p rows. The labels already there are kept and given the new texts: a word-wrapped,
    /// selectable label costs a text document and its layout to make, and the pane shows a new task at
    /// every click.
    static void set(QFormLayout *form, const QList<Row> &rows);
};
