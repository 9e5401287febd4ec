#include "FuzzChecks.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>

#include "ApiEndpoint.h"
#include "ImageMetadata.h"
#include "Prediction.h"
#include "ReplyErrors.h"
#include "RetryPolicy.h"

#include <chrono>
#include <optional>

using std::chrono::milliseconds;

namespace FuzzChecks {

namespace {

// Longest wait RetryPolicy accepts from a server, in milliseconds.
constexpr qint64 maxWaitMs = 24 * 60 * 60 * 1000;

// Messages end up in one line of the user interface, whatever the server sent.
constexpr qsizetype maxMessageChars = 2000;

QString shown(const QString &text)
{
    return QLatin1Char('"') + text.left(80) + QLatin1Char('"');
}

QStringList inputKeys(const Prediction &p)
{
    QStringList keys;
    for (const auto &entry : p.inputs())
        keys.append(entry.first);
    return keys;
}

QString checkOnePrediction(const Prediction &p)
{
    if (p.id().isEmpty())
        return QStringLiteral("a prediction without an id was accepted");
    if (p.rawJson().isEmpty())
        return QStringLiteral("a prediction has no raw JSON");

    const QStringList keys = inputKeys(p);
    if (QSet<QString>(keys.cbegin(), keys.cend()).size() != keys.size())
        return QStringLiteral("an input key is listed twice");

    // rawJson() is what the store keeps and parses again at every start: it must give back the same
    // prediction, inputs in the same order.
    const auto again = Prediction::fromJson(p.rawJson());
    if (!again)
        return QStringLiteral("rawJson() does not parse back: ") + again.error().message;
    if (again.value() != p)
        return QStringLiteral("rawJson() parses back to a different prediction");
    if (inputKeys(again.value()) != keys)
        return QStringLiteral("the order of inputs changes when rawJson() is parsed again");
    if (again.value().id() != p.id() || again.value().statusText() != p.statusText())
        return QStringLiteral("id or status changes when rawJson() is parsed again");

    const QList<QUrl> urls = p.outputUrls();
    for (const QUrl &url : urls) {
        if (!url.isValid())
            return QStringLiteral("outputUrls() holds an invalid URL");
        if (urls.count(url) != 1)
            return QStringLiteral("outputUrls() holds a URL twice");
    }

    // The rest must simply not crash or trip a sanitizer.
    (void)p.outputText();
    (void)p.errorText();
    (void)p.prompt();
    (void)p.inputImage();
    (void)p.predictTime();
    (void)p.totalTime();
    (void)p.imageCount();
    for (const QDateTime &time : {p.createdAt(), p.startedAt(), p.completedAt()}) {
        if (time.isValid() && time.timeSpec() != Qt::UTC)
            return QStringLiteral("a timestamp is not in UTC");
    }
    return {};
}

} // namespace

QString prediction(const QByteArray &data)
{
    const auto parsed = Prediction::fromJson(data);
    if (parsed) {
        const QString problem = checkOnePrediction(parsed.value());
        if (!problem.isEmpty())
            return problem;
    } else {
        const QString message = parsed.error().message;
        if (message.isEmpty())
            return QStringLiteral("a rejected body gave no message");
        if (message.size() > maxMessageChars)
            return QStringLiteral("the message for a rejected body is %1 characters long").arg(message.size());
    }

    const auto page = PredictionPage::fromJson(data);
    if (page) {
        if (page.value().skipped < 0)
            return QStringLiteral("a page counts a negative number of skipped entries");
        for (const Prediction &p : page.value().predictions) {
            const QString problem = checkOnePrediction(p);
            if (!problem.isEmpty())
                return QStringLiteral("in a page: ") + problem;
        }
    } else if (page.error().message.size() > maxMessageChars) {
        return QStringLiteral("the message for a rejected page is %1 characters long").arg(page.error().message.size());
    }

    if (ReplyErrors::detailFromBody(data, QByteArrayLiteral("application/json")).size() > 500)
        return QStringLiteral("detailFromBody() is longer than 500 characters");
    return {};
}

QString extractIds(const QByteArray &data)
{
    static const QRegularExpression idShape(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9][A-Za-z0-9_-]{5,127}")));

    const QString text = QString::fromUtf8(data);
    QStringList unusable;
    const QStringList ids = ApiEndpoint::extractIds(text, &unusable);

    QSet<QString> seen;
    for (const QString &id : ids) {
        if (!idShape.match(id).hasMatch())
            return QStringLiteral("an extracted id cannot be one: ") + shown(id);
        if (seen.contains(id))
            return QStringLiteral("an id is listed twice: ") + shown(id);
        seen.insert(id);
    }
    for (const QString &line : std::as_const(unusable)) {
        if (line.isEmpty() || line != line.trimmed())
            return QStringLiteral("an unusable line is empty or untrimmed: ") + shown(line);
        if (!text.contains(line))
            return QStringLiteral("an unusable line is not part of the text: ") + shown(line);
    }

    if (ApiEndpoint::extractIds(text) != ids)
        return QStringLiteral("asking for the unusable lines changes the ids found");

    // Whatever was found can be pasted again as the predictions' web pages and gives the same list.
    if (!ids.isEmpty()) {
        QStringList pages;
        for (const QString &id : ids)
            pages.append(QStringLiteral("https://replicate.com/p/") + id);
        const QStringList again = ApiEndpoint::extractIds(pages.join(QLatin1Char('\n')));
        if (again != ids) {
            return QStringLiteral("the web pages of the ids found give other ids: ") + shown(ids.join(QLatin1Char(' ')))
                + QStringLiteral(" then ") + shown(again.join(QLatin1Char(' ')));
        }
    }
    return {};
}

QString retryAfter(const QByteArray &data)
{
    const QDateTime now(QDate(2025, 7, 14), QTime(9, 0), Qt::UTC);
    const std::optional<milliseconds> wait = RetryPolicy::parseRetryAfter(data, now);
    if (wait && (wait->count() < 0 || wait->count() > maxWaitMs))
        return QStringLiteral("a Retry-After wait of %1 ms is out of range").arg(wait->count());
    if (RetryPolicy::parseRetryAfter(data, now) != wait)
        return QStringLiteral("the same header parses to another wait the second time");

    const QString text = QString::fromLatin1(data).trimmed();
    // Counted by hand: QString::toLongLong() stops at an embedded NUL and would accept "0\0" "0".
    qint64 seconds = 0;
    bool isNumber = !text.isEmpty() && text.size() <= 6;
    for (qsizetype i = 0; isNumber && i < text.size(); ++i) {
        const QChar c = text.at(i);
        isNumber = c >= QLatin1Char('0') && c <= QLatin1Char('9');
        seconds = seconds * 10 + (c.unicode() - u'0');
    }
    if (isNumber) {
        const qint64 expected = std::min<qint64>(seconds * 1000, maxWaitMs);
        if (!wait || wait->count() != expected)
            return QStringLiteral("delta-seconds %1 did not give %2 ms").arg(text).arg(expected);
    }

    // An HTTP-date names a moment: a second later there is a second less to wait.
    if (wait && !text.isEmpty() && !text.front().isDigit() && wait->count() > 1000 && wait->count() < maxWaitMs) {
        const std::optional<milliseconds> later = RetryPolicy::parseRetryAfter(data, now.addSecs(1));
        if (!later || *later != *wait - milliseconds(1000))
            return QStringLiteral("an HTTP-date does not move with the clock");
    }

    // Without a reference time the wall clock is used; the bounds still hold.
    const std::optional<milliseconds> fromClock = RetryPolicy::parseRetryAfter(data, QDateTime());
    if (fromClock && (fromClock->count() < 0 || fromClock->count() > maxWaitMs))
        return QStringLiteral("a Retry-After wait of %1 ms is out of range").arg(fromClock->count());

    const std::optional<milliseconds> fromBody = RetryPolicy::retryAfterFromBody(
        QJsonDocument::fromJson(data).object());
    if (fromBody && (fromBody->count() < 0 || fromBody->count() > maxWaitMs))
        return QStringLiteral("a body's retry_after of %1 ms is out of range").arg(fromBody->count());
    return {};
}

QString imageMetadata(const QByteArray &data)
{
    const auto read = ImageMetadata::read(data);
    if (read) {
        const ProvenanceRecord &found = read.value();
        if (found.isEmpty())
            return QStringLiteral("a file was read as carrying an empty record");
        // Each part comes from one block, and no block is taken in above the limit.
        for (const qsizetype size : {found.prompt.size(), found.parameters.size(), found.predictionJson.size()}) {
            if (size > ProvenanceRecord::maxBlockBytes)
                return QStringLiteral("a part of %1 bytes was read, over the limit").arg(size);
        }
    } else if (read.error().message.isEmpty()) {
        return QStringLiteral("a rejected file gave no message");
    }

    ProvenanceRecord record;
    record.predictionId = QStringLiteral("fuzzr3c0rd00000000000000aa");
    record.prompt = QStringLiteral("雪中的狐狸 & <fox>");
    record.parameters = record.prompt + QStringLiteral("\nSeed: 7, Prediction: ") + record.predictionId;
    record.predictionJson = QByteArrayLiteral("{\"id\":\"fuzzr3c0rd00000000000000aa\",\"status\":\"succeeded\"}");
    const auto embedded = ImageMetadata::embed(data, record);
    if (!embedded)
        return {};
    const auto back = ImageMetadata::read(embedded.value());
    if (!back)
        return QStringLiteral("what embed() wrote does not read back: ") + back.error().message;
    if (!(back.value() == record))
        return QStringLiteral("what embed() wrote reads back as another record");
    const auto again = ImageMetadata::embed(embedded.value(), record);
    if (!again || again.value() != embedded.value())
        return QStringLiteral("embedding the same record twice changes the file");
    return {};
}

} // namespace FuzzChecks
