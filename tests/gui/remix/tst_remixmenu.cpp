// Run Again and Remix… around the dialog: in the Prediction menu and by shortcut, only for one selected
// task and never in a read-only store; the link kept when the new prediction was tracked before its create
// answer came back; and a remix's inputs read back with the official npm client.
#include "MainWindow.h"
#include "PredictionClient.h"
#include "ReadOnlyBanner.h"
#include "RemixActions.h"
#include "RemixDialog.h"
#include "RemixFixture.h"
#include "ReplicateNpm.h"
#include "TaskCreator.h"
#include "TaskDetailPane.h"
#include "TaskRemixSection.h"
#include "TaskStore.h"

#include <QAction>
#include <QCheckBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

class tst_RemixMenu final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void actionsNeedOneSelectedTask();
    void actionsAreOffInReadOnlyStore();
    void linkIsStoredWhenAlreadyTracked();
    void npmClientReadsBackTheRemix();

private:
    RemixFixture m_fx;
};

void tst_RemixMenu::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_fx.backend.start(), qPrintable(m_fx.backend.errorString()));
}

void tst_RemixMenu::init()
{
    QVERIFY2(m_fx.open(), qPrintable(m_fx.backend.errorString()));
}

void tst_RemixMenu::cleanup()
{
    m_fx.close();
}

void tst_RemixMenu::npmClientReadsBackTheRemix()
{
    if (const QString why = prepareReplicateNpm(); !why.isEmpty())
        QSKIP(qPrintable(why));
    const TaskKey source = m_fx.tracked({{QStringLiteral("prompt"), QStringLiteral("雪中的红狐")},
                                         {QStringLiteral("seed"), 11},
                                         {QStringLiteral("num_outputs"), 1},
                                         {QStringLiteral("go_fast"), false},
                                         {QStringLiteral("tags"), QJsonArray{QStringLiteral("狐"), 1}}});
    QVERIFY(!source.id.isEmpty());
    m_fx.window->selectTask(source);
    m_fx.actions->remix(source);
    RemixDialog *dialog = m_fx.actions->dialog();
    QVERIFY(dialog);
    RemixInputsForm &form = dialog->form();
    qobject_cast<QPlainTextEdit *>(form.editor(QStringLiteral("prompt")))
        ->setPlainText(QStringLiteral("雪中的红狐，\"黄昏\"\n第二行"));
    qobject_cast<QSpinBox *>(form.editor(QStringLiteral("num_outputs")))->setValue(2);
    qobject_cast<QCheckBox *>(form.editor(QStringLiteral("go_fast")))->setChecked(true);
    qobject_cast<QLineEdit *>(form.editor(QStringLiteral("tags")))
        ->setText(QStringLiteral("[\"狐\", 2.5, null, {\"k\": []}]"));
    dialog->runButton()->click();
    QVERIFY(m_fx.waitForCreate());
    const TaskKey made = m_fx.window->selectedKeys().value(0);
    QVERIFY(made != source);

    // The official client reads exactly what the dialog showed: the edits, nothing else (the seed was cleared).
    const NpmPrediction readBack = npmGetPrediction(m_fx.backend.sim().apiRoot(), m_fx.backend.sim().token(), made.id);
    QVERIFY2(readBack.error.isEmpty(), qPrintable(readBack.error));
    const QJsonObject expected{
        {QStringLiteral("prompt"), QStringLiteral("雪中的红狐，\"黄昏\"\n第二行")},
        {QStringLiteral("num_outputs"), 2},
        {QStringLiteral("go_fast"), true},
        {QStringLiteral("tags"),
         QJsonArray{QStringLiteral("狐"), 2.5, QJsonValue(), QJsonObject{{QStringLiteral("k"), QJsonArray()}}}}};
    QCOMPARE(readBack.prediction[QStringLiteral("input")].toObject(), expected);
    QCOMPARE(readBack.prediction[QStringLiteral("model")].toString(), QStringLiteral("black-forest-labs/flux-schnell"));
}

void tst_RemixMenu::linkIsStoredWhenAlreadyTracked()
{
    const TaskKey source = m_fx.tracked({{QStringLiteral("prompt"), QStringLiteral("a fox")}});
    QVERIFY(!source.id.isEmpty());
    // The create's answer reaches the store first as the capture endpoint records it, before the creator
    // sees it (this connection is older than the creator's).
    QString capturedId;
    QObject capture;
    connect(&m_fx.backend.client(), &PredictionClient::predictionReceived, &capture,
            [&](PredictionClient::RequestId, const Prediction &prediction) {
                if (!capturedId.isEmpty() || prediction.id() == source.id)
                    return;
                capturedId = prediction.id();
                QVERIFY(
                    m_fx.backend.store()
                        .recordCaptured(m_fx.backend.provider(), QStringLiteral("replicate-python/1.0.0"), {prediction})
                        .ok());
            });
    m_fx.window->selectTask(source);
    m_fx.actions->runAgain(source);
    QVERIFY(m_fx.waitForCreate());
    const TaskKey made = m_fx.window->selectedKeys().value(0);
    QCOMPARE(made.id, capturedId);
    const Task *task = m_fx.backend.store().task(made);
    QVERIFY(task);
    QCOMPARE(task->remixOf, source.id);
    QVERIFY(task->captured);
    QCOMPARE(m_fx.pane->remixSection()->linksText(), QStringLiteral("Remix of ") + source.id);
    // On disk too: another store over the same file reads the link.
    TaskStore reader;
    QVERIFY(reader.open(m_fx.backend.store().path(), TaskDatabase::Access::ReadOnly).ok());
    QVERIFY(reader.task(made));
    QCOMPARE(reader.task(made)->remixOf, source.id);
    QCOMPARE(m_fx.backend.store().count(), 2);
}

