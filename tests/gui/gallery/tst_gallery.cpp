#include "GalleryDelegate.h"
#include "GalleryView.h"
#include "ImageCache.h"
#include "MainWindow.h"
#include "Settings.h"
#include "TaskDetailPane.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "TestBackend.h"
#include "ThumbnailStore.h"
#include "ViewModeSwitch.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMimeData>
#include <QSignalSpy>
#include <QScrollBar>
#include <QSlider>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {

const QRgb thumbColour = qRgb(200, 40, 40);

Prediction prediction(const QString &id, const QString &status, int outputs)
{
    QJsonArray urls;
    for (int i = 0; i < outputs; ++i)
        urls.append(QStringLiteral("http://127.0.0.1:9/x/%1-%2.png").arg(id).arg(i));
    QJsonObject object{
        {QStringLiteral("id"), id},
        {QStringLiteral("model"), QStringLiteral("black-forest-labs/flux-schnell")},
        {QStringLiteral("status"), status},
        {QStringLiteral("created_at"), QStringLiteral("2026-11-22T02:10:00.000Z")},
        {QStringLiteral("input"), QJsonObject{{QStringLiteral("prompt"), QStringLiteral("a red square")}}}};
    if (outputs > 0)
        object.insert(QStringLiteral("output"), urls);
    if (status == QLatin1String("failed"))
        object.insert(QStringLiteral("error"), QStringLiteral("CUDA out of memory"));
    return Prediction::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact)).value();
}

bool near(QRgb a, QRgb b, int tolerance = 24)
{
    return std::abs(qRed(a) - qRed(b)) <= tolerance && std::abs(qGreen(a) - qGreen(b)) <= tolerance
        && std::abs(qBlue(a) - qBlue(b)) <= tolerance;
}

} // namespace

class tst_Gallery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void sharesSelectionWithTable();
    void switchesAndRemembers();
    void paintsSavedThumbnail();
    void badgesAndPlaceholders();
    void dragsSavedFiles();
    void contextMenuOfTheTable();
    void screenshots();
    void scalesToManyTasks();

private:
    void makeWindow();
    QModelIndex rowOf(const QString &id) const;
    /// The gallery's viewport as shown, in device pixels.
    QImage grabGallery() const;
    bool waitForThumbnail();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<ImageCache> m_images;
    std::unique_ptr<ThumbnailStore> m_thumbnails;
    std::unique_ptr<MainWindow> m_window;
    QString m_png;
};

void tst_Gallery::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    qputenv("XDG_CACHE_HOME", m_dir->filePath(QStringLiteral("cache")).toUtf8());
    m_backend = std::make_unique<TestBackend>(TestBackend::offline());
    QVERIFY2(m_backend->open(), qPrintable(m_backend->errorString()));
    TaskStore &store = m_backend->store();
    const QString provider = m_backend->provider();
    const QStringList ids{QStringLiteral("saved"), QStringLiteral("four"), QStringLiteral("failed"),
                          QStringLiteral("running"), QStringLiteral("canceled")};
    QVERIFY(store.add(provider, ids));
    QVERIFY(store.update(
        provider,
        {prediction(ids.at(0), QStringLiteral("succeeded"), 1), prediction(ids.at(1), QStringLiteral("succeeded"), 4),
         prediction(ids.at(2), QStringLiteral("failed"), 0), prediction(ids.at(3), QStringLiteral("processing"), 0),
         prediction(ids.at(4), QStringLiteral("canceled"), 0)}));
    QImage picture(300, 200, QImage::Format_RGB32);
    picture.fill(thumbColour);
    m_png = m_dir->filePath(QStringLiteral("saved.png"));
    QVERIFY(picture.save(m_png));
    QVERIFY(store.setLocalFiles(TaskKey{provider, ids.at(0)}, {m_png}));
    QVERIFY(store.setStarred({TaskKey{provider, ids.at(0)}}, true));

    m_images = std::make_unique<ImageCache>(m_backend->nam(), m_dir->filePath(QStringLiteral("images")));
    ThumbnailStore::Options options;
    options.threads = 1;
    m_thumbnails = std::make_unique<ThumbnailStore>(*m_images, options);
    makeWindow();
}

void tst_Gallery::cleanup()
{
    m_window.reset();
    m_thumbnails.reset();
    m_images.reset();
    m_backend.reset();
    m_dir.reset();
}

