#include "BeforeAfterView.h"
#include "CompareActions.h"
#include "CompareColumn.h"
#include "CompareFixture.h"
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

using F = CompareFixture;

class tst_Compare final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_f.open()); }
    void cleanup() { m_f.close(); }
    void actionFollowsSelection();
    void comparesTwo();
    void comparesFourLocked();
    void stepsOutputsAndPlaceholders();
    void inChinese();

private:
    CompareFixture m_f;
};

void tst_Compare::actionFollowsSelection()
{
    QAction *compare = m_f.compare->compareAction();
    QCOMPARE(compare->shortcut(), QKeySequence(Qt::Key_C));
    QVERIFY(m_f.select({QStringLiteral("task1")}));
    QVERIFY(!compare->isEnabled());
    QVERIFY(compare->toolTip().contains(QLatin1String("Select 2 to 4")));
    QVERIFY(m_f.select({QStringLiteral("task1"), QStringLiteral("task2")}));
    QVERIFY(compare->isEnabled());
    QVERIFY(m_f.select(
        {QStringLiteral("task1"), QStringLiteral("task2"), QStringLiteral("task3"), QStringLiteral("task4")}));
    QVERIFY(compare->isEnabled());
    QVERIFY(m_f.select({QStringLiteral("task1"), QStringLiteral("task2"), QStringLiteral("task3"),
                        QStringLiteral("task4"), QStringLiteral("task5")}));
    QVERIFY(!compare->isEnabled());
    QCOMPARE(compare->toolTip(), QStringLiteral("Compare shows at most 4 tasks; 5 are selected."));
    // A refresh of the window's actions (any change of the tasks) leaves it to its owner.
    QVERIFY(m_f.select({QStringLiteral("task1"), QStringLiteral("task2")}));
    QVERIFY(m_f.backend->store().setStarred({m_f.key(QStringLiteral("task1"))}, true));
    QTest::qWait(20);
    QVERIFY(compare->isEnabled());

    // In the Prediction menu and the tasks' context menu (the gallery's too), tool tips shown.
    QVERIFY(m_f.select({QStringLiteral("task2"), QStringLiteral("task3")}));
    auto *menu = m_f.window->findChild<QMenu *>(QStringLiteral("menuView"));
    QVERIFY(menu && menu->actions().contains(compare));
    QVERIFY(menu->toolTipsVisible());
    ViewModeSwitch &mode = m_f.window->viewMode();
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
    m_f.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_f.window.get()));
    QTest::keyClick(&gallery, Qt::Key_C);
    QVERIFY(m_f.compare->view());
    QCOMPARE(m_f.compare->view()->taskKeys().size(), 2);
}

void tst_Compare::comparesTwo()
{
    CompareView *view = m_f.openCompare({QStringLiteral("task1"), QStringLiteral("task2")});
    QVERIFY(view);
    QCOMPARE(view->columns().size(), 2);
    // In the selection's order.
    QCOMPARE(view->taskKeys(), m_f.window->selectedKeys());
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
        QVERIFY2(F::near(F::shownAt(image, left), F::taskColours.at(i).left),
                 qPrintable(F::colourName(F::shownAt(image, left))));
        QVERIFY2(F::near(F::shownAt(image, right), F::taskColours.at(i).right),
                 qPrintable(F::colourName(F::shownAt(image, right))));
        QCOMPARE(column->promptText(), F::promptOf(i + 1));
        QVERIFY(column->findChild<QPlainTextEdit *>()->isVisible());
        const QStringList rows = column->inputRows();
        QVERIFY2(rows.contains(QStringLiteral("Seed: %1").arg(1001 + i)), qPrintable(rows.join(u'|')));
        QVERIFY(rows.contains(QStringLiteral("Model: black-forest-labs/flux-dev")));
        QVERIFY(rows.contains(QStringLiteral("Aspect ratio: 3:2")));
        QVERIFY(rows.contains(QStringLiteral("Steps: 28")));
    }
    QVERIFY(m_f.saveShot(*view, QStringLiteral("compare-2")));
}

