#pragma once

#include "PriceTable.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <utility>

class QLocale;
struct Task;

/// The one place a cost becomes text: the table's cell, the detail pane's line, the Remix dialog's
/// estimate and the status bar's total.
class CostText final
{
    Q_DECLARE_TR_FUNCTIONS(CostText)

public:
    CostText() = delete;

    /// "$0.012"; "unknown" without a price (never 0); "" while the prediction runs.
    static QString cell(const TaskCost &cost, const QLocale &locale);
    /// "$0.012 (4 images × $0.003, Replicate's price of 12/3/26)", or why it is unknown and where to set
    /// a price.
    static QString detail(const Task &task, const PriceTable &prices, const QLocale &locale);
    /// What a new run of @p model at @p provider should cost with @p inputs (num_outputs images, 1 when
    /// not given): "$0.012 (4 images × $0.003)"; "unknown (…)" without a price.
    static QString estimate(const PriceTable &prices, const QString &provider, const QString &model,
                            const QList<std::pair<QString, QJsonValue>> &inputs, const QLocale &locale);
    /// The status bar's field: "Cost: $1.23 (312 tasks), 3 unknown"; "Selected: …" for a selection.
    static QString total(const CostTotal &total, int tasks, bool selection, const QLocale &locale);
    /// "Replicate's price of 12/3/26" for a rule as Replimon ships it, else "your price".
    static QString origin(const PriceRule &rule, const QLocale &locale);
    /// "Replicate" for the provider's key, or the key itself when it names no known provider.
    static QString providerName(const QString &providerKey);
};
