// The detail pane offscreen, fed real predictions from replimon-sim through a real store, with images
// through the ImageCache and outputs saved through OutputSaver. Screenshots of each state are written to
// the build folder.
#include "DisplayText.h"
#include "FileDownloader.h"
#include "ImageCache.h"
#include "ImagePreview.h"
#include "ImageViewer.h"
#include "MainWindow.h"
#include "OutputSaver.h"
#include "PollScheduler.h"
#include "PredictionClient.h"
#include "Settings.h"
#include "TaskDetailPane.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "TestBackend.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QWheelEvent>

using namespace std::chrono_literals;

namespace {

constexpr int imageWaitMs = 20000;

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}

QString statusNameOf(const Task &task)
{
    return DisplayText::statusName(task.status, task.statusText, task.hasPrediction());
}

QString labelText(const QWidget &root, const char *name)
{
    const auto *label = root.findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
}

bool isShown(const QWidget &root, const char *name)
{
    const auto *widget = root.findChild<QWidget *>(QLatin1String(name));
    return widget && widget->isVisibleTo(&root);
}

QStringList formCaptions(const QWidget &root, const char *name)
{
    QStringList captions;
    const auto *form = root.findChild<QFormLayout *>(QLatin1String(name));
    if (!form)
        return captions;
    for (int row = 0; row < form->rowCount(); ++row) {
        if (const QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole))
            captions.append(qobject_cast<QLabel *>(item->widget())->text());
    }
    return captions;
}

QString formValue(const QWidget &root, const char *name, const QString &caption)
{
    const auto *form = root.findChild<QFormLayout *>(QLatin1String(name));
    for (int row = 0; form && row < form->rowCount(); ++row) {
        const auto *label = qobject_cast<QLabel *>(form->itemAt(row, QFormLayout::LabelRole)->widget());
        if (label && label->text() == caption)
            return qobject_cast<QLabel *>(form->itemAt(row, QFormLayout::FieldRole)->widget())->text();
    }
    return {};
}

QStringList filesIn(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class tst_TaskDetailPane final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void succeededTask();
    void failedTask();
    void runningTask();
    void capturedTaskSaysWhereFrom();
    void logsFollowTheTailUnlessScrolledUp();
    void outputFormats_data();
    void outputFormats();
    void nextTaskShowsItsOwnImages();
    void textOutputIsShownAsText();
    void textFileOutputIsShownAsText();
    void otherInputsFollowInServerOrder();
    void imagesNeverCarryTheKey();
    void viewerFitsZoomsAndPans();
    void dragCarriesAFile();
    void saveOutputThroughThePane();
    void downloadIsAtomic();
    void canceledSaveLeavesNothing();
    void autoDownloadOnSuccess();
    void localCopySurvivesDataRemoved();
    void mainWindowFeedsThePane();

private:
    Task fetchTask(const QString &id);
    bool waitForImages(int timeoutMs = imageWaitMs);
    void saveScreenshot(const QString &name);
    QString provider() const { return ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom); }

    static TestBackend::Options options();

    TestBackend m_backend{options()};
    SimProcess &m_sim = m_backend.sim();
    QString m_downloads;
    std::unique_ptr<OutputSaver> m_saver;
    std::unique_ptr<ImageCache> m_cache;
    std::unique_ptr<TaskDetailPane> m_pane;
};

TestBackend::Options tst_TaskDetailPane::options()
{
    TestBackend::Options options;
    options.simArguments = QStringList{QStringLiteral("--random-seed"), QStringLiteral("7"),
                                       QStringLiteral("--image-size"), QStringLiteral("384")};
    return options;
}

void tst_TaskDetailPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
}

void tst_TaskDetailPane::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    m_downloads = m_backend.filePath(QStringLiteral("downloads"));
    m_saver = std::make_unique<OutputSaver>(m_backend.downloader(), m_backend.store());
    m_cache = std::make_unique<ImageCache>(m_backend.nam(), m_backend.filePath(QStringLiteral("cache")));
    m_pane = std::make_unique<TaskDetailPane>(*m_cache);
    m_pane->setSaveFolder(m_downloads);
    connect(m_pane.get(), &TaskDetailPane::saveRequested, m_saver.get(),
            [this](const TaskKey &key) { m_saver->save(key, m_downloads); });
    connect(m_pane.get(), &TaskDetailPane::saveCancelRequested, m_saver.get(), &OutputSaver::cancel);
    connect(m_saver.get(), &OutputSaver::saveStarted, m_pane.get(), &TaskDetailPane::onSaveStarted);
    connect(m_saver.get(), &OutputSaver::progress, m_pane.get(), &TaskDetailPane::onSaveProgress);
    connect(m_saver.get(), &OutputSaver::saved, m_pane.get(), &TaskDetailPane::onSaved);
    connect(m_saver.get(), &OutputSaver::saveFailed, m_pane.get(), &TaskDetailPane::onSaveFailed);
    // What MainWindow does: the pane follows the store.
    connect(&m_backend.store(), &TaskStore::tasksChanged, m_pane.get(), [this](const QList<TaskKey> &keys) {
        if (m_pane->hasTask() && keys.contains(m_pane->taskKey()))
            m_pane->setTask(m_backend.store().task(m_pane->taskKey()));
    });
    m_pane->resize(480, 1320);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
}

