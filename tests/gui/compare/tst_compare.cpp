#include "BeforeAfterView.h"
#include "CompareActions.h"
#include "CompareColumn.h"
#include "CompareView.h"
#include "GalleryView.h"
#include "ImageCache.h"
#include "ImageViewer.h"
#include "LockedImageView.h"
#include "MainWindow.h"
#include "TaskDetailPane.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "TestBackend.h"
#include "ViewModeSwitch.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTranslator>
#include <QWheelEvent>

namespace {

/// Each compared task's picture: its left half one colour, its right half another.
struct Colours
{
    QRgb left;
    QRgb right;
};

const QList<Colours> taskColours{{qRgb(220, 30, 30), qRgb(30, 200, 30)},
                                 {qRgb(30, 30, 220), qRgb(230, 220, 20)},
                                 {qRgb(200, 30, 200), qRgb(20, 200, 210)},
                                 {qRgb(240, 140, 20), qRgb(120, 60, 20)},
                                 {qRgb(250, 250, 250), qRgb(10, 10, 10)}};
const QRgb inputColour = qRgb(40, 90, 230);
const QRgb outputColour = qRgb(40, 200, 80);

QString promptOf(int i)
{
    return QStringLiteral("a lighthouse at dusk, variant %1, in the style of an old postcard").arg(i);
}

Prediction prediction(const QString &id, const QString &status, int outputs, const QJsonObject &extraInput = {},
                      bool dataRemoved = false)
{
    QJsonArray urls;
    for (int i = 0; i < outputs; ++i)
        urls.append(QStringLiteral("http://127.0.0.1:9/x/%1-%2.png").arg(id).arg(i));
    QJsonObject input{{QStringLiteral("prompt"), promptOf(id.right(1).toInt())},
                      {QStringLiteral("seed"), 1000 + id.right(1).toInt()},
                      {QStringLiteral("aspect_ratio"), QStringLiteral("3:2")},
                      {QStringLiteral("num_inference_steps"), 28},
                      {QStringLiteral("guidance"), 3.5}};
    for (auto it = extraInput.begin(); it != extraInput.end(); ++it)
        input.insert(it.key(), it.value());
    QJsonObject object{
        {QStringLiteral("id"), id},         {QStringLiteral("model"), QStringLiteral("black-forest-labs/flux-dev")},
        {QStringLiteral("status"), status}, {QStringLiteral("created_at"), QStringLiteral("2026-11-22T02:10:00.000Z")},
        {QStringLiteral("input"), input},   {QStringLiteral("data_removed"), dataRemoved}};
    if (outputs > 0)
        object.insert(QStringLiteral("output"), urls);
    if (status == QLatin1String("failed"))
        object.insert(QStringLiteral("error"), QStringLiteral("CUDA out of memory"));
    return Prediction::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact)).value();
}

bool near(QRgb a, QRgb b, int tolerance = 30)
{
    return std::abs(qRed(a) - qRed(b)) <= tolerance && std::abs(qGreen(a) - qGreen(b)) <= tolerance
        && std::abs(qBlue(a) - qBlue(b)) <= tolerance;
}

QString colourName(QRgb rgb)
{
    return QColor(rgb).name();
}

/// The colour @p widget shows at @p point (its coordinates), as grabbed.
CompareColumn *columnOf(const CompareView &view, const QString &id)
{
    for (CompareColumn *column : view.columns()) {
        if (column->taskKey().id == id)
            return column;
    }
    return nullptr;
}

QRgb shownAt(QWidget &widget, const QPointF &point)
{
    const QImage shot = widget.grab().toImage();
    return shot.pixel((point * shot.devicePixelRatio()).toPoint());
}

} // namespace

class tst_Compare final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void actionFollowsSelection();
    void comparesTwo();
    void comparesFourLocked();
    void stepsOutputsAndPlaceholders();
    void beforeAfterDivider();
    void paneOffersBeforeAfter();
    void compareColumnBeforeAfter();
    void inChinese();

