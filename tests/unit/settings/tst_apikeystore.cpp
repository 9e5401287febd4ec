// ApiKeyStore against a real Secret Service (gnome-keyring on a private D-Bus session, set up by
// tests/support/with-keyring.sh), the environment override, and the consented unencrypted fallback.
//
// ctest runs this twice: with a keyring, and with --no-keyring (the session bus address points at
// nothing), which is where the "no keychain" path is checked. Keys are compared with QVERIFY, never
// QCOMPARE, so that a failure does not print a key into the log.
#include "ApiKeyStore.h"
#include "Settings.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr int keychainTimeoutMs = 20000;

QByteArray fileContents(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

struct ReadResult
{
    bool arrived = false;
    QString key;
    ApiKeyStore::Source source = ApiKeyStore::Source::None;
};

} // namespace

// QSKIP returns from the function it is written in, so this has to be a macro.
#define REQUIRE_KEYCHAIN()                                                                                             \
    do {                                                                                                               \
        if (const char *reason = keychainSkipReason())                                                                 \
            QSKIP(reason);                                                                                             \
    } while (false)

class tst_ApiKeyStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void writeReadRemoveRoundTrip();
    void oneKeyPerProvider();
    void environmentOverrides_data();
    void environmentOverrides();
    void environmentBeatsKeychain();
    void unencryptedNeedsConsent();
    void keychainWriteDropsUnencryptedCopy();
    void removeRemovesEverywhere();
    void keychainUnavailable();
    void storeGoneWhileJobsPending();
    // Last: looks at every file the cases above left behind.
    void keyHygiene();

private:
    const char *keychainSkipReason() const;
    QString newKey();
    ReadResult read(const QString &providerKey);
    bool write(const QString &providerKey, const QString &key);
    bool remove(const QString &providerKey);

    bool m_keychainExpected = false;
    QString m_service;
    QString m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<ApiKeyStore> m_store;
    QString m_settingsPath;
    QStringList m_keysUsed;
    QStringList m_consentedFiles;
};

void tst_ApiKeyStore::initTestCase()
{
    m_home = qEnvironmentVariable("REPLIMON_KEYRING_HOME");
    m_keychainExpected = !m_home.isEmpty() && !qEnvironmentVariableIsSet("REPLIMON_NO_KEYRING");
    // Run by hand, outside with-keyring.sh: never reach the user's own keyring.
    if (m_home.isEmpty())
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/replimon-test-bus");
    // Everything the test writes goes under the throwaway HOME when there is one, so that the hygiene
    // check sees it together with the keyring's own files.
    m_dir = m_home.isEmpty() ? std::make_unique<QTemporaryDir>()
                             : std::make_unique<QTemporaryDir>(m_home + QStringLiteral("/settings-XXXXXX"));
    QVERIFY(m_dir->isValid());
    m_service = QStringLiteral("replimon-test-%1-%2")
                    .arg(QCoreApplication::applicationPid())
                    .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    if (!m_keychainExpected)
        qInfo("No private Secret Service: keychain cases are skipped (run through "
              "tests/support/with-keyring.sh, as ctest does, to include them)");
}

void tst_ApiKeyStore::init()
{
    qunsetenv("REPLIMON_API_KEY");
    qunsetenv("REPLICATE_API_TOKEN");
    m_settingsPath = m_dir->filePath(QString::fromLatin1(QTest::currentTestFunction()) + QStringLiteral(".ini"));
    m_settings = std::make_unique<Settings>(m_settingsPath);
    m_store = std::make_unique<ApiKeyStore>(*m_settings);
    m_store->setServiceName(m_service);
}

void tst_ApiKeyStore::cleanup()
{
    qunsetenv("REPLIMON_API_KEY");
    qunsetenv("REPLICATE_API_TOKEN");
    if (m_keychainExpected && m_store) {
        for (const char *provider : {"quickrouter", "anyapi", "replicate", "custom"})
            remove(QString::fromLatin1(provider));
    }
    m_store.reset();
    m_settings.reset();
}

