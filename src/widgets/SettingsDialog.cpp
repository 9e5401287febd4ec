#include "SettingsDialog.h"

#include "ApiKey.h"
#include "Settings.h"
#include "ui_SettingsDialog.h"

#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>

#include <chrono>
#include <cmath>

namespace {

constexpr auto errorRole = QPalette::WindowText;

QColor errorColor(const QPalette &palette)
{
    // Dark themes get a lighter red so the text stays readable.
    return palette.color(QPalette::Window).lightness() < 128 ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x1c, 0x1c);
}

void setLabelTone(QLabel *label, bool error)
{
    QPalette palette = label->parentWidget() ? label->parentWidget()->palette() : label->palette();
    if (error)
        palette.setColor(errorRole, errorColor(palette));
    label->setPalette(palette);
}

} // namespace

SettingsDialog::SettingsDialog(Settings &settings, ApiKeyStore &keyStore, QNetworkAccessManager &nam,
                               bool demoAvailable, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_settings(settings)
    , m_keyStore(keyStore)
    , m_connectionTest(nam)
{
    qRegisterMetaType<SettingsDialog::Changes>();
    m_ui->setupUi(this);
    m_ui->rootErrorLabel->hide();
    m_ui->testResultLabel->hide();
    setLabelTone(m_ui->rootErrorLabel, true);

    m_environmentKey = ApiKeys::fromEnvironment(&m_environmentVariable);

    populateProviders(demoAvailable);
    m_ui->languageCombo->addItem(tr("System default"), QStringLiteral("system"));
    m_ui->languageCombo->addItem(QStringLiteral("English"), QStringLiteral("en"));
    // Each language is named in itself so that whoever reads it can find it.
    m_ui->languageCombo->addItem(QString::fromUtf8("简体中文"), QStringLiteral("zh_CN"));

    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_ui->providerCombo, &QComboBox::currentIndexChanged, this, &SettingsDialog::onProviderChanged);
    connect(m_ui->rootEdit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_ui->keyEdit, &QLineEdit::textEdited, this, &SettingsDialog::onKeyTextEdited);
    connect(m_ui->showKeyButton, &QToolButton::toggled, this, &SettingsDialog::onShowKeyToggled);
    connect(m_ui->removeKeyButton, &QPushButton::clicked, this, &SettingsDialog::onRemoveKey);
    connect(m_ui->testButton, &QPushButton::clicked, this, &SettingsDialog::onTestConnection);
    connect(m_ui->browseButton, &QPushButton::clicked, this, &SettingsDialog::onBrowse);
    connect(&m_connectionTest, &ConnectionTest::finished, this, &SettingsDialog::onTestFinished);

    connect(&m_keyStore, &ApiKeyStore::keyRead, this, &SettingsDialog::onKeyRead);
    connect(&m_keyStore, &ApiKeyStore::keyWritten, this, &SettingsDialog::onKeyWritten);
    connect(&m_keyStore, &ApiKeyStore::writeFailed, this, &SettingsDialog::onWriteFailed);
    connect(&m_keyStore, &ApiKeyStore::keyRemoved, this, &SettingsDialog::onKeyRemoved);

    loadSettings();

    // The .ui's height leaves room for messages that may never show: open at what the content needs now
    // (growToFit() makes room when one appears).
    layout()->activate();
    resize(width(), layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width()) : sizeHint().height());
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::populateProviders(bool demoAvailable)
{
    QList<ApiEndpoint::Provider> providers = ApiEndpoint::selectableProviders();
    if (demoAvailable)
        providers.append(ApiEndpoint::Provider::Demo);
    const QSignalBlocker blocker(m_ui->providerCombo);
    for (const ApiEndpoint::Provider provider : std::as_const(providers))
        m_ui->providerCombo->addItem(ApiEndpoint::providerName(provider), int(provider));
}