private:
    QString picture(const QString &name, QRgb left, QRgb right, QSize size = QSize(300, 200));
    TaskKey key(const QString &id) const { return TaskKey{m_backend->provider(), id}; }
    void select(const QStringList &ids);
    CompareView *openCompare(const QStringList &ids);
    void saveShot(QWidget &widget, const QString &name);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<ImageCache> m_images;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<CompareActions> m_compare;
    QString m_inputPng;
};

QString tst_Compare::picture(const QString &name, QRgb left, QRgb right, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(left);
    for (int y = 0; y < size.height(); ++y)
        for (int x = size.width() / 2; x < size.width(); ++x)
            image.setPixel(x, y, right);
    const QString path = m_dir->filePath(name + QStringLiteral(".png"));
    return image.save(path) ? path : QString();
}

void tst_Compare::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    qputenv("XDG_CACHE_HOME", m_dir->filePath(QStringLiteral("cache")).toUtf8());
    m_backend = std::make_unique<TestBackend>(TestBackend::offline());
    QVERIFY2(m_backend->open(), qPrintable(m_backend->errorString()));
    TaskStore &store = m_backend->store();
    const QString provider = m_backend->provider();
    const QStringList ids{QStringLiteral("task1"),   QStringLiteral("task2"),    QStringLiteral("task3"),
                          QStringLiteral("task4"),   QStringLiteral("task5"),    QStringLiteral("multi6"),
                          QStringLiteral("failed7"), QStringLiteral("expired8"), QStringLiteral("edit9")};
    QVERIFY(store.add(provider, ids));
    m_inputPng = picture(QStringLiteral("input"), inputColour, inputColour, QSize(240, 160));
    QList<Prediction> answers;
    for (int i = 0; i < 5; ++i)
        answers.append(prediction(ids.at(i), QStringLiteral("succeeded"), 1));
    answers.append(prediction(ids.at(5), QStringLiteral("succeeded"), 2));
    answers.append(prediction(ids.at(6), QStringLiteral("failed"), 0));
    answers.append(prediction(ids.at(7), QStringLiteral("succeeded"), 1, {}, true));
    answers.append(prediction(ids.at(8), QStringLiteral("succeeded"), 1,
                              {{QStringLiteral("input_image"), QUrl::fromLocalFile(m_inputPng).toString()}}));
    QVERIFY(store.update(provider, answers));
    for (int i = 0; i < 5; ++i) {
        const QString png = picture(ids.at(i), taskColours.at(i).left, taskColours.at(i).right);
        QVERIFY(store.setLocalFiles(key(ids.at(i)), {png}));
    }
    QVERIFY(store.setLocalFiles(key(ids.at(5)),
                                {picture(QStringLiteral("multi-0"), taskColours.at(0).left, taskColours.at(0).left),
                                 picture(QStringLiteral("multi-1"), taskColours.at(1).left, taskColours.at(1).left)}));
    QVERIFY(store.setLocalFiles(key(ids.at(8)), {picture(QStringLiteral("edit9"), outputColour, outputColour)}));

    m_images = std::make_unique<ImageCache>(m_backend->nam(), m_dir->filePath(QStringLiteral("images")));
    m_window = std::make_unique<MainWindow>(m_backend->store(), m_backend->scheduler(), m_backend->settings());
    m_window->setDetailPane(new TaskDetailPane(*m_images));
    m_window->setHasApiKey(true);
    m_compare = std::make_unique<CompareActions>(*m_window, m_backend->store(), *m_images);
    m_window->resize(1100, 640);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_Compare::cleanup()
{
    m_compare.reset();
    m_window.reset();
    m_images.reset();
    m_backend.reset();
    m_dir.reset();
}

