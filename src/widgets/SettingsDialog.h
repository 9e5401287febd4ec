#pragma once

#include "ApiEndpoint.h"
#include "ApiKeyStore.h"
#include "ConnectionTest.h"
#include "KeyEdits.h"

#include <QDialog>
#include <QString>
#include <QUrl>

#include <memory>

class CapturePage;
class PricesPage;
class QNetworkAccessManager;
class QTabWidget;
class Settings;

namespace Ui {
class SettingsDialog;
}

/// Provider, API key, polling, downloads, notifications and language on the General page; the capture
/// endpoint on the Capture page (CapturePage); the price table on the Prices page (PricesPage).
///
/// OK writes the keys (KeyEdits: through ApiKeyStore; when no keychain can take a key the user is asked
/// whether to keep it unencrypted in the settings file, else it is used for this session only), then
/// Settings, whose changed() signal reconfigures the application, and emits applied() with what this
/// session uses beyond Settings. Cancel discards everything, keys included. The key is never shown in a
/// message, only in its (masked) field.
class SettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    /// What OK chose for this session that Settings does not hold: the key lives in the keychain (or in
    /// memory only), and Demo is never saved.
    struct Session
    {
        ApiEndpoint endpoint; ///< The endpoint now chosen (always set; Demo in demo mode).
        QString key;          ///< The key for the chosen provider, this session ("" = none).
        ApiKeyStore::Source keySource = ApiKeyStore::Source::None; ///< Where that key lives now.
        bool keySessionOnly = false; ///< Not stored anywhere: the user declined, or storing failed.
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
    /// Settings → Capture (the application tells it what the endpoint does now).
    CapturePage &capturePage() const { return *m_capturePage; }
    /// Settings → Prices.
    PricesPage &pricesPage() const { return *m_pricesPage; }
    /// Brings the Capture page to the front (the window's capture banner leads here).
    void showCapturePage();

    /// The provider selected in the dialog.
    ApiEndpoint::Provider selectedProvider() const;
    /// Whether a Test connection or an apply is waiting for the network or the keychain.
    bool isTesting() const { return m_connectionTest.isRunning(); }
    bool isApplying() const { return m_applying; }

    void accept() override;
    void reject() override;

Q_SIGNALS:
    /// Emitted once, when OK has written everything (Settings included), just before the dialog closes.
    void applied(const SettingsDialog::Session &session);
    /// The Capture page's "Connect your code" button.
    void connectCodeRequested();

private:
    void loadSettings();
    void saveSettings();
    void populateProviders(bool demoAvailable);
    void selectProvider(ApiEndpoint::Provider provider);
    void onProviderChanged();
    void onKeyLoaded(const QString &providerKey);
    void onKeyTextEdited(const QString &text);
    void onRemoveKey();
    void onShowKeyToggled(bool shown);
    void showKeyState();
    /// The key field's text, what it says about where the key lives, and whether it can be edited.
    struct KeyView
    {
        QString text;
        QString source;
        bool editable = true;
    };
    KeyView keyView() const;
    QString savedKeySource(const KeyEdits::State &state) const;
    void growToFit();
    void validate();
    void onTestConnection();
    void onTestFinished(ConnectionTest::Outcome outcome, const QString &detail);
    void showTestResult(const QString &text, bool error);
    void onBrowse();

    void continueApply();
    void finishApply();
    void setApplying(bool applying);

    QString currentProviderKey() const;
    /// The endpoint described by the dialog now; an error text when the custom address is invalid.
    Result<ApiEndpoint, QString> chosenEndpoint() const;
    /// The key Test connection and the session would use for the selected provider.
    QString effectiveKey() const;

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    Settings &m_settings;
    ConnectionTest m_connectionTest;
    QString m_environmentVariable; ///< Set when the key comes from the environment (read-only).
    QString m_environmentKey;
    KeyEdits m_keyEdits;
    QTabWidget *m_pages = nullptr;
    CapturePage *m_capturePage = nullptr;
    PricesPage *m_pricesPage = nullptr;

    QUrl m_demoRoot;
    QString m_lastKeyText; ///< To tell a paste (many characters at once) from typing.
    bool m_updatingKeyField = false;
    /// OK was pressed: waiting for the selected provider's key to be read, then for the key writes.
    bool m_applying = false;
};

Q_DECLARE_METATYPE(SettingsDialog::Session)
