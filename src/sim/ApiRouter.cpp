#include "ApiRouter.h"

#include "InputValidator.h"
#include "JsonWriter.h"
#include "SimTime.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace {

const QLatin1String RelayPrefix("/replicate/v1");
const QLatin1String ReplicatePrefix("/v1");

// Opaque to clients, as Replicate's are: the creation time and order of the last item of the page.
QByteArray cursorFor(const SimStore::Position &position)
{
    const QByteArray plain = QByteArray::number(position.createdNs) + '.' + QByteArray::number(position.serial);
    return plain.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<SimStore::Position> positionFromCursor(const QString &cursor)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QList<QByteArray> parts = decoded.decoded.split('.');
    if (parts.size() != 2)
        return std::nullopt;
    bool timeOk = false;
    bool serialOk = false;
    SimStore::Position position{parts.at(0).toLongLong(&timeOk), parts.at(1).toULongLong(&serialOk)};
    if (!timeOk || !serialOk)
        return std::nullopt;
    return position;
}

HttpResponse unauthenticated()
{
    return HttpResponse::problem(
        401,
        QByteArrayLiteral(
            R"({"title":"Unauthenticated","detail":"You did not pass a valid authentication token","status":401})"));
}

HttpResponse notFound()
{
    return HttpResponse::problem(
        404, QByteArrayLiteral(R"({"detail":"The requested resource could not be found.","status":404})"));
}

HttpResponse methodNotAllowed()
{
    return HttpResponse::problem(405, QStringLiteral("Method not allowed"));
}

} // namespace

ApiRouter::ApiRouter(const SimConfig &config, SimStore &store, const PredictionRenderer &renderer)
    : m_config(config)
    , m_store(store)
    , m_renderer(renderer)
{}

QString ApiRouter::prefixOf(const QString &path)
{
    for (const QLatin1String prefix : {RelayPrefix, ReplicatePrefix}) {
        if (path == prefix || path.startsWith(QString(prefix + QLatin1Char('/'))))
            return prefix;
    }
    return {};
}

QString ApiRouter::predictionIdOf(const QString &pathWithoutPrefix)
{
    const QStringList parts = pathWithoutPrefix.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() >= 2 && parts.at(0) == QLatin1String("predictions"))
        return parts.at(1);
    return {};
}

bool ApiRouter::authorized(const SimRequest &request) const
{
    if (m_config.noAuth)
        return true;
    if (!request.hasAuthorization)
        return false;
    const QByteArray token = m_config.token.toUtf8();
    // Replicate also takes its older `Token` scheme. The value is compared as sent: no trimming, so a key
    // pasted with quotes or spaces fails here the way it does on the real service.
    const QByteArray bearer = "Bearer " + token;
    const QByteArray legacy = "Token " + token;
    return request.authorization == bearer || request.authorization == legacy;
}

PredictionRenderer::Urls ApiRouter::urlsFor(const SimRequest &request) const
{
    PredictionRenderer::Urls urls;
    urls.apiRoot = QStringLiteral("http://") + QString::fromLatin1(request.host) + prefixOf(request.path);
    urls.filesOrigin = m_store.filesOrigin();
    urls.self = m_config.selfUrls;
    return urls;
}

ApiRouter::Answer ApiRouter::handle(const SimRequest &request, qint64 nowNs)
{
    if (!authorized(request))
        return {unauthenticated(), {}, 0};
    const QString rest = request.path.mid(prefixOf(request.path).size());
    const QStringList parts = rest.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const bool get = request.isGetLike();
    const bool post = request.method == "POST";

    if (parts.size() == 1 && parts.at(0) == QLatin1String("predictions")) {
        if (get)
            return {list(request, nowNs), {}, 0};
        if (post)
            return create(request, {}, {}, true, nowNs);
        return {methodNotAllowed(), {}, 0};
    }
    if (parts.size() == 2 && parts.at(0) == QLatin1String("predictions")) {
        if (get)
            return {this->get(request, parts.at(1), nowNs), {}, 0};
        return {methodNotAllowed(), {}, 0};
    }
    if (parts.size() == 3 && parts.at(0) == QLatin1String("predictions") && parts.at(2) == QLatin1String("cancel")) {
        if (post)
            return {cancel(request, parts.at(1), nowNs), {}, 0};
        return {methodNotAllowed(), {}, 0};
    }
    if (parts.size() == 4 && parts.at(0) == QLatin1String("models") && parts.at(3) == QLatin1String("predictions")) {
        if (post)
            return create(request, parts.at(1) + QLatin1Char('/') + parts.at(2), QStringLiteral("hidden"), false,
                          nowNs);
        return {methodNotAllowed(), {}, 0};
    }
    return {notFound(), {}, 0};
}

HttpResponse ApiRouter::get(const SimRequest &request, const QString &id, qint64 nowNs) const
{
    const SimPrediction *prediction = m_store.find(id);
    if (!prediction)
        return notFound();
    return HttpResponse::json(200, m_renderer.render(*prediction, nowNs, urlsFor(request)));
}

HttpResponse ApiRouter::renderHeld(const SimRequest &request, const QString &id, qint64 nowNs) const
{
    const SimPrediction *prediction = m_store.find(id);
    if (!prediction)
        return notFound();
    return HttpResponse::json(201, m_renderer.render(*prediction, nowNs, urlsFor(request)));
}

