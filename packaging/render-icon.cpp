// Renders the app icon's SVG into the PNG sizes of the hicolor theme at build time, so that no binary
// copies of the icon live in the source tree and the PNGs always match the SVG.
//   replimon-render-icon ICON.svg OUTPUT_DIR SIZE…   writes OUTPUT_DIR/SIZExSIZE/apps/<name of ICON>.png
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char *argv[])
{
    // Rendering needs no display; the offscreen platform keeps this working on build machines without one.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: replimon-render-icon ICON.svg OUTPUT_DIR SIZE...\n");
        return 2;
    }
    QSvgRenderer renderer(args.at(0));
    if (!renderer.isValid()) {
        std::fprintf(stderr, "replimon-render-icon: cannot read %s\n", qPrintable(args.at(0)));
        return 1;
    }
    const QString name = QFileInfo(args.at(0)).completeBaseName() + QStringLiteral(".png");
    const QDir output(args.at(1));
    for (const QString &sizeText : args.mid(2)) {
        bool ok = false;
        const int size = sizeText.toInt(&ok);
        if (!ok || size < 1 || size > 4096) {
            std::fprintf(stderr, "replimon-render-icon: bad size %s\n", qPrintable(sizeText));
            return 2;
        }
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::SmoothPixmapTransform);
            renderer.render(&painter, QRectF(0, 0, size, size));
        }
        const QString dir = QStringLiteral("%1x%1/apps").arg(size);
        if (!output.mkpath(dir) || !image.save(output.filePath(dir + u'/' + name), "PNG")) {
            std::fprintf(stderr, "replimon-render-icon: cannot write %s\n", qPrintable(output.filePath(dir)));
            return 1;
        }
    }
    return 0;
}
