#include "PredictionRenderer.h"

#include "JsonWriter.h"
#include "SimTime.h"

#include <QStringList>

namespace {

// The seeds' order for the keys of `input`; anything else follows in alphabetical order.
const char *const InputOrder[] = {
    "prompt", "input_image", "aspect_ratio", "output_format", "safety_tolerance", "prompt_upsampling",
};

} // namespace

PredictionRenderer::PredictionRenderer(ImageFactory &images, int imageSize)
    : m_images(images)
    , m_imageSize(imageSize)
{}

QString PredictionRenderer::outputFileName(const SimPrediction &prediction, int index)
{
    return QStringLiteral("output-%1.%2").arg(index).arg(prediction.format);
}

ImageFactory::Spec PredictionRenderer::outputImage(const SimPrediction &prediction, int index) const
{
    ImageFactory::Spec spec;
    spec.id = prediction.id;
    spec.prompt = prediction.prompt();
    spec.index = index;
    spec.count = prediction.imageCount;
    spec.format = prediction.format;
    spec.size = ImageFactory::sizeFor(prediction.input.value(QLatin1String("aspect_ratio")).toString(), m_imageSize);
    return spec;
}

ImageFactory::Spec PredictionRenderer::inputImage(const SimPrediction &prediction, const QString &format) const
{
    ImageFactory::Spec spec;
    spec.id = prediction.id;
    spec.prompt = prediction.prompt();
    spec.input = true;
    spec.format = format;
    spec.size = ImageFactory::sizeFor(QStringLiteral("4:3"), m_imageSize);
    return spec;
}

QByteArray PredictionRenderer::render(const SimPrediction &prediction, qint64 nowNs, const Urls &urls) const
{
    JsonWriter json;
    write(json, prediction, nowNs, urls);
    return json.take();
}

void PredictionRenderer::write(JsonWriter &json, const SimPrediction &prediction, qint64 nowNs, const Urls &urls) const
{
    const SimPrediction::State state = prediction.stateAt(nowNs);
    const QString &id = prediction.id;

    json.beginObject();
    json.key(QLatin1String("id")).value(id);
    json.key(QLatin1String("logs")).value(prediction.logsFor(state));

    json.key(QLatin1String("urls")).beginObject();
    if (urls.self) {
        json.key(QLatin1String("get")).value(urls.apiRoot + QStringLiteral("/predictions/") + id);
        json.key(QLatin1String("web")).value(QStringLiteral("https://replicate.com/p/") + id);
        json.key(QLatin1String("cancel"))
            .value(urls.apiRoot + QStringLiteral("/predictions/") + id + QStringLiteral("/cancel"));
        json.key(QLatin1String("stream"))
            .value(urls.apiRoot + QStringLiteral("/predictions/") + id + QStringLiteral("/stream"));
    } else {
        json.key(QLatin1String("get")).value(QStringLiteral("https://api.replicate.com/v1/predictions/") + id);
        json.key(QLatin1String("web")).value(QStringLiteral("https://replicate.com/p/") + id);
        json.key(QLatin1String("cancel"))
            .value(QStringLiteral("https://api.replicate.com/v1/predictions/") + id + QStringLiteral("/cancel"));
        // Replicate's stream lives on a host of its own (stream.replicate.com): here the second host.
        json.key(QLatin1String("stream"))
            .value(urls.filesOrigin + QStringLiteral("/v1/files/") + SimPrediction::streamToken(id));
    }
    json.endObject();

    json.key(QLatin1String("error"));
    if (state.status == QLatin1String("failed"))
        json.value(prediction.error);
    else
        json.null();

    json.key(QLatin1String("input")).beginObject();
    for (const char *name : InputOrder) {
        const QLatin1String key(name);
        if (prediction.input.contains(key))
            json.key(key).value(prediction.input.value(key));
    }
    for (auto it = prediction.input.begin(); it != prediction.input.end(); ++it) {
        bool listed = false;
        for (const char *name : InputOrder)
            listed = listed || it.key() == QLatin1String(name);
        if (!listed)
            json.key(it.key()).value(it.value());
    }
    json.endObject();

    json.key(QLatin1String("model")).value(prediction.model);
    json.key(QLatin1String("output"));
    if (state.status == QLatin1String("succeeded") && !state.dataRemoved)
        writeOutput(json, prediction, urls);
    else
        json.null();
    json.key(QLatin1String("status")).value(state.status);

    json.key(QLatin1String("metrics")).beginObject();
    if (state.startedNs >= 0 && state.completedNs >= 0) {
        const bool succeeded = state.status == QLatin1String("succeeded");
        if (succeeded) {
            const bool images = prediction.shape != SimPrediction::OutputShape::Null
                && prediction.shape != SimPrediction::OutputShape::Text;
            json.key(QLatin1String("image_count")).value(images ? prediction.imageCount : 0);
        }
        json.key(QLatin1String("predict_time")).value(double(state.completedNs - state.startedNs) / 1e9);
        json.key(QLatin1String("total_time")).value(double(state.completedNs - prediction.createdNs) / 1e9);
    }
    json.endObject();

    json.key(QLatin1String("version")).value(prediction.version);
    json.key(QLatin1String("created_at")).value(QString::fromLatin1(SimTime::iso(prediction.createdNs, 3)));
    json.key(QLatin1String("started_at"));
    if (state.startedNs >= 0)
        json.value(QString::fromLatin1(SimTime::iso(state.startedNs, 9)));
    else
        json.null();
    json.key(QLatin1String("completed_at"));
    if (state.completedNs >= 0)
        json.value(QString::fromLatin1(SimTime::iso(state.completedNs, 9)));
    else
        json.null();
    json.key(QLatin1String("data_removed")).value(state.dataRemoved);
    json.endObject();
}

