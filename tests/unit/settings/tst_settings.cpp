// Settings: defaults in one place, clamping on read and in the setters, enums stored as strings, a change
// signal only on a real change, a file path tests can choose, and a settings file that stays private to
// the user.
#include "Settings.h"

#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <functional>

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
    void changedOnlyOnRealChange();
    void settersStoreTheClampedValue();
    void defaultFolderIsNoChange();

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
    QCOMPARE(settings.embedProvenance(), true);
    QCOMPARE(settings.provenanceSidecar(), false);
    QCOMPARE(settings.notifications(), true);
    QCOMPARE(settings.language(), QStringLiteral("system"));
    QCOMPARE(settings.insecureKeyStorageAllowed(), false);
    QCOMPARE(settings.captureEnabled(), false);
    QCOMPARE(settings.capturePort(), quint16(5088));
    QVERIFY(settings.captureAllowedOrigins().isEmpty());
    QCOMPARE(settings.startAtLogin(), false);
    QCOMPARE(settings.trayNoticeShown(), false);
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
        settings.setEmbedProvenance(false);
        settings.setProvenanceSidecar(true);
        settings.setNotifications(false);
        settings.setLanguage(QStringLiteral("zh_CN"));
        settings.setWindowGeometry(QByteArrayLiteral("\x01\x02geometry"));
        settings.setTableHeaderState(QByteArrayLiteral("header"));
        settings.setCaptureEnabled(true);
        settings.setCapturePort(6000);
        settings.setCaptureAllowedOrigins({QStringLiteral("https://app.example")});
        settings.setStartAtLogin(true);
        settings.setTrayNoticeShown(true);
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
    QCOMPARE(settings.embedProvenance(), false);
    QCOMPARE(settings.provenanceSidecar(), true);
    QCOMPARE(settings.notifications(), false);
    QCOMPARE(settings.language(), QStringLiteral("zh_CN"));
    QCOMPARE(settings.windowGeometry(), QByteArrayLiteral("\x01\x02geometry"));
    QCOMPARE(settings.tableHeaderState(), QByteArrayLiteral("header"));
    QCOMPARE(settings.captureEnabled(), true);
    QCOMPARE(settings.capturePort(), quint16(6000));
    QCOMPARE(settings.captureAllowedOrigins(), QStringList{QStringLiteral("https://app.example")});
    QCOMPARE(settings.startAtLogin(), true);
    QCOMPARE(settings.trayNoticeShown(), true);
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

void tst_Settings::changedOnlyOnRealChange()
{
    // Each key: a value different from the default announces the key, once; the same value again says
    // nothing, and neither does a value the setter clamps to the one already there.
    struct Case
    {
        Settings::Key key;
        std::function<void(Settings &)> change;
        std::function<void(Settings &)> same;
    };
    const QString folder = m_dir.filePath(QStringLiteral("outputs"));
    const std::vector<Case> cases{
        {Settings::Key::Provider, [](Settings &s) { s.setProvider(ApiEndpoint::Provider::Replicate); },
         [](Settings &s) { s.setProvider(ApiEndpoint::Provider::Demo); }},
        {Settings::Key::CustomRoot, [](Settings &s) { s.setCustomRoot(QStringLiteral("https://relay.example/v1")); },
         [](Settings &s) { s.setCustomRoot(QStringLiteral(" https://relay.example/v1 ")); }},
        {Settings::Key::PollInterval, [](Settings &s) { s.setPollInterval(500ms); },
         [](Settings &s) { s.setPollInterval(100ms); }},
        {Settings::Key::MaxInFlight, [](Settings &s) { s.setMaxInFlight(16); },
         [](Settings &s) { s.setMaxInFlight(99); }},
        {Settings::Key::ImportLimit, [](Settings &s) { s.setImportLimit(10000); },
         [](Settings &s) { s.setImportLimit(20000); }},
        {Settings::Key::DownloadFolder, [folder](Settings &s) { s.setDownloadFolder(folder); },
         [folder](Settings &s) { s.setDownloadFolder(folder); }},
        {Settings::Key::AutoDownload, [](Settings &s) { s.setAutoDownload(false); },
         [](Settings &s) { s.setAutoDownload(false); }},
        {Settings::Key::EmbedProvenance, [](Settings &s) { s.setEmbedProvenance(false); },
         [](Settings &s) { s.setEmbedProvenance(false); }},
        {Settings::Key::ProvenanceSidecar, [](Settings &s) { s.setProvenanceSidecar(true); },
         [](Settings &s) { s.setProvenanceSidecar(true); }},
        {Settings::Key::Notifications, [](Settings &s) { s.setNotifications(false); },
         [](Settings &s) { s.setNotifications(false); }},
        {Settings::Key::Language, [](Settings &s) { s.setLanguage(QStringLiteral("zh_CN")); },
         [](Settings &s) { s.setLanguage(QStringLiteral("zh_CN")); }},
        {Settings::Key::WindowGeometry, [](Settings &s) { s.setWindowGeometry("g"); },
         [](Settings &s) { s.setWindowGeometry("g"); }},
        {Settings::Key::WindowState, [](Settings &s) { s.setWindowState("w"); },
         [](Settings &s) { s.setWindowState("w"); }},
        {Settings::Key::TableHeaderState, [](Settings &s) { s.setTableHeaderState("h"); },
         [](Settings &s) { s.setTableHeaderState("h"); }},
        {Settings::Key::SplitterState, [](Settings &s) { s.setSplitterState("s"); },
         [](Settings &s) { s.setSplitterState("s"); }},
        {Settings::Key::InsecureKeyStorageAllowed, [](Settings &s) { s.setInsecureKeyStorageAllowed(true); },
         [](Settings &s) { s.setInsecureKeyStorageAllowed(true); }},
        {Settings::Key::CaptureEnabled, [](Settings &s) { s.setCaptureEnabled(true); },
         [](Settings &s) { s.setCaptureEnabled(true); }},
        {Settings::Key::CapturePort, [](Settings &s) { s.setCapturePort(65535); },
         [](Settings &s) { s.setCapturePort(70000); }},
        {Settings::Key::CaptureAllowedOrigins,
         [](Settings &s) { s.setCaptureAllowedOrigins({QStringLiteral("https://app.example")}); },
         [](Settings &s) {
             s.setCaptureAllowedOrigins(
                 {QStringLiteral(" https://app.example/"), QString(), QStringLiteral("https://app.example")});
         }},
        {Settings::Key::StartAtLogin, [](Settings &s) { s.setStartAtLogin(true); },
         [](Settings &s) { s.setStartAtLogin(true); }},
        {Settings::Key::TrayNoticeShown, [](Settings &s) { s.setTrayNoticeShown(true); },
         [](Settings &s) { s.setTrayNoticeShown(true); }},
        {Settings::Key::ConfirmRuns, [](Settings &s) { s.setConfirmRuns(false); },
         [](Settings &s) { s.setConfirmRuns(false); }},
        {Settings::Key::Prices, [](Settings &s) { s.setPrices(PriceTable()); },
         [](Settings &s) { s.setPrices(PriceTable()); }},
        {Settings::Key::ViewMode, [](Settings &s) { s.setViewMode(Settings::ViewMode::Gallery); },
         [](Settings &s) { s.setViewMode(Settings::ViewMode::Gallery); }},
        {Settings::Key::GalleryThumbnailSize, [](Settings &s) { s.setGalleryThumbnailSize(512); },
         [](Settings &s) { s.setGalleryThumbnailSize(4000); }},
    };
    const QMetaEnum keys = QMetaEnum::fromType<Settings::Key>();
    QCOMPARE(int(cases.size()), keys.keyCount());
    for (const Case &c : cases) {
        const char *name = keys.valueToKey(int(c.key));
        Settings settings(m_path);
        QSignalSpy changed(&settings, &Settings::changed);
        c.change(settings);
        QVERIFY2(changed.size() == 1, name);
        QVERIFY2(changed.first().first().value<Settings::Key>() == c.key, name);
        c.same(settings);
        c.change(settings);
        QVERIFY2(changed.size() == 1, name);
    }
    // A value that reads the same as the default is no change either.
    Settings settings(m_dir.filePath(QStringLiteral("language.ini")));
    QSignalSpy changed(&settings, &Settings::changed);
    settings.setLanguage(QStringLiteral("fr"));
    settings.setLanguage(QStringLiteral("system"));
    QCOMPARE(changed.size(), 0);
    settings.setLanguage(QStringLiteral("en"));
    QCOMPARE(changed.size(), 1);
}

