#include "FileRouter.h"

#include <algorithm>
#include <cstring>

#include <QRegularExpression>
#include <QStringList>

namespace {
const qint64 MaxBlob = qint64(64) * 1024 * 1024 * 1024;
}

FileRouter::FileRouter(const SimStore &store, ImageFactory &images, const PredictionRenderer &renderer)
    : m_store(store)
    , m_images(images)
    , m_renderer(renderer)
{}

bool FileRouter::isFilePath(const QString &path)
{
    return path.startsWith(QLatin1String("/files/"));
}

QString FileRouter::predictionIdOf(const QString &path)
{
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() == 3 && parts.at(0) == QLatin1String("files") && parts.at(1) != QLatin1String("blob"))
        return parts.at(1);
    return {};
}

HttpResponse FileRouter::notFound()
{
    return HttpResponse(404, QByteArrayLiteral("text/plain; charset=utf-8"), QByteArrayLiteral("404 Not Found\n"));
}

HttpResponse FileRouter::imageResponse(const QString &format, const QByteArray &bytes)
{
    HttpResponse response(200, ImageFactory::contentType(format), bytes);
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("public, max-age=3600"));
    return response;
}

HttpResponse FileRouter::blob(qint64 length)
{
    // A PNG signature, then a cheap repeating pattern: enough for content sniffing, and generated per
    // chunk so the size costs no memory. Byte n of the pattern is (n * 131 + n / 1024) mod 256, which
    // repeats every 256 KiB: chunks are copied out of one period made once, not computed byte by byte
    // (that cost the sim as much CPU as a client spends receiving, and both share the machine's cores).
    static const QByteArray signature("\x89PNG\r\n\x1a\n", 8);
    static const QByteArray period = [] {
        constexpr qint64 size = qint64(256) * 1024;
        QByteArray bytes(size, Qt::Uninitialized);
        for (qint64 at = 0; at < size; ++at)
            bytes[at] = char((at * 131 + (at >> 10)) & 0xff);
        return bytes;
    }();
    return HttpResponse::streamed(200, QByteArrayLiteral("image/png"), length, [](qint64 offset, qint64 size) {
        QByteArray chunk(size, Qt::Uninitialized);
        char *data = chunk.data();
        qint64 done = 0;
        for (; done < size && offset + done < signature.size(); ++done)
            data[done] = signature.at(offset + done);
        while (done < size) {
            const qint64 at = (offset + done) % period.size();
            const qint64 run = std::min(size - done, period.size() - at);
            std::memcpy(data + done, period.constData() + at, size_t(run));
            done += run;
        }
        return chunk;
    });
}

FileRouter::Answer FileRouter::handle(const SimRequest &request, qint64 nowNs)
{
    Answer answer;
    if (!request.isGetLike()) {
        answer.response = HttpResponse::problem(405, QStringLiteral("Method not allowed"));
        return answer;
    }
    const QStringList parts = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() != 3) {
        answer.response = notFound();
        return answer;
    }
    if (parts.at(1) == QLatin1String("blob")) {
        bool ok = false;
        const qint64 length = parts.at(2).toLongLong(&ok);
        if (!ok || length < 0 || length > MaxBlob)
            answer.response = HttpResponse::problem(400, QStringLiteral("blob size must be 0 to 64 GiB"));
        else
            answer.response = blob(length);
        return answer;
    }

    const SimPrediction *prediction = m_store.find(parts.at(1));
    if (!prediction || prediction->stateAt(nowNs).dataRemoved) {
        answer.response = notFound();
        return answer;
    }
    const QString name = parts.at(2);
    static const QRegularExpression inputName(QStringLiteral("^input\\.(png|jpg|jpeg|webp|gif)$"));
    static const QRegularExpression outputName(QStringLiteral("^output-(\\d{1,2})\\.(png|jpg|jpeg|webp|gif)$"));
    ImageFactory::Spec spec;
    if (const auto match = inputName.match(name); match.hasMatch()) {
        QString format = match.captured(1);
        if (format == QLatin1String("jpeg"))
            format = QStringLiteral("jpg");
        spec = m_renderer.inputImage(*prediction, format);
    } else if (const auto output = outputName.match(name); output.hasMatch()) {
        const int index = output.captured(1).toInt();
        QString format = output.captured(2);
        if (format == QLatin1String("jpeg"))
            format = QStringLiteral("jpg");
        const bool hasImages = prediction->shape != SimPrediction::OutputShape::Null
            && prediction->shape != SimPrediction::OutputShape::Text;
        if (!hasImages || index >= prediction->imageCount || format != prediction->format
            || !prediction->hasFilesAt(nowNs)) {
            answer.response = notFound();
            return answer;
        }
        spec = m_renderer.outputImage(*prediction, index);
    } else {
        answer.response = notFound();
        return answer;
    }

    if (const auto bytes = m_images.cached(spec)) {
        answer.response = imageResponse(spec.format, *bytes);
        return answer;
    }
    answer.spec = spec;
    answer.pending = m_images.encodeAsync(spec);
    return answer;
}

HttpResponse FileRouter::finish(const ImageFactory::Spec &spec, const QByteArray &bytes)
{
    m_images.store(spec, bytes);
    return imageResponse(spec.format, bytes);
}