void tst_RemixMenu::actionsNeedOneSelectedTask()
{
    const TaskKey first = m_fx.tracked({{QStringLiteral("prompt"), QStringLiteral("a fox")}});
    const TaskKey second = m_fx.tracked({{QStringLiteral("prompt"), QStringLiteral("an owl")}});
    QVERIFY(!first.id.isEmpty() && !second.id.isEmpty());
    QAction *runAgain = m_fx.actions->runAgainAction();
    QAction *remix = m_fx.actions->remixAction();
    // First in the Prediction menu, with their shortcuts.
    QMenu *menu = nullptr;
    for (QAction *entry : m_fx.window->menuBar()->actions()) {
        if (entry->menu() && entry->text() == QStringLiteral("&Prediction"))
            menu = entry->menu();
    }
    QVERIFY(menu);
    QCOMPARE(menu->actions().mid(0, 2), (QList<QAction *>{runAgain, remix}));
    QCOMPARE(runAgain->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+R")));
    QCOMPARE(remix->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+M")));

    auto *table = m_fx.window->findChild<QTableView *>();
    QVERIFY(table);
    table->clearSelection();
    QTRY_VERIFY(!runAgain->isEnabled());
    QVERIFY(!remix->isEnabled());
    m_fx.window->selectTask(first);
    QTRY_VERIFY(runAgain->isEnabled());
    QVERIFY(remix->isEnabled());
    table->selectAll();
    QTRY_VERIFY(!runAgain->isEnabled());
    QVERIFY(!remix->isEnabled());
    // Two selected: the shortcut sends nothing.
    QTest::keyClick(table, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!m_fx.actions->creator().isBusy());
    QTest::qWait(200);
    QCOMPARE(m_fx.backend.store().count(), 2);

    // One selected: the shortcut runs it again, and Ctrl+Shift+M opens the dialog on it.
    m_fx.window->selectTask(second);
    QTRY_VERIFY(runAgain->isEnabled());
    QTest::keyClick(table, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(m_fx.waitForCreate());
    QCOMPARE(m_fx.backend.store().count(), 3);
    QCOMPARE(m_fx.backend.store().task(m_fx.window->selectedKeys().value(0))->remixOf, second.id);
    m_fx.window->selectTask(first);
    QTest::keyClick(table, Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(m_fx.actions->dialog());
    QCOMPARE(
        qobject_cast<QPlainTextEdit *>(m_fx.actions->dialog()->form().editor(QStringLiteral("prompt")))->toPlainText(),
        QStringLiteral("a fox"));
    m_fx.actions->dialog()->close();
}

void tst_RemixMenu::actionsAreOffInReadOnlyStore()
{
    const TaskKey source = m_fx.tracked({{QStringLiteral("prompt"), QStringLiteral("a fox")}});
    QVERIFY(!source.id.isEmpty());
    TaskStore store;
    QVERIFY(store.open(m_fx.backend.store().path(), TaskDatabase::Access::ReadOnly).ok());
    QVERIFY(store.isReadOnly());
    MainWindow window(store, m_fx.backend.scheduler(), m_fx.backend.settings());
    auto *pane = new TaskDetailPane(*m_fx.images);
    window.setDetailPane(pane);
    RemixActions actions(window, store, m_fx.backend.settings(), m_fx.backend.client());
    actions.attachPane(*pane);
    window.setHasApiKey(true);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectTask(source);
    QCOMPARE(window.selectedKeys(), QList<TaskKey>{source});

    const QString why = ReadOnlyBanner::refusalText();
    QTest::qWait(0);
    for (QAction *action : {actions.runAgainAction(), actions.remixAction()}) {
        QVERIFY(!action->isEnabled());
        QCOMPARE(action->toolTip(), why);
    }
    for (QPushButton *button : {pane->remixSection()->runAgainButton(), pane->remixSection()->remixButton()}) {
        QVERIFY(!button->isEnabled());
        QCOMPARE(button->toolTip(), why);
    }
    // Asked for anyway (the shortcut, a saved file's task): refused in the status bar, nothing sent.
    QTest::keyClick(window.findChild<QTableView *>(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    actions.runAgain(source);
    actions.remix(source);
    QCOMPARE(window.statusBar()->currentMessage(), why);
    QVERIFY(!actions.dialog());
    QVERIFY(!actions.creator().isBusy());
    QCOMPARE(store.count(), 1);
}

QTEST_MAIN(tst_RemixMenu)
#include "tst_remixmenu.moc"
