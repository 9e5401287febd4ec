#pragma once

#include "ApiError.h"
#include "Result.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QWidget>

class QFormLayout;
class QLabel;

/// The inputs of a prediction, each in an editor for its type: the prompt multi-line, booleans as check
/// boxes, whole numbers as spin boxes, other numbers as double spin boxes, the known choices of FLUX models
/// (aspect_ratio, output_format, megapixels) as lists, the seed as a field left empty for a random one,
/// the input image as a URL that a local file or another task's output can replace, and anything else
/// as JSON text.
///
/// Messages about a field (a 422's invalid_fields) show under that field's editor.
class RemixInputsForm final : public QWidget
{
    Q_OBJECT

public:
    /// Another task's output offered for the input image: its label in the list and its URL.
    using OutputChoice = QPair<QString, QUrl>;

    explicit RemixInputsForm(QWidget *parent = nullptr);
    ~RemixInputsForm() override;

    /// Builds the editors for @p input (in its order, the prompt first) of @p model. @p keepSeed: the seed
    /// is shown as it was (Run Again); otherwise it is cleared.
    void setInputs(const QString &model, const QList<std::pair<QString, QJsonValue>> &input, bool keepSeed);
    /// Outputs of other tasks the input image can be replaced by.
    void setOutputChoices(const QList<OutputChoice> &choices) { m_outputChoices = choices; }

    /// The input as edited, or what is wrong (also shown under the field).
    Result<QJsonObject, QString> input();

    /// Shows each message under its field (`input.KEY`, or the key of a `required` one); returns those that
    /// name no field shown here.
    QList<ApiError::InvalidField> showFieldErrors(const QList<ApiError::InvalidField> &fields);
    void clearFieldErrors();
    /// The text shown under @p key's editor ("" when none), for tests.
    QString fieldError(const QString &key) const;
    /// The editor of @p key, for tests (nullptr when there is none).
    QWidget *editor(const QString &key) const;

    /// Replaces the input image @p key with the local file at @p path (as a data: URI); false, with the
    /// reason under the field, when it cannot be sent (missing, unreadable, over CreateInputs::maxFileBytes).
    bool useLocalFile(const QString &key, const QString &path);

    /// The choices Replicate and replimon-sim know for @p key of @p model (empty when none are known).
    static QStringList knownChoices(const QString &model, const QString &key);
    static bool isImageKey(const QString &key);

private:
    enum class Kind {
        Prompt,
        Boolean,
        Integer,
        Number,
        Choice,
        Seed,
        Image,
        Text,
        Json,
    };
    struct Field
    {
        QString key;
        Kind kind = Kind::Text;
        QWidget *editor = nullptr;
        QLabel *error = nullptr;
        QString imageData; ///< Image: the data: URI of a chosen local file (the editor then names the file).
    };

    Field *field(const QString &key);
    const Field *field(const QString &key) const;
    QWidget *makeEditor(Field &field, const QString &model, const QJsonValue &value);
    QWidget *makeImageEditor(Field &field, const QJsonValue &value);
    void showError(Field &field, const QString &text);
    Result<QJsonValue, QString> valueOf(Field &field) const;

    QFormLayout *m_layout;
    QList<Field> m_fields;
    QList<OutputChoice> m_outputChoices;
};
