// Run Again and Remix… in the window, against replimon-sim on loopback: the inputs each sends (read back
// from the sim), a 422 shown by its fields, a 402 and a 401 in words the user can act on, the confirmation
// asked once, and the links between a task and its remix.
#include "CostText.h"
#include "MainWindow.h"
#include "PredictionClient.h"
#include "RemixActions.h"
#include "RemixDialog.h"
#include "RemixFixture.h"
#include "Settings.h"
#include "TaskCreator.h"
#include "TaskDetailPane.h"
#include "TaskRemixSection.h"
#include "TaskStore.h"
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
    void estimatedCostFollowsPricesAndOutputs();
    void screenshots();

private:
    RemixFixture m_fx;
};

void tst_Remix::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_fx.backend.start(), qPrintable(m_fx.backend.errorString()));
    QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
}

void tst_Remix::init()
{
    QVERIFY2(m_fx.open(), qPrintable(m_fx.backend.errorString()));
}

void tst_Remix::cleanup()
{
    m_fx.close();
}

void tst_Remix::runAgainSendsTheSameInputs()
{
    const QJsonObject input{{QStringLiteral("prompt"), QStringLiteral("a red fox, 黄昏")},
                            {QStringLiteral("seed"), 42},
                            {QStringLiteral("num_outputs"), 2},
                            {QStringLiteral("go_fast"), true},
                            {QStringLiteral("aspect_ratio"), QStringLiteral("16:9")}};
    const TaskKey source = m_fx.tracked(input);
    QVERIFY(!source.id.isEmpty());
    m_fx.window->selectTask(source);
    m_fx.pane->remixSection()->runAgainButton()->click();
    QVERIFY(m_fx.waitForCreate());

    const QList<TaskKey> selected = m_fx.window->selectedKeys();
    QCOMPARE(selected.size(), 1);
    QVERIFY(selected.first() != source);
    const Task *made = m_fx.backend.store().task(selected.first());
    QVERIFY(made);
    QCOMPARE(made->remixOf, source.id);
    // Read back from the sim: the same model and exactly the same inputs, seed included.
    const Prediction again = m_fx.readBack(made->key.id);
    QCOMPARE(again.model(), schnell);
    QCOMPARE(RemixFixture::inputOf(again), input);
    // Linked both ways in the pane, and the link selects the other task.
    QCOMPARE(m_fx.pane->remixSection()->linksText(), QStringLiteral("Remix of ") + source.id);
    Q_EMIT m_fx.pane->remixSection()->taskLinkActivated(source.id);
    QCOMPARE(m_fx.window->selectedKeys(), QList<TaskKey>{source});
    QCOMPARE(m_fx.pane->remixSection()->linksText(), QStringLiteral("Remixed as ") + made->key.id);
}

void tst_Remix::remixSendsTheEditedFields()
{
    const TaskKey source = m_fx.tracked({{QStringLiteral("prompt"), QStringLiteral("a lighthouse")},
                                         {QStringLiteral("seed"), 7},
                                         {QStringLiteral("num_outputs"), 1},
                                         {QStringLiteral("go_fast"), true},
                                         {QStringLiteral("output_format"), QStringLiteral("webp")},
                                         {QStringLiteral("extra"), QJsonArray{1, 2}}});
    QVERIFY(!source.id.isEmpty());
    m_fx.actions->remix(source);
    RemixDialog *dialog = m_fx.actions->dialog();
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
    QVERIFY(m_fx.waitForCreate());

    const TaskKey made = m_fx.window->selectedKeys().value(0);
    QVERIFY(made != source);
    const QJsonObject expected{{QStringLiteral("prompt"), QStringLiteral("a lighthouse\nin fog")},
                               {QStringLiteral("num_outputs"), 3},
                               {QStringLiteral("go_fast"), false},
                               {QStringLiteral("output_format"), QStringLiteral("png")},
                               {QStringLiteral("extra"), QJsonObject{{QStringLiteral("a"), QJsonArray{true}}}}};
    QCOMPARE(RemixFixture::inputOf(m_fx.readBack(made.id)), expected);
}

void tst_Remix::estimatedCostFollowsPricesAndOutputs()
{
    // English plural forms and number formats, as the app speaks them.
    Translations translations;
    QVERIFY(!translations.install(QStringLiteral("en")).isEmpty());
    const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");
    const TaskKey source = m_fx.tracked(
        {{QStringLiteral("prompt"), QStringLiteral("a kite")}, {QStringLiteral("num_outputs"), 4}});
    QVERIFY(!source.id.isEmpty());
    const QString provider = ApiEndpoint::providerKey(m_fx.backend.client().endpoint().provider());
    // Without a price for the provider the run goes to: unknown, never 0.
    m_fx.backend.settings().setPrices(PriceTable());
    m_fx.actions->remix(source);
    QVERIFY(m_fx.actions->dialog());
    QCOMPARE(m_fx.actions->dialog()->estimatedCost(),
             QStringLiteral("unknown (no price for %1 at %2 — set one in Settings → Prices)")
                 .arg(schnell, CostText::providerName(provider)));
    m_fx.actions->dialog()->close();

    m_fx.backend.settings().setPrices(
        PriceTable({{provider, schnell, PriceUnit::PerImage, {0.003, QStringLiteral("USD")}}}));
    m_fx.actions->remix(source);
    RemixDialog *dialog = m_fx.actions->dialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->estimatedCost(), QStringLiteral("$0.012 (4 images × $0.003)"));
    qobject_cast<QSpinBox *>(dialog->form().editor(QStringLiteral("num_outputs")))->setValue(1);
    QCOMPARE(dialog->estimatedCost(), QStringLiteral("$0.003 (1 image × $0.003)"));
    dialog->close();
}

