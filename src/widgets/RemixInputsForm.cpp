#include "RemixInputsForm.h"

#include "CreateInputs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>

#include <cmath>
#include <limits>

namespace {

// Spin boxes hold ints; larger whole numbers are edited as JSON text.
bool fitsSpinBox(double value)
{
    return std::trunc(value) == value && value >= std::numeric_limits<int>::min()
        && value <= std::numeric_limits<int>::max();
}

QString compactJson(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

} // namespace

RemixInputsForm::RemixInputsForm(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QFormLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
}

RemixInputsForm::~RemixInputsForm() = default;

bool RemixInputsForm::isImageKey(const QString &key)
{
    return key == u"input_image" || key == u"image";
}

QStringList RemixInputsForm::knownChoices(const QString &model, const QString &key)
{
    // FLUX.1 schnell and dev list their choices one way, the Kontext and 1.1 models another.
    const bool flux1 = model.contains(QLatin1String("schnell")) || model.endsWith(QLatin1String("/flux-dev"));
    const bool flux = model.startsWith(QLatin1String("black-forest-labs/"));
    if (!flux)
        return {};
    if (key == u"aspect_ratio") {
        return flux1
            ? QStringList{QStringLiteral("1:1"), QStringLiteral("16:9"), QStringLiteral("21:9"), QStringLiteral("3:2"),
                          QStringLiteral("2:3"), QStringLiteral("4:5"),  QStringLiteral("5:4"),  QStringLiteral("3:4"),
                          QStringLiteral("4:3"), QStringLiteral("9:16"), QStringLiteral("9:21")}
            : QStringList{QStringLiteral("match_input_image"),
                          QStringLiteral("1:1"),
                          QStringLiteral("16:9"),
                          QStringLiteral("9:16"),
                          QStringLiteral("4:3"),
                          QStringLiteral("3:4"),
                          QStringLiteral("3:2"),
                          QStringLiteral("2:3"),
                          QStringLiteral("4:5"),
                          QStringLiteral("5:4"),
                          QStringLiteral("21:9"),
                          QStringLiteral("9:21"),
                          QStringLiteral("2:1"),
                          QStringLiteral("1:2")};
    }
    if (key == u"output_format")
        return {QStringLiteral("webp"), QStringLiteral("jpg"), QStringLiteral("png")};
    if (key == u"megapixels" && flux1)
        return {QStringLiteral("1"), QStringLiteral("0.25")};
    return {};
}

void RemixInputsForm::setInputs(const QString &model, const QList<std::pair<QString, QJsonValue>> &input, bool keepSeed)
{
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_fields.clear();
    QList<std::pair<QString, QJsonValue>> ordered = input;
    std::stable_partition(ordered.begin(), ordered.end(), [](const auto &entry) { return entry.first == u"prompt"; });
    m_fields.reserve(ordered.size());
    for (const auto &[key, value] : ordered) {
        m_fields.append(Field{key, Kind::Text, nullptr, nullptr, {}});
        Field &added = m_fields.last();
        const QJsonValue shown = key == u"seed" && !keepSeed ? QJsonValue() : value;
        QWidget *editor = makeEditor(added, model, shown);
        added.error = new QLabel(this);
        added.error->setWordWrap(true);
        added.error->setTextFormat(Qt::PlainText);
        added.error->hide();
        auto *column = new QWidget(this);
        auto *columnLayout = new QVBoxLayout(column);
        columnLayout->setContentsMargins(0, 0, 0, 0);
        columnLayout->setSpacing(2);
        columnLayout->addWidget(editor);
        columnLayout->addWidget(added.error);
        m_layout->addRow(key + u':', column);
    }
}

QWidget *RemixInputsForm::makeEditor(Field &field, const QString &model, const QJsonValue &value)
{
    const QStringList choices = knownChoices(model, field.key);
    if (field.key == u"prompt" && (value.isString() || value.isUndefined())) {
        field.kind = Kind::Prompt;
        auto *edit = new QPlainTextEdit(value.toString(), this);
        edit->setTabChangesFocus(true);
        edit->setMinimumHeight(fontMetrics().lineSpacing() * 4);
        field.editor = edit;
    } else if (field.key == u"seed" && (value.isNull() || value.isUndefined() || value.isDouble())) {
        field.kind = Kind::Seed;
        auto *edit = new QLineEdit(this);
        edit->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("-?[0-9]{0,18}")), edit));
        if (value.isDouble())
            edit->setText(QString::number(qint64(value.toDouble())));
        edit->setPlaceholderText(tr("Random (leave empty for a new seed)"));
        edit->setClearButtonEnabled(true);
        field.editor = edit;
    } else if (isImageKey(field.key) && (value.isString() || value.isNull())) {
        field.kind = Kind::Image;
        field.editor = makeImageEditor(field, value);
    } else if (value.isBool()) {
        field.kind = Kind::Boolean;
        auto *box = new QCheckBox(this);
        box->setChecked(value.toBool());
        field.editor = box;
    } else if (!choices.isEmpty() && value.isString()) {
        field.kind = Kind::Choice;
        auto *box = new QComboBox(this);
        box->addItems(choices);
        if (!choices.contains(value.toString()))
            box->addItem(value.toString());
        box->setCurrentText(value.toString());
        field.editor = box;
    } else if (value.isDouble() && fitsSpinBox(value.toDouble())) {
        field.kind = Kind::Integer;
        auto *box = new QSpinBox(this);
        box->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
        box->setValue(int(value.toDouble()));
        field.editor = box;
    } else if (value.isDouble()) {
        field.kind = Kind::Number;
        auto *box = new QDoubleSpinBox(this);
        box->setDecimals(4);
        box->setRange(-1e12, 1e12);
        box->setValue(value.toDouble());
        field.editor = box;
    } else if (value.isString()) {
        field.kind = Kind::Text;
        field.editor = new QLineEdit(value.toString(), this);
    } else {
        field.kind = Kind::Json;
        auto *edit = new QLineEdit(compactJson(value), this);
        edit->setToolTip(tr("Edited as JSON"));
        field.editor = edit;
    }
    field.editor->setObjectName(field.key);
    return field.editor;
}