void tst_TaskDetailPane::cleanup()
{
    m_pane.reset();
    m_cache.reset();
    m_saver.reset();
    m_backend.close();
    m_sim.clearFaults();
}

Task tst_TaskDetailPane::fetchTask(const QString &id)
{
    const TaskKey key{provider(), id};
    if (!m_backend.store().contains(key) && !m_backend.store().add(provider(), {id})) {
        qWarning("adding %s failed", qPrintable(id));
        return {};
    }
    QSignalSpy received(&m_backend.client(), &PredictionClient::predictionReceived);
    QSignalSpy failed(&m_backend.client(), &PredictionClient::requestFailed);
    m_backend.client().fetch(id);
    if (!QTest::qWaitFor([&] { return !received.isEmpty() || !failed.isEmpty(); }, 10000) || received.isEmpty()) {
        qWarning("fetching %s failed", qPrintable(id));
        return {};
    }
    if (!m_backend.store().update(provider(), {received.constFirst().at(1).value<Prediction>()})) {
        qWarning("storing %s failed", qPrintable(id));
        return {};
    }
    return *m_backend.store().task(key);
}

bool tst_TaskDetailPane::waitForImages(int timeoutMs)
{
    return QTest::qWaitFor(
        [this] {
            const auto previews = m_pane->previews();
            return std::none_of(previews.cbegin(), previews.cend(),
                                [](const ImagePreview *preview) { return preview->isBusy(); });
        },
        timeoutMs);
}

