// StatusDelegate in a table on screen: while the spinners of running rows turn frame by frame, what the window
// shows of each status cell outside its spinner stays what a full paint of the cell shows.
#include "StatusDelegate.h"

#include "PredictionStatus.h"
#include "TaskTableModel.h"

#include <QHeaderView>
#include <QScreen>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

class tst_StatusDelegate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void spinnerFramesLeaveTheRestOfTheCellAsDrawn();
};

void tst_StatusDelegate::spinnerFramesLeaveTheRestOfTheCellAsDrawn()
{
    QStandardItemModel model(6, 2);
    const QList<PredictionStatus> statuses{PredictionStatus::Processing, PredictionStatus::Starting,
                                           PredictionStatus::Succeeded,  PredictionStatus::Processing,
                                           PredictionStatus::Failed,     PredictionStatus::Processing};
    for (int row = 0; row < model.rowCount(); ++row) {
        model.setData(model.index(row, 0), PredictionStatuses::toString(statuses.at(row)));
        model.setData(model.index(row, 0), int(statuses.at(row)), TaskTableModel::StatusRole);
        model.setData(model.index(row, 1), QStringLiteral("prediction %1").arg(row));
    }
    QTableView table;
    table.setModel(&model);
    table.setItemDelegateForColumn(0, new StatusDelegate(&table));
    table.setAlternatingRowColors(true);
    table.setSelectionBehavior(QAbstractItemView::SelectRows);
    table.horizontalHeader()->resizeSection(0, 160);
    table.resize(400, 300);
    table.selectRow(3);
    table.show();
    QVERIFY(QTest::qWaitForWindowExposed(&table));

    // Frames of the spinner (one every 80 ms) repaint the window a bit at a time.
    QTest::qWait(500);
    const QImage shown = table.screen()->grabWindow(table.winId()).toImage();
    const QImage full = table.grab().toImage();
    QCOMPARE(shown.size(), full.size());
    for (int row = 0; row < model.rowCount(); ++row) {
        const QRect cell = table.visualRect(model.index(row, 0)).translated(table.viewport()->pos());
        // The text half of the cell: the spinner, left of it, may have turned between the two pictures.
        const QRect text = cell.adjusted(cell.height() + 4, 0, 0, 0);
        QCOMPARE(shown.copy(text), full.copy(text));
    }
}

QTEST_MAIN(tst_StatusDelegate)
#include "tst_statusdelegate.moc"