const char *tst_ApiKeyStore::keychainSkipReason() const
{
    if (m_keychainExpected)
        return nullptr;
    if (m_home.isEmpty())
        return "Needs the private Secret Service of tests/support/with-keyring.sh; never the user's keyring";
    return "No Secret Service here (dbus-run-session or gnome-keyring-daemon missing, or --no-keyring)";
}

QString tst_ApiKeyStore::newKey()
{
    const QString key = QStringLiteral("r8_ReplimonTest%1%2")
                            .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'))
                            .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    m_keysUsed.append(key);
    return key;
}

ReadResult tst_ApiKeyStore::read(const QString &providerKey)
{
    ReadResult result;
    QSignalSpy spy(m_store.get(), &ApiKeyStore::keyRead);
    m_store->read(providerKey);
    if (!spy.wait(keychainTimeoutMs) && spy.isEmpty())
        return result;
    const QList<QVariant> arguments = spy.takeFirst();
    if (arguments.at(0).toString() != providerKey)
        return result;
    result.arrived = true;
    result.key = arguments.at(1).toString();
    result.source = arguments.at(2).value<ApiKeyStore::Source>();
    return result;
}

bool tst_ApiKeyStore::write(const QString &providerKey, const QString &key)
{
    QSignalSpy written(m_store.get(), &ApiKeyStore::keyWritten);
    QSignalSpy failed(m_store.get(), &ApiKeyStore::writeFailed);
    // An earlier writeUnencrypted() may announce itself during this wait: look for the keychain's answer.
    const auto keychainTookIt = [&] {
        for (const QList<QVariant> &arguments : std::as_const(written)) {
            if (arguments.at(0).toString() == providerKey
                && arguments.at(1).value<ApiKeyStore::Source>() == ApiKeyStore::Source::Keychain)
                return true;
        }
        return false;
    };
    m_store->write(providerKey, key);
    if (!QTest::qWaitFor([&] { return keychainTookIt() || !failed.isEmpty(); }, keychainTimeoutMs))
        return false;
    if (!failed.isEmpty())
        qWarning("keychain write failed: %s", qPrintable(failed.first().at(1).toString()));
    return keychainTookIt();
}

bool tst_ApiKeyStore::remove(const QString &providerKey)
{
    QSignalSpy removed(m_store.get(), &ApiKeyStore::keyRemoved);
    m_store->remove(providerKey);
    return removed.wait(keychainTimeoutMs) || !removed.isEmpty();
}

void tst_ApiKeyStore::writeReadRemoveRoundTrip()
{
    REQUIRE_KEYCHAIN();
    const QString key = newKey();
    // Stored the way it was pasted; read back clean.
    QVERIFY(write(QStringLiteral("quickrouter"), QStringLiteral("  \"Bearer %1\"\n").arg(key)));

    ReadResult result = read(QStringLiteral("quickrouter"));
    QVERIFY(result.arrived);
    QVERIFY2(result.key == key, "the key read back differs from the one written (not printed)");
    QCOMPARE(result.source, ApiKeyStore::Source::Keychain);
    QVERIFY2(!fileContents(m_settingsPath).contains(key.toLatin1()), "the key leaked into the settings file");

    QVERIFY(remove(QStringLiteral("quickrouter")));
    result = read(QStringLiteral("quickrouter"));
    QVERIFY(result.arrived);
    QVERIFY(result.key.isEmpty());
    QCOMPARE(result.source, ApiKeyStore::Source::None);
}

void tst_ApiKeyStore::oneKeyPerProvider()
{
    REQUIRE_KEYCHAIN();
    const QString quickRouterKey = newKey();
    const QString anyApiKey = newKey();
    QVERIFY(write(QStringLiteral("quickrouter"), quickRouterKey));
    QVERIFY(write(QStringLiteral("anyapi"), anyApiKey));

    QVERIFY2(read(QStringLiteral("quickrouter")).key == quickRouterKey, "quickrouter's key is not its own");
    QVERIFY2(read(QStringLiteral("anyapi")).key == anyApiKey, "anyapi's key is not its own");
    QVERIFY(read(QStringLiteral("replicate")).key.isEmpty());

    QVERIFY(remove(QStringLiteral("quickrouter")));
    QVERIFY(read(QStringLiteral("quickrouter")).key.isEmpty());
    QVERIFY2(read(QStringLiteral("anyapi")).key == anyApiKey, "removing one provider's key touched another's");
}