void tst_TaskDetailPane::saveScreenshot(const QString &name)
{
    QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
    // A HiDPI run (QT_SCALE_FACTOR=2) keeps its own pictures.
    const QString suffix = m_pane->devicePixelRatioF() > 1.0 ? QStringLiteral("@2x.png") : QStringLiteral(".png");
    const QString path =
        QDir(QStringLiteral(REPLIMON_SCREENSHOT_DIR)).filePath(QString(name).replace(QStringLiteral(".png"), suffix));
    QTest::qWait(150); // relayouts and the previews' resize requests settle first
    QVERIFY(waitForImages());
    QVERIFY(m_pane->grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

void tst_TaskDetailPane::succeededTask()
{
    const QStringList ids = m_sim.createPredictions(
        json(R"({"queue_ms": 1200, "run_ms": 2500, "age_ms": 10000, "outcome": "succeeded",
                "output_shape": "array", "image_count": 2, "output_format": "png",
                "prompt": "A lighthouse on a cliff at dusk, waves crashing below, warm light in the lantern room"})"));
    QCOMPARE(ids.size(), 1);
    const Task task = fetchTask(ids.constFirst());
    QCOMPARE(task.status, PredictionStatus::Succeeded);
    QCOMPARE(task.outputUrlTexts.size(), 2);

    m_pane->setTask(&task);
    const QWidget &pane = *m_pane;
    QCOMPARE(labelText(pane, "idLabel"), ids.constFirst());
    QCOMPARE(labelText(pane, "statusBadge"), statusNameOf(task));
    QVERIFY(labelText(pane, "modelLabel").contains(QLatin1String("black-forest-labs/flux-kontext-pro")));
    QVERIFY(labelText(pane, "modelLabel").contains(QLatin1String("version hidden")));
    QCOMPARE(labelText(pane, "promptLabel"), task.prompt);

    // The seed's six inputs, labelled, in the seed's order.
    QCOMPARE(formCaptions(pane, "inputsForm"),
             (QStringList{QStringLiteral("Prompt"), QStringLiteral("Input image"), QStringLiteral("Aspect ratio"),
                          QStringLiteral("Output format"), QStringLiteral("Safety tolerance"),
                          QStringLiteral("Prompt upsampling")}));
    QCOMPARE(formValue(pane, "inputsForm", QStringLiteral("Output format")), QStringLiteral("png"));
    QCOMPARE(formValue(pane, "inputsForm", QStringLiteral("Prompt upsampling")), QStringLiteral("No"));

    // Times: queue 1.2 s and run 2.5 s exactly, as the sim set them.
    QCOMPARE(labelText(pane, "queueValue"), DisplayText::duration(1.2, QLocale()));
    QCOMPARE(labelText(pane, "runValue"), DisplayText::duration(2.5, QLocale()));
    QVERIFY(labelText(pane, "createdValue") != QStringLiteral("—"));

    const QStringList metrics = formCaptions(pane, "metricsForm");
    QVERIFY(metrics.contains(QStringLiteral("Predict time")));
    QVERIFY(metrics.contains(QStringLiteral("Images")));
    QCOMPARE(formValue(pane, "metricsForm", QStringLiteral("Images")), QStringLiteral("2"));

    QVERIFY(!isShown(pane, "errorBox"));
    QVERIFY(isShown(pane, "saveButton"));
    QVERIFY(!isShown(pane, "openFileButton"));
    QVERIFY(pane.findChild<QPushButton *>(QStringLiteral("cancelButton"))->isEnabled() == false);

    // The raw JSON is pretty-printed in the server's key order (QJsonDocument would sort it).
    const QString json = pane.findChild<QPlainTextEdit *>(QStringLiteral("jsonEdit"))->toPlainText();
    QVERIFY2(json.startsWith(QStringLiteral("{\n  \"id\": \"") + ids.constFirst()), qPrintable(json.left(80)));
    QVERIFY(json.indexOf(QLatin1String("\"logs\"")) < json.indexOf(QLatin1String("\"data_removed\"")));
    QVERIFY(pane.findChild<QPlainTextEdit *>(QStringLiteral("jsonEdit"))->isReadOnly());
    QVERIFY(pane.findChild<QPlainTextEdit *>(QStringLiteral("logsEdit"))
                ->toPlainText()
                .contains(QLatin1String("Total safe images: 2 out of 2")));

    // Unsaved outputs expire an hour after completion; the pane says when.
    QCOMPARE(m_pane->expiresAt(), task.completedAt.addSecs(3600));
    m_pane->setNow(task.completedAt.addSecs(20 * 60));
    QVERIFY(isShown(pane, "noticeLabel"));
    QVERIFY2(labelText(pane, "noticeLabel").contains(QLatin1String("in 40 min")),
             qPrintable(labelText(pane, "noticeLabel")));
    m_pane->setNow(task.completedAt.addSecs(2 * 3600));
    QVERIFY(labelText(pane, "noticeLabel").contains(QLatin1String("may already be gone")));
    m_pane->setNow(task.completedAt.addSecs(20 * 60));

    // Input and both outputs, side by side, decoded at the size they are shown in device pixels (crisp on
    // HiDPI screens: ctest runs this case again at a device pixel ratio of 2).
    QCOMPARE(m_pane->previews().size(), 3);
    QVERIFY(waitForImages());
    const auto previews = m_pane->previews();
    for (const ImagePreview *preview : previews) {
        QCOMPARE(preview->state(), ImagePreview::State::Ready);
        const QSize box = preview->contentsRect().size() * preview->devicePixelRatioF();
        const QSize image = preview->imageSize();
        QVERIFY2(image.width() == box.width() || image.height() == box.height(),
                 qPrintable(QStringLiteral("image %1×%2 in box %3×%4")
                                .arg(image.width())
                                .arg(image.height())
                                .arg(box.width())
                                .arg(box.height())));
    }
    QCOMPARE(previews.at(0)->y(), previews.at(1)->y()); // one row
    // Copy Image gives the full picture, not the scaled preview.
    QVERIFY(previews.at(1)->imageSize().width() < 384);
    QGuiApplication::clipboard()->clear();
    previews.at(1)->copyImage();
    QTRY_COMPARE_WITH_TIMEOUT(QGuiApplication::clipboard()->image().size(), QSize(384, 288), imageWaitMs);
    saveScreenshot(QStringLiteral("detail-succeeded.png"));

    // The same task again (a poll): the previews stay, nothing is reloaded.
    const int decodes = m_cache->decodeCount();
    m_pane->setTask(&task);
    QCOMPARE(m_pane->previews(), previews);
    QTest::qWait(100);
    QCOMPARE(m_cache->decodeCount(), decodes);
}

void tst_TaskDetailPane::failedTask()
{
    const QStringList ids = m_sim.createPredictions(
        json(R"({"queue_ms": 500, "run_ms": 1800, "age_ms": 5000, "outcome": "failed",
                "prompt": "A crowded beach at sunset",
                "error": "Prediction failed: the input or output was flagged as sensitive. Please try again with different inputs. E005"})"));
    const Task task = fetchTask(ids.constFirst());
    QCOMPARE(task.status, PredictionStatus::Failed);
    m_pane->setTask(&task);
    const QWidget &pane = *m_pane;
    QVERIFY(isShown(pane, "errorBox"));
    QVERIFY(labelText(pane, "errorText").contains(QLatin1String("flagged as sensitive")));
    QCOMPARE(labelText(pane, "statusBadge"), statusNameOf(task));
    QVERIFY(!isShown(pane, "saveButton"));
    QVERIFY(!isShown(pane, "noticeLabel")); // nothing to expire
    QVERIFY(!m_pane->expiresAt().isValid());
    QCOMPARE(m_pane->previews().size(), 1); // the input image only
    QVERIFY(waitForImages());
    QCOMPARE(m_pane->previews().constFirst()->state(), ImagePreview::State::Ready);
    saveScreenshot(QStringLiteral("detail-failed.png"));
}

void tst_TaskDetailPane::runningTask()
{
    const QStringList ids = m_sim.createPredictions(
        json(R"({"queue_ms": 300, "run_ms": 60000, "age_ms": 16000, "outcome": "succeeded",
                "prompt": "Turn the sketch into a watercolour painting, soft paper texture"})"));
    const Task task = fetchTask(ids.constFirst());
    QCOMPARE(task.status, PredictionStatus::Processing);
    m_pane->setTask(&task);
    const QWidget &pane = *m_pane;
    QCOMPARE(labelText(pane, "statusBadge"), statusNameOf(task));
    QVERIFY(pane.findChild<QPushButton *>(QStringLiteral("cancelButton"))->isEnabled());
    QVERIFY(labelText(pane, "runValue").contains(QLatin1String("so far")));
    QCOMPARE(labelText(pane, "completedValue"), QStringLiteral("—"));
    QVERIFY(
        pane.findChild<QPlainTextEdit *>(QStringLiteral("logsEdit"))->toPlainText().contains(QLatin1String("Step")));
    QVERIFY(!isShown(pane, "saveButton"));

    QSignalSpy cancel(m_pane.get(), &TaskDetailPane::cancelRequested);
    QSignalSpy refresh(m_pane.get(), &TaskDetailPane::refreshRequested);
    QTest::mouseClick(pane.findChild<QPushButton *>(QStringLiteral("cancelButton")), Qt::LeftButton);
    QTest::mouseClick(pane.findChild<QPushButton *>(QStringLiteral("refreshButton")), Qt::LeftButton);
    QCOMPARE(cancel.size(), 1);
    QCOMPARE(cancel.constFirst().constFirst().value<QList<TaskKey>>(), QList<TaskKey>{task.key});
    QCOMPARE(refresh.size(), 1);
    saveScreenshot(QStringLiteral("detail-running.png"));
}

void tst_TaskDetailPane::capturedTaskSaysWhereFrom()
{
    const QStringList ids = m_sim.createPredictions(
        json(R"({"queue_ms": 0, "run_ms": 0, "image_count": 1, "prompt": "A lighthouse in the fog, oil on canvas"})"));
    const Task added = fetchTask(ids.constFirst());
    QVERIFY(added.hasPrediction());
    // Added by id: nothing about a caller.
    m_pane->setTask(&added);
    QVERIFY(!isShown(*m_pane, "sourceValue"));
    QVERIFY(!formCaptions(*m_pane, "timesForm").isEmpty());

    // The same prediction as the caller's code saw it through the capture endpoint.
    const QString agent = QStringLiteral("replicate-python/0.34.1 (CPython 3.11.2; Linux x86_64)");
    QVERIFY(m_backend.store().recordCaptured(provider(), agent, {added.prediction()}).ok());
    const Task *captured = m_backend.store().task(added.key);
    QVERIFY(captured && captured->captured);
    m_pane->setTask(captured);
    QVERIFY(isShown(*m_pane, "sourceValue"));
    QCOMPARE(formValue(*m_pane, "timesForm", QStringLiteral("Source")),
             QStringLiteral("Captured from ") + agent + QStringLiteral(" at ")
                 + DisplayText::dateTimeWithSeconds(captured->capturedAt));
    saveScreenshot(QStringLiteral("detail-captured.png"));

    // A caller that sent no User-Agent is said to have sent none.
    const QStringList others = m_sim.createPredictions(json(R"({"queue_ms": 0, "run_ms": 60000})"));
    const Task running = fetchTask(others.constFirst());
    QVERIFY(m_backend.store().recordCaptured(provider(), QString(), {running.prediction()}).ok());
    m_pane->setTask(m_backend.store().task(running.key));
    QVERIFY(labelText(*m_pane, "sourceValue").startsWith(QStringLiteral("Captured from (no User-Agent) at ")));
}

void tst_TaskDetailPane::logsFollowTheTailUnlessScrolledUp()
{
    QFile fixture(QStringLiteral(REPLIMON_FIXTURES_DIR "/prediction_processing_logs.json"));
    QVERIFY(fixture.open(QIODevice::ReadOnly));
    QJsonObject object = QJsonDocument::fromJson(fixture.readAll()).object();
    // Its input image is on the real replicate.delivery: tests stay off the internet.
    QJsonObject input = object.value(QLatin1String("input")).toObject();
    input.remove(QStringLiteral("input_image"));
    object.insert(QStringLiteral("input"), input);
    const auto withLines = [&object](int lines) {
        QString logs;
        for (int i = 1; i <= lines; ++i)
            logs += QStringLiteral("Step %1/400\n").arg(i);
        object.insert(QStringLiteral("logs"), logs);
        return Prediction::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact)).value();
    };
    const QString id = object.value(QLatin1String("id")).toString();
    QVERIFY(m_backend.store().add(provider(), {id}));
    QVERIFY(m_backend.store().update(provider(), {withLines(100)}));
    const TaskKey key{provider(), id};
    m_pane->setTask(m_backend.store().task(key));
    auto *logs = m_pane->findChild<QPlainTextEdit *>(QStringLiteral("logsEdit"));
    QScrollBar *bar = logs->verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum()); // starts at the tail

    QVERIFY(m_backend.store().update(provider(), {withLines(120)})); // the pane follows the store
    QVERIFY(logs->toPlainText().contains(QLatin1String("Step 120/400")));
    QCOMPARE(bar->value(), bar->maximum()); // followed

    bar->setValue(10); // the user scrolls up to read
    QVERIFY(m_backend.store().update(provider(), {withLines(140)}));
    QVERIFY(logs->toPlainText().contains(QLatin1String("Step 140/400")));
    QCOMPARE(bar->value(), 10); // left where the user put it

    bar->setValue(bar->maximum()); // back at the tail: following again
    QVERIFY(m_backend.store().update(provider(), {withLines(160)}));
    QCOMPARE(bar->value(), bar->maximum());
}

