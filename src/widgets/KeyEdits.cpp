#include "KeyEdits.h"

#include "ApiEndpoint.h"
#include "ApiKey.h"
#include "Settings.h"

#include <QCoreApplication>
#include <QDir>
#include <QMessageBox>
#include <QPushButton>

KeyEdits::KeyEdits(ApiKeyStore &store, Settings &settings, const QString &environmentKey, QWidget &dialog)
    : m_store(store)
    , m_settings(settings)
    , m_environmentKey(environmentKey)
    , m_dialog(dialog)
{
    connect(&m_store, &ApiKeyStore::keyRead, this, &KeyEdits::onKeyRead);
    connect(&m_store, &ApiKeyStore::keyWritten, this, &KeyEdits::onKeyWritten);
    connect(&m_store, &ApiKeyStore::writeFailed, this, &KeyEdits::onWriteFailed);
    connect(&m_store, &ApiKeyStore::keyRemoved, this, &KeyEdits::onKeyRemoved);
}

void KeyEdits::request(const QString &providerKey)
{
    const State &state = m_keys[providerKey];
    if (state.loaded || m_pendingReads.contains(providerKey))
        return;
    m_pendingReads.insert(providerKey);
    m_store.read(providerKey);
}

void KeyEdits::onKeyRead(const QString &providerKey, const QString &key, ApiKeyStore::Source source)
{
    // The store is shared with the rest of the application: only answers to our own reads count.
    if (!m_pendingReads.remove(providerKey))
        return;
    State &state = m_keys[providerKey];
    state.loaded = true;
    if (!key.isEmpty() || !state.sessionOnly) {
        state.stored = key;
        state.source = source;
        state.sessionOnly = false;
    }
    Q_EMIT keyLoaded(providerKey);
}

bool KeyEdits::setSessionKey(const QString &providerKey, const QString &key)
{
    const QString sanitized = ApiKeys::sanitize(key);
    if (sanitized.isEmpty())
        return false;
    State &state = m_keys[providerKey];
    if (state.loaded && state.source != ApiKeyStore::Source::None)
        return false;
    state.stored = sanitized;
    state.sessionOnly = true;
    return true;
}

void KeyEdits::edit(const QString &providerKey, const QString &text)
{
    State &state = m_keys[providerKey];
    state.edited = true;
    state.text = text;
}

QString KeyEdits::scrubbed(const QString &text) const
{
    // The client already removes the key from server text; this also covers keys typed but not sent.
    QString result = text;
    QStringList secrets{m_environmentKey};
    for (const State &state : m_keys)
        secrets << state.stored << ApiKeys::sanitize(state.text);
    for (const QString &secret : std::as_const(secrets)) {
        if (secret.size() >= 4)
            result.replace(secret, QStringLiteral("[redacted]"));
    }
    return result;
}

void KeyEdits::write()
{
    m_writing = true;
    m_pendingWrites.clear();
    m_unavailableWrites.clear();
    m_failedWriteMessages.clear();
    QStringList writes;
    QStringList removals;
    if (m_environmentKey.isEmpty()) {
        for (auto it = m_keys.begin(); it != m_keys.end(); ++it) {
            const State &state = it.value();
            if (!state.edited || it.key() == ApiEndpoint::providerKey(ApiEndpoint::Provider::Demo))
                continue;
            const QString key = ApiKeys::sanitize(state.text);
            if (key == state.stored && !state.sessionOnly)
                continue;
            if (key.isEmpty()) {
                if (!state.stored.isEmpty())
                    removals.append(it.key());
            } else {
                writes.append(it.key());
            }
        }
    }
    for (const QString &providerKey : std::as_const(removals))
        m_pendingWrites.insert(providerKey);
    for (const QString &providerKey : std::as_const(writes))
        m_pendingWrites.insert(providerKey);
    for (const QString &providerKey : std::as_const(removals)) {
        State &state = m_keys[providerKey];
        if (state.sessionOnly && state.source == ApiKeyStore::Source::None) {
            // Held only in memory: nothing to remove from a store.
            state.stored.clear();
            state.sessionOnly = false;
            settle(providerKey);
            continue;
        }
        m_store.remove(providerKey);
    }
    for (const QString &providerKey : std::as_const(writes))
        m_store.write(providerKey, m_keys[providerKey].text);
    if (m_pendingWrites.isEmpty() && m_writing)
        resolveFailedWrites();
}

