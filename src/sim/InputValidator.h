#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

/// Checks a create request's `input` the way Replicate's schema validation does for the FLUX models,
/// and words the failures like Replicate's 422 body (`invalid_fields` entries and `- field: reason` lines).
class InputValidator final
{
public:
    struct Problem
    {
        QString type;  ///< required, enum, invalid_type, number_gte, number_lte
        QString field; ///< input or input.<name>
        QString description;
    };

    InputValidator() = delete;

    static QList<Problem> validate(const QString &model, const QJsonObject &input);
    /// The 422 problem+json body for the given problems.
    static QByteArray problemBody(const QList<Problem> &problems);
};
