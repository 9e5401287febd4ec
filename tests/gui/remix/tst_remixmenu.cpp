// Run Again and Remix… around the dialog: a remix's inputs read back with the official npm client.
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

QTEST_MAIN(tst_RemixMenu)
#include "tst_remixmenu.moc"
