#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

#include "CaptureConfig.h"
#include "Result.h"

/// A bounded copy of one answer's body, taken while it streams to the caller, and its reading as predictions
/// (read(), done apart from the forwarding, on CaptureReader's thread). gzip and deflate bodies are inflated
/// into the copy (the caller still gets them compressed); any other encoding, a copy over the cap or a body
/// that is not a prediction (page) is a recording failure.
class PredictionTap final
{
public:
    PredictionTap(CaptureCallKind kind, const QByteArray &contentEncoding, qsizetype cap);
    ~PredictionTap();
    PredictionTap(const PredictionTap &) = delete;
    PredictionTap &operator=(const PredictionTap &) = delete;

    void append(const char *data, qsizetype size);
    /// The whole body as copied (inflated), or why it could not be kept.
    Result<QByteArray, QString> finish();
    /// The predictions in @p body, the answer to a call of @p kind, or why they could not be read.
    static Result<QList<Prediction>, QString> read(CaptureCallKind kind, const QByteArray &body);

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
