// PredictionWorker's answers: how a complete HTTP answer ends a request (a prediction, a page, an error),
// or sends it on to where a redirect points, when that is on the API's own origin.
#include "PredictionExchange.h"
#include "ReplyErrors.h"

#include <QCoreApplication>

namespace {

// Redirects followed for one request (each on the API's own origin), as a browser stops at a loop.
constexpr int maxRedirects = 10;

bool isDowngrade(const QUrl &from, const QUrl &to)
{
    return from.scheme() == u"https" && to.scheme() != u"https";
}

// The client's words: the user meets them as PredictionClient's, whichever thread wrote them.
QString clientText(const char *text)
{
    return QCoreApplication::translate("PredictionClient", text);
}

} // namespace

std::optional<PredictionOutcome> PredictionWorker::outcomeOf(std::unique_ptr<Exchange> &exchange)
{
    const PredictionRequest &request = exchange->request;
    PredictionOutcome outcome{request.id, request.predictionId, {}, {}, {}};
    const int status = exchange->status;
    if (exchange->tooLarge) {
        outcome.error = ReplyErrors::classifyLocalAbort(
            ReplyErrors::LocalAbort::TooLarge,
            clientText(
                QT_TRANSLATE_NOOP("PredictionClient", "The server's answer is larger than %1 MB and was refused."))
                .arg(double(request.maxBodyBytes) / (1024.0 * 1024.0), 0, 'f', 0));
        outcome.error.httpStatus = status;
        return outcome;
    }

    if (status >= 300 && status < 400 && status != 304 && !exchange->location.isEmpty()) {
        const QUrl target = exchange->url.resolved(QUrl::fromEncoded(exchange->location));
        QString refused;
        if (isDowngrade(exchange->url, target)) {
            refused = clientText(QT_TRANSLATE_NOOP("PredictionClient",
                                                   "The server redirected from https to an insecure address "
                                                   "(%1); the request was not followed so that the API key "
                                                   "is never sent unencrypted."))
                          .arg(target.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
        } else if (!request.endpoint.isApiOrigin(target)) {
            refused = clientText(QT_TRANSLATE_NOOP("PredictionClient",
                                                   "The server redirected to another address (%1); the "
                                                   "request was not followed so that the API key stays "
                                                   "with %2."))
                          .arg(target.host(), request.endpoint.root().host());
        } else if (exchange->redirects >= maxRedirects) {
            refused = clientText(QT_TRANSLATE_NOOP("PredictionClient",
                                                   "The server redirected more than %1 times; the request was "
                                                   "given up."))
                          .arg(maxRedirects);
        }
        if (!refused.isEmpty()) {
            outcome.error = ReplyErrors::classifyLocalAbort(ReplyErrors::LocalAbort::RedirectRefused, refused);
            outcome.error.httpStatus = status;
            return outcome;
        }
        // Followed on the same origin. 307 and 308 repeat the request as it was; the others ask for a GET.
        ++exchange->redirects;
        exchange->url = target;
        if (status != 307 && status != 308 && exchange->verb != "GET") {
            exchange->verb = "GET";
            exchange->body.clear();
        }
        exchange->answerStarted = false;
        exchange->status = 0;
        m_waiting.push_front(std::move(exchange));
        return std::nullopt;
    }

    const QByteArray &body = exchange->answer;
    if (status < 200 || status >= 300) {
        const bool optionalEndpoint = request.operation != PredictionRequest::Operation::Fetch;
        const ReplyErrors::Answer answer{status, QString::fromLatin1(exchange->reason), exchange->contentType,
                                         exchange->retryAfter};
        outcome.error = ReplyErrors::classifyAnswer(answer, body, optionalEndpoint, request.apiKey);
        return outcome;
    }

    if (request.operation == PredictionRequest::Operation::List) {
        auto page = PredictionPage::fromJson(body);
        if (page)
            outcome.page = page.value();
        else
            outcome.error = ApiError{ApiError::Kind::BadResponse, status, page.error().message, {}};
        return outcome;
    }

    auto prediction = Prediction::fromJson(body);
    if (!prediction) {
        outcome.error = ApiError{ApiError::Kind::BadResponse, status, prediction.error().message, {}};
    } else if (!request.predictionId.isEmpty() && prediction.value().id() != request.predictionId) {
        outcome.error = ApiError{ApiError::Kind::BadResponse,
                                 status,
                                 clientText(QT_TRANSLATE_NOOP("PredictionClient",
                                                              "The server answered with another prediction (%1) "
                                                              "than the one asked for."))
                                     .arg(prediction.value().id().left(64)),
                                 {}};
    } else {
        outcome.prediction = prediction.value();
    }
    return outcome;
}
