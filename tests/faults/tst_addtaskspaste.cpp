// A 10 MB paste into the add dialog must not freeze the window. A probe timer measures the longest time
// the event loop went without turning, from the paste until the dialog shows what it found.
#include "AddTasksDialog.h"

#include "ApiEndpoint.h"

#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QTest>
#include <QTimer>

namespace {

// Generous, so that a loaded machine does not make it flake; the figure measured is printed.
constexpr qint64 maxStallMs = 200;

QString tenMegabytes()
{
    // What a careless paste looks like: log lines, with prediction ids and addresses here and there.
    QRandomGenerator random(10);
    const auto id = [&random] {
        static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        QString text;
        for (int i = 0; i < 26; ++i)
            text.append(QLatin1Char(alphabet[random.bounded(36)]));
        return text;
    };
    QString text;
    text.reserve(10 * 1024 * 1024 + 200);
    while (text.size() < 10 * 1024 * 1024) {
        switch (random.bounded(4)) {
        case 0:
            text += QStringLiteral("https://replicate.com/p/") + id() + u'\n';
            break;
        case 1:
            text += id() + u'\n';
            break;
        default:
            text += QStringLiteral("2025-07-14 09:13:40 INFO worker %1: step %2 of 28, nothing to see here\n")
                        .arg(random.bounded(1000))
                        .arg(random.bounded(28));
            break;
        }
    }
    return text;
}

} // namespace

class tst_AddTasksPaste final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tenMegabytePasteKeepsTheWindowResponsive();
};

void tst_AddTasksPaste::tenMegabytePasteKeepsTheWindowResponsive()
{
    const QString text = tenMegabytes();
    QApplication::clipboard()->setText(text);
    QCOMPARE(QApplication::clipboard()->text().size(), text.size());

    AddTasksDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *edit = dialog.findChild<QPlainTextEdit *>();
    QVERIFY(edit);
    QPushButton *ok = nullptr;
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->text().startsWith(QStringLiteral("Add")))
            ok = button;
    }
    QVERIFY(ok);
    edit->setFocus();

    QElapsedTimer clock;
    qint64 lastTick = 0;
    qint64 longestGap = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    connect(&probe, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        longestGap = std::max(longestGap, now - lastTick);
        lastTick = now;
    });
    clock.start();
    probe.start();
    QTimer::singleShot(20, edit, &QPlainTextEdit::paste);
    // Done when all of it is in and the dialog shows what the first part holds.
    const QStringList expected = ApiEndpoint::extractIds(text.left(AddTasksDialog::maxScannedCharacters));
    QTRY_VERIFY_WITH_TIMEOUT(
        edit->document()->characterCount() - 1 == text.size() && dialog.ids() == expected && ok->isEnabled(), 60000);
    const qint64 shownAfter = clock.elapsed();
    QTest::qWait(300); // and it stays responsive afterwards
    probe.stop();

    qInfo("10 MB paste: ids shown after %lld ms, longest event-loop stall %lld ms, %lld ids", qlonglong(shownAfter),
          qlonglong(longestGap), qlonglong(dialog.ids().size()));
    QCOMPARE(edit->toPlainText(), text);
    QCOMPARE_LT(longestGap, maxStallMs);

    // Undo takes the whole paste back at once.
    edit->undo();
    QVERIFY(edit->toPlainText().isEmpty());
}

QTEST_MAIN(tst_AddTasksPaste)
#include "tst_addtaskspaste.moc"
