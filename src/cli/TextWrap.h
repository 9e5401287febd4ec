#pragma once

#include <QString>

/// replimon-cli's help text is laid out for an 80-column terminal.
namespace TextWrap {

/// Word-wraps @p text to fit 80 columns, starting at column @p firstColumn; lines after the first start
/// with @p indent spaces. Ends with a newline.
QString wrapped(const QString &text, int firstColumn, int indent);

} // namespace TextWrap
