#include "ApiEndpoint.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

namespace {

// One path segment, whatever the text holds: "/", "?", "#", "%" and spaces are encoded so they
// cannot add segments, a query or a fragment.
QString pathSegment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

// "." and ".." are dot-segments even when percent-encoded (RFC 3986 §6.2.2.2), and an empty
// segment would address the list: none of them can name a prediction.
bool isUsableSegment(const QString &text)
{
    return !text.isEmpty() && text != QLatin1String(".") && text != QLatin1String("..");
}

QUrl appendPath(const QUrl &root, const QString &encodedTail)
{
    QUrl url = root;
    url.setPath(root.path(QUrl::FullyEncoded) + encodedTail, QUrl::StrictMode);
    return url;
}

bool isAsciiAlnum(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
        || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

// Ids taken from an explicit URL or an "id" field: the user pointed at them, so relays' own id
// styles are allowed, but a word such as "overview" is not taken for one. A Replicate-style id
// may, rarely, have no digit at all.
bool isPlausibleLooseId(const QString &text)
{
    // Anchored with \A…\z: a "$" would also match before a final newline, and "id\n" (say from
    // an escaped "id\\n" in pasted JSON) would be taken for an id.
    static const QRegularExpression pattern(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9][A-Za-z0-9_-]{5,127}")));
    static const QRegularExpression replicateStyle(
        QRegularExpression::anchoredPattern(QStringLiteral("[a-z0-9]{16,64}")));
    if (!pattern.match(text).hasMatch())
        return false;
    if (replicateStyle.match(text).hasMatch())
        return true;
    for (const QChar c : text) {
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            return true;
    }
    return false;
}

// The prediction id in a URL-like token, or "".
QString idFromUrlish(const QString &token)
{
    static const QRegularExpression webForm(
        QStringLiteral(R"((?:^|[^A-Za-z0-9.-])(?:www\.)?replicate\.com/p/([A-Za-z0-9_-]+))"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression apiForm(QStringLiteral(R"(/predictions/([A-Za-z0-9_-]+))"),
                                            QRegularExpression::CaseInsensitiveOption);
    for (const QRegularExpression *form : {&webForm, &apiForm}) {
        const QRegularExpressionMatch match = form->match(token);
        if (match.hasMatch() && isPlausibleLooseId(match.captured(1)))
            return match.captured(1);
    }
    return {};
}

QStringList idsFromJsonValue(const QJsonValue &value, int depth = 0)
{
    QStringList ids;
    if (depth > 2)
        return ids;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        const QString id = object.value(QLatin1String("id")).toString();
        if (isPlausibleLooseId(id))
            ids.append(id);
        else if (object.value(QLatin1String("results")).isArray())
            ids += idsFromJsonValue(object.value(QLatin1String("results")), depth + 1);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &element : array) {
            if (element.isString()) {
                const QString text = element.toString().trimmed();
                const QString fromUrl = idFromUrlish(text);
                if (!fromUrl.isEmpty())
                    ids.append(fromUrl);
                else if (ApiEndpoint::isPlausibleId(text))
                    ids.append(text);
            } else {
                ids += idsFromJsonValue(element, depth + 1);
            }
        }
    }
    return ids;
}

// Some servers escape every "/" as "\/"; Qt's parser undoes that and every other escape.
QString jsonUnescaped(const QString &inner)
{
    if (!inner.contains(QLatin1Char('\\')))
        return inner;
    const QJsonDocument document = QJsonDocument::fromJson("[\"" + inner.toUtf8() + "\"]");
    return document.isArray() ? document.array().at(0).toString() : inner;
}

struct Found
{
    qsizetype position;
    QString id;
};

// The ids on one line, in the order they appear.
QList<Found> idsInLine(const QString &line)
{
    QList<Found> found;
    QString rest = line; // consumed parts are blanked so they are not read twice

    auto blank = [&rest](qsizetype begin, qsizetype length) {
        for (qsizetype i = begin; i < begin + length; ++i)
            rest[i] = QLatin1Char(' ');
    };

    // "key": "value" pairs of pasted JSON: only "id" names an id; other values (a version hash,
    // a file URL) must not be mistaken for one, except a prediction URL such as urls.get.
    static const QRegularExpression pair(QStringLiteral(R"re("((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)")re"));
    for (auto it = pair.globalMatch(line); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString value = jsonUnescaped(match.captured(2));
        if (jsonUnescaped(match.captured(1)) == QLatin1String("id")) {
            if (isPlausibleLooseId(value))
                found.append({match.capturedStart(), value});
        } else {
            const QString fromUrl = idFromUrlish(value);
            if (!fromUrl.isEmpty())
                found.append({match.capturedStart(), fromUrl});
        }
        blank(match.capturedStart(), match.capturedLength());
    }

    // Anything with a slash is a URL or a path: it gives its prediction id or nothing at all, so the
    // hash-like parts of file and stream URLs are never taken for ids.
    // Full-width comma, semicolon, enumeration comma, full stop, parentheses and brackets end a URL too.
    static const QString urlChar = QStringLiteral(
        R"([^\s"'<>`,;()\[\]{}\x{FF0C}\x{FF1B}\x{3001}\x{3002}\x{FF08}\x{FF09}\x{3010}\x{3011}])");
    static const QRegularExpression urlish(urlChar + QLatin1String("*/") + urlChar + QLatin1Char('*'));
    for (auto it = urlish.globalMatch(rest); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString id = idFromUrlish(match.captured(0));
        if (!id.isEmpty())
            found.append({match.capturedStart(), id});
        blank(match.capturedStart(), match.capturedLength());
    }

    // Bare ids: whole runs of ASCII letters and digits, so a lower-case stretch inside a mixed-case
    // token is not cut out of it.
    qsizetype i = 0;
    while (i < rest.size()) {
        if (!isAsciiAlnum(rest.at(i))) {
            ++i;
            continue;
        }
        const qsizetype begin = i;
        while (i < rest.size() && isAsciiAlnum(rest.at(i)))
            ++i;
        const QString token = rest.mid(begin, i - begin);
        if (ApiEndpoint::isPlausibleId(token))
            found.append({begin, token});
    }

    std::stable_sort(found.begin(), found.end(),
                     [](const Found &a, const Found &b) { return a.position < b.position; });
    return found;
}

} // namespace

ApiEndpoint::ApiEndpoint()
    : m_provider(Provider::QuickRouter)
    , m_root(QStringLiteral("https://api.quickrouter.ai/replicate/v1"))
{}

ApiEndpoint ApiEndpoint::preset(Provider provider)
{
    ApiEndpoint endpoint;
    endpoint.m_provider = provider;
    switch (provider) {
    case Provider::QuickRouter:
        endpoint.m_root = QUrl(QStringLiteral("https://api.quickrouter.ai/replicate/v1"));
        break;
    case Provider::AnyApi:
        endpoint.m_root = QUrl(QStringLiteral("https://www.anyapi.vip/replicate/v1"));
        break;
    case Provider::Replicate:
        endpoint.m_root = QUrl(QStringLiteral("https://api.replicate.com/v1"));
        break;
    case Provider::Custom:
    case Provider::Demo:
        endpoint.m_root = QUrl();
        break;
    }
    return endpoint;
}

Result<ApiEndpoint, QString> ApiEndpoint::fromRoot(Provider provider, const QString &rootText)
{
    const QString text = rootText.trimmed();
    if (text.isEmpty())
        return QCoreApplication::translate("ApiEndpoint",
                                           "Enter the address of the API, for example https://api.replicate.com/v1.");
    if (!text.contains(QLatin1String("://")))
        return QCoreApplication::translate("ApiEndpoint", "The API address must start with https:// (or http://).");

    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return QCoreApplication::translate("ApiEndpoint",
                                           "The API address must start with https:// (or http://), not %1://.")
            .arg(scheme);
    if (!url.isValid())
        return QCoreApplication::translate(
            "ApiEndpoint", "The API address is not a valid URL (look for spaces or unusual characters in it).");
    if (url.host().isEmpty())
        return QCoreApplication::translate("ApiEndpoint", "The API address has no host name.");
    if (!url.userInfo().isEmpty())
        return QCoreApplication::translate(
            "ApiEndpoint", "The API address must not contain a user name or password; the API key is set separately.");
    if (url.hasQuery())
        return QCoreApplication::translate("ApiEndpoint",
                                           "The API address must not contain a query (the part after \"?\").");
    if (url.hasFragment())
        return QCoreApplication::translate("ApiEndpoint",
                                           "The API address must not contain a fragment (the part after \"#\").");

    ApiEndpoint endpoint;
    endpoint.m_provider = provider;
    QUrl root = url;
    QString path = url.path(QUrl::FullyEncoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    root.setPath(path, QUrl::StrictMode);
    if (root.port() == (scheme == QLatin1String("https") ? 443 : 80))
        root.setPort(-1);
    endpoint.m_root = root;
    return endpoint;
}

QUrl ApiEndpoint::predictionUrl(const QString &id) const
{
    if (!isValid() || !isUsableSegment(id))
        return {};
    return appendPath(m_root, QLatin1String("/predictions/") + pathSegment(id));
}

QUrl ApiEndpoint::cancelUrl(const QString &id) const
{
    if (!isValid() || !isUsableSegment(id))
        return {};
    return appendPath(m_root, QLatin1String("/predictions/") + pathSegment(id) + QLatin1String("/cancel"));
}

QUrl ApiEndpoint::listUrl(const QString &cursor) const
{
    if (!isValid())
        return {};
    QUrl url = appendPath(m_root, QStringLiteral("/predictions"));
    if (!cursor.isEmpty())
        url.setQuery(QLatin1String("cursor=") + QString::fromLatin1(QUrl::toPercentEncoding(cursor)), QUrl::StrictMode);
    return url;
}

QUrl ApiEndpoint::createUrl(const QString &model) const
{
    const QStringList parts = model.trimmed().split(QLatin1Char('/'));
    if (!isValid() || parts.size() != 2 || !isUsableSegment(parts.at(0)) || !isUsableSegment(parts.at(1)))
        return {};
    return appendPath(m_root,
                      QLatin1String("/models/") + pathSegment(parts.at(0)) + QLatin1Char('/') + pathSegment(parts.at(1))
                          + QLatin1String("/predictions"));
}

QUrl ApiEndpoint::createVersionUrl() const
{
    if (!isValid())
        return {};
    return appendPath(m_root, QStringLiteral("/predictions"));
}

bool ApiEndpoint::isApiOrigin(const QUrl &url) const
{
    if (!isValid() || !url.isValid() || url.host().isEmpty())
        return false;
    const QString scheme = m_root.scheme().toLower();
    if (url.scheme().compare(scheme, Qt::CaseInsensitive) != 0)
        return false;
    if (url.host().compare(m_root.host(), Qt::CaseInsensitive) != 0)
        return false;
    const int defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    return url.port(defaultPort) == m_root.port(defaultPort);
}

QString ApiEndpoint::providerKey(Provider provider)
{
    switch (provider) {
    case Provider::QuickRouter:
        return QStringLiteral("quickrouter");
    case Provider::AnyApi:
        return QStringLiteral("anyapi");
    case Provider::Replicate:
        return QStringLiteral("replicate");
    case Provider::Custom:
        return QStringLiteral("custom");
    case Provider::Demo:
        return QStringLiteral("demo");
    }
    return {};
}

std::optional<ApiEndpoint::Provider> ApiEndpoint::providerFromKey(const QString &key)
{
    const QString normalized = key.trimmed().toLower();
    for (const Provider provider :
         {Provider::QuickRouter, Provider::AnyApi, Provider::Replicate, Provider::Custom, Provider::Demo}) {
        if (providerKey(provider) == normalized)
            return provider;
    }
    return std::nullopt;
}

QString ApiEndpoint::providerName(Provider provider)
{
    switch (provider) {
    case Provider::QuickRouter:
        return QStringLiteral("QuickRouter");
    case Provider::AnyApi:
        return QStringLiteral("AnyAPI");
    case Provider::Replicate:
        return QStringLiteral("Replicate");
    case Provider::Custom:
        return QCoreApplication::translate("ApiEndpoint", "Custom");
    case Provider::Demo:
        return QCoreApplication::translate("ApiEndpoint", "Demo");
    }
    return {};
}

QList<ApiEndpoint::Provider> ApiEndpoint::selectableProviders()
{
    return {Provider::QuickRouter, Provider::AnyApi, Provider::Replicate, Provider::Custom};
}

QString ApiEndpoint::cursorFromNextUrl(const QString &nextUrl)
{
    const QString text = nextUrl.trimmed();
    if (text.isEmpty())
        return {};
    const QUrl url(text, QUrl::TolerantMode);
    if (!url.isValid() || !url.hasQuery())
        return {};
    return QUrlQuery(url).queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded);
}

QStringList ApiEndpoint::extractIds(const QString &text, QStringList *unusable)
{
    QStringList ids;
    QSet<QString> seen;
    auto add = [&ids, &seen](const QString &id) {
        if (!seen.contains(id)) {
            seen.insert(id);
            ids.append(id);
        }
    };

    // A whole prediction (or a page, or a list of ids) pasted as JSON spans many lines that mean
    // nothing on their own: read it as JSON first.
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1Char('{')) || trimmed.startsWith(QLatin1Char('['))) {
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
        if (error.error == QJsonParseError::NoError) {
            const QStringList fromJson = idsFromJsonValue(document.isObject() ? QJsonValue(document.object())
                                                                              : QJsonValue(document.array()));
            if (!fromJson.isEmpty()) {
                for (const QString &id : fromJson)
                    add(id);
                return ids;
            }
        }
    }

    static const QRegularExpression lineBreak(QStringLiteral("\r\n|\r|\n|\\x{2028}|\\x{2029}"));
    const QStringList lines = text.split(lineBreak);
    for (const QString &rawLine : lines) {
        const QString line = rawLine.trimmed();
        if (line.isEmpty())
            continue;
        const QList<Found> found = idsInLine(line);
        for (const Found &f : found)
            add(f.id);
        if (found.isEmpty() && unusable)
            unusable->append(line);
    }
    return ids;
}

bool ApiEndpoint::isPlausibleId(const QString &text)
{
    const QString token = text.trimmed();
    if (token.size() < 16 || token.size() > 64)
        return false;
    bool hasDigit = false;
    bool hasLetter = false;
    for (const QChar c : token) {
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            hasDigit = true;
        else if (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            hasLetter = true;
        else
            return false;
    }
    return hasDigit && hasLetter;
}
