#pragma once

// Predictions for the model tests, written as the JSON a server sends.

#include "Prediction.h"

#include <QString>
#include <QStringList>

namespace TestTasks {

struct Spec
{
    QString id;
    QString status = QStringLiteral("processing");
    QString prompt = QStringLiteral("a cat");
    QString model = QStringLiteral("black-forest-labs/flux-schnell");
    QString created = QStringLiteral("\"2025-07-12T07:27:54.5Z\"");
    QString started = QStringLiteral("\"2025-07-12T07:27:55Z\"");
    QString completed = QStringLiteral("null");
    QString output = QStringLiteral("null");
    QString error = QStringLiteral("null");
    QString metrics = QStringLiteral("{}");
    bool dataRemoved = false;
};

inline const char predictionTemplate[] =
    R"({"id":"%1","model":"%2","version":"hidden","status":"%3","input":{"prompt":"%4"},"logs":"",)"
    R"("output":%5,"error":%6,"created_at":%7,"started_at":%8,"completed_at":%9,"metrics":%10,)"
    R"("data_removed":%11,"urls":{"web":"https://replicate.com/p/%1"}})";

inline Prediction make(const Spec &spec)
{
    const QString json = QString::fromUtf8(predictionTemplate)
                             .arg(spec.id, spec.model, spec.status, spec.prompt, spec.output, spec.error, spec.created,
                                  spec.started, spec.completed)
                             .arg(spec.metrics, spec.dataRemoved ? QStringLiteral("true") : QStringLiteral("false"));
    auto parsed = Prediction::fromJson(json.toUtf8());
    if (!parsed.ok())
        qFatal("test JSON does not parse: %s", qPrintable(parsed.error().message));
    return std::move(parsed).value();
}

/// A prediction of @p model in @p status (ended unless "processing") that made @p images outputs, counted in its
/// metrics too.
inline Spec withImages(const QString &id, const QString &model, const QString &status, int images)
{
    Spec spec;
    spec.id = id;
    spec.model = model;
    spec.status = status;
    spec.prompt = QStringLiteral("a lighthouse at dusk, %1").arg(id);
    if (status != u"processing")
        spec.completed = QStringLiteral("\"2025-07-12T07:27:58Z\"");
    if (images > 0) {
        QStringList urls;
        for (int i = 0; i < images; ++i)
            urls.append(QStringLiteral("\"https://replicate.delivery/%1/%2.webp\"").arg(id).arg(i));
        spec.output = u'[' + urls.join(u',') + u']';
        spec.metrics = QStringLiteral("{\"predict_time\":1.5,\"image_count\":%1}").arg(images);
    }
    return spec;
}

inline Prediction make(const QString &id, const QString &status)
{
    Spec spec;
    spec.id = id;
    spec.status = status;
    return make(spec);
}

} // namespace TestTasks
