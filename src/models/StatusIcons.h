#pragma once

#include "PredictionStatus.h"

#include <QColor>
#include <QIcon>

#include <array>

/// One icon per task status, made once and reused: the bundled SVG set when the program has it built in
/// (:/icons/status), else the desktop theme's icon, else a small drawn badge in the status's colour, so the
/// column never shows a blank.
class StatusIcons final
{
public:
    /// @p fetched false: the server has not answered yet (a hollow grey badge).
    QIcon icon(PredictionStatus status, bool fetched = true) const;
    /// The colour of @p status's badge, for what else shows a status (the Usage view's bars).
    static QColor colour(PredictionStatus status);

private:
    static constexpr int slotCount = int(PredictionStatus::Aborted) + 2; // every status and "not fetched"
    static QIcon make(int slot);

    mutable std::array<QIcon, slotCount> m_icons;
};
