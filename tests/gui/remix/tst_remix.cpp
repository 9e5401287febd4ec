// Run Again and Remix… in the window, against replimon-sim on loopback: the inputs each sends (read back
// from the sim), a 422 shown by its fields, a 402 and a 401 in words the user can act on, the confirmation
// asked once, and the links between a task and its remix.
#include "ImageCache.h"
#include "MainWindow.h"
#include "PredictionClient.h"
#include "RemixActions.h"
#include "RemixDialog.h"
#include "Settings.h"
#include "TaskCreator.h"
#include "TaskDetailPane.h"
#include "TaskRemixSection.h"
#include "TaskStore.h"
#include "TestBackend.h"
#include "Translations.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QApplication>
#include <QTest>
#include <QTimer>

namespace {

const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");

} // namespace

class tst_Remix final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void runAgainSendsTheSameInputs();
    void remixSendsTheEditedFields();
    void refusedFieldsAreShownByThem();
    void noBalanceIsSaid();
    void refusedKeyLeadsToSettings();
    void confirmationIsAskedOnce();
    void screenshots();

private:
    /// A prediction made on the sim with @p input, tracked with its answer.
    TaskKey tracked(const QJsonObject &input);
    /// The prediction @p id as the sim has it now.
    Prediction readBack(const QString &id);
    /// Waits for the creator to report; true when it created.
    bool waitForCreate();

    TestBackend m_backend;
    std::unique_ptr<ImageCache> m_images;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<RemixActions> m_actions;
    TaskDetailPane *m_pane = nullptr;
};

void tst_Remix::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
    QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
}

void tst_Remix::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    m_images = std::make_unique<ImageCache>(m_backend.nam());
    m_window = std::make_unique<MainWindow>(m_backend.store(), m_backend.scheduler(), m_backend.settings());
    m_window->setProvider(m_backend.client().endpoint().provider());
    m_pane = new TaskDetailPane(*m_images);
    m_window->setDetailPane(m_pane);
    m_actions = std::make_unique<RemixActions>(*m_window, m_backend.store(), m_backend.settings(), m_backend.client());
    m_actions->attachPane(*m_pane);
    m_window->setHasApiKey(true);
    m_window->resize(1100, 600);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_backend.settings().setConfirmRuns(false);
}

void tst_Remix::cleanup()
{
    m_actions.reset();
    m_window.reset();
    m_images.reset();
    m_backend.close();
}

TaskKey tst_Remix::tracked(const QJsonObject &input)
{
    QSignalSpy received(&m_backend.client(), &PredictionClient::predictionReceived);
    m_backend.client().create(schnell, input);
    if (!received.wait(10000))
        return {};
    const Prediction prediction = received.first().at(1).value<Prediction>();
    const auto added = m_backend.store().addPredictions(m_backend.provider(), {prediction});
    return added && !added.value().isEmpty() ? added.value().first() : TaskKey();
}

Prediction tst_Remix::readBack(const QString &id)
{
    QSignalSpy received(&m_backend.client(), &PredictionClient::predictionReceived);
    const auto request = m_backend.client().fetch(id);
    for (int i = 0; i < 20 && received.isEmpty(); ++i)
        received.wait(500);
    for (const auto &arguments : std::as_const(received)) {
        if (arguments.at(0).value<PredictionClient::RequestId>() == request)
            return arguments.at(1).value<Prediction>();
    }
    return Prediction();
}

bool tst_Remix::waitForCreate()
{
    QSignalSpy created(&m_actions->creator(), &TaskCreator::created);
    QSignalSpy failed(&m_actions->creator(), &TaskCreator::failed);
    for (int i = 0; i < 40 && created.isEmpty() && failed.isEmpty(); ++i)
        QTest::qWait(250);
    return !created.isEmpty();
}

static QJsonObject inputOf(const Prediction &prediction)
{
    QJsonObject object;
    for (const auto &[key, value] : prediction.inputs())
        object.insert(key, value);
    return object;
}

