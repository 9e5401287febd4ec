#include "ApiKeyStore.h"

#include "ApiKey.h"
#include "Settings.h"

#include <qt6keychain/keychain.h>

#include <QTimer>

// Jobs have no parent on purpose: QtKeychain's libsecret backend calls back into a job when the
// Secret Service answers, and crashes if the job was deleted first (as a child of a store that went
// away). Unparented, a job outlives the store, finishes, and deletes itself; the connections, made
// with the store as context, simply lapse.

ApiKeyStore::ApiKeyStore(Settings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{}

QString ApiKeyStore::environmentVariable()
{
    QString variable;
    ApiKeys::fromEnvironment(&variable);
    return variable;
}

void ApiKeyStore::read(const QString &providerKey)
{
    const QString fromEnvironment = ApiKeys::fromEnvironment();
    if (!fromEnvironment.isEmpty()) {
        QTimer::singleShot(0, this, [this, providerKey, fromEnvironment] {
            Q_EMIT keyRead(providerKey, fromEnvironment, Source::Environment);
        });
        return;
    }

    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(providerKey);
    connect(job, &QKeychain::Job::finished, this, [this, providerKey, job] {
        if (job->error() == QKeychain::NoError) {
            const QString key = ApiKeys::sanitize(job->textData());
            Q_EMIT keyRead(providerKey, key, key.isEmpty() ? Source::None : Source::Keychain);
            return;
        }
        // Not in the keychain, or no keychain: the consented fallback is the only other place.
        const QString fallback = m_settings.insecureKeyStorageAllowed() ? m_settings.fallbackSecret(providerKey)
                                                                        : QString();
        if (!fallback.isEmpty())
            Q_EMIT keyRead(providerKey, ApiKeys::sanitize(fallback), Source::Unencrypted);
        else
            Q_EMIT keyRead(providerKey, QString(), Source::None);
    });
    job->start();
}

void ApiKeyStore::write(const QString &providerKey, const QString &key)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(providerKey);
    job->setTextData(ApiKeys::sanitize(key));
    connect(job, &QKeychain::Job::finished, this, [this, providerKey, job] {
        if (job->error() == QKeychain::NoError) {
            // The keychain has it now: no unencrypted copy may linger.
            if (!m_settings.fallbackSecret(providerKey).isEmpty())
                m_settings.removeFallbackSecret(providerKey);
            Q_EMIT keyWritten(providerKey, Source::Keychain);
            return;
        }
        const bool unavailable = job->error() == QKeychain::NoBackendAvailable
            || job->error() == QKeychain::NotImplemented || job->error() == QKeychain::OtherError
            || job->error() == QKeychain::AccessDenied;
        Q_EMIT writeFailed(providerKey, job->errorString(), unavailable);
    });
    job->start();
}

bool ApiKeyStore::writeUnencrypted(const QString &providerKey, const QString &key)
{
    if (!m_settings.insecureKeyStorageAllowed())
        return false;
    m_settings.setFallbackSecret(providerKey, ApiKeys::sanitize(key));
    QTimer::singleShot(0, this, [this, providerKey] { Q_EMIT keyWritten(providerKey, Source::Unencrypted); });
    return true;
}

void ApiKeyStore::remove(const QString &providerKey)
{
    m_settings.removeFallbackSecret(providerKey);
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(providerKey);
    // Gone from the keychain or never there: either way nothing is stored any more.
    connect(job, &QKeychain::Job::finished, this, [this, providerKey] { Q_EMIT keyRemoved(providerKey); });
    job->start();
}
