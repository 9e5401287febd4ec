#pragma once

#include "Task.h"
#include "TestBackend.h"

#include <QColor>
#include <QList>
#include <QPointF>
#include <QRgb>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

class CompareActions;
class CompareColumn;
class CompareView;
class ImageCache;
class MainWindow;
class Prediction;
class QWidget;

/// The window with Compare as the application wires it, over an offline TestBackend whose tasks have
/// saved pictures of known colours: task1 to task5 (one output each, left half one colour, right half
/// another), multi6 (two outputs, saved second first), failed7, expired8 (data removed, nothing saved) and edit9 (made from an
/// input image: a FLUX Kontext edit).
struct CompareFixture final
{
    /// Each compared task's picture: its left half one colour, its right half another.
    struct Colours
    {
        QRgb left;
        QRgb right;
    };
    static const QList<Colours> taskColours;
    static const QRgb inputColour;
    static const QRgb outputColour;

    static QString promptOf(int i);
    static bool near(QRgb a, QRgb b, int tolerance = 30);
    static QString colourName(QRgb rgb) { return QColor(rgb).name(); }
    /// The colour @p widget shows at @p point (its coordinates), as grabbed.
    static QRgb shownAt(QWidget &widget, const QPointF &point);
    static CompareColumn *columnOf(const CompareView &view, const QString &id);

    CompareFixture();
    ~CompareFixture();

    bool open();
    void close();
    /// A PNG of @p size in the temporary folder: left half @p left, right half @p right.
    QString picture(const QString &name, QRgb left, QRgb right, QSize size = QSize(300, 200));
    TaskKey key(const QString &id) const { return TaskKey{backend->provider(), id}; }
    /// Selects these tasks (and no other) in the window; false when it did not take.
    bool select(const QStringList &ids);
    /// Compare on these tasks, its images loaded (or failed); null when it did not open.
    CompareView *openCompare(const QStringList &ids);
    bool saveShot(QWidget &widget, const QString &name);

    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<TestBackend> backend;
    std::unique_ptr<ImageCache> images;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<CompareActions> compare;
    QString inputPng;
};