void tst_Compare::select(const QStringList &ids)
{
    QItemSelectionModel *selection = m_window->viewMode().gallery().selectionModel();
    const QAbstractItemModel *model = selection->model();
    selection->clearSelection();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (ids.contains(index.data(TaskTableModel::TaskKeyRole).value<TaskKey>().id))
            selection->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    QCOMPARE(m_window->selectedKeys().size(), ids.size());
}

CompareView *tst_Compare::openCompare(const QStringList &ids)
{
    select(ids);
    m_compare->compareAction()->trigger();
    CompareView *view = m_compare->view();
    if (!view || !QTest::qWaitForWindowExposed(view))
        return nullptr;
    view->resize(int(ids.size()) * 300 + 40, 640);
    for (CompareColumn *column : view->columns()) {
        if (!QTest::qWaitFor([column] { return !column->imageView().message().contains(QStringLiteral("Loading")); },
                             10000))
            return nullptr;
    }
    QTest::qWait(50);
    return view;
}

void tst_Compare::saveShot(QWidget &widget, const QString &name)
{
    const QString suffix = widget.devicePixelRatioF() > 1.0 ? QStringLiteral("@2x.png") : QStringLiteral(".png");
    QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
    QVERIFY(widget.grab().save(QDir(QStringLiteral(REPLIMON_SCREENSHOT_DIR)).filePath(name + suffix)));
}

void tst_Compare::actionFollowsSelection()
{
    QAction *compare = m_compare->compareAction();
    QCOMPARE(compare->shortcut(), QKeySequence(Qt::Key_C));
    select({QStringLiteral("task1")});
    QVERIFY(!compare->isEnabled());
    QVERIFY(compare->toolTip().contains(QLatin1String("Select 2 to 4")));
    select({QStringLiteral("task1"), QStringLiteral("task2")});
    QVERIFY(compare->isEnabled());
    select({QStringLiteral("task1"), QStringLiteral("task2"), QStringLiteral("task3"), QStringLiteral("task4")});
    QVERIFY(compare->isEnabled());
    select({QStringLiteral("task1"), QStringLiteral("task2"), QStringLiteral("task3"), QStringLiteral("task4"),
            QStringLiteral("task5")});
    QVERIFY(!compare->isEnabled());
    QCOMPARE(compare->toolTip(), QStringLiteral("Compare shows at most 4 tasks; 5 are selected."));
    // A refresh of the window's actions (any change of the tasks) leaves it to its owner.
    QVERIFY(m_backend->store().setStarred({key(QStringLiteral("task1"))}, true));
    QTest::qWait(20);
    QVERIFY(!compare->isEnabled());

    // In the Prediction menu and the tasks' context menu (the gallery's too), tool tips shown.
    select({QStringLiteral("task2"), QStringLiteral("task3")});
    auto *menu = m_window->findChild<QMenu *>(QStringLiteral("menuView"));
    QVERIFY(menu && menu->actions().contains(compare));
    QVERIFY(menu->toolTipsVisible());
    ViewModeSwitch &mode = m_window->viewMode();
    mode.showGallery(true);
    GalleryView &gallery = mode.gallery();
    QList<QAction *> shown;
    QTimer::singleShot(100, this, [&shown] {
        if (auto *popup = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            shown = popup->actions();
            popup->close();
        }
    });
    const QModelIndex current = gallery.selectionModel()->selectedRows().constFirst();
    Q_EMIT gallery.customContextMenuRequested(gallery.visualRect(current).center());
    QVERIFY(shown.contains(compare));
    QVERIFY(compare->isEnabled());
    // The key opens the window on the selection.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(&gallery, Qt::Key_C);
    QVERIFY(m_compare->view());
    QCOMPARE(m_compare->view()->taskKeys().size(), 2);
}

