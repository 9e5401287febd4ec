#pragma once

#include "PriceTable.h"
#include "Result.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;
class Settings;

/// Settings → Prices: the price table as rows to edit (the provider, the model as predictions name it, the
/// unit, the price and its currency), rows to add and remove, Replimon's defaults to go back to, and when
/// Replicate's prices were last checked.
///
/// Like the dialog's other pages it writes through Settings when OK says so (save()); a row that cannot be
/// kept (no model, a negative or missing price, a currency that is not a three-letter code) is named by
/// validate() and nothing is written, so no row is dropped without the user knowing.
class PricesPage final : public QWidget
{
    Q_OBJECT

public:
    enum Column {
        ProviderColumn,
        ModelColumn,
        UnitColumn,
        PriceColumn,
        CurrencyColumn,
        ColumnCount,
    };

    explicit PricesPage(Settings &settings, QWidget *parent = nullptr);

    /// Shows @p prices as the rows.
    void load(const PriceTable &prices);
    /// The table as edited, or what is wrong with the first bad row.
    Result<PriceTable, QString> table() const;
    /// Whether the rows can be saved; if not, says why under the table and selects the row.
    bool validate();
    /// Writes the rows through Settings (call validate() first: rows that cannot be read are not written).
    void save();

    QTableWidget &rows() const { return *m_table; }
    /// The message under the table ("" when none), for tests.
    QString message() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void addRow(const PriceRule &rule);
    void showMessage(const QString &text);

    Settings &m_settings;
    QLabel *m_checkedLabel;
    QTableWidget *m_table;
    QPushButton *m_addButton;
    QPushButton *m_removeButton;
    QPushButton *m_defaultsButton;
    QLabel *m_message;
};
