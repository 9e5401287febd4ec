#include "FormRows.h"

#include "WrappingLabel.h"

#include <QFormLayout>
#include <QLabel>

namespace {

QLabel *labelAt(QFormLayout *form, int row, QFormLayout::ItemRole role)
{
    const QLayoutItem *item = form->itemAt(row, role);
    return item ? qobject_cast<QLabel *>(item->widget()) : nullptr;
}

// Set only when it changed: a new text means a new layout of the label's document.
void show(QLabel *label, const QString &text, const QString &toolTip)
{
    if (label->text() != text)
        label->setText(text);
    if (label->toolTip() != toolTip)
        label->setToolTip(toolTip);
}

void insert(QFormLayout *form, int index, const FormRows::Row &row)
{
    auto *captionLabel = new QLabel(row.caption);
    captionLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    captionLabel->setToolTip(row.captionToolTip);
    auto *valueLabel = new WrappingLabel(row.value);
    valueLabel->setWordWrap(true);
    valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    valueLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    valueLabel->setToolTip(row.valueToolTip);
    form->insertRow(index, captionLabel, valueLabel);
}

} // namespace

void FormRows::set(QFormLayout *form, const QList<Row> &rows)
{
    while (form->rowCount() > rows.size())
        form->removeRow(form->rowCount() - 1);
    for (int i = 0; i < int(rows.size()); ++i) {
        const Row &row = rows.at(i);
        QLabel *caption = i < form->rowCount() ? labelAt(form, i, QFormLayout::LabelRole) : nullptr;
        QLabel *value = i < form->rowCount() ? labelAt(form, i, QFormLayout::FieldRole) : nullptr;
        if (caption && value) {
            show(caption, row.caption, row.captionToolTip);
            show(value, row.value, row.valueToolTip);
        } else {
            if (i < form->rowCount())
                form->removeRow(i); // not one of ours
            insert(form, i, row);
        }
    }
}
