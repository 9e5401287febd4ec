#include "SettingsDialog.h"

#include "ApiKey.h"
#include "CapturePage.h"
#include "ConnectionTestText.h"
#include "DialogPages.h"
#include "LabelTone.h"
#include "PricesPage.h"
#include "Settings.h"
#include "ui_SettingsDialog.h"

#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>

SettingsDialog::SettingsDialog(Settings &settings, ApiKeyStore &keyStore, QNetworkAccessManager &nam,
                               bool demoAvailable, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_settings(settings)
    , m_connectionTest(nam)
    , m_environmentKey(ApiKeys::fromEnvironment(&m_environmentVariable))
    , m_keyEdits(keyStore, settings, m_environmentKey, *this)
{
    qRegisterMetaType<SettingsDialog::Session>();
    m_ui->setupUi(this);
    m_pages = DialogPages::gather(*m_ui->mainLayout, *m_ui->buttonBox, tr("General"));
    m_capturePage = new CapturePage(m_settings);
    connect(m_capturePage, &CapturePage::connectCodeRequested, this, &SettingsDialog::connectCodeRequested);
    m_pages->addTab(m_capturePage, tr("Capture"));
    m_pricesPage = new PricesPage(m_settings);
    m_pages->addTab(m_pricesPage, tr("Prices"));
    m_ui->rootErrorLabel->hide();
    m_ui->testResultLabel->hide();
    LabelTone::set(*m_ui->rootErrorLabel, true);

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
    connect(&m_keyEdits, &KeyEdits::keyLoaded, this, &SettingsDialog::onKeyLoaded);
    connect(&m_keyEdits, &KeyEdits::written, this, &SettingsDialog::finishApply);

    loadSettings();

    // The .ui's height leaves room for messages that may never show: open at what the content needs now
    // (growToFit() makes room when one appears).
    layout()->activate();
    resize(width(), layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width()) : sizeHint().height());
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::showCapturePage()
{
    m_pages->setCurrentWidget(m_capturePage);
}

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
    m_ui->pollIntervalSpin->setValue(double(m_settings.pollInterval().count()) / 1000.0);
    m_ui->concurrencySpin->setValue(m_settings.maxInFlight());
    m_ui->downloadFolderEdit->setText(QDir::toNativeSeparators(m_settings.downloadFolder()));
    m_ui->autoDownloadCheck->setChecked(m_settings.autoDownload());
    m_ui->embedProvenanceCheck->setChecked(m_settings.embedProvenance());
    m_ui->provenanceSidecarCheck->setChecked(m_settings.provenanceSidecar());
    m_ui->notificationsCheck->setChecked(m_settings.notifications());
    m_ui->startAtLoginCheck->setChecked(m_settings.startAtLogin());
    m_ui->confirmRunsCheck->setChecked(m_settings.confirmRuns());
    const int languageIndex = m_ui->languageCombo->findData(m_settings.language());
    m_ui->languageCombo->setCurrentIndex(languageIndex < 0 ? 0 : languageIndex);
    selectProvider(m_settings.provider());
}

void SettingsDialog::saveSettings()
{
    const ApiEndpoint::Provider provider = selectedProvider();
    // Demo is a session's choice only; the saved provider stays what it was.
    if (provider != ApiEndpoint::Provider::Demo)
        m_settings.setProvider(provider);
    if (provider == ApiEndpoint::Provider::Custom)
        m_settings.setCustomRoot(m_ui->rootEdit->text());
    m_settings.setPollInterval(std::chrono::milliseconds(qRound64(m_ui->pollIntervalSpin->value() * 1000.0)));
    m_settings.setMaxInFlight(m_ui->concurrencySpin->value());
    // An emptied field means the default, which Settings supplies.
    m_settings.setDownloadFolder(QDir::fromNativeSeparators(m_ui->downloadFolderEdit->text().trimmed()));
    m_settings.setAutoDownload(m_ui->autoDownloadCheck->isChecked());
    m_settings.setEmbedProvenance(m_ui->embedProvenanceCheck->isChecked());
    m_settings.setProvenanceSidecar(m_ui->provenanceSidecarCheck->isChecked());
    m_settings.setNotifications(m_ui->notificationsCheck->isChecked());
    m_settings.setStartAtLogin(m_ui->startAtLoginCheck->isChecked());
    m_settings.setConfirmRuns(m_ui->confirmRunsCheck->isChecked());
    m_settings.setLanguage(m_ui->languageCombo->currentData().toString());
    m_capturePage->save();
    m_pricesPage->save();
    m_settings.sync();
}

