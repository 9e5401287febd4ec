#include "PredictionStreams.h"

#include "ReplyErrors.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace {
// Qt's HTTP/1.1 connections per host and manager.
const int StreamsPerManager = 6;
} // namespace

PredictionStreams::PredictionStreams(QObject *parent)
    : QObject(parent)
{}

PredictionStreams::~PredictionStreams()
{
    closeAll();
}

bool PredictionStreams::canFollow(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"));
}

int PredictionStreams::managerWithRoom()
{
    for (size_t i = 0; i < m_managers.size(); ++i) {
        if (m_streamsPerManager[i] < StreamsPerManager)
            return int(i);
    }
    m_managers.push_back(std::make_unique<QNetworkAccessManager>());
    m_streamsPerManager.push_back(0);
    return int(m_managers.size()) - 1;
}

bool PredictionStreams::open(const QString &id, const QUrl &url)
{
    if (!canFollow(url) || m_streams.contains(id) || openCount() >= m_maxStreams)
        return false;
    QNetworkRequest request(url);
    // No Authorization header: the URL is the capability, and it may be on another origin than the key's.
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("text/event-stream"));
    request.setRawHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(int(m_idleTimeout.count()));

    auto stream = std::make_shared<Stream>();
    stream->manager = managerWithRoom();
    ++m_streamsPerManager[size_t(stream->manager)];
    stream->reply = m_managers[size_t(stream->manager)]->get(request);
    connect(stream->reply, &QNetworkReply::readyRead, this, [this, id] { onReadyRead(id); });
    connect(stream->reply, &QNetworkReply::finished, this, [this, id] { onFinished(id); });
    m_streams.insert(id, std::move(stream));
    return true;
}

void PredictionStreams::close(const QString &id)
{
    release(id);
}

void PredictionStreams::closeAll()
{
    const QList<QString> ids = m_streams.keys();
    for (const QString &id : ids)
        release(id);
}

void PredictionStreams::release(const QString &id)
{
    const auto stream = m_streams.take(id);
    if (!stream)
        return;
    --m_streamsPerManager[size_t(stream->manager)];
    disconnect(stream->reply, nullptr, this, nullptr);
    stream->reply->abort();
    stream->reply->deleteLater();
}

bool PredictionStreams::check(const QString &id, Stream &stream, bool ended)
{
    if (stream.checked)
        return true;
    const int status = stream.reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool success = status >= 200 && status < 300;
    if (!success && !ended)
        return status == 0; // no answer yet; a refusal is read whole when the reply ends
    if (status == 0) {
        fail(id,
             ReplyErrors::classify(stream.reply, QByteArray(), ReplyErrors::LocalAbort::None, QString(), true,
                                   QString()));
        return false;
    }
    stream.checked = true;
    const QByteArray type = stream.reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (success && type.trimmed().toLower().startsWith("text/event-stream"))
        return true;
    ApiError error;
    if (success) {
        error.kind = ApiError::Kind::NotSupported;
        error.httpStatus = status;
        error.message = tr("The stream URL did not answer with an event stream.");
    } else {
        error = ReplyErrors::classify(stream.reply, stream.reply->readAll(), ReplyErrors::LocalAbort::None, QString(),
                                      true, QString());
    }
    fail(id, error);
    return false;
}

void PredictionStreams::onReadyRead(const QString &id)
{
    const auto found = m_streams.value(id);
    if (!found || !check(id, *found, false) || !found->checked)
        return;
    // Holding a reference: a slot connected to a signal below may close the stream.
    const std::shared_ptr<Stream> stream = found;
    const QList<SseParser::Event> events = stream->parser.feed(stream->reply->readAll());
    for (const SseParser::Event &event : events) {
        if (!m_streams.contains(id))
            return;
        if (event.type == QLatin1String("output")) {
            Q_EMIT outputReceived(id, event.data);
        } else if (event.type == QLatin1String("logs")) {
            Q_EMIT logsReceived(id, event.data);
        } else if (event.type == QLatin1String("error")) {
            Q_EMIT errorReported(id, event.data);
        } else if (event.type == QLatin1String("done")) {
            const QJsonObject done = QJsonDocument::fromJson(event.data.toUtf8()).object();
            release(id);
            Q_EMIT finished(id, done.value(QLatin1String("reason")).toString());
            return;
        }
    }
}

void PredictionStreams::onFinished(const QString &id)
{
    const auto stream = m_streams.value(id);
    if (!stream)
        return;
    if (!check(id, *stream, true))
        return;
    onReadyRead(id);
    if (!m_streams.contains(id))
        return; // done
    ApiError error;
    if (stream->reply->error() != QNetworkReply::NoError) {
        error = ReplyErrors::classify(stream->reply, QByteArray(), ReplyErrors::LocalAbort::None, QString(), true,
                                      QString());
    } else {
        error.kind = ApiError::Kind::Network;
        error.message = tr("The stream ended before the prediction did.");
    }
    fail(id, error);
}

void PredictionStreams::fail(const QString &id, const ApiError &error)
{
    release(id);
    Q_EMIT failed(id, error);
}