void tst_Compare::comparesTwo()
{
    CompareView *view = openCompare({QStringLiteral("task1"), QStringLiteral("task2")});
    QVERIFY(view);
    QCOMPARE(view->columns().size(), 2);
    // In the selection's order.
    QCOMPARE(view->taskKeys(), m_window->selectedKeys());
    QCOMPARE(view->windowTitle(),
             QStringLiteral("Compare: %1, %2").arg(view->taskKeys().at(0).id, view->taskKeys().at(1).id));
    for (CompareColumn *column : view->columns()) {
        const int i = column->taskKey().id.right(1).toInt() - 1;
        LockedImageView &image = column->imageView();
        QVERIFY2(image.isLoaded(), qPrintable(image.message()));
        const QRectF shown = image.imageRect();
        // Fitted: the whole image in the area, touching two of its sides.
        QVERIFY(QRectF(image.rect()).adjusted(-1, -1, 1, 1).contains(shown));
        const QPointF left(shown.left() + shown.width() / 4, shown.center().y());
        const QPointF right(shown.right() - shown.width() / 4, shown.center().y());
        QVERIFY2(near(shownAt(image, left), taskColours.at(i).left), qPrintable(colourName(shownAt(image, left))));
        QVERIFY2(near(shownAt(image, right), taskColours.at(i).right), qPrintable(colourName(shownAt(image, right))));
        QCOMPARE(column->promptText(), promptOf(i + 1));
        QVERIFY(column->findChild<QPlainTextEdit *>()->isVisible());
        const QStringList rows = column->inputRows();
        QVERIFY2(rows.contains(QStringLiteral("Seed: %1").arg(1001 + i)), qPrintable(rows.join(u'|')));
        QVERIFY(rows.contains(QStringLiteral("Model: black-forest-labs/flux-dev")));
        QVERIFY(rows.contains(QStringLiteral("Aspect ratio: 3:2")));
        QVERIFY(rows.contains(QStringLiteral("Steps: 28")));
    }
    saveShot(*view, QStringLiteral("compare-2"));
}