void SettingsDialog::loadSettings()
{
    m_initialProvider = m_settings.provider();
    m_initialCustomRoot = m_settings.customRoot();
    m_initialPollSeconds = double(m_settings.pollInterval().count()) / 1000.0;
    m_initialConcurrency = m_settings.maxInFlight();
    m_initialDownloadFolder = m_settings.downloadFolder();
    m_initialAutoDownload = m_settings.autoDownload();
    m_initialNotifications = m_settings.notifications();
    m_initialLanguage = m_settings.language();

    m_ui->pollIntervalSpin->setValue(m_initialPollSeconds);
    m_ui->concurrencySpin->setValue(m_initialConcurrency);
    m_ui->downloadFolderEdit->setText(QDir::toNativeSeparators(m_initialDownloadFolder));
    m_ui->autoDownloadCheck->setChecked(m_initialAutoDownload);
    m_ui->notificationsCheck->setChecked(m_initialNotifications);
    const int languageIndex = m_ui->languageCombo->findData(m_initialLanguage);
    m_ui->languageCombo->setCurrentIndex(languageIndex < 0 ? 0 : languageIndex);

    selectProvider(m_initialProvider);
}

void SettingsDialog::setDemoRoot(const QUrl &root)
{
    m_demoRoot = root;
    if (selectedProvider() == ApiEndpoint::Provider::Demo)
        onProviderChanged();
}

void SettingsDialog::setCurrentProvider(ApiEndpoint::Provider provider)
{
    if (m_ui->providerCombo->findData(int(provider)) < 0)
        return;
    m_initialProvider = provider;
    selectProvider(provider);
}

void SettingsDialog::setSessionKey(const QString &providerKey, const QString &key)
{
    const QString sanitized = ApiKeys::sanitize(key);
    if (sanitized.isEmpty())
        return;
    KeyState &state = m_keys[providerKey];
    if (state.loaded && state.source != ApiKeyStore::Source::None)
        return;
    state.stored = sanitized;
    state.sessionOnly = true;
    if (providerKey == currentProviderKey())
        showKeyState();
}

ApiEndpoint::Provider SettingsDialog::selectedProvider() const
{
    return ApiEndpoint::Provider(m_ui->providerCombo->currentData().toInt());
}

QString SettingsDialog::currentProviderKey() const
{
    return ApiEndpoint::providerKey(selectedProvider());
}

void SettingsDialog::selectProvider(ApiEndpoint::Provider provider)
{
    const int index = m_ui->providerCombo->findData(int(provider));
    if (index < 0)
        return;
    if (index == m_ui->providerCombo->currentIndex())
        onProviderChanged();
    else
        m_ui->providerCombo->setCurrentIndex(index);
}

void SettingsDialog::onProviderChanged()
{
    const ApiEndpoint::Provider provider = selectedProvider();
    {
        const QSignalBlocker blocker(m_ui->rootEdit);
        switch (provider) {
        case ApiEndpoint::Provider::Custom:
            m_ui->rootEdit->setReadOnly(false);
            m_ui->rootEdit->setText(m_initialCustomRoot);
            m_ui->rootEdit->setPlaceholderText(QStringLiteral("https://example.com/v1"));
            break;
        case ApiEndpoint::Provider::Demo:
            m_ui->rootEdit->setReadOnly(true);
            m_ui->rootEdit->setText(m_demoRoot.toString());
            m_ui->rootEdit->setPlaceholderText(tr("The demo server is starting…"));
            break;
        case ApiEndpoint::Provider::QuickRouter:
        case ApiEndpoint::Provider::AnyApi:
        case ApiEndpoint::Provider::Replicate:
            m_ui->rootEdit->setReadOnly(true);
            m_ui->rootEdit->setText(ApiEndpoint::preset(provider).root().toString());
            break;
        }
    }
    m_ui->rootEdit->setToolTip(provider == ApiEndpoint::Provider::Custom
                                   ? tr("The address requests go to, up to and including the version, "
                                        "for example https://api.replicate.com/v1")
                                   : QString());
    showTestResult({}, false);
    m_connectionTest.cancel();

    if (provider != ApiEndpoint::Provider::Demo && m_environmentKey.isEmpty())
        requestKey(currentProviderKey());
    showKeyState();
    validate();
}

void SettingsDialog::requestKey(const QString &providerKey)
{
    const KeyState &state = m_keys[providerKey];
    if (state.loaded || m_pendingReads.contains(providerKey))
        return;
    m_pendingReads.insert(providerKey);
    m_keyStore.read(providerKey);
}

