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

class tst_BeforeAfter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_f.open()); }
    void cleanup() { m_f.close(); }
    void beforeAfterDivider();
    void paneOffersBeforeAfter();
    void compareColumnBeforeAfter();

private:
    CompareFixture m_f;
};

void tst_BeforeAfter::beforeAfterDivider()
{
    BeforeAfterView view(*m_f.images);
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QString output = m_f.picture(QStringLiteral("after"), F::outputColour, F::outputColour, QSize(240, 160));
    view.setUrls(QUrl::fromLocalFile(m_f.inputPng), QUrl::fromLocalFile(output));
    QTRY_VERIFY(view.isLoaded());
    const QRectF shown = view.afterRect();
    const qreal y = shown.center().y() - 50; // above the divider's handle
    QCOMPARE(view.dividerX(), 200);
    QVERIFY(F::near(F::shownAt(view, {150, y}), F::inputColour));
    QVERIFY(F::near(F::shownAt(view, {250, y}), F::outputColour));
    QVERIFY(m_f.saveShot(view, QStringLiteral("before-after")));
    // Dragging the divider to a quarter: the output from there on.
    QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(200, int(y)));
    QTest::mouseMove(&view, QPoint(150, int(y)));
    QTest::mouseMove(&view, QPoint(100, int(y)));
    QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(100, int(y)));
    QCOMPARE(view.dividerX(), 100);
    QVERIFY(F::near(F::shownAt(view, {90, y}), F::inputColour));
    QVERIFY(F::near(F::shownAt(view, {150, y}), F::outputColour));
    // Keys: Right moves it a step, Shift+Right ten, End all the way (the input everywhere).
    view.setFocus();
    QTest::keyClick(&view, Qt::Key_Right);
    QCOMPARE(view.dividerX(), 108);
    QTest::keyClick(&view, Qt::Key_Right, Qt::ShiftModifier);
    QCOMPARE(view.dividerX(), 148);
    QVERIFY(F::near(F::shownAt(view, {140, y}), F::inputColour));
    QTest::keyClick(&view, Qt::Key_End);
    QVERIFY(F::near(F::shownAt(view, {350, y}), F::inputColour));
    QTest::keyClick(&view, Qt::Key_Home);
    QVERIFY(F::near(F::shownAt(view, {30, y}), F::outputColour));
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

void tst_BeforeAfter::paneOffersBeforeAfter()
{
    TaskDetailPane *pane = m_f.window->detailPane();
    m_f.window->selectTask(m_f.key(QStringLiteral("task1")));
    auto *toggle = pane->findChild<QToolButton *>(QStringLiteral("beforeAfterButton"));
    QVERIFY(toggle);
    QVERIFY(!toggle->isVisible()); // no input image
    m_f.window->selectTask(m_f.key(QStringLiteral("edit9")));
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
    QVERIFY2(F::near(F::shownAt(*view, {view->width() * 0.25, y}), F::inputColour),
             qPrintable(F::colourName(F::shownAt(*view, {view->width() * 0.25, y}))));
    QVERIFY(F::near(F::shownAt(*view, {view->width() * 0.75, y}), F::outputColour));
    // In the pane a press anywhere takes the divider there.
    QTest::mouseClick(view, Qt::LeftButton, {}, QPoint(view->width() / 4, int(y)));
    QCOMPARE(view->dividerX(), view->width() / 4);
    QVERIFY(F::near(F::shownAt(*view, {view->width() * 0.3, y}), F::outputColour));
    QVERIFY(m_f.saveShot(*m_f.window, QStringLiteral("pane-before-after")));
    // Another task without an input image: no toggle, the previews back.
    m_f.window->selectTask(m_f.key(QStringLiteral("task2")));
    QVERIFY(!toggle->isVisible());
    QVERIFY(!view->isVisible());
    QVERIFY(pane->previews().constFirst()->isVisible());

    // The viewer offers it for the edit's output, zoomed together.
    m_f.window->selectTask(m_f.key(QStringLiteral("edit9")));
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
    QVERIFY(F::near(F::shownAt(*inViewer, {inViewer->width() * 0.45, vy}), F::inputColour));
    QVERIFY(F::near(F::shownAt(*inViewer, {inViewer->width() * 0.55, vy}), F::outputColour));
    QCoreApplication::processEvents(); // the zoom bar's label is laid out again for its new text
    QVERIFY(m_f.saveShot(*viewer, QStringLiteral("viewer-before-after")));
    // The input preview itself has no before/after.
    pane->openViewer(pane->previews().at(0));
    QVERIFY(!viewerToggle->isVisible());
    QVERIFY(!viewer->showsBeforeAfter());
}

void tst_BeforeAfter::compareColumnBeforeAfter()
{
    CompareView *view = m_f.openCompare({QStringLiteral("task1"), QStringLiteral("edit9")});
    QVERIFY(view);
    CompareColumn *edit = F::columnOf(*view, QStringLiteral("edit9"));
    QVERIFY(edit->hasInputImage());
    QVERIFY(!F::columnOf(*view, QStringLiteral("task1"))->hasInputImage());
    edit->showBeforeAfter(true);
    BeforeAfterView &divided = edit->beforeAfterView();
    QVERIFY(divided.isVisible());
    QTRY_VERIFY(divided.isLoaded());
    // Under the window's zoom too.
    view->zoom().zoomBy(2.0);
    QCOMPARE(divided.afterRect().size(), divided.beforeRect().size());
    QVERIFY(divided.afterRect().width() > divided.width());
    const qreal y = divided.height() / 2.0;
    QVERIFY(F::near(F::shownAt(divided, {divided.width() * 0.4, y}), F::inputColour));
    QVERIFY(F::near(F::shownAt(divided, {divided.width() * 0.6, y}), F::outputColour));
    view->fitToWindow();
    QVERIFY(m_f.saveShot(*view, QStringLiteral("compare-before-after")));
}

QTEST_MAIN(tst_BeforeAfter)
#include "tst_beforeafter.moc"