void tst_Compare::comparesFourLocked()
{
    CompareView *view = openCompare(
        {QStringLiteral("task1"), QStringLiteral("task2"), QStringLiteral("task3"), QStringLiteral("task4")});
    QVERIFY(view);
    QCOMPARE(view->columns().size(), 4);
    saveShot(*view, QStringLiteral("compare-4"));
    const auto centreOf = [](LockedImageView &image) { return QRectF(image.rect()).center(); };
    // Zooming in on the right half of the first image: every image shows its right half at the centre.
    LockedImageView &first = view->columns().constFirst()->imageView();
    const QRectF before = first.imageRect();
    const QPointF anchor(before.right() - before.width() / 4, before.center().y());
    QWheelEvent wheel(anchor, first.mapToGlobal(anchor), {}, QPoint(0, 120 * 4), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(&first, &wheel);
    QVERIFY(view->zoom().scale() > 2.0);
    for (CompareColumn *column : view->columns()) {
        LockedImageView &image = column->imageView();
        const int i = column->taskKey().id.right(1).toInt() - 1;
        const QRectF shown = image.imageRect();
        // The same part of each image: its scale over fit and its centre, relative to it.
        const QPointF relative((centreOf(image).x() - shown.left()) / shown.width(),
                               (centreOf(image).y() - shown.top()) / shown.height());
        QVERIFY2(std::abs(relative.x() - view->zoom().centre().x()) < 0.01, qPrintable(QString::number(relative.x())));
        QVERIFY(shown.width() > image.width() * 2);
        // Pixel proof: right of each image's middle at the centre; the left half out of view.
        QVERIFY2(near(shownAt(image, centreOf(image)), taskColours.at(i).right),
                 qPrintable(colourName(shownAt(image, centreOf(image)))));
    }
    saveShot(*view, QStringLiteral("compare-4-zoomed"));
    // Dragging the third image to the right pans all of them to their left halves.
    LockedImageView &third = view->columns().at(2)->imageView();
    const QPoint start = centreOf(third).toPoint();
    QTest::mousePress(&third, Qt::LeftButton, {}, start);
    for (int step = 1; step <= 10; ++step)
        QTest::mouseMove(&third, start + QPoint(step * 40, 0));
    QTest::mouseRelease(&third, Qt::LeftButton, {}, start + QPoint(400, 0));
    QVERIFY(view->zoom().centre().x() < 0.5);
    for (CompareColumn *column : view->columns()) {
        LockedImageView &image = column->imageView();
        const int i = column->taskKey().id.right(1).toInt() - 1;
        QVERIFY2(near(shownAt(image, centreOf(image)), taskColours.at(i).left),
                 qPrintable(colourName(shownAt(image, centreOf(image)))));
    }
    // F fits all of them again; 1 shows the first at one image pixel per device pixel.
    QTest::keyClick(view, Qt::Key_F);
    QVERIFY(view->zoom().isFitting());
    QVERIFY(QRectF(first.rect()).adjusted(-1, -1, 1, 1).contains(first.imageRect()));
    QTest::keyClick(view, Qt::Key_1);
    QVERIFY2(std::abs(first.pixelZoom() - 1.0) < 0.01, qPrintable(QString::number(first.pixelZoom())));
    // The others at the same scale relative to their image (the columns may differ by a pixel).
    const LockedImageView &last = view->columns().at(3)->imageView();
    QVERIFY(std::abs(last.imageRect().width() / last.width() - first.imageRect().width() / first.width()) < 0.02);
}

void tst_Compare::stepsOutputsAndPlaceholders()
{
    CompareView *view = openCompare({QStringLiteral("multi6"), QStringLiteral("failed7"), QStringLiteral("expired8")});
    QVERIFY(view);
    CompareColumn *multi = columnOf(*view, QStringLiteral("multi6"));
    QCOMPARE(multi->outputCount(), 2);
    LockedImageView &image = multi->imageView();
    const QPointF middle = QRectF(image.rect()).center();
    QVERIFY(near(shownAt(image, middle), taskColours.at(0).left));
    auto *next = multi->findChildren<QToolButton *>().value(2);
    QVERIFY(next && next->isVisible() && next->arrowType() == Qt::RightArrow);
    next->click();
    QTRY_VERIFY(image.isLoaded());
    QTRY_VERIFY2(near(shownAt(image, middle), taskColours.at(1).left), qPrintable(colourName(shownAt(image, middle))));
    QCOMPARE(multi->outputIndex(), 1);
    QVERIFY(!next->isEnabled());
    // Where there is no image, the column says why.
    CompareColumn *failed = columnOf(*view, QStringLiteral("failed7"));
    QCOMPARE(failed->imageView().message(), QStringLiteral("Failed\nCUDA out of memory"));
    QCOMPARE(columnOf(*view, QStringLiteral("expired8"))->imageView().message(), QStringLiteral("Expired, not saved"));
    QVERIFY(!failed->imageView().isLoaded());
    saveShot(*view, QStringLiteral("compare-placeholders"));
}

void tst_Compare::beforeAfterDivider()
{
    BeforeAfterView view(*m_images);
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QString output = picture(QStringLiteral("after"), outputColour, outputColour, QSize(240, 160));
    view.setUrls(QUrl::fromLocalFile(m_inputPng), QUrl::fromLocalFile(output));
    QTRY_VERIFY(view.isLoaded());
    const QRectF shown = view.afterRect();
    const qreal y = shown.center().y() - 50; // above the divider's handle
    QCOMPARE(view.dividerX(), 200);
    QVERIFY(near(shownAt(view, {150, y}), inputColour));
    QVERIFY(near(shownAt(view, {250, y}), outputColour));
    saveShot(view, QStringLiteral("before-after"));
    // Dragging the divider to a quarter: the output from there on.
    QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(200, int(y)));
    QTest::mouseMove(&view, QPoint(150, int(y)));
    QTest::mouseMove(&view, QPoint(100, int(y)));
    QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(100, int(y)));
    QCOMPARE(view.dividerX(), 100);
    QVERIFY(near(shownAt(view, {90, y}), inputColour));
    QVERIFY(near(shownAt(view, {150, y}), outputColour));
    // Keys: Right moves it a step, Shift+Right ten, End all the way (the input everywhere).
    view.setFocus();
    QTest::keyClick(&view, Qt::Key_Right);
    QCOMPARE(view.dividerX(), 108);
    QTest::keyClick(&view, Qt::Key_Right, Qt::ShiftModifier);
    QCOMPARE(view.dividerX(), 148);
    QVERIFY(near(shownAt(view, {140, y}), inputColour));
    QTest::keyClick(&view, Qt::Key_End);
    QVERIFY(near(shownAt(view, {350, y}), inputColour));
    QTest::keyClick(&view, Qt::Key_Home);
    QVERIFY(near(shownAt(view, {30, y}), outputColour));
    // Pressing away from the divider pans (both images), leaving the divider where it is.
    QTest::keyClick(&view, Qt::Key_Right, Qt::ShiftModifier);
    view.zoom().zoomBy(3.0);
    QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(300, 150));
    QTest::mouseMove(&view, QPoint(320, 150));
    QTest::mouseMove(&view, QPoint(340, 150));
    QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(340, 150));
    QCOMPARE(view.dividerX(), 40);
    QVERIFY(view.zoom().centre().x() < 0.5);
    QCOMPARE(view.beforeRect(), view.afterRect()); // same shape: the input lies under the output exactly
}