void tst_TaskDetailPane::outputFormats_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("shape");
    QTest::newRow("png") << QStringLiteral("png") << QStringLiteral("string");
    QTest::newRow("jpg") << QStringLiteral("jpg") << QStringLiteral("string");
    QTest::newRow("webp") << QStringLiteral("webp") << QStringLiteral("array");
    QTest::newRow("gif") << QStringLiteral("gif") << QStringLiteral("objects");
    QTest::newRow("data uri") << QStringLiteral("png") << QStringLiteral("data_uri");
}

void tst_TaskDetailPane::outputFormats()
{
    QFETCH(QString, format);
    QFETCH(QString, shape);
    QJsonObject spec = json(R"({"queue_ms": 0, "run_ms": 0, "image_count": 1})");
    spec.insert(QStringLiteral("output_format"), format);
    spec.insert(QStringLiteral("output_shape"), shape);
    const QStringList ids = m_sim.createPredictions(spec);
    const Task task = fetchTask(ids.constFirst());
    QCOMPARE(task.status, PredictionStatus::Succeeded);
    m_pane->setTask(&task);
    QCOMPARE(m_pane->previews().size(), 2);
    QVERIFY(waitForImages());
    const ImagePreview *output = m_pane->previews().constLast();
    QVERIFY2(output->state() == ImagePreview::State::Ready, qPrintable(output->failureReason()));
    QVERIFY(!output->imageSize().isEmpty());
    if (shape == u"data_uri")
        QCOMPARE(output->source().url.scheme(), QStringLiteral("data"));
}