void tst_Gallery::makeWindow()
{
    m_window = std::make_unique<MainWindow>(m_backend->store(), m_backend->scheduler(), m_backend->settings());
    m_window->setDetailPane(new TaskDetailPane(*m_images));
    m_window->viewMode().attach(*m_thumbnails, nullptr);
    m_window->setHasApiKey(true);
    m_window->resize(1200, 640);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

QModelIndex tst_Gallery::rowOf(const QString &id) const
{
    const QAbstractItemModel *model = m_window->viewMode().gallery().model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(TaskTableModel::TaskKeyRole).value<TaskKey>().id == id)
            return model->index(row, 0);
    }
    return {};
}

QImage tst_Gallery::grabGallery() const
{
    QWidget *viewport = m_window->viewMode().gallery().viewport();
    return viewport->grab().toImage();
}

bool tst_Gallery::waitForThumbnail()
{
    GalleryView &gallery = m_window->viewMode().gallery();
    const ThumbnailId id{rowOf(QStringLiteral("saved")).data(TaskTableModel::TaskKeyRole).value<TaskKey>(), 0,
                         gallery.delegate().thumbnailSize(gallery.devicePixelRatioF())};
    return QTest::qWaitFor([&] { return !m_thumbnails->cached(id).isNull(); }, 30000);
}

void tst_Gallery::sharesSelectionWithTable()
{
    ViewModeSwitch &mode = m_window->viewMode();
    mode.showGallery(true);
    GalleryView &gallery = mode.gallery();
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("tableView"));
    QVERIFY(table);
    QCOMPARE(gallery.selectionModel(), table->selectionModel());
    // A click in the gallery selects the row in the table and shows the task in the detail pane.
    const QModelIndex failed = rowOf(QStringLiteral("failed"));
    QVERIFY(failed.isValid());
    QTest::mouseClick(gallery.viewport(), Qt::LeftButton, {}, gallery.visualRect(failed).center());
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(table->selectionModel()->selectedRows().constFirst().row(), failed.row());
    QCOMPARE(m_window->detailPane()->taskKey().id, QStringLiteral("failed"));
    QCOMPARE(m_window->selectedKeys().size(), 1);
    // Selecting in the table shows in the gallery.
    mode.showGallery(false);
    m_window->selectTask(rowOf(QStringLiteral("four")).data(TaskTableModel::TaskKeyRole).value<TaskKey>());
    mode.showGallery(true);
    QCOMPARE(gallery.selectionModel()->selectedRows().size(), 1);
    QCOMPARE(gallery.currentIndex().row(), rowOf(QStringLiteral("four")).row());
    QCOMPARE(m_window->detailPane()->taskKey().id, QStringLiteral("four"));
    // Shift+End extends the selection from the keyboard.
    gallery.setFocus();
    QTest::keyClick(&gallery, Qt::Key_End, Qt::ShiftModifier);
    QVERIFY(gallery.selectionModel()->selectedRows().size() > 1);
}