void PredictionRenderer::writeOutput(JsonWriter &json, const SimPrediction &prediction, const Urls &urls) const
{
    const auto fileUrl = [&](int index) -> QString {
        return urls.filesOrigin + QStringLiteral("/files/") + prediction.id + QLatin1Char('/')
            + outputFileName(prediction, index);
    };
    switch (prediction.shape) {
    case SimPrediction::OutputShape::String:
        json.value(fileUrl(0));
        return;
    case SimPrediction::OutputShape::Array:
        json.beginArray();
        for (int i = 0; i < prediction.imageCount; ++i)
            json.value(fileUrl(i));
        json.endArray();
        return;
    case SimPrediction::OutputShape::Objects:
        json.beginArray();
        for (int i = 0; i < prediction.imageCount; ++i)
            json.beginObject().key(QLatin1String("file")).value(fileUrl(i)).endObject();
        json.endArray();
        return;
    case SimPrediction::OutputShape::DataUri: {
        // Small pictures: data URIs travel inside every poll of the prediction.
        const auto dataUri = [&](int index) -> QString {
            ImageFactory::Spec spec = outputImage(prediction, index);
            spec.size = ImageFactory::sizeFor(prediction.input.value(QLatin1String("aspect_ratio")).toString(),
                                              qMin(m_imageSize, 128));
            const QByteArray bytes = m_images.encodeNow(spec);
            return QStringLiteral("data:") + QString::fromLatin1(ImageFactory::contentType(prediction.format))
                + QStringLiteral(";base64,") + QString::fromLatin1(bytes.toBase64());
        };
        if (prediction.imageCount == 1) {
            json.value(dataUri(0));
        } else {
            json.beginArray();
            for (int i = 0; i < prediction.imageCount; ++i)
                json.value(dataUri(i));
            json.endArray();
        }
        return;
    }
    case SimPrediction::OutputShape::Text: {
        // Language models stream tokens: an array of strings that are not URLs.
        const QString text = QStringLiteral("A short description of: ") + prediction.prompt();
        const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        json.beginArray();
        for (qsizetype i = 0; i < words.size(); ++i)
            json.value(i == 0 ? words.at(i) : QString(QLatin1Char(' ') + words.at(i)));
        json.endArray();
        return;
    }
    case SimPrediction::OutputShape::Null:
        json.null();
        return;
    }
    json.null();
}