// From one task to another with as many images (the usual click down a list), the pane shows the new
// task's pictures and captions, never the last one's, whichever way the user goes.
void tst_TaskDetailPane::nextTaskShowsItsOwnImages()
{
    const QStringList first = m_sim.createPredictions(
        json(R"({"queue_ms": 0, "run_ms": 0, "image_count": 2, "output_format": "png", "output_shape": "array",
                "input": {"prompt": "a square", "aspect_ratio": "1:1"}})"));
    const QStringList second = m_sim.createPredictions(
        json(R"({"queue_ms": 0, "run_ms": 0, "image_count": 2, "output_format": "png", "output_shape": "array",
                "input": {"prompt": "a wide one", "aspect_ratio": "16:9"}})"));
    const Task a = fetchTask(first.constFirst());
    const Task b = fetchTask(second.constFirst());
    QCOMPARE(a.outputUrlTexts.size(), 2);
    QCOMPARE(b.outputUrlTexts.size(), 2);

    for (const Task *task : {&a, &b, &a}) {
        m_pane->setTask(task);
        QVERIFY(waitForImages());
        const auto previews = m_pane->previews();
        QCOMPARE(previews.size(), 3); // the input image, then both outputs
        for (int i = 0; i < 2; ++i) {
            const ImagePreview *output = previews.at(i + 1);
            QCOMPARE(output->source().remoteUrl, task->outputUrl(i));
            QVERIFY2(output->state() == ImagePreview::State::Ready, qPrintable(output->failureReason()));
            const QSize image = output->imageSize();
            const bool square = std::abs(image.width() - image.height()) <= 1;
            QVERIFY2(square == (task == &a),
                     qPrintable(QStringLiteral("%1 × %2").arg(image.width()).arg(image.height())));
            const QLabel *caption = output->parentWidget()->findChild<QLabel *>(QStringLiteral("imageCaption"));
            QCOMPARE(caption->text(), QStringLiteral("Output %1 of 2").arg(i + 1));
        }
    }
}

void tst_TaskDetailPane::textOutputIsShownAsText()
{
    const QStringList ids = m_sim.createPredictions(json(R"({"queue_ms": 0, "run_ms": 0, "output_shape": "text",
                "model": "meta/meta-llama-3-8b-instruct", "input_image": false})"));
    const Task task = fetchTask(ids.constFirst());
    m_pane->setTask(&task);
    auto *text = m_pane->findChild<QPlainTextEdit *>(QStringLiteral("outputText"));
    QVERIFY(text->isVisibleTo(m_pane.get()));
    QCOMPARE(text->toPlainText(), task.prediction().outputText());
    QVERIFY(!text->toPlainText().isEmpty());
    QVERIFY(m_pane->previews().isEmpty());
}

void tst_TaskDetailPane::textFileOutputIsShownAsText()
{
    // Not JSON in `output` but a file that holds text (here a data: address; a URL of a .json file alike).
    const QByteArray words = "{\"caption\": \"a lighthouse on a cliff at dusk\"}";
    QJsonObject object = json(R"({"id": "txtout0000000000000000000a", "model": "owner/captioner", "status": "succeeded",
        "input": {"prompt": "describe"}, "logs": "", "error": null, "metrics": {},
        "created_at": "2026-11-30T08:00:00Z", "started_at": "2026-11-30T08:00:01Z", "completed_at": "2026-11-30T08:00:02Z",
        "data_removed": false, "urls": {}})");
    object.insert(QStringLiteral("output"),
                  QJsonArray{QString::fromLatin1("data:application/json;base64," + words.toBase64())});
    const auto prediction = Prediction::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact));
    QVERIFY(prediction);
    QVERIFY(m_backend.store().add(provider(), {prediction.value().id()}));
    QVERIFY(m_backend.store().update(provider(), {prediction.value()}));
    m_pane->setTask(m_backend.store().task({provider(), prediction.value().id()}));
    QCOMPARE(m_pane->previews().size(), 1);
    QVERIFY(waitForImages());
    const ImagePreview *output = m_pane->previews().constFirst();
    QCOMPARE(output->state(), ImagePreview::State::Text);
    QCOMPARE(output->text(), QString::fromUtf8(words));
    saveScreenshot(QStringLiteral("detail-text-output.png"));
}