void SettingsDialog::onKeyRead(const QString &providerKey, const QString &key, ApiKeyStore::Source source)
{
    // The store is shared with the rest of the application: only answers to our own reads count.
    if (!m_pendingReads.remove(providerKey))
        return;
    KeyState &state = m_keys[providerKey];
    state.loaded = true;
    if (!key.isEmpty() || !state.sessionOnly) {
        state.stored = key;
        state.source = source;
        state.sessionOnly = false;
    }
    if (providerKey == currentProviderKey())
        showKeyState();
    if (m_applying)
        continueApply();
}

void SettingsDialog::showKeyState()
{
    const ApiEndpoint::Provider provider = selectedProvider();
    const QString providerKey = currentProviderKey();
    const KeyState &state = m_keys[providerKey];
    const bool demo = provider == ApiEndpoint::Provider::Demo;
    const bool fromEnvironment = !demo && !m_environmentKey.isEmpty();

    QString text;
    QString source;
    bool editable = true;
    if (demo) {
        editable = false;
        source = tr("The demo server needs no key.");
    } else if (fromEnvironment) {
        editable = false;
        text = ApiKeys::redacted(m_environmentKey);
        source = tr("From the environment (%1); it overrides any saved key. Unset it to use a saved key.")
                     .arg(m_environmentVariable);
    } else if (state.edited) {
        text = state.text;
        const QString sanitized = ApiKeys::sanitize(state.text);
        if (sanitized.isEmpty())
            source = state.stored.isEmpty() ? tr("No key for %1.").arg(ApiEndpoint::providerName(provider))
                                            : tr("The saved key will be removed when you press OK.");
        else if (sanitized == state.stored)
            source = QString();
        else
            source = tr("The key will be saved when you press OK.");
    } else if (!state.loaded && !state.sessionOnly) {
        source = tr("Reading the keychain…");
    } else {
        text = state.stored;
        if (state.sessionOnly) {
            source = tr("Used for this session only; it is not saved.");
        } else {
            switch (state.source) {
            case ApiKeyStore::Source::Keychain:
                source = tr("Saved in the system keychain.");
                break;
            case ApiKeyStore::Source::Unencrypted:
                source = tr("Saved unencrypted in %1.").arg(QDir::toNativeSeparators(m_settings.fileName()));
                break;
            case ApiKeyStore::Source::Environment:
            case ApiKeyStore::Source::None:
                source = tr("No key saved for %1.").arg(ApiEndpoint::providerName(provider));
                break;
            }
        }
    }
    if (source.isEmpty() && state.edited) {
        // Edited back to what was stored: say where it lives, as if untouched.
        if (state.sessionOnly)
            source = tr("Used for this session only; it is not saved.");
        else if (state.source == ApiKeyStore::Source::Unencrypted)
            source = tr("Saved unencrypted in %1.").arg(QDir::toNativeSeparators(m_settings.fileName()));
        else
            source = tr("Saved in the system keychain.");
    }

    m_updatingKeyField = true;
    if (m_ui->keyEdit->text() != text)
        m_ui->keyEdit->setText(text);
    m_updatingKeyField = false;
    m_lastKeyText = text;

    m_ui->keyEdit->setReadOnly(!editable);
    m_ui->keyEdit->setEnabled(!demo);
    // The redacted environment key is not secret and reads better unmasked.
    const bool masked = editable && !m_ui->showKeyButton->isChecked();
    m_ui->keyEdit->setEchoMode(masked ? QLineEdit::Password : QLineEdit::Normal);
    m_ui->keyEdit->setPlaceholderText(demo ? tr("Not needed for the demo") : tr("Paste your API key"));
    m_ui->showKeyButton->setEnabled(editable);
    const bool hasKeyToRemove = editable && (!state.stored.isEmpty() || !ApiKeys::sanitize(text).isEmpty());
    m_ui->removeKeyButton->setEnabled(hasKeyToRemove);
    m_ui->removeKeyButton->setToolTip(
        fromEnvironment ? tr("The key comes from %1; unset that variable to remove it.").arg(m_environmentVariable)
                        : QString());
    m_ui->keySourceLabel->setText(source);
    m_ui->keySourceLabel->setVisible(!source.isEmpty());
    growToFit();
}

