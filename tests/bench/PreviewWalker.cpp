#include "PreviewWalker.h"

#include "PredictionStatus.h"
#include "TaskTableModel.h"

#include <QItemSelectionModel>
#include <QTableView>

PreviewWalker::PreviewWalker(QTableView &table, QAbstractItemModel &model, int periodMs, QObject *parent)
    : QObject(parent)
    , m_table(table)
    , m_model(model)
{
    m_timer.setInterval(periodMs);
    connect(&m_timer, &QTimer::timeout, this, &PreviewWalker::selectNext);
}

void PreviewWalker::selectNext()
{
    const int rows = m_model.rowCount();
    for (int tried = 0; tried < rows; ++tried) {
        const int row = (m_nextRow + tried) % rows;
        const QModelIndex index = m_model.index(row, 0);
        if (PredictionStatus(index.data(TaskTableModel::StatusRole).toInt()) == PredictionStatus::Succeeded) {
            m_table.selectionModel()->setCurrentIndex(index,
                                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_nextRow = row + 1;
            ++m_selected;
            return;
        }
    }
}
