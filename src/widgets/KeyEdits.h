#pragma once

#include "ApiKeyStore.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

class QWidget;
class Settings;

/// The settings dialog's view of the API keys: one per provider, as read from ApiKeyStore (or held for
/// this session only), with the user's edits, and the asynchronous write of those edits when OK is
/// pressed. When no keychain can take a key the user is asked whether to keep it unencrypted in the
/// settings file; otherwise it is used for this session only. Nothing here ever shows a key.
class KeyEdits final : public QObject
{
    Q_OBJECT

public:
    /// What is known about one provider's key.
    struct State
    {
        QString stored; ///< What the store (or the session) holds.
        ApiKeyStore::Source source = ApiKeyStore::Source::None;
        bool sessionOnly = false;
        bool loaded = false;
        bool edited = false; ///< The user typed, pasted or removed: `text` is what OK saves.
        QString text;
    };

    /// @p environmentKey: a key from the environment (nothing is written then); @p dialog: the parent of
    /// the questions asked while writing.
    KeyEdits(ApiKeyStore &store, Settings &settings, const QString &environmentKey, QWidget &dialog);

    State state(const QString &providerKey) const { return m_keys.value(providerKey); }
    /// Reads @p providerKey's key unless it is known or being read (→ keyLoaded).
    void request(const QString &providerKey);
    /// A key the application holds for this session only; false when the store has one already.
    bool setSessionKey(const QString &providerKey, const QString &key);
    /// The user's text for @p providerKey ("" removes the key on write()).
    void edit(const QString &providerKey, const QString &text);

    /// Writes every edited key (not only the selected provider's); written() when all are settled.
    void write();
    bool isWriting() const { return m_writing; }
    /// Replaces any key this dialog knows of in @p text.
    QString scrubbed(const QString &text) const;

Q_SIGNALS:
    /// An answer to request() arrived.
    void keyLoaded(const QString &providerKey);
    /// write() is done: every key is stored, removed, or kept for this session (the user was told).
    void written();

private:
    void onKeyRead(const QString &providerKey, const QString &key, ApiKeyStore::Source source);
    void onKeyWritten(const QString &providerKey, ApiKeyStore::Source source);
    void onWriteFailed(const QString &providerKey, const QString &message, bool keychainUnavailable);
    void onKeyRemoved(const QString &providerKey);
    void settle(const QString &providerKey);
    void resolveFailedWrites();
    void askToStoreUnencrypted();

    ApiKeyStore &m_store;
    Settings &m_settings;
    QString m_environmentKey;
    QWidget &m_dialog;
    QHash<QString, State> m_keys; ///< By ApiEndpoint::providerKey().
    QSet<QString> m_pendingReads;

    bool m_writing = false;
    QSet<QString> m_pendingWrites;
    QHash<QString, QString> m_unavailableWrites; ///< providerKey → key no keychain could take.
    QStringList m_failedWriteMessages;
};