HttpResponse ApiRouter::list(const SimRequest &request, qint64 nowNs) const
{
    std::optional<SimStore::Position> before;
    const QString cursor = request.query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded);
    if (!cursor.isEmpty()) {
        before = positionFromCursor(cursor);
        if (!before)
            return HttpResponse::problem(400, QStringLiteral("Invalid cursor"));
    }
    std::optional<qint64> after;
    std::optional<qint64> until;
    const QString afterText = request.query.queryItemValue(QStringLiteral("created_after"), QUrl::FullyDecoded);
    const QString beforeText = request.query.queryItemValue(QStringLiteral("created_before"), QUrl::FullyDecoded);
    if (!afterText.isEmpty() && !(after = SimTime::parseIso(afterText)))
        return HttpResponse::problem(400, QStringLiteral("created_after is not an ISO 8601 date-time"));
    if (!beforeText.isEmpty() && !(until = SimTime::parseIso(beforeText)))
        return HttpResponse::problem(400, QStringLiteral("created_before is not an ISO 8601 date-time"));

    const SimStore::Page page = m_store.page(before, qMax(1, m_config.pageSize), after, until);
    const PredictionRenderer::Urls urls = urlsFor(request);
    JsonWriter json;
    json.beginObject().key(QLatin1String("next"));
    if (page.nextBefore) {
        // The next page stays on the host and prefix the client used, so any client can follow it.
        QUrlQuery next;
        next.addQueryItem(QStringLiteral("cursor"), QString::fromLatin1(cursorFor(*page.nextBefore)));
        if (!afterText.isEmpty())
            next.addQueryItem(QStringLiteral("created_after"), afterText);
        if (!beforeText.isEmpty())
            next.addQueryItem(QStringLiteral("created_before"), beforeText);
        json.value(urls.apiRoot + QStringLiteral("/predictions?") + next.toString(QUrl::FullyEncoded));
    } else {
        json.null();
    }
    json.key(QLatin1String("previous")).null();
    json.key(QLatin1String("results")).beginArray();
    for (const SimPrediction *prediction : page.items)
        m_renderer.write(json, *prediction, nowNs, urls);
    json.endArray().endObject();
    return HttpResponse::json(200, json.take());
}

HttpResponse ApiRouter::cancel(const SimRequest &request, const QString &id, qint64 nowNs)
{
    SimPrediction *prediction = m_store.find(id);
    if (!prediction)
        return notFound();
    prediction->cancel(nowNs);
    return HttpResponse::json(200, m_renderer.render(*prediction, nowNs, urlsFor(request)));
}

ApiRouter::Answer ApiRouter::create(const SimRequest &request, QString model, QString version, bool versionRoute,
                                    qint64 nowNs)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (!document.isObject())
        return {HttpResponse::problem(400, QStringLiteral("The request body is not a JSON object")), {}, 0};
    const QJsonObject body = document.object();

    if (versionRoute) {
        const QJsonValue versionValue = body.value(QLatin1String("version"));
        if (!versionValue.isString() || versionValue.toString().isEmpty()) {
            InputValidator::Problem problem{QStringLiteral("required"), QStringLiteral("version"),
                                            QStringLiteral("version is required")};
            const QByteArray problemBody = InputValidator::problemBody({problem});
            return {HttpResponse::problem(422, problemBody), {}, 0};
        }
        // `owner/name:hash`, `owner/name`, or a bare version hash (taken as FLUX Kontext Pro).
        const QString text = versionValue.toString();
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        if (colon > 0) {
            model = text.left(colon);
            version = text.mid(colon + 1);
        } else if (text.contains(QLatin1Char('/'))) {
            model = text;
            version = QStringLiteral("hidden");
        } else {
            model = QStringLiteral("black-forest-labs/flux-kontext-pro");
            version = text;
        }
    }

    const QJsonValue inputValue = body.value(QLatin1String("input"));
    if (!inputValue.isObject()) {
        const QString given = inputValue.isUndefined() ? QStringLiteral("null")
            : inputValue.isArray()                     ? QStringLiteral("array")
            : inputValue.isString()                    ? QStringLiteral("string")
                                                       : QStringLiteral("primitive");
        InputValidator::Problem problem{QStringLiteral("invalid_type"), QStringLiteral("input"),
                                        QStringLiteral("Invalid type. Expected: object, given: ") + given};
        return {HttpResponse::problem(422, InputValidator::problemBody({problem})), {}, 0};
    }
    const QJsonObject input = inputValue.toObject();
    const QList<InputValidator::Problem> problems = InputValidator::validate(model, input);
    if (!problems.isEmpty())
        return {HttpResponse::problem(422, InputValidator::problemBody(problems)), {}, 0};

    const SimPrediction &prediction = m_store.createFromApi(model, version, input, nowNs);
    Answer answer{HttpResponse::json(201, m_renderer.render(prediction, nowNs, urlsFor(request))), {}, 0};

    // `Prefer: wait` or `Prefer: wait=N`: hold the answer until the prediction ends or N seconds pass.
    const QByteArray prefer = request.prefer.trimmed();
    if (prefer.startsWith("wait")) {
        qint64 limitMs = 60000;
        const qsizetype equals = prefer.indexOf('=');
        if (equals > 0) {
            bool ok = false;
            const qint64 seconds = prefer.mid(equals + 1).trimmed().toLongLong(&ok);
            if (ok && seconds >= 0)
                limitMs = seconds * 1000;
        }
        const auto settles = prediction.settlesAt(nowNs);
        qint64 holdMs = limitMs;
        if (settles)
            holdMs = qMin(limitMs, (*settles - nowNs + 999999) / 1000000);
        if (holdMs > 0) {
            answer.holdId = prediction.id;
            answer.holdMs = holdMs;
        }
    }
    return answer;
}