QWidget *RemixInputsForm::makeImageEditor(Field &field, const QJsonValue &value)
{
    auto *box = new QWidget(this);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *edit = new QLineEdit(box);
    edit->setObjectName(QStringLiteral("url"));
    const QString text = value.toString();
    // A data: URI sent before is kept as it is but not shown: it can be megabytes of text.
    if (text.startsWith(QLatin1String("data:"))) {
        field.imageData = text;
        edit->setPlaceholderText(
            tr("The image sent with the source (%1)").arg(QLocale().formattedDataSize(text.size() * 3 / 4)));
    } else {
        edit->setText(text);
    }
    const QString key = field.key;
    connect(edit, &QLineEdit::textEdited, this, [this, key] {
        if (Field *edited = this->field(key))
            edited->imageData.clear();
    });
    auto *fileButton = new QToolButton(box);
    fileButton->setText(tr("File…"));
    fileButton->setToolTip(tr("Send a local image with the request (up to %1)")
                               .arg(QLocale().formattedDataSize(CreateInputs::maxFileBytes)));
    connect(fileButton, &QToolButton::clicked, this, [this, key] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Input Image"), {}, tr("Images (*.png *.jpg *.jpeg *.webp *.gif);;All Files (*)"));
        if (!path.isEmpty())
            useLocalFile(key, path);
    });
    auto *outputButton = new QToolButton(box);
    outputButton->setText(tr("Output of…"));
    outputButton->setToolTip(tr("Use another task's output"));
    outputButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(outputButton);
    connect(menu, &QMenu::aboutToShow, this, [this, menu, edit, key] {
        menu->clear();
        if (m_outputChoices.isEmpty())
            menu->addAction(tr("No task has an output to use"))->setEnabled(false);
        for (const OutputChoice &choice : std::as_const(m_outputChoices)) {
            const QUrl url = choice.second;
            connect(menu->addAction(choice.first), &QAction::triggered, this, [this, edit, key, url] {
                if (Field *edited = this->field(key)) {
                    edited->imageData.clear();
                    edit->setPlaceholderText({});
                    edit->setText(url.toString());
                    showError(*edited, {});
                }
            });
        }
    });
    outputButton->setMenu(menu);
    layout->addWidget(edit, 1);
    layout->addWidget(fileButton);
    layout->addWidget(outputButton);
    return box;
}

bool RemixInputsForm::useLocalFile(const QString &key, const QString &path)
{
    Field *target = field(key);
    if (!target || target->kind != Kind::Image)
        return false;
    const QLocale locale;
    const auto file = CreateInputs::readFile(path);
    if (!file) {
        const CreateInputs::FileRefusal &refusal = file.error();
        switch (refusal.reason) {
        case CreateInputs::FileRefusal::Reason::TooLarge:
        case CreateInputs::FileRefusal::Reason::Grew:
            showError(*target,
                      tr("%1 is %2: images sent with the request are limited to %3, since they travel "
                         "inside it as text. Make it smaller, or give a URL to it.")
                          .arg(QFileInfo(path).fileName(), locale.formattedDataSize(refusal.size),
                               locale.formattedDataSize(CreateInputs::maxFileBytes)));
            return false;
        case CreateInputs::FileRefusal::Reason::Missing:
        case CreateInputs::FileRefusal::Reason::Unreadable:
            break;
        }
        showError(*target,
                  tr("Cannot read %1: %2").arg(path, refusal.detail.isEmpty() ? tr("no such file") : refusal.detail));
        return false;
    }
    target->imageData = file.value().dataUri;
    auto *edit = target->editor->findChild<QLineEdit *>(QStringLiteral("url"));
    edit->clear();
    edit->setPlaceholderText(tr("%1 (%2), sent with the request")
                                 .arg(QFileInfo(path).fileName(), locale.formattedDataSize(file.value().size)));
    showError(*target,
              file.value().size > CreateInputs::recommendedFileBytes
                  ? tr("Over %1: a server may refuse a request this large.")
                        .arg(locale.formattedDataSize(CreateInputs::recommendedFileBytes))
                  : QString());
    return true;
}