void SettingsDialog::growToFit()
{
    // Messages appear and wrap after the dialog has its size; grow rather than squeeze them.
    if (!isVisible() || !layout())
        return;
    layout()->activate();
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : layout()->totalMinimumSize().height();
    if (needed > height())
        resize(width(), needed);
}

void SettingsDialog::onKeyTextEdited(const QString &text)
{
    if (m_updatingKeyField)
        return;
    QString value = text;
    // Several characters at once is a paste or a drop: clean it now, so what the field shows is what
    // will be used. Typing is left alone until OK.
    if (text.size() - m_lastKeyText.size() > 1) {
        const QString sanitized = ApiKeys::sanitize(text);
        if (sanitized != text) {
            value = sanitized;
            m_updatingKeyField = true;
            m_ui->keyEdit->setText(value);
            m_ui->keyEdit->setCursorPosition(int(value.size()));
            m_updatingKeyField = false;
        }
    }
    m_lastKeyText = value;
    KeyState &state = m_keys[currentProviderKey()];
    state.edited = true;
    state.text = value;
    showTestResult({}, false);
    showKeyState();
}

void SettingsDialog::onRemoveKey()
{
    KeyState &state = m_keys[currentProviderKey()];
    state.edited = true;
    state.text.clear();
    showTestResult({}, false);
    showKeyState();
}

void SettingsDialog::onShowKeyToggled(bool shown)
{
    m_ui->showKeyButton->setText(shown ? tr("Hide") : tr("Show"));
    m_ui->showKeyButton->setToolTip(shown ? tr("Hide the key") : tr("Show the key"));
    showKeyState();
}

Result<ApiEndpoint, QString> SettingsDialog::chosenEndpoint() const
{
    const ApiEndpoint::Provider provider = selectedProvider();
    switch (provider) {
    case ApiEndpoint::Provider::Custom:
        return ApiEndpoint::fromRoot(provider, m_ui->rootEdit->text());
    case ApiEndpoint::Provider::Demo:
        if (!m_demoRoot.isValid())
            return tr("The demo server is not running.");
        return ApiEndpoint::fromRoot(provider, m_demoRoot.toString());
    case ApiEndpoint::Provider::QuickRouter:
    case ApiEndpoint::Provider::AnyApi:
    case ApiEndpoint::Provider::Replicate:
        break;
    }
    return ApiEndpoint::preset(provider);
}

void SettingsDialog::validate()
{
    const auto endpoint = chosenEndpoint();
    const bool custom = selectedProvider() == ApiEndpoint::Provider::Custom;
    if (custom)
        showTestResult({}, false);
    if (endpoint || !custom) {
        m_ui->rootErrorLabel->clear();
        m_ui->rootErrorLabel->hide();
    } else {
        m_ui->rootErrorLabel->setText(endpoint.error());
        m_ui->rootErrorLabel->show();
        growToFit();
    }
    m_ui->testButton->setEnabled(endpoint.ok() && !m_applying);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(endpoint.ok() && !m_applying);
}

QString SettingsDialog::effectiveKey() const
{
    if (selectedProvider() == ApiEndpoint::Provider::Demo)
        return {};
    if (!m_environmentKey.isEmpty())
        return m_environmentKey;
    const KeyState state = m_keys.value(currentProviderKey());
    return ApiKeys::sanitize(state.edited ? state.text : state.stored);
}

QString SettingsDialog::effectiveKeyBeforeEdits() const
{
    if (selectedProvider() == ApiEndpoint::Provider::Demo)
        return {};
    if (!m_environmentKey.isEmpty())
        return m_environmentKey;
    return m_keys.value(currentProviderKey()).stored;
}

QString SettingsDialog::scrubbed(const QString &text) const
{
    // The client already removes the key from server text; this also covers keys typed but not sent.
    QString result = text;
    for (const QString &secret : {effectiveKey(), m_environmentKey}) {
        if (secret.size() >= 4)
            result.replace(secret, QStringLiteral("[redacted]"));
    }
    return result;
}

