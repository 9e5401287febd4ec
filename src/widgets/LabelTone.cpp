#include "LabelTone.h"

#include <QColor>
#include <QLabel>
#include <QPalette>

void LabelTone::set(QLabel &label, bool error)
{
    QPalette palette = label.parentWidget() ? label.parentWidget()->palette() : label.palette();
    if (error) {
        // Dark themes get a lighter red so the text stays readable.
        const bool dark = palette.color(QPalette::Window).lightness() < 128;
        palette.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x1c, 0x1c));
    }
    label.setPalette(palette);
}
