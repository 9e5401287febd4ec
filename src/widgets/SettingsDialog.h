#pragma once

#include "ApiEndpoint.h"
#include "ApiKeyStore.h"
#include "ConnectionTest.h"

#include <QDialog>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class Settings;

namespace Ui {
class SettingsDialog;
}

/// Provider, API key, polling, downloads, notifications and language.
///
/// OK writes Settings and the keys (through ApiKeyStore; when no keychain can take a key the user is
/// asked whether to keep it unencrypted in the settings file, else it is used for this session only),
/// then emits applied() with what changed so the application can reconfigure at once. Cancel discards
/// everything, keys included. The key is never shown in a message, only in its (masked) field.
class SettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    /// What OK changed, for reconfiguring without a restart.
    struct Changes
    {
        bool endpointChanged = false; ///< Provider or its address changed: abort and re-send requests.
        ApiEndpoint endpoint;         ///< The endpoint now chosen (always set; Demo in demo mode).
        bool keyChanged = false;      ///< The key to use differs (edited, removed, or another provider's).
        QString key;                  ///< The key for the chosen provider, this session ("" = none).
        ApiKeyStore::Source keySource = ApiKeyStore::Source::None; ///< Where that key lives now.
        bool keySessionOnly = false;   ///< Not stored anywhere: the user declined, or storing failed.
        bool pollingChanged = false;   ///< Interval or concurrency: read them from Settings.
        bool downloadsChanged = false; ///< Folder or auto-download.
        bool notificationsChanged = false;
        bool languageChanged = false; ///< Settings::language() holds the new choice.

        bool any() const
        {
            return endpointChanged || keyChanged || pollingChanged || downloadsChanged || notificationsChanged
                || languageChanged;
        }
    };

    /// @p demoAvailable: the app runs with --demo, so "Demo" is offered (see setDemoRoot()).
    SettingsDialog(Settings &settings, ApiKeyStore &keyStore, QNetworkAccessManager &nam, bool demoAvailable,
                   QWidget *parent = nullptr);
    ~SettingsDialog() override;

    /// The demo simulator's API root, shown for Demo and used by Test connection.
    void setDemoRoot(const QUrl &root);
    /// The provider this session uses now when it is not the saved one (Demo in demo mode).
    void setCurrentProvider(ApiEndpoint::Provider provider);
    /// A key the application holds for this session only (the user declined storing it); shown
    /// when the store has none for @p providerKey.
    void setSessionKey(const QString &providerKey, const QString &key);

    /// The provider selected in the dialog.
    ApiEndpoint::Provider selectedProvider() const;
    /// Whether a Test connection or an apply is waiting for the network or the keychain.
    bool isTesting() const { return m_connectionTest.isRunning(); }
    bool isApplying() const { return m_applying; }

    void accept() override;
    void reject() override;

Q_SIGNALS:
    /// Emitted once, when OK has written everything, just before the dialog closes.
    void applied(const SettingsDialog::Changes &changes);

private:
    // What the dialog knows about one provider's key.
    struct KeyState
    {
        QString stored; ///< What the store (or the session) holds.
        ApiKeyStore::Source source = ApiKeyStore::Source::None;
        bool sessionOnly = false;
        bool loaded = false;
        bool edited = false; ///< The user typed, pasted or removed: `text` is what OK saves.
        QString text;
    };

    void loadSettings();
    void populateProviders(bool demoAvailable);
    void selectProvider(ApiEndpoint::Provider provider);
    void onProviderChanged();
    void requestKey(const QString &providerKey);
    void onKeyRead(const QString &providerKey, const QString &key, ApiKeyStore::Source source);
    void onKeyTextEdited(const QString &text);
    void onRemoveKey();
    void onShowKeyToggled(bool shown);
    void showKeyState();
    void growToFit();
    void validate();
    void onTestConnection();
    void onTestFinished(ConnectionTest::Outcome outcome, const QString &detail);
    void showTestResult(const QString &text, bool error);
    void onBrowse();

    void continueApply();
    void saveSettings();
    void startKeyWrites();
    void onKeyWritten(const QString &providerKey, ApiKeyStore::Source source);
    void onWriteFailed(const QString &providerKey, const QString &message, bool keychainUnavailable);
    void onKeyRemoved(const QString &providerKey);
    void settleKeyWrite(const QString &providerKey);
    void resolveFailedWrites();
    void finishApply();
    void setApplying(bool applying);

    QString currentProviderKey() const;
    /// The endpoint described by the dialog now; an error text when the custom address is invalid.
    Result<ApiEndpoint, QString> chosenEndpoint() const;
    /// The key Test connection and the session would use for the selected provider.
    QString effectiveKey() const;
    /// The key the selected provider had before this dialog's edits (what the session used for it).
    QString effectiveKeyBeforeEdits() const;
    QString scrubbed(const QString &text) const;

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    Settings &m_settings;
    ApiKeyStore &m_keyStore;
    ConnectionTest m_connectionTest;

    QUrl m_demoRoot;
    QString m_environmentVariable; ///< Set when the key comes from the environment (read-only).
    QString m_environmentKey;
    QHash<QString, KeyState> m_keys; ///< By ApiEndpoint::providerKey().
    QSet<QString> m_pendingReads;
    QString m_lastKeyText; ///< To tell a paste (many characters at once) from typing.
    bool m_updatingKeyField = false;

    // What the dialog opened with, to report what OK changed.
    ApiEndpoint::Provider m_initialProvider = ApiEndpoint::Provider::QuickRouter;
    QString m_initialCustomRoot;
    double m_initialPollSeconds = 0;
    int m_initialConcurrency = 0;
    QString m_initialDownloadFolder;
    bool m_initialAutoDownload = false;
    bool m_initialNotifications = false;
    QString m_initialLanguage;

    // Applying: waits for the selected provider's key to be read, then for every key write.
    bool m_applying = false;
    bool m_settingsSaved = false;
    QString m_keyBeforeApply;
    QSet<QString> m_pendingWrites;
    QHash<QString, QString> m_unavailableWrites; ///< providerKey → key no keychain could take.
    QStringList m_failedWriteMessages;
};

Q_DECLARE_METATYPE(SettingsDialog::Changes)