void SettingsDialog::onTestConnection()
{
    const auto endpoint = chosenEndpoint();
    if (!endpoint)
        return;
    showTestResult(tr("Testing %1…").arg(endpoint.value().root().host()), false);
    m_connectionTest.start(endpoint.value(), effectiveKey());
}

void SettingsDialog::onTestFinished(ConnectionTest::Outcome outcome, const QString &detail)
{
    const QString server = scrubbed(detail);
    QString text;
    bool error = true;
    switch (outcome) {
    case ConnectionTest::Outcome::KeyAccepted:
        error = false;
        text = selectedProvider() == ApiEndpoint::Provider::Demo ? tr("Connected to the demo server.")
                                                                 : tr("Connected: the key was accepted.");
        break;
    case ConnectionTest::Outcome::KeyRejected:
        text = effectiveKey().isEmpty()
            ? tr("The server wants an API key: %1").arg(server)
            : tr("The key was rejected: %1").arg(server.isEmpty() ? tr("no reason given") : server);
        break;
    case ConnectionTest::Outcome::Unreachable:
        text = tr("Could not reach the server: %1").arg(server);
        break;
    case ConnectionTest::Outcome::RateLimited: {
        const auto wait = m_connectionTest.retryAfter();
        if (wait) {
            const int seconds = std::max(1, int(std::ceil(double(wait->count()) / 1000.0)));
            text = tr("The server is limiting requests right now; try again in %n second(s).", nullptr, seconds);
        } else {
            text = tr("The server is limiting requests right now; try again in a moment.");
        }
        break;
    }
    case ConnectionTest::Outcome::ServerError:
        text = tr("The server had a problem (%1); try again later.").arg(server);
        break;
    case ConnectionTest::Outcome::UnexpectedAnswer:
        text = tr("Unexpected answer; is the API address right? %1").arg(server);
        break;
    }
    showTestResult(text.trimmed(), error);
}

void SettingsDialog::showTestResult(const QString &text, bool error)
{
    setLabelTone(m_ui->testResultLabel, error);
    m_ui->testResultLabel->setText(text);
    m_ui->testResultLabel->setVisible(!text.isEmpty());
    growToFit();
}

void SettingsDialog::onBrowse()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Download Folder"), QDir::fromNativeSeparators(m_ui->downloadFolderEdit->text()));
    if (!folder.isEmpty())
        m_ui->downloadFolderEdit->setText(QDir::toNativeSeparators(folder));
}

void SettingsDialog::accept()
{
    if (m_applying || !chosenEndpoint())
        return;
    m_connectionTest.cancel();
    m_settingsSaved = false;
    m_pendingWrites.clear();
    m_unavailableWrites.clear();
    m_failedWriteMessages.clear();
    setApplying(true);
    continueApply();
}

void SettingsDialog::reject()
{
    // Writes already handed to the keychain cannot be taken back; let them finish.
    if (m_applying)
        return;
    m_connectionTest.cancel();
    QDialog::reject();
}

void SettingsDialog::setApplying(bool applying)
{
    m_applying = applying;
    m_ui->serviceGroup->setEnabled(!applying);
    m_ui->pollingGroup->setEnabled(!applying);
    m_ui->downloadsGroup->setEnabled(!applying);
    m_ui->desktopGroup->setEnabled(!applying);
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setEnabled(!applying);
    validate();
}

void SettingsDialog::continueApply()
{
    if (!m_applying || m_settingsSaved)
        return;
    // The session needs the chosen provider's key, so wait for it to be read.
    const ApiEndpoint::Provider provider = selectedProvider();
    if (provider != ApiEndpoint::Provider::Demo && m_environmentKey.isEmpty()) {
        const KeyState &state = m_keys[currentProviderKey()];
        if (!state.edited && !state.loaded && !state.sessionOnly) {
            requestKey(currentProviderKey());
            return;
        }
    }
    m_keyBeforeApply = effectiveKeyBeforeEdits();
    saveSettings();
    startKeyWrites();
    if (m_pendingWrites.isEmpty())
        resolveFailedWrites();
}

