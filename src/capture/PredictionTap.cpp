#include "PredictionTap.h"

#include <QCoreApplication>

#include <zlib.h>

#include <utility>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PredictionTap", text);
}

} // namespace

// zlib in streaming mode, so that a compressed answer is inflated piece by piece as it passes.
class PredictionTap::Inflater final
{
public:
    explicit Inflater(bool gzip)
    {
        // 15 + 16: a gzip header; 15 + 32: either header (HTTP's "deflate" is zlib-wrapped).
        m_ok = inflateInit2(&m_stream, gzip ? 15 + 16 : 15 + 32) == Z_OK;
    }
    ~Inflater()
    {
        if (m_ok)
            inflateEnd(&m_stream);
    }
    Inflater(const Inflater &) = delete;
    Inflater &operator=(const Inflater &) = delete;

    /// Appends what @p data inflates to onto @p out, stopping past @p cap; false on corrupt data.
    bool inflateInto(const char *data, qsizetype size, QByteArray &out, qsizetype cap)
    {
        if (!m_ok)
            return false;
        m_stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data));
        m_stream.avail_in = uInt(size);
        while (m_stream.avail_in > 0 && !m_ended) {
            char buffer[16384];
            m_stream.next_out = reinterpret_cast<Bytef *>(buffer);
            m_stream.avail_out = sizeof buffer;
            const int status = inflate(&m_stream, Z_NO_FLUSH);
            if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR)
                return false;
            out.append(buffer, qsizetype(sizeof buffer - m_stream.avail_out));
            m_ended = status == Z_STREAM_END;
            if (out.size() > cap || (status == Z_BUF_ERROR && m_stream.avail_out != 0))
                break;
        }
        return true;
    }

private:
    z_stream m_stream{};
    bool m_ok = false;
    bool m_ended = false;
};

PredictionTap::PredictionTap(CaptureCallKind kind, const QByteArray &contentEncoding, qsizetype cap)
    : m_kind(kind)
    , m_cap(cap)
{
    const QByteArray encoding = contentEncoding.trimmed().toLower();
    if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate")
        m_inflater = std::make_unique<Inflater>(encoding != "deflate");
    else if (!encoding.isEmpty() && encoding != "identity")
        m_failure =
            tr("The answer is compressed as %1, which cannot be read for recording.").arg(QString::fromLatin1(encoding));
}

PredictionTap::~PredictionTap() = default;

bool PredictionTap::wants(CaptureCallKind kind, int status, const QByteArray &contentType)
{
    if (kind == CaptureCallKind::None || status < 200 || status > 299)
        return false;
    const QByteArray mediaType = contentType.split(';').constFirst().trimmed().toLower();
    return mediaType == "application/json" || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
}

void PredictionTap::append(const char *data, qsizetype size)
{
    if (!m_failure.isEmpty())
        return;
    if (m_inflater) {
        if (!m_inflater->inflateInto(data, size, m_copy, m_cap))
            m_failure = tr("The compressed answer could not be inflated for recording.");
    } else {
        // One byte past the cap is enough to know it is over; the rest is never copied.
        m_copy.append(data, qMin(size, m_cap + 1 - m_copy.size()));
    }
    if (m_failure.isEmpty() && m_copy.size() > m_cap)
        m_failure = tr("The answer is larger than %1 bytes and was not recorded.").arg(m_cap);
    if (!m_failure.isEmpty())
        m_copy = QByteArray();
}

Result<QByteArray, QString> PredictionTap::finish()
{
    if (!m_failure.isEmpty())
        return m_failure;
    return std::exchange(m_copy, {});
}

Result<QList<Prediction>, QString> PredictionTap::read(CaptureCallKind kind, const QByteArray &body)
{
    if (kind == CaptureCallKind::List) {
        auto page = PredictionPage::fromJson(body);
        if (!page)
            return page.error().message;
        return page.value().predictions;
    }
    auto prediction = Prediction::fromJson(body);
    if (!prediction)
        return prediction.error().message;
    return QList<Prediction>{prediction.value()};
}
