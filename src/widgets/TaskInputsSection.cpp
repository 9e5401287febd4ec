#include "TaskInputsSection.h"

#include "DisplayText.h"
#include "FormRows.h"
#include "ui_TaskInputsSection.h"

TaskInputsSection::TaskInputsSection(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TaskInputsSection>())
{
    m_ui->setupUi(this);
    m_ui->promptLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

TaskInputsSection::~TaskInputsSection() = default;

void TaskInputsSection::showPrediction(const Prediction &prediction)
{
    m_prediction = prediction;
    refresh();
}

void TaskInputsSection::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        refresh();
    }
}

void TaskInputsSection::refresh()
{
    const QString prompt = m_prediction.prompt();
    m_ui->promptGroup->setVisible(!prompt.isEmpty());
    m_ui->promptLabel->setText(prompt);

    QList<FormRows::Row> rows;
    const auto &inputs = m_prediction.inputs();
    // The seed's six first, in its order, then whatever else the model takes, in the server's order.
    const QStringList known{QStringLiteral("prompt"),           QStringLiteral("input_image"),
                            QStringLiteral("aspect_ratio"),     QStringLiteral("output_format"),
                            QStringLiteral("safety_tolerance"), QStringLiteral("prompt_upsampling")};
    QList<std::pair<QString, QJsonValue>> ordered;
    for (const QString &key : known) {
        for (const auto &entry : inputs) {
            if (entry.first == key)
                ordered.append(entry);
        }
    }
    for (const auto &entry : inputs) {
        if (!known.contains(entry.first))
            ordered.append(entry);
    }
    for (const auto &[key, value] : ordered) {
        QString toolTip;
        QString text = DisplayText::value(value, &toolTip);
        if (key == u"prompt" && text.size() > 80) {
            // Shown in full above.
            toolTip = text;
            text = text.left(77) + QStringLiteral("…");
        }
        const QString caption = DisplayText::inputLabel(key);
        rows.append({caption, caption != key ? key : QString(), text, toolTip});
    }
    FormRows::set(m_ui->inputsForm, rows);
    m_ui->inputsGroup->setVisible(!ordered.isEmpty());
    setVisible(!prompt.isEmpty() || !ordered.isEmpty());
}