void tst_Gallery::switchesAndRemembers()
{
    ViewModeSwitch &mode = m_window->viewMode();
    auto *stack = m_window->findChild<QStackedWidget *>(QStringLiteral("viewStack"));
    QVERIFY(stack);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QVERIFY(mode.showsGallery());
    QCOMPARE(stack->currentWidget()->isAncestorOf(&mode.gallery()), true);
    QVERIFY(mode.galleryAction()->isChecked());
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QVERIFY(!mode.showsGallery());
    QVERIFY(mode.tableAction()->isChecked());
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    mode.sizeSlider().setValue(240);
    QCOMPARE(mode.gallery().cellSize(), 240);
    // Ctrl+wheel steps the size.
    QWheelEvent wheel(QPointF(20, 20), mode.gallery().viewport()->mapToGlobal(QPointF(20, 20)), {}, QPoint(0, 120),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(mode.gallery().viewport(), &wheel);
    QCOMPARE(mode.sizeSlider().value(), 256);

    // A restart: a new window over the settings file read again.
    m_window->close();
    m_window.reset();
    m_backend->settings().sync();
    m_backend->reloadSettings();
    QCOMPARE(m_backend->settings().viewMode(), Settings::ViewMode::Gallery);
    makeWindow();
    QVERIFY(m_window->viewMode().showsGallery());
    QCOMPARE(m_window->viewMode().gallery().cellSize(), 256);
    QCOMPARE(m_window->viewMode().sizeSlider().value(), 256);
}

void tst_Gallery::paintsSavedThumbnail()
{
    ViewModeSwitch &mode = m_window->viewMode();
    mode.showGallery(true);
    mode.sizeSlider().setValue(160);
    GalleryView &gallery = mode.gallery();
    QSignalSpy ready(m_thumbnails.get(), &ThumbnailStore::thumbnailReady);
    QVERIFY(waitForThumbnail());
    QVERIFY(ready.size() >= 1);
    QCOMPARE(ready.constFirst().constFirst().value<ThumbnailId>().size,
             ThumbnailStore::sizeFor(int((160 - 8) * gallery.devicePixelRatioF())));
    QTest::qWait(50);
    const QRect cell = gallery.visualRect(rowOf(QStringLiteral("saved")));
    const QImage shot = grabGallery();
    const qreal dpr = shot.devicePixelRatio();
    const QPoint centre = cell.topLeft() + QPoint(80, 80);
    const QRgb pixel = shot.pixel((QPointF(centre) * dpr).toPoint());
    QVERIFY2(near(pixel, thumbColour), qPrintable(QColor(pixel).name()));
    // Another cell (the failed task) is not painted with it.
    const QRect other = gallery.visualRect(rowOf(QStringLiteral("failed")));
    QVERIFY(!near(shot.pixel((QPointF(other.topLeft() + QPoint(80, 80)) * dpr).toPoint()), thumbColour));
}

void tst_Gallery::badgesAndPlaceholders()
{
    ViewModeSwitch &mode = m_window->viewMode();
    mode.showGallery(true);
    GalleryView &gallery = mode.gallery();
    GalleryDelegate &delegate = gallery.delegate();
    const TaskStore &store = m_backend->store();
    const auto task = [&](const QString &id) {
        return store.task(rowOf(id).data(TaskTableModel::TaskKeyRole).value<TaskKey>());
    };
    QCOMPARE(delegate.placeholderText(*task(QStringLiteral("failed")), {}), QStringLiteral("Failed"));
    QCOMPARE(delegate.placeholderText(*task(QStringLiteral("canceled")), {}), QStringLiteral("Canceled"));
    QTest::qWait(100);
    const QImage shot = grabGallery();
    const qreal dpr = shot.devicePixelRatio();
    const QColor box = gallery.palette().color(QPalette::AlternateBase);
    // The failed placeholder has an icon and a word in its box, not an empty box: count pixels unlike it.
    const auto inked = [&](const QRect &area) {
        int count = 0;
        for (int y = area.top(); y <= area.bottom(); ++y)
            for (int x = area.left(); x <= area.right(); ++x)
                count += near(shot.pixel(QPointF(QPointF(x, y) * dpr).toPoint()), box.rgb(), 10) ? 0 : 1;
        return count;
    };
    const QRect failed = gallery.visualRect(rowOf(QStringLiteral("failed")));
    QVERIFY2(inked(QRect(failed.topLeft() + QPoint(20, 30), QSize(120, 100))) > 100, "failed placeholder empty");
    // The 4-output task has a "+3" badge at its box's top right, in the tooltip colours.
    const QRect four = gallery.visualRect(rowOf(QStringLiteral("four")));
    const QRect badgeArea(four.left() + 160 - 4 - 4 - 30, four.top() + 8, 26, 12);
    QVERIFY2(inked(badgeArea) > 60, "no +N badge");
    const QRect noBadge(four.left() + 20, four.top() + 8, 26, 12);
    QCOMPARE(inked(noBadge), 0);
}

void tst_Gallery::dragsSavedFiles()
{
    GalleryView &gallery = m_window->viewMode().gallery();
    std::unique_ptr<QMimeData> mime(gallery.filesMimeData({rowOf(QStringLiteral("saved"))}));
    QVERIFY(mime);
    QCOMPARE(mime->urls(), QList<QUrl>{QUrl::fromLocalFile(m_png)});
    // Nothing to drag from a task without saved files.
    QVERIFY(!gallery.filesMimeData({rowOf(QStringLiteral("four")), rowOf(QStringLiteral("failed"))}));
}

void tst_Gallery::contextMenuOfTheTable()
{
    ViewModeSwitch &mode = m_window->viewMode();
    mode.showGallery(true);
    GalleryView &gallery = mode.gallery();
    const QRect cell = gallery.visualRect(rowOf(QStringLiteral("failed")));
    QTest::mouseClick(gallery.viewport(), Qt::LeftButton, {}, cell.center());
    QList<QAction *> shown;
    QTimer::singleShot(100, this, [&shown] {
        if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            shown = menu->actions();
            menu->close();
        }
    });
    Q_EMIT gallery.customContextMenuRequested(cell.center());
    auto *copy = m_window->findChild<QAction *>(QStringLiteral("actionCopyId"));
    auto *remove = m_window->findChild<QAction *>(QStringLiteral("actionRemove"));
    QVERIFY(copy && remove);
    QVERIFY(shown.contains(copy));
    QVERIFY(shown.contains(remove));
    QVERIFY(copy->isEnabled());
    // Copy ID works from the gallery (the table's shortcut actions are the gallery's too).
    QVERIFY(gallery.actions().contains(copy));
    copy->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("failed"));
}

