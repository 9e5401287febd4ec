// Settings: defaults in one place, clamping on read, enums stored as strings, a file path tests can
// choose, and a settings file that stays private to the user.
#include "Settings.h"

#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace std::chrono_literals;

namespace {

constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Group and others may do nothing; QFileInfo adds the "User" flags for the current user, ignore those.
QFileDevice::Permissions otherThanOwner(const QString &path)
{
    const QFileDevice::Permissions all = QFileInfo(path).permissions();
    return all
        & ~(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadUser
            | QFileDevice::WriteUser | QFileDevice::ExeUser);
}

QByteArray fileContents(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

class tst_Settings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void defaults();
    void usesTheGivenFile();
    void roundTrip();
    void pollIntervalClamped_data();
    void pollIntervalClamped();
    void countsClamped_data();
    void countsClamped();
    void providerStoredAsString_data();
    void providerStoredAsString();
    void unknownProviderFallsBackToDefault_data();
    void unknownProviderFallsBackToDefault();
    void demoIsNeverSaved();
    void customRootEndpoint_data();
    void customRootEndpoint();
    void languageValidated_data();
    void languageValidated();
    void fallbackSecretNeedsExplicitConsentFlag();
    void fallbackSecretRemoval();
    void fileIsPrivateAfterSync();
    void newFileWithSecretIsPrivate();

private:
    QString m_path;
    QTemporaryDir m_dir;
    int m_counter = 0;
};

void tst_Settings::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // A typical umask: files would be world-readable unless Settings takes care.
    ::umask(022);
}

void tst_Settings::init()
{
    m_path = m_dir.filePath(QStringLiteral("settings-%1.ini").arg(++m_counter));
}

void tst_Settings::defaults()
{
    const Settings settings(m_path);
    QCOMPARE(settings.provider(), ApiEndpoint::Provider::QuickRouter);
    QCOMPARE(settings.endpoint().root(), ApiEndpoint::preset(ApiEndpoint::Provider::QuickRouter).root());
    QVERIFY(settings.customRoot().isEmpty());
    QCOMPARE(settings.pollInterval(), 2000ms);
    QCOMPARE(settings.maxInFlight(), 4);
    QCOMPARE(settings.importLimit(), 200);
    QVERIFY(settings.downloadFolder().endsWith(QLatin1String("/Replimon")));
    QVERIFY(QFileInfo(settings.downloadFolder()).isAbsolute());
    QCOMPARE(settings.autoDownload(), true);
    QCOMPARE(settings.notifications(), true);
    QCOMPARE(settings.language(), QStringLiteral("system"));
    QCOMPARE(settings.insecureKeyStorageAllowed(), false);
    QVERIFY(settings.fallbackSecret(QStringLiteral("quickrouter")).isEmpty());
    QVERIFY(settings.windowGeometry().isEmpty());
    QVERIFY(settings.tableHeaderState().isEmpty());
    // Reading defaults writes nothing.
    QVERIFY(!QFile::exists(m_path));
}

void tst_Settings::usesTheGivenFile()
{
    Settings settings(m_path);
    QCOMPARE(settings.fileName(), m_path);
    settings.setMaxInFlight(7);
    settings.sync();
    QVERIFY(QFile::exists(m_path));
    QVERIFY(fileContents(m_path).contains("maxInFlight=7"));
}

void tst_Settings::roundTrip()
{
    {
        Settings settings(m_path);
        settings.setProvider(ApiEndpoint::Provider::Replicate);
        settings.setPollInterval(1500ms);
        settings.setMaxInFlight(9);
        settings.setImportLimit(50);
        settings.setDownloadFolder(QStringLiteral("/tmp/outputs"));
        settings.setAutoDownload(false);
        settings.setNotifications(false);
        settings.setLanguage(QStringLiteral("zh_CN"));
        settings.setWindowGeometry(QByteArrayLiteral("\x01\x02geometry"));
        settings.setTableHeaderState(QByteArrayLiteral("header"));
        settings.sync();
    }
    const Settings settings(m_path);
    QCOMPARE(settings.provider(), ApiEndpoint::Provider::Replicate);
    QCOMPARE(settings.endpoint().root(), QUrl(QStringLiteral("https://api.replicate.com/v1")));
    QCOMPARE(settings.pollInterval(), 1500ms);
    QCOMPARE(settings.maxInFlight(), 9);
    QCOMPARE(settings.importLimit(), 50);
    QCOMPARE(settings.downloadFolder(), QStringLiteral("/tmp/outputs"));
    QCOMPARE(settings.autoDownload(), false);
    QCOMPARE(settings.notifications(), false);
    QCOMPARE(settings.language(), QStringLiteral("zh_CN"));
    QCOMPARE(settings.windowGeometry(), QByteArrayLiteral("\x01\x02geometry"));
    QCOMPARE(settings.tableHeaderState(), QByteArrayLiteral("header"));
}

