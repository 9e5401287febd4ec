#pragma once

#include "Prediction.h"

#include <QWidget>

#include <memory>

namespace Ui {
class TaskInputsSection;
}

/// What the prediction was asked for: the prompt in full, then every input, the well-known ones first.
class TaskInputsSection final : public QWidget
{
    Q_OBJECT

public:
    explicit TaskInputsSection(QWidget *parent = nullptr);
    ~TaskInputsSection() override;

    void showPrediction(const Prediction &prediction);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    std::unique_ptr<Ui::TaskInputsSection> m_ui;
    Prediction m_prediction;
};