void tst_Gallery::screenshots()
{
    ViewModeSwitch &mode = m_window->viewMode();
    mode.showGallery(true);
    mode.sizeSlider().setValue(160);
    QVERIFY(waitForThumbnail());
    QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
    const QString suffix = m_window->devicePixelRatioF() > 1.0 ? QStringLiteral("@2x.png") : QStringLiteral(".png");
    const QDir folder(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
    m_window->viewMode().gallery().selectionModel()->select(
        rowOf(QStringLiteral("four")), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::qWait(100);
    QVERIFY(m_window->grab().save(folder.filePath(QStringLiteral("gallery-light") + suffix)));
    const QPalette light = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x33));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    dark.setColor(QPalette::ToolTipBase, QColor(0x44, 0x44, 0x44));
    dark.setColor(QPalette::ToolTipText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x6e, 0xb4));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    QApplication::setPalette(dark);
    QTest::qWait(100);
    const bool saved = m_window->grab().save(folder.filePath(QStringLiteral("gallery-dark") + suffix));
    QApplication::setPalette(light);
    QVERIFY(saved);
    qInfo("screenshots in %s", qPrintable(folder.path()));
}

void tst_Gallery::scalesToManyTasks()
{
    constexpr int count = 100000;
    QList<Task> tasks;
    tasks.reserve(count);
    for (int i = 0; i < count; ++i) {
        Task task;
        task.key = TaskKey{m_backend->provider(), QStringLiteral("many%1").arg(i, 6, 10, QLatin1Char('0'))};
        task.status = PredictionStatus::Succeeded;
        task.model = QStringLiteral("black-forest-labs/flux-schnell");
        task.outputUrlTexts = {QStringLiteral("http://127.0.0.1:9/%1.png").arg(i)};
        tasks.append(task);
    }
    QVERIFY(m_backend->store().addRestored(tasks));
    ViewModeSwitch &mode = m_window->viewMode();
    mode.sizeSlider().setValue(96);
    QTRY_COMPARE(mode.gallery().model()->rowCount(), count + 5);
    QElapsedTimer timer;
    timer.start();
    mode.showGallery(true);
    GalleryView &gallery = mode.gallery();
    gallery.doItemsLayout();
    gallery.scrollToBottom();
    QVERIFY(gallery.verticalScrollBar()->maximum() > count / 20 * 96);
    QVERIFY(!gallery.grab().isNull());
    gallery.verticalScrollBar()->setValue(gallery.verticalScrollBar()->maximum() / 2);
    QVERIFY(!gallery.grab().isNull());
    // How long it took is the benchmarks' business (gallery.* in bench-results.json): logged, not asserted.
    qInfo("100 000 tasks: layout, two scrolls and two paints in %lld ms", timer.elapsed());
    // Only the cells on screen and a screen ahead are asked for.
    const QList<ThumbnailId> wanted = gallery.wantedThumbnails();
    QVERIFY(!wanted.isEmpty());
    QVERIFY2(wanted.size() < 400, qPrintable(QString::number(wanted.size())));
    QVERIFY(wanted.constFirst().task.id.startsWith(QLatin1String("many")));
    // Selecting a task (a new Remix, a link in the pane) brings it into the gallery's view when it is shown.
    const int middle = gallery.verticalScrollBar()->value();
    const TaskKey first = gallery.model()->index(0, 0).data(TaskTableModel::TaskKeyRole).value<TaskKey>();
    m_window->selectTask(first);
    QVERIFY2(gallery.verticalScrollBar()->value() < middle / 2,
             qPrintable(QStringLiteral("%1 of %2").arg(gallery.verticalScrollBar()->value()).arg(middle)));
    QCOMPARE(gallery.currentIndex().data(TaskTableModel::TaskKeyRole).value<TaskKey>(), first);
}

QTEST_MAIN(tst_Gallery)
#include "tst_gallery.moc"
