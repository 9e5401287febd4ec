#pragma once

#include "ApiError.h"
#include "PriceTable.h"
#include "RemixInputsForm.h"
#include "Task.h"

#include <QDialog>

#include <functional>

class QDialogButtonBox;
class QLabel;
class QPushButton;
class TaskCreator;

/// Remix…: a tracked task's inputs, editable, sent as a new prediction of the same model (and version)
/// to the configured provider.
///
/// Above the inputs: the model, the provider and the estimated cost. What the server refuses is shown in
/// the dialog, next to the field it names where it names one, and the edits stay for another try. A create
/// whose answer was lost and could not be found is not sent again until the user says so.
class RemixDialog final : public QDialog
{
    Q_OBJECT

public:
    /// @p confirm is asked before anything is sent; false stops there. @p keepSeed: the seed stays (the
    /// dialog opened after Run Again failed).
    RemixDialog(TaskCreator &creator, const Task &source, const QString &providerName, std::function<bool()> confirm,
                bool keepSeed, QWidget *parent = nullptr);
    ~RemixDialog() override;

    RemixInputsForm &form() const { return *m_form; }
    /// The estimated cost from @p prices for a run at @p providerKey with the inputs as edited (until then:
    /// unknown); it follows the number of outputs.
    void setPrices(const PriceTable &prices, const QString &providerKey);
    /// The estimated cost as shown.
    QString estimatedCost() const;
    /// Shows why a create failed (field by field for a 422).
    void showFailure(const ApiError &error, bool maybeCreated);
    /// The message above the buttons ("" when none), for tests.
    QString message() const;
    QPushButton *runButton() const { return m_run; }
    QPushButton *settingsButton() const { return m_settings; }

Q_SIGNALS:
    /// The new task is tracked.
    void created(const TaskKey &key, bool recovered);
    void settingsRequested();

private:
    void onRunClicked();
    void setBusy(bool busy);
    void showMessage(const QString &text);
    void showCost();

    TaskCreator &m_creator;
    TaskKey m_source;
    QString m_model;
    QList<std::pair<QString, QJsonValue>> m_inputs; ///< The source's, which the estimate counts images of.
    PriceTable m_prices;
    QString m_providerKey;
    std::function<bool()> m_confirm;
    RemixInputsForm *m_form;
    QLabel *m_cost;
    QLabel *m_message;
    QPushButton *m_run;
    QPushButton *m_settings;
    QDialogButtonBox *m_buttons;
    bool m_running = false;
};