void tst_Compare::paneOffersBeforeAfter()
{
    TaskDetailPane *pane = m_window->detailPane();
    m_window->selectTask(key(QStringLiteral("task1")));
    auto *toggle = pane->findChild<QToolButton *>(QStringLiteral("beforeAfterButton"));
    QVERIFY(toggle);
    QVERIFY(!toggle->isVisible()); // no input image
    m_window->selectTask(key(QStringLiteral("edit9")));
    QCOMPARE(pane->taskKey().id, QStringLiteral("edit9"));
    QVERIFY(toggle->isVisible());
    QCOMPARE(toggle->text(), QStringLiteral("Before / After"));
    toggle->click();
    auto *view = pane->findChild<BeforeAfterView *>();
    QVERIFY(view && view->isVisible());
    QVERIFY(!pane->previews().constFirst()->isVisible());
    QTRY_VERIFY(view->isLoaded());
    QTRY_VERIFY(view->height() > 100);
    const qreal y = view->afterRect().center().y();
    QVERIFY2(near(shownAt(*view, {view->width() * 0.25, y}), inputColour),
             qPrintable(colourName(shownAt(*view, {view->width() * 0.25, y}))));
    QVERIFY(near(shownAt(*view, {view->width() * 0.75, y}), outputColour));
    // In the pane a press anywhere takes the divider there.
    QTest::mouseClick(view, Qt::LeftButton, {}, QPoint(view->width() / 4, int(y)));
    QCOMPARE(view->dividerX(), view->width() / 4);
    QVERIFY(near(shownAt(*view, {view->width() * 0.3, y}), outputColour));
    saveShot(*m_window, QStringLiteral("pane-before-after"));
    // Another task without an input image: no toggle, the previews back.
    m_window->selectTask(key(QStringLiteral("task2")));
    QVERIFY(!toggle->isVisible());
    QVERIFY(!view->isVisible());
    QVERIFY(pane->previews().constFirst()->isVisible());

    // The viewer offers it for the edit's output, zoomed together.
    m_window->selectTask(key(QStringLiteral("edit9")));
    QVERIFY(view->isVisible()); // the choice stays for the next edit
    toggle->click();
    QCOMPARE(pane->previews().size(), 2);
    pane->openViewer(pane->previews().at(1));
    ImageViewer *viewer = pane->viewer();
    QVERIFY(viewer && QTest::qWaitForWindowExposed(viewer));
    auto *viewerToggle = viewer->findChild<QToolButton *>(QStringLiteral("beforeAfterButton"));
    QVERIFY(viewerToggle && viewerToggle->isVisible());
    QTest::keyClick(viewer, Qt::Key_B);
    QVERIFY(viewer->showsBeforeAfter());
    BeforeAfterView *inViewer = viewer->beforeAfterView();
    QTRY_VERIFY(inViewer->isLoaded());
    const QRectF fitted = inViewer->afterRect();
    QTest::keyClick(viewer, Qt::Key_Plus);
    QVERIFY(inViewer->afterRect().width() > fitted.width() * 1.2);
    QCOMPARE(inViewer->beforeRect(), inViewer->afterRect());
    const qreal vy = inViewer->height() / 2.0;
    QVERIFY(near(shownAt(*inViewer, {inViewer->width() * 0.45, vy}), inputColour));
    QVERIFY(near(shownAt(*inViewer, {inViewer->width() * 0.55, vy}), outputColour));
    saveShot(*viewer, QStringLiteral("viewer-before-after"));
    // The input preview itself has no before/after.
    pane->openViewer(pane->previews().at(0));
    QVERIFY(!viewerToggle->isVisible());
    QVERIFY(!viewer->showsBeforeAfter());
}

