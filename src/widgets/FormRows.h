#pragma once

#include <QString>

class QFormLayout;

/// The caption/value rows of the detail pane's forms (inputs, metrics): captions aligned top-left, values
/// word-wrapped and selectable.
class FormRows final
{
public:
    FormRows() = delete;

    static void clear(QFormLayout *form);
    /// Adds a row; @p captionToolTip and @p valueToolTip may be empty.
    static void add(QFormLayout *form, const QString &caption, const QString &captionToolTip, const QString &value,
                    const QString &valueToolTip);
};