void tst_Remix::refusedFieldsAreShownByThem()
{
    const TaskKey source = m_fx.tracked({{QStringLiteral("prompt"), QStringLiteral("a fox")},
                                         {QStringLiteral("num_outputs"), 1},
                                         {QStringLiteral("output_quality"), 80}});
    QVERIFY(!source.id.isEmpty());
    const int before = m_fx.backend.store().count();
    m_fx.actions->remix(source);
    RemixDialog *dialog = m_fx.actions->dialog();
    QVERIFY(dialog);
    RemixInputsForm &form = dialog->form();
    qobject_cast<QSpinBox *>(form.editor(QStringLiteral("num_outputs")))->setValue(9);
    qobject_cast<QSpinBox *>(form.editor(QStringLiteral("output_quality")))->setValue(120);
    dialog->runButton()->click();
    QVERIFY(!m_fx.waitForCreate());
    QVERIFY2(form.fieldError(QStringLiteral("num_outputs")).contains(QStringLiteral("less than or equal to 4")),
             qPrintable(form.fieldError(QStringLiteral("num_outputs"))));
    QVERIFY(form.fieldError(QStringLiteral("output_quality")).contains(QStringLiteral("less than or equal to 100")));
    QCOMPARE(form.fieldError(QStringLiteral("prompt")), QString());
    QVERIFY2(dialog->message().contains(QStringLiteral("HTTP 422")), qPrintable(dialog->message()));
    // The edits stay for another try, and nothing was tracked.
    QCOMPARE(qobject_cast<QSpinBox *>(form.editor(QStringLiteral("num_outputs")))->value(), 9);
    QVERIFY(dialog->isVisible());
    QCOMPARE(m_fx.backend.store().count(), before);
}

void tst_Remix::noBalanceIsSaid()
{
    const TaskKey source = m_fx.tracked({{QStringLiteral("prompt"), QStringLiteral("a fox")}});
    QVERIFY(!source.id.isEmpty());
    QVERIFY(m_fx.backend.sim().setFaults(QJsonArray{QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("status")},
        {QStringLiteral("status"), 402},
        {QStringLiteral("method"), QStringLiteral("POST")},
        {QStringLiteral("body"),
         QStringLiteral(
             R"({"title":"Insufficient credit","detail":"You have insufficient credit to run this model.","status":402})")}}}));
    m_fx.actions->remix(source);
    RemixDialog *dialog = m_fx.actions->dialog();
    QVERIFY(dialog);
    dialog->runButton()->click();
    QVERIFY(!m_fx.waitForCreate());
    QVERIFY2(dialog->message().contains(QStringLiteral("make sure the API key has enough balance")),
             qPrintable(dialog->message()));
    QVERIFY(dialog->message().contains(QStringLiteral("insufficient credit")));
    QVERIFY(dialog->settingsButton()->isHidden());
    QVERIFY(m_fx.backend.sim().clearFaults());
}

void tst_Remix::refusedKeyLeadsToSettings()
{
    const TaskKey source = m_fx.tracked({{QStringLiteral("prompt"), QStringLiteral("a fox")}});
    QVERIFY(!source.id.isEmpty());
    m_fx.backend.client().setApiKey(QStringLiteral("not-the-key"));
    // Run Again has no dialog: its failure opens Remix with the same inputs and the reason.
    m_fx.actions->runAgain(source);
    QVERIFY(!m_fx.waitForCreate());
    RemixDialog *dialog = m_fx.actions->dialog();
    QVERIFY(dialog);
    QVERIFY2(dialog->message().contains(QStringLiteral("refused the API key")), qPrintable(dialog->message()));
    QVERIFY(!dialog->settingsButton()->isHidden());
    QSignalSpy settings(m_fx.actions.get(), &RemixActions::settingsRequested);
    dialog->settingsButton()->click();
    QCOMPARE(settings.size(), 1);
}

void tst_Remix::confirmationIsAskedOnce()
{
    m_fx.backend.settings().setConfirmRuns(true);
    const TaskKey source = m_fx.tracked({{QStringLiteral("prompt"), QStringLiteral("a fox")}});
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
    m_fx.actions->runAgain(source);
    QVERIFY(m_fx.waitForCreate());
    m_fx.window->selectTask(source);
    m_fx.actions->runAgain(source);
    QVERIFY(m_fx.waitForCreate());
    QCOMPARE(asked, 1);
    QVERIFY(!m_fx.backend.settings().confirmRuns());
    QCOMPARE(m_fx.backend.store().count(), 3);
}

void tst_Remix::screenshots()
{
    const TaskKey source = m_fx.tracked({{QStringLiteral("prompt"), QStringLiteral("a red fox in the snow, at dusk")},
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
        m_fx.actions->remix(source);
        RemixDialog *dialog = m_fx.actions->dialog();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        qobject_cast<QSpinBox *>(dialog->form().editor(QStringLiteral("num_outputs")))->setValue(6);
        dialog->runButton()->click();
        QVERIFY(!m_fx.waitForCreate());
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