void tst_TaskDetailPane::otherInputsFollowInServerOrder()
{
    const QStringList ids = m_sim.createPredictions(json(R"({"queue_ms": 0, "run_ms": 0, "image_count": 1,
                "model": "black-forest-labs/flux-schnell"})"));
    const Task task = fetchTask(ids.constFirst());
    m_pane->setTask(&task);
    // The known keys under their labels in the seed's order, then the model's own keys as the server sent them
    // (the common ones, such as seed and steps, in words).
    QStringList expected{QStringLiteral("Prompt"), QStringLiteral("Aspect ratio"), QStringLiteral("Output format")};
    const Prediction prediction = task.prediction();
    for (const auto &[key, value] : prediction.inputs()) {
        Q_UNUSED(value)
        if (key != u"prompt" && key != u"aspect_ratio" && key != u"output_format")
            expected.append(DisplayText::inputLabel(key));
    }
    QVERIFY(expected.contains(QStringLiteral("Steps")));
    QVERIFY(expected.contains(QStringLiteral("go_fast")));
    QCOMPARE(formCaptions(*m_pane, "inputsForm"), expected);
    QCOMPARE(formValue(*m_pane, "inputsForm", QStringLiteral("go_fast")), QStringLiteral("Yes"));
}

void tst_TaskDetailPane::imagesNeverCarryTheKey()
{
    const QStringList ids = m_sim.createPredictions(
        json(R"({"queue_ms": 0, "run_ms": 0, "image_count": 2, "output_shape": "array"})"));
    const Task task = fetchTask(ids.constFirst());
    QVERIFY(m_sim.clearLog());
    m_pane->setTask(&task);
    QVERIFY(waitForImages());
    const QJsonArray log = m_sim.requestLog();
    int fileRequests = 0;
    for (const QJsonValue &entry : log) {
        const QJsonObject request = entry.toObject();
        if (!request.value(QLatin1String("path")).toString().startsWith(QLatin1String("/files/")))
            continue;
        ++fileRequests;
        QCOMPARE(request.value(QLatin1String("authorization")).toBool(), false);
    }
    QCOMPARE(fileRequests, 3); // input and two outputs, each fetched once

    // A second pane over the same disk cache needs no network at all.
    m_cache->clearMemory();
    m_pane->setTask(nullptr);
    QVERIFY(m_sim.clearLog());
    m_pane->setTask(&task);
    QVERIFY(waitForImages());
    QCOMPARE(m_pane->previews().constLast()->state(), ImagePreview::State::Ready);
    QCOMPARE(m_sim.requestLog().size(), 0);
}