void tst_Remix::runAgainSendsTheSameInputs()
{
    const QJsonObject input{{QStringLiteral("prompt"), QStringLiteral("a red fox, 黄昏")},
                            {QStringLiteral("seed"), 42},
                            {QStringLiteral("num_outputs"), 2},
                            {QStringLiteral("go_fast"), true},
                            {QStringLiteral("aspect_ratio"), QStringLiteral("16:9")}};
    const TaskKey source = tracked(input);
    QVERIFY(!source.id.isEmpty());
    m_window->selectTask(source);
    m_pane->remixSection()->runAgainButton()->click();
    QVERIFY(waitForCreate());

    const QList<TaskKey> selected = m_window->selectedKeys();
    QCOMPARE(selected.size(), 1);
    QVERIFY(selected.first() != source);
    const Task *made = m_backend.store().task(selected.first());
    QVERIFY(made);
    QCOMPARE(made->remixOf, source.id);
    // Read back from the sim: the same model and exactly the same inputs, seed included.
    const Prediction again = readBack(made->key.id);
    QCOMPARE(again.model(), schnell);
    QCOMPARE(inputOf(again), input);
    // Linked both ways in the pane, and the link selects the other task.
    QCOMPARE(m_pane->remixSection()->linksText(), QStringLiteral("Remix of ") + source.id);
    Q_EMIT m_pane->remixSection()->taskLinkActivated(source.id);
    QCOMPARE(m_window->selectedKeys(), QList<TaskKey>{source});
    QCOMPARE(m_pane->remixSection()->linksText(), QStringLiteral("Remixed as ") + made->key.id);
}

void tst_Remix::remixSendsTheEditedFields()
{
    const TaskKey source = tracked({{QStringLiteral("prompt"), QStringLiteral("a lighthouse")},
                                    {QStringLiteral("seed"), 7},
                                    {QStringLiteral("num_outputs"), 1},
                                    {QStringLiteral("go_fast"), true},
                                    {QStringLiteral("output_format"), QStringLiteral("webp")},
                                    {QStringLiteral("extra"), QJsonArray{1, 2}}});
    QVERIFY(!source.id.isEmpty());
    m_actions->remix(source);
    RemixDialog *dialog = m_actions->dialog();
    QVERIFY(dialog);
    RemixInputsForm &form = dialog->form();
    // The seed is cleared: a new one each time unless the user types one.
    QCOMPARE(qobject_cast<QLineEdit *>(form.editor(QStringLiteral("seed")))->text(), QString());
    qobject_cast<QPlainTextEdit *>(form.editor(QStringLiteral("prompt")))
        ->setPlainText(QStringLiteral("a lighthouse\nin fog"));
    qobject_cast<QSpinBox *>(form.editor(QStringLiteral("num_outputs")))->setValue(3);
    qobject_cast<QCheckBox *>(form.editor(QStringLiteral("go_fast")))->setChecked(false);
    qobject_cast<QComboBox *>(form.editor(QStringLiteral("output_format")))->setCurrentText(QStringLiteral("png"));
    qobject_cast<QLineEdit *>(form.editor(QStringLiteral("extra")))->setText(QStringLiteral("{\"a\": [true]}"));
    dialog->runButton()->click();
    QVERIFY(waitForCreate());

    const TaskKey made = m_window->selectedKeys().value(0);
    QVERIFY(made != source);
    const QJsonObject expected{{QStringLiteral("prompt"), QStringLiteral("a lighthouse\nin fog")},
                               {QStringLiteral("num_outputs"), 3},
                               {QStringLiteral("go_fast"), false},
                               {QStringLiteral("output_format"), QStringLiteral("png")},
                               {QStringLiteral("extra"), QJsonObject{{QStringLiteral("a"), QJsonArray{true}}}}};
    QCOMPARE(inputOf(readBack(made.id)), expected);
}

void tst_Remix::refusedFieldsAreShownByThem()
{
    const TaskKey source = tracked({{QStringLiteral("prompt"), QStringLiteral("a fox")},
                                    {QStringLiteral("num_outputs"), 1},
                                    {QStringLiteral("output_quality"), 80}});
    QVERIFY(!source.id.isEmpty());
    const int before = m_backend.store().count();
    m_actions->remix(source);
    RemixDialog *dialog = m_actions->dialog();
    QVERIFY(dialog);
    RemixInputsForm &form = dialog->form();
    qobject_cast<QSpinBox *>(form.editor(QStringLiteral("num_outputs")))->setValue(9);
    qobject_cast<QSpinBox *>(form.editor(QStringLiteral("output_quality")))->setValue(120);
    dialog->runButton()->click();
    QVERIFY(!waitForCreate());
    QVERIFY2(form.fieldError(QStringLiteral("num_outputs")).contains(QStringLiteral("less than or equal to 4")),
             qPrintable(form.fieldError(QStringLiteral("num_outputs"))));
    QVERIFY(form.fieldError(QStringLiteral("output_quality")).contains(QStringLiteral("less than or equal to 100")));
    QCOMPARE(form.fieldError(QStringLiteral("prompt")), QString());
    QVERIFY2(dialog->message().contains(QStringLiteral("HTTP 422")), qPrintable(dialog->message()));
    // The edits stay for another try, and nothing was tracked.
    QCOMPARE(qobject_cast<QSpinBox *>(form.editor(QStringLiteral("num_outputs")))->value(), 9);
    QVERIFY(dialog->isVisible());
    QCOMPARE(m_backend.store().count(), before);
}