void KeyEdits::onKeyWritten(const QString &providerKey, ApiKeyStore::Source source)
{
    if (!m_pendingWrites.contains(providerKey))
        return;
    State &state = m_keys[providerKey];
    state.stored = ApiKeys::sanitize(state.text);
    state.source = source;
    state.sessionOnly = false;
    state.loaded = true;
    settle(providerKey);
}

void KeyEdits::onKeyRemoved(const QString &providerKey)
{
    if (!m_pendingWrites.contains(providerKey))
        return;
    State &state = m_keys[providerKey];
    state.stored.clear();
    state.source = ApiKeyStore::Source::None;
    state.sessionOnly = false;
    settle(providerKey);
}

void KeyEdits::onWriteFailed(const QString &providerKey, const QString &message, bool keychainUnavailable)
{
    if (!m_pendingWrites.contains(providerKey))
        return;
    const QString key = ApiKeys::sanitize(m_keys[providerKey].text);
    if (keychainUnavailable)
        m_unavailableWrites.insert(providerKey, key);
    else
        m_failedWriteMessages.append(scrubbed(message));
    State &state = m_keys[providerKey];
    state.stored = key;
    state.source = ApiKeyStore::Source::None;
    state.sessionOnly = true;
    settle(providerKey);
}

void KeyEdits::settle(const QString &providerKey)
{
    m_pendingWrites.remove(providerKey);
    if (m_pendingWrites.isEmpty() && m_writing)
        resolveFailedWrites();
}

void KeyEdits::resolveFailedWrites()
{
    if (!m_unavailableWrites.isEmpty()) {
        askToStoreUnencrypted();
        m_unavailableWrites.clear();
    }
    if (!m_failedWriteMessages.isEmpty()) {
        QMessageBox warning(QMessageBox::Warning, QCoreApplication::translate("SettingsDialog", "Key Not Saved"),
                            QCoreApplication::translate(
                                "SettingsDialog", "The API key could not be saved; it is used for this session only."),
                            QMessageBox::Ok, &m_dialog);
        warning.setObjectName(QStringLiteral("keyNotSavedMessage"));
        warning.setInformativeText(m_failedWriteMessages.join(u'\n'));
        warning.exec();
        m_failedWriteMessages.clear();
    }
    m_writing = false;
    Q_EMIT written();
}

void KeyEdits::askToStoreUnencrypted()
{
    const QString path = QDir::toNativeSeparators(m_settings.fileName());
    QMessageBox question(
        QMessageBox::Warning, QCoreApplication::translate("SettingsDialog", "No Keychain Available"),
        QCoreApplication::translate("SettingsDialog", "There is no system keychain to keep your API key in."),
        QMessageBox::NoButton, &m_dialog);
    question.setObjectName(QStringLiteral("insecureStorageQuestion"));
    question.setInformativeText(
        QCoreApplication::translate(
            "SettingsDialog",
            "Replimon can keep the key unencrypted in its settings file, readable only by your user "
            "account:\n%1\n\nOtherwise the key is used until you quit and you will have to enter it again "
            "next time.")
            .arg(path));
    QPushButton *store = question.addButton(QCoreApplication::translate("SettingsDialog", "Keep Unencrypted"),
                                            QMessageBox::AcceptRole);
    store->setObjectName(QStringLiteral("keepUnencryptedButton"));
    QPushButton *session = question.addButton(QCoreApplication::translate("SettingsDialog", "This Session Only"),
                                              QMessageBox::RejectRole);
    session->setObjectName(QStringLiteral("sessionOnlyButton"));
    question.setDefaultButton(session);
    question.setEscapeButton(session);
    question.exec();
    if (question.clickedButton() != store)
        return;
    m_settings.setInsecureKeyStorageAllowed(true);
    m_settings.sync();
    for (auto it = m_unavailableWrites.cbegin(); it != m_unavailableWrites.cend(); ++it) {
        if (m_store.writeUnencrypted(it.key(), it.value())) {
            State &state = m_keys[it.key()];
            state.source = ApiKeyStore::Source::Unencrypted;
            state.sessionOnly = false;
        }
    }
}
