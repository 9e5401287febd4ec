#include "CompareColumn.h"

#include "BeforeAfterView.h"
#include "DisplayText.h"
#include "FileDownloader.h"
#include "FormRows.h"
#include "LockedImageView.h"
#include "ThumbnailId.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr int promptLines = 4;

QJsonValue inputValue(const Prediction &prediction, const QString &key)
{
    for (const auto &[name, value] : prediction.inputs()) {
        if (name == key)
            return value;
    }
    return QJsonValue(QJsonValue::Undefined);
}

} // namespace

CompareColumn::CompareColumn(ImageCache &cache, LockedZoom &zoom, QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_beforeAfterButton(new QToolButton(this))
    , m_images(new QStackedWidget(this))
    , m_image(new LockedImageView(cache, zoom, m_images))
    , m_beforeAfter(new BeforeAfterView(cache, m_images))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_outputLabel(new QLabel(this))
    , m_prompt(new QPlainTextEdit(this))
    , m_inputsBox(new QWidget(this))
    , m_inputs(new QFormLayout(m_inputsBox))
{
    m_beforeAfter->shareZoom(zoom);
    m_images->addWidget(m_image);
    m_images->addWidget(m_beforeAfter);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_beforeAfterButton->setCheckable(true);
    // Every column's image starts at the same height, with the button or without.
    m_title->setMinimumHeight(m_beforeAfterButton->sizeHint().height());
    m_previous->setArrowType(Qt::LeftArrow);
    m_next->setArrowType(Qt::RightArrow);
    m_outputLabel->setAlignment(Qt::AlignCenter);
    // Hidden for a single output, their room kept: prompts and inputs stay level across the columns.
    for (QWidget *widget : std::initializer_list<QWidget *>{m_previous, m_next, m_outputLabel}) {
        QSizePolicy policy = widget->sizePolicy();
        policy.setRetainSizeWhenHidden(true);
        widget->setSizePolicy(policy);
    }
    m_prompt->setReadOnly(true);
    m_prompt->setFrameShape(QFrame::NoFrame);
    m_prompt->setBackgroundRole(QPalette::Window);
    m_prompt->viewport()->setBackgroundRole(QPalette::Window);
    m_prompt->setFixedHeight(m_prompt->fontMetrics().lineSpacing() * promptLines + 8);
    m_inputs->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_inputs->setContentsMargins(0, 0, 0, 0);

    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_beforeAfterButton);
    auto *stepper = new QHBoxLayout;
    stepper->addStretch(1);
    stepper->addWidget(m_previous);
    stepper->addWidget(m_outputLabel);
    stepper->addWidget(m_next);
    stepper->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_images, 1);
    layout->addLayout(stepper);
    layout->addWidget(m_prompt);
    layout->addWidget(m_inputsBox);

    connect(m_previous, &QToolButton::clicked, this, [this] { showOutput(m_output - 1); });
    connect(m_next, &QToolButton::clicked, this, [this] { showOutput(m_output + 1); });
    connect(m_beforeAfterButton, &QToolButton::toggled, this, &CompareColumn::showBeforeAfter);
    refresh();
}

int CompareColumn::outputCount() const
{
    const qsizetype remote = m_task.dataRemoved ? 0 : m_task.outputUrlTexts.size();
    return int(std::max(remote, m_task.localFiles.size()));
}

void CompareColumn::setTask(const Task &task)
{
    if (task.key != m_task.key) {
        m_output = 0;
        m_beforeAfterButton->setChecked(false);
    }
    m_task = task;
    m_prediction = task.prediction(); // one read and parse of the answer per update
    m_inputImage = m_prediction.inputImage();
    m_output = std::clamp(m_output, 0, std::max(0, outputCount() - 1));
    refresh();
}

void CompareColumn::showOutput(int index)
{
    m_output = std::clamp(index, 0, std::max(0, outputCount() - 1));
    updateImage();
}

void CompareColumn::showBeforeAfter(bool on)
{
    on = on && hasInputImage();
    m_beforeAfterButton->setChecked(on);
    m_images->setCurrentWidget(on ? static_cast<QWidget *>(m_beforeAfter) : m_image);
    updateImage();
}

int CompareColumn::inputsHeight() const
{
    return m_inputs->sizeHint().height();
}

void CompareColumn::setInputsHeight(int height)
{
    m_inputsBox->setFixedHeight(height);
}

QString CompareColumn::promptText() const
{
    return m_prompt->toPlainText();
}

QStringList CompareColumn::inputRows() const
{
    QStringList rows;
    for (int row = 0; row < m_inputs->rowCount(); ++row) {
        const auto *caption = qobject_cast<QLabel *>(m_inputs->itemAt(row, QFormLayout::LabelRole)->widget());
        const auto *value = qobject_cast<QLabel *>(m_inputs->itemAt(row, QFormLayout::FieldRole)->widget());
        if (caption && value)
            rows.append(tr("%1: %2").arg(caption->text(), value->text()));
    }
    return rows;
}