void tst_Remix::noBalanceIsSaid()
{
    const TaskKey source = tracked({{QStringLiteral("prompt"), QStringLiteral("a fox")}});
    QVERIFY(!source.id.isEmpty());
    QVERIFY(m_backend.sim().setFaults(QJsonArray{QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("status")},
        {QStringLiteral("status"), 402},
        {QStringLiteral("method"), QStringLiteral("POST")},
        {QStringLiteral("body"),
         QStringLiteral(
             R"({"title":"Insufficient credit","detail":"You have insufficient credit to run this model.","status":402})")}}}));
    m_actions->remix(source);
    RemixDialog *dialog = m_actions->dialog();
    QVERIFY(dialog);
    dialog->runButton()->click();
    QVERIFY(!waitForCreate());
    QVERIFY2(dialog->message().contains(QStringLiteral("make sure the API key has enough balance")),
             qPrintable(dialog->message()));
    QVERIFY(dialog->message().contains(QStringLiteral("insufficient credit")));
    QVERIFY(dialog->settingsButton()->isHidden());
    QVERIFY(m_backend.sim().clearFaults());
}

void tst_Remix::refusedKeyLeadsToSettings()
{
    const TaskKey source = tracked({{QStringLiteral("prompt"), QStringLiteral("a fox")}});
    QVERIFY(!source.id.isEmpty());
    m_backend.client().setApiKey(QStringLiteral("not-the-key"));
    // Run Again has no dialog: its failure opens Remix with the same inputs and the reason.
    m_actions->runAgain(source);
    QVERIFY(!waitForCreate());
    RemixDialog *dialog = m_actions->dialog();
    QVERIFY(dialog);
    QVERIFY2(dialog->message().contains(QStringLiteral("refused the API key")), qPrintable(dialog->message()));
    QVERIFY(!dialog->settingsButton()->isHidden());
    QSignalSpy settings(m_actions.get(), &RemixActions::settingsRequested);
    dialog->settingsButton()->click();
    QCOMPARE(settings.size(), 1);
}

void tst_Remix::confirmationIsAskedOnce()
{
    m_backend.settings().setConfirmRuns(true);
    const TaskKey source = tracked({{QStringLiteral("prompt"), QStringLiteral("a fox")}});
    QVERIFY(!source.id.isEmpty());
    int asked = 0;
    QTimer clicker;
    clicker.setInterval(50);
    connect(&clicker, &QTimer::timeout, this, [&asked] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            ++asked;
            for (QAbstractButton *button : box->buttons()) {
                if (box->buttonRole(button) == QMessageBox::AcceptRole)
                    button->click();
            }
        }
    });
    clicker.start();
    m_actions->runAgain(source);
    QVERIFY(waitForCreate());
    m_window->selectTask(source);
    m_actions->runAgain(source);
    QVERIFY(waitForCreate());
    QCOMPARE(asked, 1);
    QVERIFY(!m_backend.settings().confirmRuns());
    QCOMPARE(m_backend.store().count(), 3);
}

void tst_Remix::screenshots()
{
    const TaskKey source = tracked({{QStringLiteral("prompt"), QStringLiteral("a red fox in the snow, at dusk")},
                                    {QStringLiteral("seed"), 1234},
                                    {QStringLiteral("num_outputs"), 1},
                                    {QStringLiteral("go_fast"), true},
                                    {QStringLiteral("aspect_ratio"), QStringLiteral("16:9")},
                                    {QStringLiteral("output_format"), QStringLiteral("webp")},
                                    {QStringLiteral("megapixels"), QStringLiteral("1")}});
    QVERIFY(!source.id.isEmpty());
    for (const QString &language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        Translations translations;
        QVERIFY(!translations.install(language).isEmpty());
        m_actions->remix(source);
        RemixDialog *dialog = m_actions->dialog();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        qobject_cast<QSpinBox *>(dialog->form().editor(QStringLiteral("num_outputs")))->setValue(6);
        dialog->runButton()->click();
        QVERIFY(!waitForCreate());
        QVERIFY(!dialog->form().fieldError(QStringLiteral("num_outputs")).isEmpty());
        if (language == u"zh_CN")
            QVERIFY2(!dialog->message().startsWith(QStringLiteral("⚠ The server")), qPrintable(dialog->message()));
        const QString path = QStringLiteral(REPLIMON_SCREENSHOT_DIR "/remix-%1.png")
                                 .arg(language == u"en" ? QStringLiteral("en") : QStringLiteral("zh"));
        QVERIFY(dialog->grab().save(path));
        qInfo("screenshot: %s", qPrintable(path));
        dialog->close();
        translations.remove();
        QTest::qWait(50);
    }
}

QTEST_MAIN(tst_Remix)
#include "tst_remix.moc"
