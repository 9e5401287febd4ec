#pragma once

#include "Result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

/// Where the predictions API lives, and how to build its URLs.
///
/// Request URLs are always built from the configured root; `urls.*` in responses are never followed.
class ApiEndpoint final
{
public:
    enum class Provider {
        QuickRouter, ///< The seeds' default relay.
        AnyApi,
        Replicate,
        Custom,
        Demo, ///< The bundled simulator in --demo mode.
    };

    /// The default endpoint (QuickRouter).
    ApiEndpoint();
    /// A known provider's root. For Custom and Demo the root is empty until set with withRoot().
    static ApiEndpoint preset(Provider provider);
    /// Validates @p rootText (http or https, a host, no query or fragment; trailing slashes dropped).
    static Result<ApiEndpoint, QString> fromRoot(Provider provider, const QString &rootText);

    Provider provider() const { return m_provider; }
    QUrl root() const { return m_root; }
    bool isValid() const { return m_root.isValid() && !m_root.host().isEmpty(); }

    QUrl predictionUrl(const QString &id) const;    ///< GET  {root}/predictions/{id}
    QUrl cancelUrl(const QString &id) const;        ///< POST {root}/predictions/{id}/cancel
    QUrl listUrl(const QString &cursor = {}) const; ///< GET  {root}/predictions[?cursor=…]
    QUrl createUrl(const QString &model) const;     ///< POST {root}/models/{owner}/{name}/predictions
    QUrl createVersionUrl() const;                  ///< POST {root}/predictions

    /// True when @p url has the root's scheme, host and port: the only place the key may go.
    bool isApiOrigin(const QUrl &url) const;

    /// Stable identifier for settings ("quickrouter", "anyapi", "replicate", "custom", "demo").
    static QString providerKey(Provider provider);
    static std::optional<Provider> providerFromKey(const QString &key);
    /// Human name ("QuickRouter", "AnyAPI", "Replicate", "Custom", "Demo").
    static QString providerName(Provider provider);
    static QList<Provider> selectableProviders(); ///< QuickRouter, AnyApi, Replicate, Custom.

    /// Reads a pasted cursor from a `next` URL (its `cursor` query item), so the next page is requested
    /// from our root, not from whatever host the server named.
    static QString cursorFromNextUrl(const QString &nextUrl);

    /// Pulls prediction ids out of free text: bare ids, replicate.com/p/ID, any …/predictions/ID[/…] URL,
    /// several per line. Order kept, duplicates dropped. Non-empty lines that yield no id go to @p unusable.
    static QStringList extractIds(const QString &text, QStringList *unusable = nullptr);
    /// Whether @p text on its own looks like a prediction id.
    static bool isPlausibleId(const QString &text);

private:
    Provider m_provider = Provider::QuickRouter;
    QUrl m_root;
};