void SettingsDialog::setDemoRoot(const QUrl &root)
{
    m_demoRoot = root;
    if (selectedProvider() == ApiEndpoint::Provider::Demo)
        onProviderChanged();
}

void SettingsDialog::setCurrentProvider(ApiEndpoint::Provider provider)
{
    selectProvider(provider);
}

void SettingsDialog::setSessionKey(const QString &providerKey, const QString &key)
{
    if (m_keyEdits.setSessionKey(providerKey, key) && providerKey == currentProviderKey())
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
            m_ui->rootEdit->setText(m_settings.customRoot());
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
        m_keyEdits.request(currentProviderKey());
    showKeyState();
    validate();
}

void SettingsDialog::onKeyLoaded(const QString &providerKey)
{
    if (providerKey == currentProviderKey())
        showKeyState();
    if (m_applying)
        continueApply();
}

QString SettingsDialog::savedKeySource(const KeyEdits::State &state) const
{
    if (state.sessionOnly)
        return tr("Used for this session only; it is not saved.");
    switch (state.source) {
    case ApiKeyStore::Source::Keychain:
        return tr("Saved in the system keychain.");
    case ApiKeyStore::Source::Unencrypted:
        return tr("Saved unencrypted in %1.").arg(QDir::toNativeSeparators(m_settings.fileName()));
    case ApiKeyStore::Source::Environment:
    case ApiKeyStore::Source::None:
        break;
    }
    return tr("No key saved for %1.").arg(ApiEndpoint::providerName(selectedProvider()));
}

SettingsDialog::KeyView SettingsDialog::keyView() const
{
    const ApiEndpoint::Provider provider = selectedProvider();
    const KeyEdits::State state = m_keyEdits.state(currentProviderKey());
    KeyView view;
    if (provider == ApiEndpoint::Provider::Demo) {
        view.editable = false;
        view.source = tr("The demo server needs no key.");
        return view;
    }
    if (!m_environmentKey.isEmpty()) {
        view.editable = false;
        view.text = ApiKeys::redacted(m_environmentKey);
        view.source = tr("From the environment (%1); it overrides any saved key. Unset it to use a saved key.")
                          .arg(m_environmentVariable);
        return view;
    }
    if (!state.edited) {
        view.text = state.loaded || state.sessionOnly ? state.stored : QString();
        view.source = state.loaded || state.sessionOnly ? savedKeySource(state) : tr("Reading the keychain…");
        return view;
    }
    view.text = state.text;
    const QString sanitized = ApiKeys::sanitize(state.text);
    if (sanitized.isEmpty()) {
        view.source = state.stored.isEmpty() ? tr("No key for %1.").arg(ApiEndpoint::providerName(provider))
                                             : tr("The saved key will be removed when you press OK.");
    } else if (sanitized != state.stored) {
        view.source = tr("The key will be saved when you press OK.");
    } else if (state.sessionOnly || state.source == ApiKeyStore::Source::Unencrypted) {
        // Edited back to what was stored: say where it lives, as if untouched.
        view.source = savedKeySource(state);
    } else {
        view.source = tr("Saved in the system keychain.");
    }
    return view;
}