void tst_Compare::comparesFourLocked()
{
    CompareView *view = m_f.openCompare(
        {QStringLiteral("task1"), QStringLiteral("task2"), QStringLiteral("task3"), QStringLiteral("task4")});
    QVERIFY(view);
    QCOMPARE(view->columns().size(), 4);
    QVERIFY(m_f.saveShot(*view, QStringLiteral("compare-4")));
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
        QVERIFY2(F::near(F::shownAt(image, centreOf(image)), F::taskColours.at(i).right),
                 qPrintable(F::colourName(F::shownAt(image, centreOf(image)))));
    }
    QVERIFY(m_f.saveShot(*view, QStringLiteral("compare-4-zoomed")));
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
        QVERIFY2(F::near(F::shownAt(image, centreOf(image)), F::taskColours.at(i).left),
                 qPrintable(F::colourName(F::shownAt(image, centreOf(image)))));
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
    CompareView *view = m_f.openCompare(
        {QStringLiteral("multi6"), QStringLiteral("failed7"), QStringLiteral("expired8")});
    QVERIFY(view);
    CompareColumn *multi = F::columnOf(*view, QStringLiteral("multi6"));
    QCOMPARE(multi->outputCount(), 2);
    LockedImageView &image = multi->imageView();
    const QPointF middle = QRectF(image.rect()).center();
    QVERIFY(F::near(F::shownAt(image, middle), F::taskColours.at(0).left));
    auto *next = multi->findChildren<QToolButton *>().value(2);
    QVERIFY(next && next->isVisible() && next->arrowType() == Qt::RightArrow);
    next->click();
    QTRY_VERIFY(image.isLoaded());
    QTRY_VERIFY2(F::near(F::shownAt(image, middle), F::taskColours.at(1).left),
                 qPrintable(F::colourName(F::shownAt(image, middle))));
    QCOMPARE(multi->outputIndex(), 1);
    QVERIFY(!next->isEnabled());
    // Where there is no image, the column says why.
    CompareColumn *failed = F::columnOf(*view, QStringLiteral("failed7"));
    QCOMPARE(failed->imageView().message(), QStringLiteral("Failed\nCUDA out of memory"));
    QCOMPARE(F::columnOf(*view, QStringLiteral("expired8"))->imageView().message(),
             QStringLiteral("Expired, not saved"));
    QVERIFY(!failed->imageView().isLoaded());
    QVERIFY(m_f.saveShot(*view, QStringLiteral("compare-placeholders")));
}

void tst_Compare::inChinese()
{
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/replimon_zh_CN.qm")));
    QCoreApplication::installTranslator(&translator);
    CompareView *view = m_f.openCompare({QStringLiteral("edit9"), QStringLiteral("task1"), QStringLiteral("failed7")});
    const auto restore = qScopeGuard([&translator] { QCoreApplication::removeTranslator(&translator); });
    QVERIFY(view);
    QVERIFY2(view->windowTitle().startsWith(QStringLiteral("对比：")), qPrintable(view->windowTitle()));
    F::columnOf(*view, QStringLiteral("edit9"))->showBeforeAfter(true);
    QTRY_VERIFY(F::columnOf(*view, QStringLiteral("edit9"))->beforeAfterView().isLoaded());
    QVERIFY(F::columnOf(*view, QStringLiteral("task1"))->inputRows().contains(QStringLiteral("种子：1001")));
    QCOMPARE(F::columnOf(*view, QStringLiteral("failed7"))->imageView().message(),
             QStringLiteral("失败\nCUDA out of memory"));
    QCOMPARE(m_f.compare->compareAction()->text(), QStringLiteral("Compare")); // made before the translator
    QVERIFY(m_f.saveShot(*view, QStringLiteral("compare-zh")));
}

QTEST_MAIN(tst_Compare)
#include "tst_compare.moc"
