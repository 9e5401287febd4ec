#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

#include "CaptureConfig.h"
#include "Result.h"

/// A bounded copy of one answer's body, taken while it streams to the caller, and its reading as predictions.
/// gzip and deflate bodies are inflated into the copy (the caller still gets them compressed); any other
/// encoding, a copy over the cap or a body that is not a prediction (page) is a recording failure.
class PredictionTap final
{
public:
    PredictionTap(CaptureCallKind kind, const QByteArray &contentEncoding, qsizetype cap);
    ~PredictionTap();
    PredictionTap(const PredictionTap &) = delete;
    PredictionTap &operator=(const PredictionTap &) = delete;

    void append(const char *data, qsizetype size);
    /// The predictions in the whole body, or why they could not be read.
    Result<QList<Prediction>, QString> finish();

    /// Whether an answer with this status and Content-Type to a call of @p kind is meant to be recorded.
    static bool wants(CaptureCallKind kind, int status, const QByteArray &contentType);

private:
    class Inflater;

    CaptureCallKind m_kind;
    qsizetype m_cap;
    QByteArray m_copy;
    QString m_failure;
    std::unique_ptr<Inflater> m_inflater;
};
