// TaskTableModel's column headers: their names and tips.
#include "TaskTableModel.h"

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Status:
            return tr("Status");
        case Id:
            return tr("ID");
        case Model:
            return tr("Model");
        case Prompt:
            return tr("Prompt");
        case Created:
            return tr("Created");
        case RunTime:
            return tr("Run time");
        case PredictTime:
            return tr("Predict time");
        case Images:
            return tr("Images");
        case Output:
            return tr("Output");
        case LastError:
            return tr("Last error");
        case Source:
            return tr("Source");
        case Cost:
            return tr("Cost");
        case Starred:
            return QStringLiteral("★");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case RunTime:
            return tr("From start to completion");
        case PredictTime:
            return tr("Time the model spent predicting, as the service reports it");
        case Output:
            return tr("The saved file, or the outputs still on the service");
        case Source:
            return tr("Captured: made or polled by your code through the capture endpoint");
        case Cost:
            return tr("What the prediction cost at the prices of Settings → Prices");
        case Starred:
            return tr("Starred (S): their outputs are always saved");
        default:
            return {};
        }
    }
    return {};
}