void CompareColumn::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        refresh();
}

void CompareColumn::refresh()
{
    m_title->setText(m_task.key.id);
    m_title->setToolTip(tr("%1 · %2").arg(m_task.key.id, DisplayText::statusName(m_task.status, m_task.statusText)));
    m_beforeAfterButton->setText(tr("Before / After"));
    m_beforeAfterButton->setToolTip(tr("The input image and the output under a divider you drag"));
    m_beforeAfterButton->setVisible(hasInputImage());
    m_previous->setToolTip(tr("Previous output"));
    m_next->setToolTip(tr("Next output"));
    const QString prompt = m_prediction.prompt();
    m_prompt->setPlainText(prompt.isEmpty() ? tr("(no prompt)") : prompt);
    m_prompt->setToolTip(prompt);
    updateInputs();
    updateImage();
}

QString CompareColumn::missingImageText() const
{
    switch (m_task.status) {
    case PredictionStatus::Failed:
    case PredictionStatus::Canceled:
    case PredictionStatus::Aborted: {
        const QString error = m_prediction.errorText();
        const QString status = DisplayText::statusName(m_task.status, m_task.statusText);
        return error.isEmpty() ? status : tr("%1\n%2").arg(status, error);
    }
    case PredictionStatus::Starting:
    case PredictionStatus::Processing:
    case PredictionStatus::Unknown:
        if (outputCount() == 0)
            return DisplayText::statusName(m_task.status, m_task.statusText, m_task.hasPrediction()) + tr("…");
        return {};
    case PredictionStatus::Succeeded:
        if (outputCount() == 0)
            return m_task.outputUrlTexts.isEmpty() ? tr("No image") : tr("Expired, not saved");
        return {};
    }
    return {};
}

void CompareColumn::updateImage()
{
    const int count = outputCount();
    const QString missing = missingImageText();
    QUrl url;
    if (missing.isEmpty() && count > 0) {
        // A saved copy is shown from disk: no network, and it outlives the server's. Files are found by the
        // name saving gives each output (they may have been saved in another order).
        const ThumbnailSource source = ThumbnailSource::of(m_task, m_output);
        QString local = source.localFile;
        if (!m_task.outputUrlTexts.isEmpty()) {
            const QString name =
                FileDownloader::outputBaseNames(m_task.key.id, int(m_task.outputUrlTexts.size())).value(m_output);
            for (const QString &path : m_task.localFiles) {
                if (QFileInfo(path).completeBaseName() == name)
                    local = path;
            }
        }
        url = !local.isEmpty() && QFileInfo::exists(local) ? QUrl::fromLocalFile(local) : source.remoteUrl;
    }
    const QString none = missing.isEmpty() ? tr("Expired, not saved") : missing;
    m_image->setUrl(url, none);
    if (m_images->currentWidget() == m_beforeAfter)
        m_beforeAfter->setUrls(QUrl(m_inputImage), url);
    const bool several = count > 1;
    m_previous->setVisible(several);
    m_next->setVisible(several);
    m_outputLabel->setVisible(several);
    m_previous->setEnabled(m_output > 0);
    m_next->setEnabled(m_output + 1 < count);
    m_outputLabel->setText(tr("Output %1 of %2").arg(m_output + 1).arg(count));
}

void CompareColumn::updateInputs()
{
    QList<FormRows::Row> rows;
    if (!m_task.model.isEmpty())
        rows.append({tr("Model"), QString(), m_task.model, QString()});
    const Prediction &prediction = m_prediction;
    const QJsonValue width = inputValue(prediction, QStringLiteral("width"));
    const QJsonValue height = inputValue(prediction, QStringLiteral("height"));
    // The inputs that make two images of one model differ, in this order; the pane lists all of them.
    const QStringList keys{QStringLiteral("seed"),           QStringLiteral("aspect_ratio"),
                           QStringLiteral("megapixels"),     QStringLiteral("num_inference_steps"),
                           QStringLiteral("steps"),          QStringLiteral("guidance"),
                           QStringLiteral("guidance_scale"), QStringLiteral("prompt_strength")};
    for (const QString &key : keys) {
        const QJsonValue value = inputValue(prediction, key);
        if (value.isUndefined() || value.isNull())
            continue;
        QString full;
        // A seed is a name for a run, not a quantity: no thousands separators.
        const QString text = key == u"seed" && value.isDouble() ? QString::number(value.toInteger())
                                                                : DisplayText::value(value, &full);
        rows.append({DisplayText::inputLabel(key), key, text, full});
    }
    if (!width.isUndefined() && !height.isUndefined()) {
        rows.append({tr("Size"), QString(), tr("%1 × %2").arg(DisplayText::value(width), DisplayText::value(height)),
                     QString()});
    }
    FormRows::set(m_inputs, rows);
}
