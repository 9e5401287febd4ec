#pragma once

class QLabel;

/// The colour of a label that says something is wrong, readable on light and dark palettes alike.
class LabelTone final
{
public:
    LabelTone() = delete;

    /// @p label's text in the error colour when @p error, else in its parent's.
    static void set(QLabel &label, bool error);
};