void tst_Compare::compareColumnBeforeAfter()
{
    CompareView *view = openCompare({QStringLiteral("task1"), QStringLiteral("edit9")});
    QVERIFY(view);
    CompareColumn *edit = columnOf(*view, QStringLiteral("edit9"));
    QVERIFY(edit->hasInputImage());
    QVERIFY(!columnOf(*view, QStringLiteral("task1"))->hasInputImage());
    edit->showBeforeAfter(true);
    BeforeAfterView &divided = edit->beforeAfterView();
    QVERIFY(divided.isVisible());
    QTRY_VERIFY(divided.isLoaded());
    // Under the window's zoom too.
    view->zoom().zoomBy(2.0);
    QCOMPARE(divided.afterRect().size(), divided.beforeRect().size());
    QVERIFY(divided.afterRect().width() > divided.width());
    const qreal y = divided.height() / 2.0;
    QVERIFY(near(shownAt(divided, {divided.width() * 0.4, y}), inputColour));
    QVERIFY(near(shownAt(divided, {divided.width() * 0.6, y}), outputColour));
    view->fitToWindow();
    saveShot(*view, QStringLiteral("compare-before-after"));
}

void tst_Compare::inChinese()
{
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/replimon_zh_CN.qm")));
    QCoreApplication::installTranslator(&translator);
    CompareView *view = openCompare({QStringLiteral("edit9"), QStringLiteral("task1"), QStringLiteral("failed7")});
    const auto restore = qScopeGuard([&translator] { QCoreApplication::removeTranslator(&translator); });
    QVERIFY(view);
    QVERIFY2(view->windowTitle().startsWith(QStringLiteral("对比：")), qPrintable(view->windowTitle()));
    columnOf(*view, QStringLiteral("edit9"))->showBeforeAfter(true);
    QTRY_VERIFY(columnOf(*view, QStringLiteral("edit9"))->beforeAfterView().isLoaded());
    QVERIFY(columnOf(*view, QStringLiteral("task1"))->inputRows().contains(QStringLiteral("种子：1001")));
    QCOMPARE(columnOf(*view, QStringLiteral("failed7"))->imageView().message(),
             QStringLiteral("失败\nCUDA out of memory"));
    QCOMPARE(m_compare->compareAction()->text(), QStringLiteral("Compare")); // made before the translator
    saveShot(*view, QStringLiteral("compare-zh"));
}

QTEST_MAIN(tst_Compare)
#include "tst_compare.moc"
