#include "ImageFactory.h"

#include "GifEncoder.h"

#include <QBuffer>
#include <QColor>
#include <QFont>
#include <QImageWriter>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QtConcurrent/QtConcurrentRun>

namespace {

quint64 fnv1a(const QString &text, quint64 salt)
{
    quint64 hash = 1469598103934665603ULL ^ salt;
    const QByteArray bytes = text.toUtf8();
    for (const char c : bytes) {
        hash ^= quint8(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

quint64 mix(quint64 value)
{
    value ^= value >> 33;
    value *= 0xff51afd7ed558ccdULL;
    value ^= value >> 33;
    value *= 0xc4ceb9fe1a85ec53ULL;
    value ^= value >> 33;
    return value;
}

} // namespace

QString ImageFactory::Spec::cacheKey() const
{
    return id + QLatin1Char('/') + (input ? QStringLiteral("input") : QString::number(index)) + QLatin1Char('.')
        + format + QLatin1Char('@') + QString::number(size.width()) + QLatin1Char('x') + QString::number(size.height());
}

ImageFactory::ImageFactory(qsizetype cacheBytes)
    : m_cache(cacheBytes / 1024)
{}

std::optional<QByteArray> ImageFactory::cached(const Spec &spec) const
{
    if (const QByteArray *bytes = m_cache.object(spec.cacheKey()))
        return *bytes;
    return std::nullopt;
}

QFuture<QByteArray> ImageFactory::encodeAsync(const Spec &spec)
{
    const QString key = spec.cacheKey();
    const auto pending = m_pending.constFind(key);
    if (pending != m_pending.constEnd())
        return *pending;
    QFuture<QByteArray> future = QtConcurrent::run([spec] { return encode(render(spec), spec.format); });
    m_pending.insert(key, future);
    return future;
}

void ImageFactory::store(const Spec &spec, const QByteArray &bytes)
{
    const QString key = spec.cacheKey();
    m_pending.remove(key);
    if (!bytes.isEmpty() && !m_cache.contains(key))
        m_cache.insert(key, new QByteArray(bytes), qMax<qsizetype>(1, bytes.size() / 1024));
}

QByteArray ImageFactory::encodeNow(const Spec &spec)
{
    if (auto bytes = cached(spec))
        return *bytes;
    const QByteArray bytes = encode(render(spec), spec.format);
    store(spec, bytes);
    return bytes;
}

QSize ImageFactory::sizeFor(const QString &aspectRatio, int longSide)
{
    int w = 4;
    int h = 3;
    const QStringList parts = aspectRatio.split(QLatin1Char(':'));
    if (parts.size() == 2) {
        bool okW = false;
        bool okH = false;
        const int pw = parts.at(0).toInt(&okW);
        const int ph = parts.at(1).toInt(&okH);
        if (okW && okH && pw > 0 && ph > 0) {
            w = pw;
            h = ph;
        }
    }
    if (w >= h)
        return {longSide, qMax(1, longSide * h / w)};
    return {qMax(1, longSide * w / h), longSide};
}

QImage ImageFactory::render(const Spec &spec)
{
    const QSize size = spec.size.isValid() ? spec.size : QSize(512, 384);
    QImage image(size, QImage::Format_RGB32);
    const quint64 hash = fnv1a(spec.prompt, quint64(spec.index) * 7919 + (spec.input ? 1 : 0));
    const int hue = int(hash % 360);
    const int hue2 = (hue + 60 + int((hash >> 12) % 180)) % 360;

    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    QLinearGradient gradient(0, 0, size.width(), size.height());
    if (spec.input) {
        gradient.setColorAt(0, QColor::fromHsv(hue, 40, 200));
        gradient.setColorAt(1, QColor::fromHsv(hue, 30, 90));
    } else {
        gradient.setColorAt(0, QColor::fromHsv(hue, 170, 235));
        gradient.setColorAt(1, QColor::fromHsv(hue2, 200, 120));
    }
    painter.fillRect(image.rect(), gradient);

    // A few translucent discs so the images differ at a glance and compress like pictures, not flat fills.
    quint64 shapes = hash;
    for (int i = 0; i < 7; ++i) {
        shapes = mix(shapes + quint64(i));
        const int cx = int(shapes % quint64(size.width()));
        const int cy = int((shapes >> 16) % quint64(size.height()));
        const int radius = int(size.width() / 12 + (shapes >> 32) % quint64(qMax(1, size.width() / 5)));
        QColor color = QColor::fromHsv(int((shapes >> 40) % 360), spec.input ? 30 : 150, 250);
        color.setAlpha(70);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        painter.drawEllipse(QPoint(cx, cy), radius, radius);
    }

    const int margin = qMax(4, size.width() / 20);
    const QRect band(margin, size.height() / 4, size.width() - 2 * margin, size.height() / 2);
    painter.setBrush(QColor(0, 0, 0, 110));
    painter.drawRoundedRect(band, margin / 2, margin / 2);
    QFont font;
    font.setPixelSize(qMax(8, qMin(size.width(), size.height()) / 14));
    painter.setFont(font);
    painter.setPen(Qt::white);
    const QString text = spec.prompt.isEmpty() ? QStringLiteral("(no prompt)") : spec.prompt;
    painter.drawText(band.adjusted(margin / 2, margin / 2, -margin / 2, -margin / 2),
                     Qt::AlignCenter | Qt::TextWordWrap, text);

    QFont small = font;
    small.setPixelSize(qMax(7, font.pixelSize() / 2));
    painter.setFont(small);
    const QString footer = spec.input
        ? QStringLiteral("%1 · input").arg(spec.id)
        : QStringLiteral("%1 · output %2/%3").arg(spec.id).arg(spec.index + 1).arg(spec.count);
    painter.drawText(
        QRect(margin, size.height() - margin - small.pixelSize() * 2, size.width() - 2 * margin, small.pixelSize() * 2),
        Qt::AlignLeft | Qt::AlignBottom, footer);
    painter.end();
    return image;
}

QString ImageFactory::mimeFormat(const QString &format)
{
    if (format == QLatin1String("jpg") || format == QLatin1String("jpeg"))
        return QStringLiteral("jpeg");
    return format;
}

QByteArray ImageFactory::contentType(const QString &format)
{
    return "image/" + mimeFormat(format).toLatin1();
}

QByteArray ImageFactory::encode(const QImage &image, const QString &format)
{
    if (format == QLatin1String("gif"))
        return GifEncoder::encode(image);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, mimeFormat(format).toLatin1());
    if (format == QLatin1String("png"))
        writer.setQuality(60); // a lighter zlib level: half the encoding time of Qt's default, a little larger
    else if (format == QLatin1String("jpg") || format == QLatin1String("jpeg"))
        writer.setQuality(85);
    else if (format == QLatin1String("webp"))
        writer.setQuality(80);
    if (!writer.write(image)) {
        // WebP without the image-formats plugin: still serve a picture, as PNG bytes.
        bytes.clear();
        buffer.seek(0);
        QImageWriter fallback(&buffer, "png");
        fallback.write(image);
    }
    return bytes;
}