void tst_Settings::settersStoreTheClampedValue()
{
    {
        Settings settings(m_path);
        settings.setPollInterval(100ms);
        settings.setMaxInFlight(40);
        settings.setImportLimit(0);
        settings.setLanguage(QStringLiteral("fr"));
        settings.setCustomRoot(QStringLiteral("  https://relay.example/v1\n"));
        settings.setCapturePort(80);
        settings.setCaptureAllowedOrigins({QStringLiteral("http://localhost:3000/ "), QStringLiteral("")});
        settings.setGalleryThumbnailSize(10);
        settings.sync();
    }
    const QSettings raw(m_path, QSettings::IniFormat);
    QCOMPARE(raw.value(QStringLiteral("Polling/intervalMs")).toLongLong(), 500);
    QCOMPARE(raw.value(QStringLiteral("Polling/maxInFlight")).toInt(), 16);
    QCOMPARE(raw.value(QStringLiteral("Polling/importLimit")).toInt(), 1);
    QCOMPARE(raw.value(QStringLiteral("Window/galleryThumbnailSize")).toInt(), Settings::minGalleryThumbnailSize);
    QCOMPARE(raw.value(QStringLiteral("Desktop/language")).toString(), QStringLiteral("system"));
    QCOMPARE(raw.value(QStringLiteral("Api/customRoot")).toString(), QStringLiteral("https://relay.example/v1"));
    QCOMPARE(raw.value(QStringLiteral("Capture/port")).toInt(), 1024);
    QCOMPARE(raw.value(QStringLiteral("Capture/allowedOrigins")).toStringList(),
             QStringList{QStringLiteral("http://localhost:3000")});
}

void tst_Settings::defaultFolderIsNoChange()
{
    // The default folder is what an empty setting reads as: choosing it writes nothing and says nothing,
    // and emptying a chosen folder announces the return to the default.
    Settings settings(m_path);
    QSignalSpy changed(&settings, &Settings::changed);
    const QString defaultFolder = settings.downloadFolder();
    settings.setDownloadFolder(defaultFolder);
    settings.setDownloadFolder(QString());
    QCOMPARE(changed.size(), 0);
    settings.sync();
    QVERIFY(!QSettings(m_path, QSettings::IniFormat).contains(QStringLiteral("Downloads/folder")));
    settings.setDownloadFolder(m_dir.filePath(QStringLiteral("outputs")));
    settings.setDownloadFolder(QString());
    QCOMPARE(changed.size(), 2);
    QCOMPARE(settings.downloadFolder(), defaultFolder);
}

QTEST_GUILESS_MAIN(tst_Settings)
#include "tst_settings.moc"
