#include "CompareFixture.h"

#include "CompareActions.h"
#include "CompareColumn.h"
#include "CompareView.h"
#include "GalleryView.h"
#include "ImageCache.h"
#include "LockedImageView.h"
#include "MainWindow.h"
#include "TaskDetailPane.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "ViewModeSwitch.h"

#include <QAction>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

Prediction prediction(const QString &id, const QString &status, int outputs, const QJsonObject &extraInput = {},
                      bool dataRemoved = false)
{
    QJsonArray urls;
    for (int i = 0; i < outputs; ++i)
        urls.append(QStringLiteral("http://127.0.0.1:9/x/%1-%2.png").arg(id).arg(i));
    QJsonObject input{{QStringLiteral("prompt"), CompareFixture::promptOf(id.right(1).toInt())},
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

} // namespace

const QList<CompareFixture::Colours> CompareFixture::taskColours{{qRgb(220, 30, 30), qRgb(30, 200, 30)},
                                                                 {qRgb(30, 30, 220), qRgb(230, 220, 20)},
                                                                 {qRgb(200, 30, 200), qRgb(20, 200, 210)},
                                                                 {qRgb(240, 140, 20), qRgb(120, 60, 20)},
                                                                 {qRgb(250, 250, 250), qRgb(10, 10, 10)}};
const QRgb CompareFixture::inputColour = qRgb(40, 90, 230);
const QRgb CompareFixture::outputColour = qRgb(40, 200, 80);

QString CompareFixture::promptOf(int i)
{
    return QStringLiteral("a lighthouse at dusk, variant %1, in the style of an old postcard").arg(i);
}

bool CompareFixture::near(QRgb a, QRgb b, int tolerance)
{
    return std::abs(qRed(a) - qRed(b)) <= tolerance && std::abs(qGreen(a) - qGreen(b)) <= tolerance
        && std::abs(qBlue(a) - qBlue(b)) <= tolerance;
}

QRgb CompareFixture::shownAt(QWidget &widget, const QPointF &point)
{
    const QImage shot = widget.grab().toImage();
    return shot.pixel((point * shot.devicePixelRatio()).toPoint());
}

CompareColumn *CompareFixture::columnOf(const CompareView &view, const QString &id)
{
    for (CompareColumn *column : view.columns()) {
        if (column->taskKey().id == id)
            return column;
    }
    return nullptr;
}

CompareFixture::CompareFixture() = default;

CompareFixture::~CompareFixture()
{
    close();
}

QString CompareFixture::picture(const QString &name, QRgb left, QRgb right, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(left);
    for (int y = 0; y < size.height(); ++y)
        for (int x = size.width() / 2; x < size.width(); ++x)
            image.setPixel(x, y, right);
    const QString path = dir->filePath(name + QStringLiteral(".png"));
    return image.save(path) ? path : QString();
}

bool CompareFixture::open()
{
    dir = std::make_unique<QTemporaryDir>();
    qputenv("XDG_CACHE_HOME", dir->filePath(QStringLiteral("cache")).toUtf8());
    backend = std::make_unique<TestBackend>(TestBackend::offline());
    if (!backend->open()) {
        qWarning("%s", qPrintable(backend->errorString()));
        return false;
    }
    TaskStore &store = backend->store();
    const QString provider = backend->provider();
    const QStringList ids{QStringLiteral("task1"),   QStringLiteral("task2"),    QStringLiteral("task3"),
                          QStringLiteral("task4"),   QStringLiteral("task5"),    QStringLiteral("multi6"),
                          QStringLiteral("failed7"), QStringLiteral("expired8"), QStringLiteral("edit9")};
    if (!store.add(provider, ids))
        return false;
    inputPng = picture(QStringLiteral("input"), inputColour, inputColour, QSize(240, 160));
    QList<Prediction> answers;
    for (int i = 0; i < 5; ++i)
        answers.append(prediction(ids.at(i), QStringLiteral("succeeded"), 1));
    answers.append(prediction(ids.at(5), QStringLiteral("succeeded"), 2));
    answers.append(prediction(ids.at(6), QStringLiteral("failed"), 0));
    answers.append(prediction(ids.at(7), QStringLiteral("succeeded"), 1, {}, true));
    answers.append(prediction(ids.at(8), QStringLiteral("succeeded"), 1,
                              {{QStringLiteral("input_image"), QUrl::fromLocalFile(inputPng).toString()}}));
    if (!store.update(provider, answers))
        return false;
    for (int i = 0; i < 5; ++i) {
        const QString png = picture(ids.at(i), taskColours.at(i).left, taskColours.at(i).right);
        if (!store.setLocalFiles(key(ids.at(i)), {png}))
            return false;
    }
    // Saved in the other order (the second output first): outputs are told apart by the names saving gives.
    const QStringList multi{picture(QStringLiteral("multi6-2"), taskColours.at(1).left, taskColours.at(1).left),
                            picture(QStringLiteral("multi6-1"), taskColours.at(0).left, taskColours.at(0).left)};
    if (!store.setLocalFiles(key(ids.at(5)), multi)
        || !store.setLocalFiles(key(ids.at(8)), {picture(QStringLiteral("edit9"), outputColour, outputColour)}))
        return false;

    images = std::make_unique<ImageCache>(backend->nam(), dir->filePath(QStringLiteral("images")));
    window = std::make_unique<MainWindow>(backend->store(), backend->scheduler(), backend->settings());
    window->setDetailPane(new TaskDetailPane(*images));
    window->setHasApiKey(true);
    compare = std::make_unique<CompareActions>(*window, backend->store(), *images);
    window->resize(1100, 640);
    window->show();
    return QTest::qWaitForWindowExposed(window.get());
}

void CompareFixture::close()
{
    compare.reset();
    window.reset();
    images.reset();
    backend.reset();
    dir.reset();
}

bool CompareFixture::select(const QStringList &ids)
{
    QItemSelectionModel *selection = window->viewMode().gallery().selectionModel();
    const QAbstractItemModel *model = selection->model();
    selection->clearSelection();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (ids.contains(index.data(TaskTableModel::TaskKeyRole).value<TaskKey>().id))
            selection->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    return window->selectedKeys().size() == ids.size();
}

CompareView *CompareFixture::openCompare(const QStringList &ids)
{
    if (!select(ids))
        return nullptr;
    compare->compareAction()->trigger();
    CompareView *view = compare->view();
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

bool CompareFixture::saveShot(QWidget &widget, const QString &name)
{
    const QString suffix = widget.devicePixelRatioF() > 1.0 ? QStringLiteral("@2x.png") : QStringLiteral(".png");
    QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
    return widget.grab().save(QDir(QStringLiteral(REPLIMON_SCREENSHOT_DIR)).filePath(name + suffix));
}