void tst_ApiKeyStore::environmentOverrides_data()
{
    QTest::addColumn<QString>("replimonKey");
    QTest::addColumn<QString>("replicateToken");
    QTest::addColumn<QString>("expectedKey");
    QTest::addColumn<QString>("expectedVariable");

    QTest::newRow("REPLIMON_API_KEY beats REPLICATE_API_TOKEN")
        << QStringLiteral("r8_fromReplimonVariable0001") << QStringLiteral("r8_fromReplicateVariable002")
        << QStringLiteral("r8_fromReplimonVariable0001") << QStringLiteral("REPLIMON_API_KEY");
    QTest::newRow("REPLICATE_API_TOKEN alone")
        << QString() << QStringLiteral("r8_fromReplicateVariable002") << QStringLiteral("r8_fromReplicateVariable002")
        << QStringLiteral("REPLICATE_API_TOKEN");
    QTest::newRow("blank REPLIMON_API_KEY is not a key")
        << QStringLiteral("   ") << QStringLiteral("r8_fromReplicateVariable002")
        << QStringLiteral("r8_fromReplicateVariable002") << QStringLiteral("REPLICATE_API_TOKEN");
    QTest::newRow("sanitized") << QStringLiteral(" 'Bearer r8_quotedEnvironmentKey03' ") << QString()
                               << QStringLiteral("r8_quotedEnvironmentKey03") << QStringLiteral("REPLIMON_API_KEY");
}

void tst_ApiKeyStore::environmentOverrides()
{
    QFETCH(QString, replimonKey);
    QFETCH(QString, replicateToken);
    QFETCH(QString, expectedKey);
    QFETCH(QString, expectedVariable);
    m_keysUsed.append(expectedKey);
    if (!replimonKey.isNull())
        qputenv("REPLIMON_API_KEY", replimonKey.toUtf8());
    if (!replicateToken.isNull())
        qputenv("REPLICATE_API_TOKEN", replicateToken.toUtf8());

    QCOMPARE(ApiKeyStore::environmentVariable(), expectedVariable);
    for (const char *provider : {"quickrouter", "custom"}) {
        const ReadResult result = read(QString::fromLatin1(provider));
        QVERIFY(result.arrived);
        QCOMPARE(result.source, ApiKeyStore::Source::Environment);
        QVERIFY2(result.key == expectedKey, "the environment key was not the expected one (not printed)");
    }

    qunsetenv("REPLIMON_API_KEY");
    qunsetenv("REPLICATE_API_TOKEN");
    QVERIFY(ApiKeyStore::environmentVariable().isEmpty());
}

void tst_ApiKeyStore::environmentBeatsKeychain()
{
    REQUIRE_KEYCHAIN();
    const QString stored = newKey();
    const QString fromEnvironment = newKey();
    QVERIFY(write(QStringLiteral("replicate"), stored));
    qputenv("REPLICATE_API_TOKEN", fromEnvironment.toUtf8());
    ReadResult result = read(QStringLiteral("replicate"));
    QCOMPARE(result.source, ApiKeyStore::Source::Environment);
    QVERIFY2(result.key == fromEnvironment, "the environment did not override the keychain");

    // The override hides the stored key; it does not replace it.
    qunsetenv("REPLICATE_API_TOKEN");
    result = read(QStringLiteral("replicate"));
    QCOMPARE(result.source, ApiKeyStore::Source::Keychain);
    QVERIFY2(result.key == stored, "the stored key did not come back after the override went");
}

