#include "RemixDialog.h"

#include "CostText.h"
#include "DisplayText.h"
#include "TaskCreator.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

RemixDialog::RemixDialog(TaskCreator &creator, const Task &source, const QString &providerName,
                         std::function<bool()> confirm, bool keepSeed, QWidget *parent)
    : QDialog(parent)
    , m_creator(creator)
    , m_source(source.key)
    , m_confirm(std::move(confirm))
    , m_form(new RemixInputsForm)
    , m_cost(new QLabel(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setWindowTitle(tr("Remix %1").arg(source.key.id));
    const Prediction prediction = source.prediction();

    auto *summary = new QFormLayout;
    auto *model = new QLabel(
        prediction.model().isEmpty() ? tr("version %1").arg(prediction.version().left(12)) : prediction.model(), this);
    model->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary->addRow(tr("Model:"), model);
    summary->addRow(tr("Provider:"), new QLabel(providerName, this));
    // Unknown until setPrices(): saying nothing would look like "free".
    m_cost->setObjectName(QStringLiteral("estimatedCost"));
    m_cost->setWordWrap(true);
    summary->addRow(tr("Estimated cost:"), m_cost);
    m_model = prediction.model();
    m_inputs = prediction.inputs();

    m_form->setInputs(prediction.model(), prediction.inputs(), keepSeed);
    if (auto *outputs = qobject_cast<QSpinBox *>(m_form->editor(QStringLiteral("num_outputs"))))
        connect(outputs, &QSpinBox::valueChanged, this, &RemixDialog::showCost);
    showCost();
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_form);

    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_run = m_buttons->addButton(tr("Run"), QDialogButtonBox::AcceptRole);
    m_run->setDefault(true);
    m_settings = m_buttons->addButton(tr("Settings…"), QDialogButtonBox::ActionRole);
    m_settings->hide();
    m_buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_run, &QPushButton::clicked, this, &RemixDialog::onRunClicked);
    connect(m_settings, &QPushButton::clicked, this, &RemixDialog::settingsRequested);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(summary);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    resize(560, 620);

    connect(&m_creator, &TaskCreator::created, this, [this](const TaskKey &key, bool recovered) {
        if (!m_running)
            return;
        setBusy(false);
        Q_EMIT created(key, recovered);
        accept();
    });
    connect(&m_creator, &TaskCreator::failed, this, [this](const ApiError &error, bool maybeCreated) {
        if (!m_running)
            return;
        setBusy(false);
        showFailure(error, maybeCreated);
    });
    connect(&m_creator, &TaskCreator::notice, this, [this](const QString &text) {
        if (m_running)
            showMessage(text);
    });
}

RemixDialog::~RemixDialog() = default;

void RemixDialog::setPrices(const PriceTable &prices, const QString &providerKey)
{
    m_prices = prices;
    m_providerKey = providerKey;
    showCost();
}

void RemixDialog::showCost()
{
    QList<std::pair<QString, QJsonValue>> inputs = m_inputs;
    if (const auto *outputs = qobject_cast<QSpinBox *>(m_form->editor(QStringLiteral("num_outputs")))) {
        for (auto &[name, value] : inputs) {
            if (name == u"num_outputs")
                value = outputs->value();
        }
    }
    m_cost->setText(CostText::estimate(m_prices, m_providerKey, m_model, inputs, QLocale()));
}

QString RemixDialog::estimatedCost() const
{
    return m_cost->text();
}

QString RemixDialog::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void RemixDialog::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void RemixDialog::setBusy(bool busy)
{
    m_running = busy;
    m_run->setEnabled(!busy);
    m_form->setEnabled(!busy);
    if (busy)
        showMessage(tr("Sending…"));
}

void RemixDialog::onRunClicked()
{
    if (m_running || m_creator.isBusy()) {
        showMessage(tr("Another run is being sent; wait for it to finish."));
        return;
    }
    m_form->clearFieldErrors();
    m_settings->hide();
    const auto input = m_form->input();
    if (!input) {
        showMessage(input.error());
        return;
    }
    if (m_confirm && !m_confirm())
        return;
    setBusy(true);
    m_creator.remix(m_source, input.value());
}

void RemixDialog::showFailure(const ApiError &error, bool maybeCreated)
{
    const QString detail = error.message.trimmed();
    QString text;
    switch (error.kind) {
    case ApiError::Kind::InvalidInput: {
        const QList<ApiError::InvalidField> unplaced = m_form->showFieldErrors(error.invalidFields);
        text = error.invalidFields.isEmpty() || !unplaced.isEmpty()
            ? tr("The server refused the inputs (HTTP %1): %2").arg(error.httpStatus).arg(detail)
            : tr("The server refused the inputs (HTTP %1): see the messages by the fields.").arg(error.httpStatus);
        for (const ApiError::InvalidField &field : unplaced)
            text += u'\n' + field.field + QStringLiteral(": ") + field.description;
        break;
    }
    case ApiError::Kind::PaymentRequired:
        text = tr("The account has no balance left: make sure the API key has enough balance, then run again. "
                  "(%1)")
                   .arg(detail);
        break;
    case ApiError::Kind::Unauthorized:
        text = tr("The server refused the API key (HTTP %1). Check it in Settings.").arg(error.httpStatus);
        m_settings->show();
        break;
    case ApiError::Kind::RateLimited:
        text = error.retryAfter
            ? tr("Too many runs at once: the server asks to wait %1 before the next one.")
                  .arg(DisplayText::duration(double(error.retryAfter->count()) / 1000.0))
            : tr("Too many runs at once: the server refused this one. Wait a little, then run again.");
        break;
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Server:
    case ApiError::Kind::BadResponse:
        if (maybeCreated) {
            text = tr("The answer to the run was lost (%1), and no new prediction with these inputs was found in "
                      "the provider's list: it may have been created all the same. Look for it before sending it "
                      "again.")
                       .arg(detail);
            m_run->setText(tr("Send Again Anyway"));
        } else {
            text = tr("The run could not be sent: %1").arg(detail);
        }
        break;
    case ApiError::Kind::NotFound:
    case ApiError::Kind::NotSupported:
        text = tr("This provider cannot run it: %1").arg(detail);
        break;
    case ApiError::Kind::Canceled:
    case ApiError::Kind::FileSystem:
        text = detail;
        break;
    }
    showMessage(QStringLiteral("⚠ ") + text);
}