void tst_Settings::pollIntervalClamped_data()
{
    QTest::addColumn<qint64>("stored");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("below minimum") << qint64(100) << qint64(500);
    QTest::newRow("zero") << qint64(0) << qint64(500);
    QTest::newRow("negative") << qint64(-3000) << qint64(500);
    QTest::newRow("minimum") << qint64(500) << qint64(500);
    QTest::newRow("in range") << qint64(750) << qint64(750);
    QTest::newRow("maximum") << qint64(300000) << qint64(300000);
    QTest::newRow("above maximum") << qint64(1000000) << qint64(300000);
}

void tst_Settings::pollIntervalClamped()
{
    QFETCH(qint64, stored);
    QFETCH(qint64, expected);
    Settings settings(m_path);
    settings.setPollInterval(std::chrono::milliseconds(stored));
    QCOMPARE(settings.pollInterval().count(), expected);
}

void tst_Settings::countsClamped_data()
{
    QTest::addColumn<int>("stored");
    QTest::addColumn<int>("expectedInFlight");
    QTest::addColumn<int>("expectedImportLimit");
    QTest::newRow("zero") << 0 << 1 << 1;
    QTest::newRow("negative") << -5 << 1 << 1;
    QTest::newRow("one") << 1 << 1 << 1;
    QTest::newRow("sixteen") << 16 << 16 << 16;
    QTest::newRow("seventeen") << 17 << 16 << 17;
    QTest::newRow("huge") << 20000 << 16 << 10000;
}

void tst_Settings::countsClamped()
{
    QFETCH(int, stored);
    QFETCH(int, expectedInFlight);
    QFETCH(int, expectedImportLimit);
    Settings settings(m_path);
    settings.setMaxInFlight(stored);
    settings.setImportLimit(stored);
    QCOMPARE(settings.maxInFlight(), expectedInFlight);
    QCOMPARE(settings.importLimit(), expectedImportLimit);
}

void tst_Settings::providerStoredAsString_data()
{
    QTest::addColumn<ApiEndpoint::Provider>("provider");
    QTest::addColumn<QString>("text");
    QTest::newRow("quickrouter") << ApiEndpoint::Provider::QuickRouter << QStringLiteral("quickrouter");
    QTest::newRow("anyapi") << ApiEndpoint::Provider::AnyApi << QStringLiteral("anyapi");
    QTest::newRow("replicate") << ApiEndpoint::Provider::Replicate << QStringLiteral("replicate");
    QTest::newRow("custom") << ApiEndpoint::Provider::Custom << QStringLiteral("custom");
}

void tst_Settings::providerStoredAsString()
{
    QFETCH(ApiEndpoint::Provider, provider);
    QFETCH(QString, text);
    {
        Settings settings(m_path);
        settings.setProvider(provider);
        settings.sync();
    }
    const QSettings raw(m_path, QSettings::IniFormat);
    const QVariant stored = raw.value(QStringLiteral("Api/provider"));
    QCOMPARE(stored.toString(), text);
    QVERIFY(fileContents(m_path).contains(QByteArray("provider=" + text.toLatin1())));
    QCOMPARE(Settings(m_path).provider(), provider);
}

void tst_Settings::unknownProviderFallsBackToDefault_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("unknown word") << QStringLiteral("openai");
    QTest::newRow("number") << QStringLiteral("2");
    QTest::newRow("empty") << QString();
    QTest::newRow("demo") << QStringLiteral("demo");
}

void tst_Settings::unknownProviderFallsBackToDefault()
{
    QFETCH(QString, text);
    {
        QSettings raw(m_path, QSettings::IniFormat);
        raw.setValue(QStringLiteral("Api/provider"), text);
    }
    QCOMPARE(Settings(m_path).provider(), ApiEndpoint::Provider::QuickRouter);
}

void tst_Settings::demoIsNeverSaved()
{
    Settings settings(m_path);
    settings.setProvider(ApiEndpoint::Provider::AnyApi);
    settings.setProvider(ApiEndpoint::Provider::Demo);
    QCOMPARE(settings.provider(), ApiEndpoint::Provider::AnyApi);
    settings.sync();
    QVERIFY(!fileContents(m_path).contains("demo"));
}

