#pragma once

#include <QObject>
#include <QString>

class Settings;

/// Where API keys live: one per provider in the system keychain (Secret Service through QtKeychain).
///
/// REPLIMON_API_KEY, then REPLICATE_API_TOKEN, override whatever is stored (read-only). When no keychain
/// can take a key, the user may consent to keep it unencrypted in the settings file (0600); without that
/// consent it is kept only for the session. Keys are sanitized before they are stored. Jobs are
/// asynchronous: every call ends in one signal.
class ApiKeyStore final : public QObject
{
    Q_OBJECT

public:
    enum class Source {
        None,
        Environment, ///< REPLIMON_API_KEY / REPLICATE_API_TOKEN: read-only.
        Keychain,
        Unencrypted, ///< The consented fallback in the settings file.
    };
    Q_ENUM(Source)

    explicit ApiKeyStore(Settings &settings, QObject *parent = nullptr);

    /// The keychain service name (default "replimon"); tests use their own.
    void setServiceName(const QString &name) { m_service = name; }

    void read(const QString &providerKey);                      ///< → keyRead
    void write(const QString &providerKey, const QString &key); ///< → keyWritten or writeFailed
    /// Only when Settings::insecureKeyStorageAllowed(); returns false (and writes nothing) otherwise.
    bool writeUnencrypted(const QString &providerKey, const QString &key);
    void remove(const QString &providerKey); ///< → keyRemoved

    /// The overriding environment variable's name, or "" when none is set.
    static QString environmentVariable();

Q_SIGNALS:
    void keyRead(const QString &providerKey, const QString &key, ApiKeyStore::Source source);
    void keyWritten(const QString &providerKey, ApiKeyStore::Source source);
    /// @p keychainUnavailable: no keychain could take the key; offer the unencrypted fallback.
    void writeFailed(const QString &providerKey, const QString &message, bool keychainUnavailable);
    void keyRemoved(const QString &providerKey);

private:
    Settings &m_settings;
    QString m_service = QStringLiteral("replimon");
};
