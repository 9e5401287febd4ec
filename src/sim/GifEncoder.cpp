#include "GifEncoder.h"

#include <QImage>

#include <vector>

namespace {

const int ClearCode = 256;
const int EndCode = 257;
const int MaxCodes = 4096;

class BitWriter
{
public:
    void write(int code, int width)
    {
        m_buffer |= quint32(code) << m_bits;
        m_bits += width;
        while (m_bits >= 8) {
            m_out += char(m_buffer & 0xff);
            m_buffer >>= 8;
            m_bits -= 8;
        }
    }

    QByteArray finish()
    {
        if (m_bits > 0)
            m_out += char(m_buffer & 0xff);
        m_buffer = 0;
        m_bits = 0;
        return m_out;
    }

private:
    QByteArray m_out;
    quint32 m_buffer = 0;
    int m_bits = 0;
};

void putWord(QByteArray &out, int value)
{
    out += char(value & 0xff);
    out += char((value >> 8) & 0xff);
}

// The code width grows one code after the table passes the current width, exactly as the decoder
// (one entry behind the encoder) expects.
QByteArray lzw(const std::vector<quint8> &pixels)
{
    BitWriter bits;
    std::vector<qint16> table(size_t(MaxCodes) * 256, -1);
    int codeSize = 9;
    int maxCode = (1 << codeSize) - 1;
    int next = EndCode + 1;
    bool cleared = false;

    const auto output = [&](int code) {
        bits.write(code, codeSize);
        if (cleared) {
            codeSize = 9;
            maxCode = (1 << codeSize) - 1;
            cleared = false;
        } else if (next > maxCode) {
            ++codeSize;
            maxCode = codeSize == 12 ? MaxCodes : (1 << codeSize) - 1;
        }
    };

    output(ClearCode);
    if (pixels.empty()) {
        output(EndCode);
        return bits.finish();
    }
    int prefix = pixels.front();
    for (size_t i = 1; i < pixels.size(); ++i) {
        const int pixel = pixels[i];
        const size_t key = size_t(prefix) * 256 + size_t(pixel);
        if (table[key] >= 0) {
            prefix = table[key];
            continue;
        }
        output(prefix);
        prefix = pixel;
        if (next < MaxCodes) {
            table[key] = qint16(next++);
        } else {
            std::fill(table.begin(), table.end(), qint16(-1));
            next = EndCode + 1;
            cleared = true;
            output(ClearCode);
        }
    }
    output(prefix);
    output(EndCode);
    return bits.finish();
}

} // namespace

QByteArray GifEncoder::encode(const QImage &source)
{
    const QImage image = source.convertToFormat(QImage::Format_RGB32);
    const int width = image.width();
    const int height = image.height();

    std::vector<quint8> pixels;
    pixels.reserve(size_t(width) * size_t(height));
    for (int y = 0; y < height; ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < width; ++x) {
            const int r = (qRed(line[x]) * 5 + 127) / 255;
            const int g = (qGreen(line[x]) * 6 + 127) / 255;
            const int b = (qBlue(line[x]) * 5 + 127) / 255;
            pixels.push_back(quint8(r * 42 + g * 6 + b));
        }
    }

    QByteArray out("GIF89a");
    putWord(out, width);
    putWord(out, height);
    out += char(0xF7); // global colour table of 256 entries
    out += char(0);    // background colour index
    out += char(0);    // square pixels
    for (int i = 0; i < 256; ++i) {
        if (i < 252) {
            out += char((i / 42) * 255 / 5);
            out += char(((i / 6) % 7) * 255 / 6);
            out += char((i % 6) * 255 / 5);
        } else {
            out += QByteArray(3, '\0');
        }
    }
    out += char(0x2C);
    putWord(out, 0);
    putWord(out, 0);
    putWord(out, width);
    putWord(out, height);
    out += char(0);
    out += char(8); // minimum code size
    const QByteArray data = lzw(pixels);
    for (qsizetype offset = 0; offset < data.size(); offset += 255) {
        const qsizetype length = qMin<qsizetype>(255, data.size() - offset);
        out += char(length);
        out += data.mid(offset, length);
    }
    out += char(0);
    out += char(0x3B);
    return out;
}