void tst_Settings::customRootEndpoint_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QUrl>("expected");
    QTest::newRow("trailing slash and spaces")
        << QStringLiteral("  http://127.0.0.1:8080/v1/ ") << true << QUrl(QStringLiteral("http://127.0.0.1:8080/v1"));
    QTest::newRow("relay prefix") << QStringLiteral("https://relay.example/replicate/v1") << true
                                  << QUrl(QStringLiteral("https://relay.example/replicate/v1"));
    QTest::newRow("no scheme") << QStringLiteral("relay.example/v1") << false << QUrl();
    QTest::newRow("ftp") << QStringLiteral("ftp://relay.example/v1") << false << QUrl();
    QTest::newRow("empty") << QString() << false << QUrl();
}

void tst_Settings::customRootEndpoint()
{
    QFETCH(QString, root);
    QFETCH(bool, valid);
    QFETCH(QUrl, expected);
    Settings settings(m_path);
    settings.setProvider(ApiEndpoint::Provider::Custom);
    settings.setCustomRoot(root);
    const ApiEndpoint endpoint = settings.endpoint();
    QCOMPARE(endpoint.provider(), ApiEndpoint::Provider::Custom);
    QCOMPARE(endpoint.isValid(), valid);
    if (valid)
        QCOMPARE(endpoint.root(), expected);
}

void tst_Settings::languageValidated_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<QString>("expected");
    QTest::newRow("system") << QStringLiteral("system") << QStringLiteral("system");
    QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("en");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << QStringLiteral("zh_CN");
    QTest::newRow("unsupported") << QStringLiteral("fr") << QStringLiteral("system");
    QTest::newRow("empty") << QString() << QStringLiteral("system");
}

void tst_Settings::languageValidated()
{
    QFETCH(QString, stored);
    QFETCH(QString, expected);
    Settings settings(m_path);
    settings.setLanguage(stored);
    QCOMPARE(settings.language(), expected);
}

void tst_Settings::fallbackSecretNeedsExplicitConsentFlag()
{
    {
        Settings settings(m_path);
        QVERIFY(!settings.insecureKeyStorageAllowed());
        settings.setInsecureKeyStorageAllowed(true);
        settings.sync();
    }
    Settings settings(m_path);
    QVERIFY(settings.insecureKeyStorageAllowed());
    QVERIFY(fileContents(m_path).contains("insecureStorageAllowed=true"));
    settings.setInsecureKeyStorageAllowed(false);
    settings.sync();
    QVERIFY(!Settings(m_path).insecureKeyStorageAllowed());
}

void tst_Settings::fallbackSecretRemoval()
{
    const QString secret = QStringLiteral("r8_settingsFallbackSecret1234");
    Settings settings(m_path);
    settings.setFallbackSecret(QStringLiteral("anyapi"), secret);
    QVERIFY(settings.fallbackSecret(QStringLiteral("anyapi")) == secret);
    QVERIFY(settings.fallbackSecret(QStringLiteral("quickrouter")).isEmpty());
    // setFallbackSecret syncs at once: the secret is on disk, nowhere else.
    QVERIFY(fileContents(m_path).contains(secret.toLatin1()));
    settings.removeFallbackSecret(QStringLiteral("anyapi"));
    QVERIFY(settings.fallbackSecret(QStringLiteral("anyapi")).isEmpty());
    QVERIFY(!fileContents(m_path).contains(secret.toLatin1()));
}

void tst_Settings::fileIsPrivateAfterSync()
{
    Settings settings(m_path);
    settings.setNotifications(false);
    settings.sync();
    QVERIFY(QFile::exists(m_path));
    QCOMPARE(otherThanOwner(m_path), QFileDevice::Permissions());
    QVERIFY((QFileInfo(m_path).permissions() & ownerOnly) == ownerOnly);

    // Someone loosened it: the next sync makes it private again.
    QVERIFY(QFile::setPermissions(m_path, ownerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    settings.setNotifications(true);
    settings.sync();
    QCOMPARE(otherThanOwner(m_path), QFileDevice::Permissions());
}

void tst_Settings::newFileWithSecretIsPrivate()
{
    // A first write that carries a secret, into folders that do not exist yet, under umask 022.
    const QString nested = m_dir.filePath(QStringLiteral("nested/dir/settings.ini"));
    Settings settings(nested);
    settings.setInsecureKeyStorageAllowed(true);
    settings.setFallbackSecret(QStringLiteral("replicate"), QStringLiteral("r8_newFileSecret000000"));
    QVERIFY(QFile::exists(nested));
    QCOMPARE(otherThanOwner(nested), QFileDevice::Permissions());
    QVERIFY(fileContents(nested).contains("r8_newFileSecret000000"));
}

QTEST_GUILESS_MAIN(tst_Settings)
#include "tst_settings.moc"