void SettingsDialog::showKeyState()
{
    const bool demo = selectedProvider() == ApiEndpoint::Provider::Demo;
    const bool fromEnvironment = !demo && !m_environmentKey.isEmpty();
    const KeyView view = keyView();
    const KeyEdits::State state = m_keyEdits.state(currentProviderKey());

    m_updatingKeyField = true;
    if (m_ui->keyEdit->text() != view.text)
        m_ui->keyEdit->setText(view.text);
    m_updatingKeyField = false;
    m_lastKeyText = view.text;

    m_ui->keyEdit->setReadOnly(!view.editable);
    m_ui->keyEdit->setEnabled(!demo);
    // The redacted environment key is not secret and reads better unmasked.
    const bool masked = view.editable && !m_ui->showKeyButton->isChecked();
    m_ui->keyEdit->setEchoMode(masked ? QLineEdit::Password : QLineEdit::Normal);
    m_ui->keyEdit->setPlaceholderText(demo ? tr("Not needed for the demo") : tr("Paste your API key"));
    m_ui->showKeyButton->setEnabled(view.editable);
    const bool hasKeyToRemove = view.editable && (!state.stored.isEmpty() || !ApiKeys::sanitize(view.text).isEmpty());
    m_ui->removeKeyButton->setEnabled(hasKeyToRemove);
    m_ui->removeKeyButton->setToolTip(
        fromEnvironment ? tr("The key comes from %1; unset that variable to remove it.").arg(m_environmentVariable)
                        : QString());
    m_ui->keySourceLabel->setText(view.source);
    m_ui->keySourceLabel->setVisible(!view.source.isEmpty());
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
    m_keyEdits.edit(currentProviderKey(), value);
    showTestResult({}, false);
    showKeyState();
}

void SettingsDialog::onRemoveKey()
{
    m_keyEdits.edit(currentProviderKey(), QString());
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
    const KeyEdits::State state = m_keyEdits.state(currentProviderKey());
    return ApiKeys::sanitize(state.edited ? state.text : state.stored);
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
    const ConnectionTestText text(outcome, m_keyEdits.scrubbed(detail), m_connectionTest.retryAfter(),
                                  selectedProvider() == ApiEndpoint::Provider::Demo, !effectiveKey().isEmpty());
    showTestResult(text.text(), text.isError());
}

void SettingsDialog::showTestResult(const QString &text, bool error)
{
    LabelTone::set(*m_ui->testResultLabel, error);
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
    // A row that cannot be kept is said on its page, and nothing is written.
    if (!m_pricesPage->validate()) {
        m_pages->setCurrentWidget(m_pricesPage);
        return;
    }
    m_connectionTest.cancel();
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
    m_capturePage->setEnabled(!applying);
    m_pricesPage->setEnabled(!applying);
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setEnabled(!applying);
    validate();
}

void SettingsDialog::continueApply()
{
    if (!m_applying || m_keyEdits.isWriting())
        return;
    // The session needs the chosen provider's key, so wait for it to be read.
    if (selectedProvider() != ApiEndpoint::Provider::Demo && m_environmentKey.isEmpty()) {
        const KeyEdits::State state = m_keyEdits.state(currentProviderKey());
        if (!state.edited && !state.loaded && !state.sessionOnly) {
            m_keyEdits.request(currentProviderKey());
            return;
        }
    }
    m_keyEdits.write();
}

void SettingsDialog::finishApply()
{
    // Settings after the keys: whoever reacts to a new provider reads its key from the store, written now.
    saveSettings();
    Session session;
    const auto endpoint = chosenEndpoint();
    session.endpoint = endpoint ? endpoint.value() : ApiEndpoint::preset(selectedProvider());
    session.key = effectiveKey();
    if (selectedProvider() == ApiEndpoint::Provider::Demo) {
        session.keySource = ApiKeyStore::Source::None;
    } else if (!m_environmentKey.isEmpty()) {
        session.keySource = ApiKeyStore::Source::Environment;
    } else {
        const KeyEdits::State state = m_keyEdits.state(currentProviderKey());
        session.keySource = state.sessionOnly ? ApiKeyStore::Source::None : state.source;
        session.keySessionOnly = state.sessionOnly && !session.key.isEmpty();
    }
    setApplying(false);
    Q_EMIT applied(session);
    QDialog::accept();
}
