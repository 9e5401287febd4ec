// A 10 MB paste into the add dialog, the way a user makes one (Ctrl+V into its text field), while a 1 ms
// timer probes the GUI event loop. Prints one JSON line: shown_ms (from the paste until the dialog lists
// what the text holds), stall_max_ms, stalls_over_16ms, ids, characters.
#include "CarelessPaste.h"
#include "EventLoopProbe.h"
#include "ProcessStats.h"

#include "AddTasksDialog.h"
#include "ChunkedPasteEdit.h"
#include "PastedIds.h"

#include <QApplication>
#include <QClipboard>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QString text = carelessPaste(10 * 1024 * 1024);
    const QStringList expected = PastedIds::scan(text).ids;
    QApplication::clipboard()->setText(text);

    AddTasksDialog dialog;
    dialog.show();
    auto *edit = dialog.findChild<ChunkedPasteEdit *>();
    if (!edit) {
        std::fprintf(stderr, "bench_paste: the dialog has no text field\n");
        return 1;
    }
    edit->setFocus();

    EventLoopProbe probe;
    qint64 shownNs = -1;
    // Done when all of it is in and the dialog lists what it holds.
    QTimer done;
    done.setInterval(1);
    QObject::connect(&done, &QTimer::timeout, &app, [&] {
        if (edit->isInserting() || !dialog.isCurrent() || dialog.ids() != expected)
            return;
        shownNs = probe.elapsedNs();
        // The probe keeps running a little: what comes right after counts too.
        done.stop();
        QTimer::singleShot(300, &app, &QCoreApplication::quit);
    });
    QTimer::singleShot(200, &app, [&] {
        probe.start();
        done.start();
        edit->paste();
    });
    QTimer::singleShot(120000, &app, &QCoreApplication::quit);
    app.exec();
    if (shownNs < 0) {
        std::fprintf(stderr, "bench_paste: the ids were never shown\n");
        return 1;
    }
    ProcessStats::printResult({
        {QStringLiteral("characters"), qint64(text.size())},
        {QStringLiteral("ids"), qint64(dialog.ids().size())},
        {QStringLiteral("shown_ms"), shownNs / 1e6},
        {QStringLiteral("stall_max_ms"), probe.longestStallMs()},
        {QStringLiteral("stalls_over_16ms"), probe.stallsOverFrame()},
    });
    return 0;
}
