#pragma once

#include "HttpResponse.h"
#include "ImageFactory.h"
#include "PredictionRenderer.h"
#include "SimRequest.h"
#include "SimStore.h"

#include <QFuture>

#include <optional>

/// The file routes, as replicate.delivery would serve them: `/files/{id}/input.png`,
/// `/files/{id}/output-{n}.{ext}` and `/files/blob/{bytes}`. No token needed.
class FileRouter final
{
public:
    struct Answer
    {
        std::optional<HttpResponse> response; ///< Ready now…
        QFuture<QByteArray> pending;          ///< …or an image still being encoded (see finish()).
        ImageFactory::Spec spec;
    };

    FileRouter(const SimStore &store, ImageFactory &images, const PredictionRenderer &renderer);

    static bool isFilePath(const QString &path);
    /// The prediction id a file path belongs to, or an empty string.
    static QString predictionIdOf(const QString &path);

    Answer handle(const SimRequest &request, qint64 nowNs);
    /// The response for an image whose encoding has finished; caches it.
    HttpResponse finish(const ImageFactory::Spec &spec, const QByteArray &bytes);

    static HttpResponse notFound();
    static HttpResponse imageResponse(const QString &format, const QByteArray &bytes);
    static HttpResponse blob(qint64 length);

private:
    const SimStore &m_store;
    ImageFactory &m_images;
    const PredictionRenderer &m_renderer;
};
