#pragma once

#include <QByteArray>

class QImage;

/// Qt reads GIF but cannot write it, so output_format "gif" is encoded here: one frame, a fixed
/// 252-colour palette (6×7×6 levels of red, green and blue), LZW-compressed as GIF89a requires.
class GifEncoder final
{
public:
    GifEncoder() = delete;

    static QByteArray encode(const QImage &image);
};