void tst_TaskDetailPane::viewerFitsZoomsAndPans()
{
    const QStringList ids = m_sim.createPredictions(json(R"({"queue_ms": 0, "run_ms": 0, "input_image": false})"));
    const Task task = fetchTask(ids.constFirst());
    m_pane->setTask(&task);
    QVERIFY(waitForImages());
    ImagePreview *preview = m_pane->previews().constFirst();
    QTest::mouseClick(preview, Qt::LeftButton, {}, preview->rect().center());
    QVERIFY(m_pane->viewer());
    ImageViewer *viewer = m_pane->viewer();
    viewer->resize(300, 260);
    QVERIFY(QTest::qWaitForWindowExposed(viewer));
    QTRY_VERIFY_WITH_TIMEOUT(viewer->isLoaded(), imageWaitMs);
    QVERIFY(viewer->isFitting());
    QVERIFY(viewer->zoom() < 1.0); // 384 px in a 300 px window

    viewer->showActualSize();
    QCOMPARE(viewer->zoom(), 1.0);
    QVERIFY(!viewer->isFitting());

    const QPointF anchor(150, 150);
    QWheelEvent wheel(anchor, viewer->mapToGlobal(anchor), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewer, &wheel);
    QVERIFY(viewer->zoom() > 1.0);

    const QPointF before = viewer->center();
    QTest::mousePress(viewer, Qt::LeftButton, {}, QPoint(150, 150));
    QMouseEvent move(QEvent::MouseMove, QPointF(110, 130), viewer->mapToGlobal(QPointF(110, 130)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewer, &move);
    QTest::mouseRelease(viewer, Qt::LeftButton, {}, QPoint(110, 130));
    QVERIFY(viewer->center().x() > before.x()); // dragged left: the view moved right over the image
    QVERIFY(viewer->center().y() > before.y());

    viewer->fitToWindow();
    QVERIFY(viewer->isFitting());
    viewer->resize(560, 400);
    QTest::qWait(50);
    QCOMPARE(viewer->zoom(), 1.0); // fitting never enlarges
    QVERIFY(viewer->grab().save(
        QDir(QStringLiteral(REPLIMON_SCREENSHOT_DIR)).filePath(QStringLiteral("detail-viewer.png"))));
}

void tst_TaskDetailPane::dragCarriesAFile()
{
    const QStringList ids = m_sim.createPredictions(
        json(R"({"queue_ms": 0, "run_ms": 0, "image_count": 2, "output_shape": "array",
                "output_format": "jpg"})"));
    const Task task = fetchTask(ids.constFirst());
    m_pane->setTask(&task);
    QVERIFY(waitForImages());
    // Not saved: a temporary file named like a saved one, with the server's bytes.
    const QString file = m_pane->previews().constLast()->fileForExport();
    QVERIFY(!file.isEmpty());
    QCOMPARE(QFileInfo(file).fileName(), ids.constFirst() + QStringLiteral("-2.jpg"));
    QFile bytes(file);
    QVERIFY(bytes.open(QIODevice::ReadOnly));
    QVERIFY(bytes.read(3).startsWith("\xff\xd8\xff"));
}

void tst_TaskDetailPane::saveOutputThroughThePane()
{
    const QStringList ids = m_sim.createPredictions(
        json(R"({"queue_ms": 0, "run_ms": 0, "image_count": 2, "output_shape": "array",
                "output_format": "webp"})"));
    const Task task = fetchTask(ids.constFirst());
    m_pane->setTask(&task);
    QSignalSpy saved(m_saver.get(), &OutputSaver::saved);
    QTest::mouseClick(m_pane->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QVERIFY(saved.wait(15000));
    // Named from the id and the real format; recorded on the task; shown by the pane.
    QCOMPARE(filesIn(m_downloads),
             (QStringList{ids.constFirst() + QStringLiteral("-1.webp"), ids.constFirst() + QStringLiteral("-2.webp")}));
    QCOMPARE(m_backend.store().task(task.key)->localFiles.size(), 2);
    QTRY_VERIFY(isShown(*m_pane, "openFileButton"));
    QVERIFY(isShown(*m_pane, "showInFolderButton"));
    QVERIFY(!isShown(*m_pane, "saveProgress"));
    QVERIFY(labelText(*m_pane, "saveStatusLabel").contains(QLatin1String("Saved 2 files")));
    QVERIFY(labelText(*m_pane, "saveStatusLabel").contains(QLatin1String("(the prediction is embedded)")));
    QVERIFY(!isShown(*m_pane, "noticeLabel")); // saved: nothing expires any more
    // Outputs now preview from the saved files.
    QVERIFY(waitForImages());
    QVERIFY(m_pane->previews().constLast()->source().url.isLocalFile());
}

void tst_TaskDetailPane::downloadIsAtomic()
{
    const QStringList ids = m_sim.createPredictions(
        json(R"({"queue_ms": 0, "run_ms": 0, "image_count": 1, "output_format": "png",
                "input_image": false})"));
    const Task task = fetchTask(ids.constFirst());
    m_pane->setTask(&task);
    // The connection drops half-way through the file: nothing may be left behind, not even a part file.
    QVERIFY(m_sim.setFaults({json(R"({"kind": "drop", "target": "files"})")}));
    QSignalSpy failed(m_saver.get(), &OutputSaver::saveFailed);
    QTest::mouseClick(m_pane->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QVERIFY(failed.wait(15000));
    QCOMPARE(filesIn(m_downloads), QStringList());
    QVERIFY(m_backend.store().task(task.key)->localFiles.isEmpty());
    QTRY_VERIFY(labelText(*m_pane, "saveStatusLabel").startsWith(QLatin1String("Saving failed")));
    QVERIFY(isShown(*m_pane, "noticeLabel")); // still unsaved: the expiry warning stays

    QVERIFY(m_sim.clearFaults());
    QSignalSpy saved(m_saver.get(), &OutputSaver::saved);
    QTest::mouseClick(m_pane->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QVERIFY(saved.wait(15000));
    QCOMPARE(filesIn(m_downloads), QStringList{ids.constFirst() + QStringLiteral(".png")});
}

void tst_TaskDetailPane::canceledSaveLeavesNothing()
{
    const QStringList ids = m_sim.createPredictions(json(R"({"queue_ms": 0, "run_ms": 0, "input_image": false})"));
    const Task task = fetchTask(ids.constFirst());
    m_pane->setTask(&task);
    // The file's headers arrive, then nothing: the save is under way until stopped.
    QVERIFY(m_sim.setFaults({json(R"({"kind": "stall", "phase": "body", "target": "files"})")}));
    QTest::mouseClick(m_pane->findChild<QPushButton *>(QStringLiteral("saveButton")), Qt::LeftButton);
    QTRY_VERIFY(isShown(*m_pane, "saveProgress"));
    QVERIFY(isShown(*m_pane, "cancelSaveButton"));
    QVERIFY(!m_pane->findChild<QPushButton *>(QStringLiteral("saveButton"))->isEnabled());
    saveScreenshot(QStringLiteral("detail-saving.png"));

    QSignalSpy failed(m_saver.get(), &OutputSaver::saveFailed);
    QTest::mouseClick(m_pane->findChild<QPushButton *>(QStringLiteral("cancelSaveButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000); // an abort may report at once
    QCOMPARE(failed.constFirst().at(1).value<ApiError>().kind, ApiError::Kind::Canceled);
    QCOMPARE(filesIn(m_downloads), QStringList());
    QVERIFY(m_backend.store().task(task.key)->lastError.isEmpty()); // the user's own stop is not an error of the task
    QVERIFY(!isShown(*m_pane, "saveProgress"));
    QVERIFY(m_pane->findChild<QPushButton *>(QStringLiteral("saveButton"))->isEnabled());
}

void tst_TaskDetailPane::autoDownloadOnSuccess()
{
    // The application's wiring: a task that succeeds is saved at once when the setting is on (the default).
    Settings &settings = m_backend.settings();
    QVERIFY(settings.autoDownload());
    PollScheduler &scheduler = m_backend.scheduler();
    connect(&scheduler, &PollScheduler::taskFinished, m_saver.get(),
            [this, &settings](const TaskKey &key, PredictionStatus status) {
                if (status == PredictionStatus::Succeeded && settings.autoDownload())
                    m_saver->save(key, m_downloads);
            });
    const QStringList ids = m_sim.createPredictions(
        json(R"({"count": 3, "queue_ms": 300, "run_ms": 900, "image_count": 1,
                "output_format": "jpg"})"));
    QCOMPARE(ids.size(), 3);
    QVERIFY(m_backend.store().add(provider(), ids));
    const TaskKey shown{provider(), ids.constFirst()};
    m_pane->setTask(m_backend.store().task(shown));
    scheduler.start();

    QTRY_COMPARE_WITH_TIMEOUT(filesIn(m_downloads).size(), 3, 20000);
    QStringList expected;
    for (const QString &id : ids)
        expected.append(id + QStringLiteral(".jpg"));
    expected.sort();
    QCOMPARE(filesIn(m_downloads), expected);
    for (const QString &id : ids)
        QTRY_COMPARE(m_backend.store().task({provider(), id})->localFiles.size(), 1);
    // The pane followed: succeeded, saved, previews from the file.
    QTRY_VERIFY(isShown(*m_pane, "openFileButton"));
    QCOMPARE(m_pane->findChild<QLabel *>(QStringLiteral("statusBadge"))->text(),
             statusNameOf(*m_backend.store().task(shown)));
    QVERIFY(waitForImages());
    QVERIFY(m_pane->previews().constLast()->source().url.isLocalFile());
}

void tst_TaskDetailPane::localCopySurvivesDataRemoved()
{
    const QStringList ids = m_sim.createPredictions(
        json(R"({"queue_ms": 0, "run_ms": 0, "retention_ms": 2000, "image_count": 1, "output_format": "png",
                "prompt": "A paper boat on a puddle, city reflections, shallow depth of field"})"));
    Task task = fetchTask(ids.constFirst());
    QCOMPARE(task.status, PredictionStatus::Succeeded);
    QSignalSpy saved(m_saver.get(), &OutputSaver::saved);
    QVERIFY(m_saver->save(task.key, m_downloads));
    QVERIFY(saved.wait(15000));
    const QString local = QDir(m_downloads).filePath(ids.constFirst() + QStringLiteral(".png"));
    QVERIFY(QFile::exists(local));

    // The server deletes the outputs; the next poll says so.
    QVERIFY(QTest::qWaitFor([&] { return fetchTask(ids.constFirst()).dataRemoved; }, 15000));
    task = *m_backend.store().task(task.key);
    QVERIFY(task.outputUrlTexts.isEmpty());
    QCOMPARE(task.localFiles, QStringList{local});

    QVERIFY(m_sim.clearLog());
    m_pane->setTask(&task);
    const QWidget &pane = *m_pane;
    QVERIFY(isShown(pane, "noticeLabel"));
    QVERIFY(labelText(pane, "noticeLabel").contains(QLatin1String("deleted")));
    QVERIFY(labelText(pane, "noticeLabel").contains(QLatin1String("saved on this computer")));
    QVERIFY(!isShown(pane, "saveButton"));
    QVERIFY(isShown(pane, "openFileButton"));
    QVERIFY(waitForImages());
    const auto previews = m_pane->previews();
    QCOMPARE(previews.size(), 2);
    // The input image is gone from the server too: said plainly.
    QCOMPARE(previews.at(0)->state(), ImagePreview::State::Failed);
    const QString reason = previews.at(0)->failureReason();
    QVERIFY2(reason.startsWith(QLatin1String("Expired\n")) && reason.contains(QLatin1String("404")),
             qPrintable(reason));
    // The saved copy is shown from the file, never from the network.
    QCOMPARE(previews.at(1)->state(), ImagePreview::State::Ready);
    QCOMPARE(previews.at(1)->source().url, QUrl::fromLocalFile(local));
    for (const QJsonValue &entry : m_sim.requestLog())
        QVERIFY(!entry.toObject().value(QLatin1String("path")).toString().contains(QLatin1String("output-")));
    saveScreenshot(QStringLiteral("detail-data-removed.png"));
}

void tst_TaskDetailPane::mainWindowFeedsThePane()
{
    PollScheduler &scheduler = m_backend.scheduler();
    MainWindow window(m_backend.store(), scheduler, m_backend.settings());
    window.setProvider(m_backend.client().endpoint().provider());
    auto *pane = new TaskDetailPane(*m_cache);
    window.setDetailPane(pane);
    QCOMPARE(window.detailPane(), pane);
    window.setHasApiKey(true);
    window.resize(1300, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!pane->hasTask());

    const QStringList ids = m_sim.createPredictions(json(R"({"count": 2, "queue_ms": 200, "run_ms": 1500})"));
    QCOMPARE(window.addIds(ids), 2);
    scheduler.start();
    auto *table = window.findChild<QTableView *>(QStringLiteral("tableView"));
    table->selectRow(0);
    const TaskKey key = table->currentIndex().data(TaskTableModel::TaskKeyRole).value<TaskKey>();
    QVERIFY(pane->hasTask());
    QCOMPARE(pane->taskKey(), key);
    // Live: the pane follows the store until the task succeeds.
    QTRY_COMPARE_WITH_TIMEOUT(pane->findChild<QLabel *>(QStringLiteral("statusBadge"))->text(),
                              QStringLiteral("Succeeded"), 15000);
    QTest::qWait(300);
    QVERIFY(window.grab().save(
        QDir(QStringLiteral(REPLIMON_SCREENSHOT_DIR)).filePath(QStringLiteral("detail-in-window.png"))));
    table->selectRow(1);
    QVERIFY(pane->taskKey() != key);
    table->clearSelection();
    QVERIFY(!pane->hasTask());
}

QTEST_MAIN(tst_TaskDetailPane)
#include "tst_taskdetailpane.moc"