void tst_ApiKeyStore::unencryptedNeedsConsent()
{
    const QString key = newKey();
    QSignalSpy written(m_store.get(), &ApiKeyStore::keyWritten);

    // No consent: nothing is written and nothing is announced.
    QVERIFY(!m_settings->insecureKeyStorageAllowed());
    QVERIFY(!m_store->writeUnencrypted(QStringLiteral("anyapi"), key));
    m_settings->sync();
    QVERIFY2(!fileContents(m_settingsPath).contains(key.toLatin1()), "the key was stored without consent");
    QTest::qWait(50);
    QVERIFY(written.isEmpty());

    // With consent: stored (sanitized) in the settings file, which only the owner can read.
    m_settings->setInsecureKeyStorageAllowed(true);
    QVERIFY(m_store->writeUnencrypted(QStringLiteral("anyapi"), QStringLiteral("\"") + key + QStringLiteral("\" ")));
    m_consentedFiles.append(m_settingsPath);
    QTRY_COMPARE(written.size(), 1);
    QCOMPARE(written.first().at(0).toString(), QStringLiteral("anyapi"));
    QCOMPARE(written.first().at(1).value<ApiKeyStore::Source>(), ApiKeyStore::Source::Unencrypted);
    const QByteArray contents = fileContents(m_settingsPath);
    QVERIFY(contents.contains(key.toLatin1()));
    QVERIFY2(!contents.contains(QByteArray('"' + key.toUtf8() + '"')), "the key was stored unsanitized");
    const QFileDevice::Permissions permissions = QFileInfo(m_settingsPath).permissions();
    QVERIFY(permissions.testFlag(QFileDevice::ReadOwner));
    QVERIFY(!permissions.testFlag(QFileDevice::ReadGroup));
    QVERIFY(!permissions.testFlag(QFileDevice::ReadOther));
    QVERIFY(!permissions.testFlag(QFileDevice::WriteGroup));
    QVERIFY(!permissions.testFlag(QFileDevice::WriteOther));

    // With or without a keychain, a key found only in the consented file reads back from it.
    const ReadResult result = read(QStringLiteral("anyapi"));
    QCOMPARE(result.source, ApiKeyStore::Source::Unencrypted);
    QVERIFY2(result.key == key, "the unencrypted key did not read back");

    // Consent withdrawn: the copy is no longer used.
    m_settings->setInsecureKeyStorageAllowed(false);
    QCOMPARE(read(QStringLiteral("anyapi")).source, ApiKeyStore::Source::None);
}

void tst_ApiKeyStore::keychainWriteDropsUnencryptedCopy()
{
    REQUIRE_KEYCHAIN();
    const QString oldKey = newKey();
    const QString newKeyValue = newKey();
    m_settings->setInsecureKeyStorageAllowed(true);
    QVERIFY(m_store->writeUnencrypted(QStringLiteral("replicate"), oldKey));
    m_consentedFiles.append(m_settingsPath);
    QVERIFY(fileContents(m_settingsPath).contains(oldKey.toLatin1()));

    QVERIFY(write(QStringLiteral("replicate"), newKeyValue));
    QVERIFY2(!fileContents(m_settingsPath).contains(oldKey.toLatin1()),
             "an unencrypted copy stayed behind after the keychain took the key");
    const ReadResult result = read(QStringLiteral("replicate"));
    QCOMPARE(result.source, ApiKeyStore::Source::Keychain);
    QVERIFY(result.key == newKeyValue);
}

void tst_ApiKeyStore::removeRemovesEverywhere()
{
    REQUIRE_KEYCHAIN();
    const QString keychainKey = newKey();
    const QString fileKey = newKey();
    QVERIFY(write(QStringLiteral("custom"), keychainKey));
    // A leftover unencrypted copy from an earlier session without a keychain.
    m_settings->setInsecureKeyStorageAllowed(true);
    m_settings->setFallbackSecret(QStringLiteral("custom"), fileKey);
    m_consentedFiles.append(m_settingsPath);

    QVERIFY(remove(QStringLiteral("custom")));
    QVERIFY(!fileContents(m_settingsPath).contains(fileKey.toLatin1()));
    const ReadResult result = read(QStringLiteral("custom"));
    QVERIFY(result.arrived);
    QVERIFY(result.key.isEmpty());
    QCOMPARE(result.source, ApiKeyStore::Source::None);
}