void SettingsDialog::saveSettings()
{
    m_settingsSaved = true;
    const ApiEndpoint::Provider provider = selectedProvider();
    // Demo is a session's choice only; the saved provider stays what it was.
    if (provider != ApiEndpoint::Provider::Demo)
        m_settings.setProvider(provider);
    if (provider == ApiEndpoint::Provider::Custom)
        m_settings.setCustomRoot(m_ui->rootEdit->text().trimmed());
    m_settings.setPollInterval(std::chrono::milliseconds(qRound64(m_ui->pollIntervalSpin->value() * 1000.0)));
    m_settings.setMaxInFlight(m_ui->concurrencySpin->value());
    const QString folder = QDir::fromNativeSeparators(m_ui->downloadFolderEdit->text().trimmed());
    // An emptied field means the default, which Settings supplies.
    if (folder != m_initialDownloadFolder)
        m_settings.setDownloadFolder(folder);
    m_settings.setAutoDownload(m_ui->autoDownloadCheck->isChecked());
    m_settings.setNotifications(m_ui->notificationsCheck->isChecked());
    m_settings.setLanguage(m_ui->languageCombo->currentData().toString());
    m_settings.sync();
}

void SettingsDialog::startKeyWrites()
{
    if (!m_environmentKey.isEmpty())
        return;
    // Every provider whose key the user touched, not only the selected one: one key per provider.
    QStringList writes;
    QStringList removals;
    for (auto it = m_keys.begin(); it != m_keys.end(); ++it) {
        KeyState &state = it.value();
        if (!state.edited || it.key() == ApiEndpoint::providerKey(ApiEndpoint::Provider::Demo))
            continue;
        const QString key = ApiKeys::sanitize(state.text);
        if (key == state.stored && !state.sessionOnly)
            continue;
        if (key.isEmpty()) {
            if (state.stored.isEmpty())
                continue;
            removals.append(it.key());
        } else {
            writes.append(it.key());
        }
    }
    for (const QString &providerKey : std::as_const(removals))
        m_pendingWrites.insert(providerKey);
    for (const QString &providerKey : std::as_const(writes))
        m_pendingWrites.insert(providerKey);
    for (const QString &providerKey : std::as_const(removals)) {
        KeyState &state = m_keys[providerKey];
        if (state.sessionOnly && state.source == ApiKeyStore::Source::None) {
            // Held only in memory: nothing to remove from a store.
            state.stored.clear();
            state.sessionOnly = false;
            settleKeyWrite(providerKey);
            continue;
        }
        m_keyStore.remove(providerKey);
    }
    for (const QString &providerKey : std::as_const(writes))
        m_keyStore.write(providerKey, m_keys[providerKey].text);
}

void SettingsDialog::onKeyWritten(const QString &providerKey, ApiKeyStore::Source source)
{
    if (!m_pendingWrites.contains(providerKey))
        return;
    KeyState &state = m_keys[providerKey];
    state.stored = ApiKeys::sanitize(state.text);
    state.source = source;
    state.sessionOnly = false;
    state.loaded = true;
    settleKeyWrite(providerKey);
}

void SettingsDialog::onKeyRemoved(const QString &providerKey)
{
    if (!m_pendingWrites.contains(providerKey))
        return;
    KeyState &state = m_keys[providerKey];
    state.stored.clear();
    state.source = ApiKeyStore::Source::None;
    state.sessionOnly = false;
    settleKeyWrite(providerKey);
}

void SettingsDialog::onWriteFailed(const QString &providerKey, const QString &message, bool keychainUnavailable)
{
    if (!m_pendingWrites.contains(providerKey))
        return;
    const QString key = ApiKeys::sanitize(m_keys[providerKey].text);
    if (keychainUnavailable)
        m_unavailableWrites.insert(providerKey, key);
    else
        m_failedWriteMessages.append(scrubbed(message));
    KeyState &state = m_keys[providerKey];
    state.stored = key;
    state.source = ApiKeyStore::Source::None;
    state.sessionOnly = true;
    settleKeyWrite(providerKey);
}

void SettingsDialog::settleKeyWrite(const QString &providerKey)
{
    m_pendingWrites.remove(providerKey);
    if (m_pendingWrites.isEmpty() && m_settingsSaved)
        resolveFailedWrites();
}

