#pragma once

#include "UsageModel.h"

#include <QWidget>

#include <array>
#include <functional>
#include <optional>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class Settings;
class TaskStore;

/// The Usage window: over the last 30 days of the tasks the table's filter shows, spend per day stacked by
/// model, images per day stacked by model, successes against failures, and the median run time per model.
/// It follows the filter and the tasks (UsageModel, off the GUI thread) and the price table in Settings.
/// Spend is charted in one currency at a time: a selector appears when the tasks were charged in more
/// than one. Save as PNG… writes the charts area as the window shows it.
class UsageView final : public QWidget
{
    Q_OBJECT

public:
    UsageView(const TaskStore &store, const QSortFilterProxyModel &filter, Settings &settings,
              QWidget *parent = nullptr);
    ~UsageView() override;

    UsageModel &model() { return m_model; }
    /// The chart called @p objectName ("spendChart", "imagesChart", "outcomesChart", "runTimeChart").
    QChart *chart(const QString &objectName) const;
    /// What Save as PNG… writes.
    QWidget *chartsArea() const;
    /// The line above the charts: the span, the number of predictions, the spend, those without a price.
    QString summaryText() const;
    /// The text shown in place of the charts when there is nothing to chart; "" while charts are shown.
    QString emptyText() const;
    QPushButton *saveButton() const { return m_saveButton; }
    QComboBox *currencyBox() const { return m_currencyBox; }
    /// The currency the spend chart is in ("" when nothing was priced).
    QString currency() const;
    /// The outcome of the last save, as shown under the charts.
    QString message() const;

    /// Writes the charts area to @p path as PNG. Returns what went wrong, in words, or nothing.
    std::optional<QString> saveImage(const QString &path) const;
    /// Asks for the file Save as PNG… writes to (by default a file dialog); tests answer in its place.
    void setFileChooser(std::function<QString(const QString &suggested)> chooser);

Q_SIGNALS:
    /// The charts were redrawn from a new summary (or after the language or currency changed).
    void chartsUpdated();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void rebuild();
    void onSaveClicked();
    QString chooseFile(const QString &suggested);

    UsageModel m_model;
    QLabel *m_currencyLabel;
    QComboBox *m_currencyBox;
    QPushButton *m_saveButton;
    QStackedWidget *m_pages;
    QLabel *m_emptyLabel;
    QWidget *m_chartsArea;
    QLabel *m_summaryLabel;
    std::array<QChartView *, 4> m_views{};
    QLabel *m_messageLabel;
    std::function<QString(const QString &)> m_chooser;
    bool m_received = false; ///< A summary arrived since the window opened.
};