void tst_ApiKeyStore::keychainUnavailable()
{
    if (m_keychainExpected)
        QSKIP("A keychain is running here; the unavailable path runs in tst_apikeystore_nokeychain");
    if (m_home.isEmpty())
        QSKIP("Needs with-keyring.sh --no-keyring, which points the session bus at nothing");
    const QString address = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    QVERIFY2(address.startsWith(QLatin1String("unix:path=")), qPrintable(address));
    QVERIFY2(!QFileInfo::exists(address.mid(int(qstrlen("unix:path=")))), "the session bus should point nowhere");

    const QString key = newKey();
    QSignalSpy written(m_store.get(), &ApiKeyStore::keyWritten);
    QSignalSpy failed(m_store.get(), &ApiKeyStore::writeFailed);
    m_store->write(QStringLiteral("quickrouter"), key);
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() || !written.isEmpty(), keychainTimeoutMs);
    QVERIFY(written.isEmpty());
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(0).toString(), QStringLiteral("quickrouter"));
    QVERIFY2(failed.first().at(2).toBool(), "a missing keychain must be reported as unavailable");
    const QString message = failed.first().at(1).toString();
    QVERIFY(!message.isEmpty());
    QVERIFY2(!message.contains(key), "the error message carries the key");

    // Nothing was kept anywhere without consent.
    m_settings->sync();
    QVERIFY(!fileContents(m_settingsPath).contains(key.toLatin1()));
    const ReadResult result = read(QStringLiteral("quickrouter"));
    QVERIFY(result.arrived);
    QVERIFY(result.key.isEmpty());
    QCOMPARE(result.source, ApiKeyStore::Source::None);

    // Removing still ends in keyRemoved, so callers are never left waiting.
    QVERIFY(remove(QStringLiteral("quickrouter")));
}

void tst_ApiKeyStore::storeGoneWhileJobsPending()
{
    // The Secret Service answers after the store (a dialog's, say) is gone: nothing may crash, and
    // nothing is reported to anyone.
    for (int round = 0; round < 3; ++round) {
        const QString key = newKey();
        m_store->write(QStringLiteral("replicate"), key);
        m_store->read(QStringLiteral("anyapi"));
        m_store->remove(QStringLiteral("custom"));
        QTest::qWait(round * 5);
        m_store = std::make_unique<ApiKeyStore>(*m_settings);
        m_store->setServiceName(m_service);
    }
    QSignalSpy read(m_store.get(), &ApiKeyStore::keyRead);
    QTest::qWait(500);
    QVERIFY(read.isEmpty());
    // The store that replaced them works as before.
    QVERIFY(this->read(QStringLiteral("anyapi")).arrived);
}

void tst_ApiKeyStore::keyHygiene()
{
    if (m_home.isEmpty())
        QSKIP("Needs the throwaway HOME of tests/support/with-keyring.sh");
    QVERIFY(!m_keysUsed.isEmpty());
    m_store.reset();
    m_settings.reset();
    // Let the keyring daemon finish writing what it was given.
    QTest::qWait(200);

    int filesSeen = 0;
    QDirIterator it(m_home, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        ++filesSeen;
        if (m_consentedFiles.contains(path))
            continue;
        const QByteArray contents = fileContents(path);
        for (const QString &key : std::as_const(m_keysUsed)) {
            QVERIFY2(!contents.contains(key.toUtf8())
                         && !contents.contains(QByteArray(reinterpret_cast<const char *>(key.utf16()), key.size() * 2)),
                     qPrintable(QStringLiteral("a test key was found in %1").arg(path)));
        }
    }
    QVERIFY(filesSeen > 0);
    if (m_keychainExpected) {
        // The keyring did store something: its encrypted file exists.
        QVERIFY(QFileInfo::exists(m_home + QStringLiteral("/.local/share/keyrings")));
    }
}

QTEST_GUILESS_MAIN(tst_ApiKeyStore)
#include "tst_apikeystore.moc"