RemixInputsForm::Field *RemixInputsForm::field(const QString &key)
{
    for (Field &candidate : m_fields) {
        if (candidate.key == key)
            return &candidate;
    }
    return nullptr;
}

const RemixInputsForm::Field *RemixInputsForm::field(const QString &key) const
{
    return const_cast<RemixInputsForm *>(this)->field(key);
}

QWidget *RemixInputsForm::editor(const QString &key) const
{
    const Field *found = field(key);
    return found ? found->editor : nullptr;
}

QString RemixInputsForm::fieldError(const QString &key) const
{
    const Field *found = field(key);
    return found && !found->error->text().isEmpty() ? found->error->text().mid(2) : QString();
}

void RemixInputsForm::showError(Field &field, const QString &text)
{
    // A sign rather than a colour: the palette has no colour for errors.
    field.error->setText(text.isEmpty() ? text : QStringLiteral("⚠ ") + text);
    field.error->setVisible(!text.isEmpty());
}

void RemixInputsForm::clearFieldErrors()
{
    for (Field &each : m_fields)
        showError(each, {});
}

QList<ApiError::InvalidField> RemixInputsForm::showFieldErrors(const QList<ApiError::InvalidField> &fields)
{
    QList<ApiError::InvalidField> unplaced;
    QHash<QString, QStringList> messages;
    for (const ApiError::InvalidField &invalid : fields) {
        QString key = invalid.field.startsWith(QLatin1String("input.")) ? invalid.field.mid(6) : QString();
        // A missing required key is reported on `input` itself: "prompt is required".
        if (key.isEmpty() && invalid.type == u"required")
            key = invalid.description.section(u' ', 0, 0);
        if (field(key))
            messages[key].append(invalid.description);
        else
            unplaced.append(invalid);
    }
    for (Field &each : m_fields)
        showError(each, messages.value(each.key).join(u'\n'));
    return unplaced;
}

Result<QJsonValue, QString> RemixInputsForm::valueOf(Field &field) const
{
    switch (field.kind) {
    case Kind::Prompt:
        return QJsonValue(static_cast<QPlainTextEdit *>(field.editor)->toPlainText());
    case Kind::Boolean:
        return QJsonValue(static_cast<QCheckBox *>(field.editor)->isChecked());
    case Kind::Integer:
        return QJsonValue(static_cast<QSpinBox *>(field.editor)->value());
    case Kind::Number:
        return QJsonValue(static_cast<QDoubleSpinBox *>(field.editor)->value());
    case Kind::Choice:
        return QJsonValue(static_cast<QComboBox *>(field.editor)->currentText());
    case Kind::Seed: {
        const QString text = static_cast<QLineEdit *>(field.editor)->text().trimmed();
        return text.isEmpty() || text == u"-" ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text.toLongLong());
    }
    case Kind::Image: {
        if (!field.imageData.isEmpty())
            return QJsonValue(field.imageData);
        const QString text = field.editor->findChild<QLineEdit *>(QStringLiteral("url"))->text().trimmed();
        return text.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text);
    }
    case Kind::Text:
        return QJsonValue(static_cast<QLineEdit *>(field.editor)->text());
    case Kind::Json:
        break;
    }
    const QString text = static_cast<QLineEdit *>(field.editor)->text();
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArrayLiteral("[") + text.toUtf8() + QByteArrayLiteral("]"), &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        return tr("Not valid JSON: %1").arg(error.errorString());
    return document.array().first();
}

Result<QJsonObject, QString> RemixInputsForm::input()
{
    QJsonObject object;
    for (Field &each : m_fields) {
        const auto value = valueOf(each);
        if (!value) {
            showError(each, value.error());
            return QString(each.key + QStringLiteral(": ") + value.error());
        }
        if (!value.value().isUndefined())
            object.insert(each.key, value.value());
    }
    return object;
}
