#include "FormRows.h"

#include <QFormLayout>
#include <QLabel>

void FormRows::clear(QFormLayout *form)
{
    while (form->rowCount() > 0)
        form->removeRow(0);
}

void FormRows::add(QFormLayout *form, const QString &caption, const QString &captionToolTip, const QString &value,
                   const QString &valueToolTip)
{
    auto *captionLabel = new QLabel(caption);
    captionLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    captionLabel->setToolTip(captionToolTip);
    auto *valueLabel = new QLabel(value);
    valueLabel->setWordWrap(true);
    valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    valueLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    valueLabel->setToolTip(valueToolTip);
    form->addRow(captionLabel, valueLabel);
}
