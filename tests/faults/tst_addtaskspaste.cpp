// A paste of megabytes into the add dialog: it goes in whole, a slice at a time between turns of the
// event loop, as one undo step, and the dialog lists what the text holds. How long the loop stalls is a
// speed figure, measured by tests/bench/bench_paste (paste.stall_ms_max), not bounded here.
#include "AddTasksDialog.h"
#include "CarelessPaste.h"
#include "ChunkedPasteEdit.h"
#include "PastedIds.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

class tst_AddTasksPaste final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tenMegabytePasteGoesInBetweenTurnsOfTheEventLoop();
    void addReadsWhatWasJustTyped();
    void offeredClipboardGoesInOnlyWithIds();
    void offeredClipboardDoesNotReplaceTyping();

private:
    static QPushButton *addButton(AddTasksDialog &dialog);
};

QPushButton *tst_AddTasksPaste::addButton(AddTasksDialog &dialog)
{
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->text().startsWith(QStringLiteral("Add")))
            return button;
    }
    return nullptr;
}

void tst_AddTasksPaste::tenMegabytePasteGoesInBetweenTurnsOfTheEventLoop()
{
    const QString text = carelessPaste(10 * 1024 * 1024);
    QApplication::clipboard()->setText(text);
    QCOMPARE(QApplication::clipboard()->text().size(), text.size());

    AddTasksDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *edit = dialog.findChild<ChunkedPasteEdit *>();
    QVERIFY(edit);
    QPushButton *ok = addButton(dialog);
    QVERIFY(ok);
    edit->setFocus();

    // Counts the turns of the event loop while the paste goes in: a paste inserted in one piece allows none.
    int turnsWhileInserting = 0;
    QTimer probe;
    probe.setInterval(0);
    connect(&probe, &QTimer::timeout, this, [&] {
        if (edit->isInserting())
            ++turnsWhileInserting;
    });
    QSignalSpy finished(edit, &ChunkedPasteEdit::insertionFinished);
    probe.start();
    edit->paste();
    QVERIFY(edit->isInserting());
    // Meanwhile the text cannot be edited, and Add waits for all of it.
    QVERIFY(edit->isReadOnly());
    QVERIFY(!ok->isEnabled());
    QVERIFY(finished.wait(60000));
    probe.stop();
    const qsizetype slices = text.size() / ChunkedPasteEdit::chunkCharacters;
    QVERIFY2(turnsWhileInserting >= slices / 2, qPrintable(QString::number(turnsWhileInserting)));
    QVERIFY(!edit->isReadOnly());

    // Done when the dialog lists what the part it reads holds, and says the rest was not read.
    const QStringList expected = PastedIds::scan(text).ids;
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isCurrent() && dialog.ids() == expected, 30000);
    QVERIFY(ok->isEnabled());
    QCOMPARE(ok->text(), QStringLiteral("Add %1").arg(expected.size()));
    auto *unusableLabel = dialog.findChild<QLabel *>(QStringLiteral("unusableLabel"));
    QVERIFY(unusableLabel->text().contains(QStringLiteral("only the first 1048576 characters were read")));
    QCOMPARE(edit->toPlainText(), text);

    // Undo takes the whole paste back at once.
    edit->undo();
    QVERIFY(edit->toPlainText().isEmpty());
    QTRY_VERIFY(dialog.isCurrent() && dialog.ids().isEmpty());
    QVERIFY(!ok->isEnabled());
}

void tst_AddTasksPaste::addReadsWhatWasJustTyped()
{
    // Add pressed before the list caught up adds what the text holds, not what the list showed.
    AddTasksDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setText(QStringLiteral("abcdefghij0123456789abcdef\n"));
    QCOMPARE(dialog.ids().size(), 1);
    auto *edit = dialog.findChild<ChunkedPasteEdit *>();
    edit->moveCursor(QTextCursor::End);
    QTest::keyClicks(edit, QStringLiteral("zyxwvutsrq9876543210zyxwvu"));
    QVERIFY(!dialog.isCurrent());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    addButton(dialog)->click();
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(dialog.ids(),
             (QStringList{QStringLiteral("abcdefghij0123456789abcdef"), QStringLiteral("zyxwvutsrq9876543210zyxwvu")}));

    // Text with no ids left: Add does not close the dialog on an empty list.
    AddTasksDialog empty;
    empty.show();
    empty.setText(QStringLiteral("abcdefghij0123456789abcdef"));
    auto *emptyEdit = empty.findChild<ChunkedPasteEdit *>();
    emptyEdit->selectAll();
    QTest::keyClicks(emptyEdit, QStringLiteral("hello"));
    QSignalSpy emptyAccepted(&empty, &QDialog::accepted);
    addButton(empty)->click();
    QCOMPARE(emptyAccepted.size(), 0);
    QVERIFY(empty.isVisible());
    QVERIFY(empty.ids().isEmpty());
    QCOMPARE(empty.unusableLines(), QStringList{QStringLiteral("hello")});
}

void tst_AddTasksPaste::offeredClipboardGoesInOnlyWithIds()
{
    AddTasksDialog withIds;
    withIds.offerText(QStringLiteral("see https://replicate.com/p/abcdefghij0123456789abcdef\n"));
    auto *edit = withIds.findChild<ChunkedPasteEdit *>();
    QTRY_VERIFY(!edit->toPlainText().isEmpty());
    QCOMPARE(withIds.ids(), QStringList{QStringLiteral("abcdefghij0123456789abcdef")});

    AddTasksDialog without;
    without.offerText(QStringLiteral("a shopping list, no ids"));
    auto *emptyEdit = without.findChild<ChunkedPasteEdit *>();
    // The reading is on a worker: give it time to come back, then check it put nothing in.
    QTest::qWait(300);
    QVERIFY(emptyEdit->toPlainText().isEmpty());
}

void tst_AddTasksPaste::offeredClipboardDoesNotReplaceTyping()
{
    AddTasksDialog dialog;
    dialog.offerText(carelessPaste(200 * 1024));
    auto *edit = dialog.findChild<ChunkedPasteEdit *>();
    // Typed before the clipboard's reading came back: what was typed stays.
    edit->insertPlainText(QStringLiteral("zyxwvutsrq9876543210zyxwvu"));
    QTRY_VERIFY(dialog.isCurrent());
    QTest::qWait(300);
    QCOMPARE(edit->toPlainText(), QStringLiteral("zyxwvutsrq9876543210zyxwvu"));
    QCOMPARE(dialog.ids(), QStringList{QStringLiteral("zyxwvutsrq9876543210zyxwvu")});
}

QTEST_MAIN(tst_AddTasksPaste)
#include "tst_addtaskspaste.moc"