void SettingsDialog::resolveFailedWrites()
{
    if (!m_unavailableWrites.isEmpty()) {
        const QString path = QDir::toNativeSeparators(m_settings.fileName());
        QMessageBox question(QMessageBox::Warning, tr("No Keychain Available"),
                             tr("There is no system keychain to keep your API key in."), QMessageBox::NoButton, this);
        question.setObjectName(QStringLiteral("insecureStorageQuestion"));
        question.setInformativeText(
            tr("Replimon can keep the key unencrypted in its settings file, readable only by your user "
               "account:\n%1\n\nOtherwise the key is used until you quit and you will have to enter it again "
               "next time.")
                .arg(path));
        QPushButton *store = question.addButton(tr("Keep Unencrypted"), QMessageBox::AcceptRole);
        store->setObjectName(QStringLiteral("keepUnencryptedButton"));
        QPushButton *session = question.addButton(tr("This Session Only"), QMessageBox::RejectRole);
        session->setObjectName(QStringLiteral("sessionOnlyButton"));
        question.setDefaultButton(session);
        question.setEscapeButton(session);
        question.exec();

        if (question.clickedButton() == store) {
            m_settings.setInsecureKeyStorageAllowed(true);
            m_settings.sync();
            for (auto it = m_unavailableWrites.cbegin(); it != m_unavailableWrites.cend(); ++it) {
                if (m_keyStore.writeUnencrypted(it.key(), it.value())) {
                    KeyState &state = m_keys[it.key()];
                    state.source = ApiKeyStore::Source::Unencrypted;
                    state.sessionOnly = false;
                }
            }
        }
        m_unavailableWrites.clear();
    }
    if (!m_failedWriteMessages.isEmpty()) {
        QMessageBox warning(QMessageBox::Warning, tr("Key Not Saved"),
                            tr("The API key could not be saved; it is used for this session only."), QMessageBox::Ok,
                            this);
        warning.setObjectName(QStringLiteral("keyNotSavedMessage"));
        warning.setInformativeText(m_failedWriteMessages.join(u'\n'));
        warning.exec();
        m_failedWriteMessages.clear();
    }
    finishApply();
}

void SettingsDialog::finishApply()
{
    Changes changes;
    const auto endpoint = chosenEndpoint();
    changes.endpoint = endpoint ? endpoint.value() : ApiEndpoint::preset(selectedProvider());
    const ApiEndpoint::Provider provider = selectedProvider();
    if (provider != m_initialProvider) {
        changes.endpointChanged = true;
    } else if (provider == ApiEndpoint::Provider::Custom) {
        const auto initial = ApiEndpoint::fromRoot(provider, m_initialCustomRoot);
        changes.endpointChanged = !initial || initial.value().root() != changes.endpoint.root();
    }

    changes.key = effectiveKey();
    if (provider == ApiEndpoint::Provider::Demo) {
        changes.keySource = ApiKeyStore::Source::None;
    } else if (!m_environmentKey.isEmpty()) {
        changes.keySource = ApiKeyStore::Source::Environment;
    } else {
        const KeyState &state = m_keys[currentProviderKey()];
        changes.keySource = state.sessionOnly ? ApiKeyStore::Source::None : state.source;
        changes.keySessionOnly = state.sessionOnly && !changes.key.isEmpty();
    }
    changes.keyChanged = changes.endpointChanged || changes.key != m_keyBeforeApply;

    const double pollSeconds = m_ui->pollIntervalSpin->value();
    changes.pollingChanged = std::abs(pollSeconds - m_initialPollSeconds) > 1e-6
        || m_ui->concurrencySpin->value() != m_initialConcurrency;
    changes.downloadsChanged = m_settings.downloadFolder() != m_initialDownloadFolder
        || m_ui->autoDownloadCheck->isChecked() != m_initialAutoDownload;
    changes.notificationsChanged = m_ui->notificationsCheck->isChecked() != m_initialNotifications;
    changes.languageChanged = m_ui->languageCombo->currentData().toString() != m_initialLanguage;

    setApplying(false);
    Q_EMIT applied(changes);
    QDialog::accept();
}
