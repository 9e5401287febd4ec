// SettingsDialog offscreen: provider roots, custom address validation, key pasting and masking, the
// environment override, Test connection against replimon-sim for each outcome, OK and Cancel, and a
// screenshot of the dialog.
//
// ctest runs it through tests/support/with-keyring.sh twice: with a private keyring (OK stores keys
// in it) and without one (OK asks whether to keep the key unencrypted).
#include "ApiKey.h"
#include "ApiKeyStore.h"
#include "CapturePage.h"
#include "CaptureState.h"
#include "SettingsDialog.h"
#include "Settings.h"
#include "SimProcess.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <memory>

using namespace std::chrono_literals;

namespace {

constexpr int keychainTimeoutMs = 20000;
constexpr int networkTimeoutMs = 20000;

QByteArray fileContents(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// The keys a Settings::changed spy saw: what OK changed, as the application learns it.
QList<Settings::Key> changedKeys(const QSignalSpy &spy)
{
    QList<Settings::Key> keys;
    for (const QList<QVariant> &arguments : spy)
        keys.append(arguments.first().value<Settings::Key>());
    return keys;
}

template <typename T> T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

// Answers the unencrypted-storage question when it appears (it runs its own event loop).
class QuestionAnswerer final : public QObject
{
public:
    explicit QuestionAnswerer(const QString &buttonName)
        : m_buttonName(buttonName)
    {
        m_timer.setInterval(20);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const QWidgetList widgets = QApplication::topLevelWidgets();
            for (QWidget *widget : widgets) {
                auto *box = qobject_cast<QMessageBox *>(widget);
                if (!box || !box->isVisible() || box->objectName() != QLatin1String("insecureStorageQuestion"))
                    continue;
                m_text = box->text() + u'\n' + box->informativeText();
                const QString folder = QStringLiteral(REPLIMON_SCREENSHOT_DIR);
                if (m_answered == 0 && QDir().mkpath(folder))
                    box->grab().save(folder + QStringLiteral("/settings-insecure-question.png"));
                if (auto *button = box->findChild<QPushButton *>(m_buttonName)) {
                    ++m_answered;
                    button->click();
                }
            }
        });
        m_timer.start();
    }
    int answered() const { return m_answered; }
    QString text() const { return m_text; }

private:
    QString m_buttonName;
    QTimer m_timer;
    int m_answered = 0;
    QString m_text;
};

} // namespace

class tst_SettingsDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void providersAndRoots_data();
    void providersAndRoots();
    void demoOnlyWhenAvailable();
    void customRootValidation_data();
    void customRootValidation();
    void pastedKeyIsSanitized();
    void showHideToggle();
    void environmentKeyIsReadOnly();
    void testConnection_data();
    void testConnection();
    void testConnectionCanBeInterrupted();
    void okAppliesEverything_data();
    void okAppliesEverything();
    void cancelDiscards();
    void oneKeyPerProvider();
    void removeKey();
    void capturePageWritesThroughSettings();
    void screenshot();

private:
    struct Parts
    {
        QComboBox *provider = nullptr;
        QLineEdit *root = nullptr;
        QLabel *rootError = nullptr;
        QLineEdit *key = nullptr;
        QToolButton *showKey = nullptr;
        QPushButton *removeKey = nullptr;
        QLabel *keySource = nullptr;
        QPushButton *test = nullptr;
        QLabel *testResult = nullptr;
        QDoubleSpinBox *pollInterval = nullptr;
        QSpinBox *concurrency = nullptr;
        QLineEdit *downloadFolder = nullptr;
        QCheckBox *autoDownload = nullptr;
        QCheckBox *notifications = nullptr;
        QCheckBox *startAtLogin = nullptr;
        QComboBox *language = nullptr;
        QPushButton *ok = nullptr;
        QPushButton *cancel = nullptr;
    };

    /// A dialog over fresh settings, after its first key read has arrived.
    SettingsDialog *openDialog(bool demoAvailable = false);
    Parts parts(SettingsDialog *dialog) const;
    bool selectProvider(SettingsDialog *dialog, ApiEndpoint::Provider provider);
    void typeKey(QLineEdit *edit, const QString &key);
    QString storedKey(const QString &providerKey, ApiKeyStore::Source *source = nullptr);
    bool storeKey(const QString &providerKey, const QString &key);
    QString newKey();

    bool m_keychainExpected = false;
    SimProcess m_sim;
    QNetworkAccessManager m_nam;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_service;
    QString m_settingsPath;
    int m_counter = 0;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<ApiKeyStore> m_store;
    std::unique_ptr<SettingsDialog> m_dialog;
};

void tst_SettingsDialog::initTestCase()
{
    const QString home = qEnvironmentVariable("REPLIMON_KEYRING_HOME");
    m_keychainExpected = !home.isEmpty() && !qEnvironmentVariableIsSet("REPLIMON_NO_KEYRING");
    // Run by hand, outside with-keyring.sh: never reach the user's own keyring.
    if (home.isEmpty())
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/replimon-test-bus");
    m_dir = home.isEmpty() ? std::make_unique<QTemporaryDir>()
                           : std::make_unique<QTemporaryDir>(home + QStringLiteral("/settings-XXXXXX"));
    QVERIFY(m_dir->isValid());
    m_service = QStringLiteral("replimon-guitest-%1-%2")
                    .arg(QCoreApplication::applicationPid())
                    .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    QVERIFY2(m_sim.start(), m_sim.standardError().constData());
}

void tst_SettingsDialog::init()
{
    qunsetenv("REPLIMON_API_KEY");
    qunsetenv("REPLICATE_API_TOKEN");
    QVERIFY(m_sim.clearFaults());
    QVERIFY(m_sim.clearLog());
    m_settingsPath = m_dir->filePath(QStringLiteral("settings-%1.ini").arg(++m_counter));
    m_settings = std::make_unique<Settings>(m_settingsPath);
    m_store = std::make_unique<ApiKeyStore>(*m_settings);
    m_store->setServiceName(m_service);
}

void tst_SettingsDialog::cleanup()
{
    m_dialog.reset();
    qunsetenv("REPLIMON_API_KEY");
    qunsetenv("REPLICATE_API_TOKEN");
    if (m_keychainExpected) {
        for (const char *provider : {"quickrouter", "anyapi", "replicate", "custom"}) {
            QSignalSpy removed(m_store.get(), &ApiKeyStore::keyRemoved);
            m_store->remove(QString::fromLatin1(provider));
            removed.wait(keychainTimeoutMs);
        }
    }
    m_store.reset();
    m_settings.reset();
}

SettingsDialog *tst_SettingsDialog::openDialog(bool demoAvailable)
{
    QSignalSpy keyRead(m_store.get(), &ApiKeyStore::keyRead);
    m_dialog = std::make_unique<SettingsDialog>(*m_settings, *m_store, m_nam, demoAvailable);
    m_dialog->show();
    if (!QTest::qWaitForWindowExposed(m_dialog.get()))
        return nullptr;
    // The environment override answers without the keychain, and the dialog does not ask then.
    if (ApiKeyStore::environmentVariable().isEmpty() && keyRead.isEmpty() && !keyRead.wait(keychainTimeoutMs))
        return nullptr;
    QCoreApplication::processEvents();
    return m_dialog.get();
}

tst_SettingsDialog::Parts tst_SettingsDialog::parts(SettingsDialog *dialog) const
{
    Parts p;
    p.provider = child<QComboBox>(dialog, "providerCombo");
    p.root = child<QLineEdit>(dialog, "rootEdit");
    p.rootError = child<QLabel>(dialog, "rootErrorLabel");
    p.key = child<QLineEdit>(dialog, "keyEdit");
    p.showKey = child<QToolButton>(dialog, "showKeyButton");
    p.removeKey = child<QPushButton>(dialog, "removeKeyButton");
    p.keySource = child<QLabel>(dialog, "keySourceLabel");
    p.test = child<QPushButton>(dialog, "testButton");
    p.testResult = child<QLabel>(dialog, "testResultLabel");
    p.pollInterval = child<QDoubleSpinBox>(dialog, "pollIntervalSpin");
    p.concurrency = child<QSpinBox>(dialog, "concurrencySpin");
    p.downloadFolder = child<QLineEdit>(dialog, "downloadFolderEdit");
    p.autoDownload = child<QCheckBox>(dialog, "autoDownloadCheck");
    p.notifications = child<QCheckBox>(dialog, "notificationsCheck");
    p.startAtLogin = child<QCheckBox>(dialog, "startAtLoginCheck");
    p.language = child<QComboBox>(dialog, "languageCombo");
    auto *buttons = child<QDialogButtonBox>(dialog, "buttonBox");
    p.ok = buttons ? buttons->button(QDialogButtonBox::Ok) : nullptr;
    p.cancel = buttons ? buttons->button(QDialogButtonBox::Cancel) : nullptr;
    return p;
}

bool tst_SettingsDialog::selectProvider(SettingsDialog *dialog, ApiEndpoint::Provider provider)
{
    QComboBox *combo = parts(dialog).provider;
    const int index = combo->findData(int(provider));
    if (index < 0)
        return false;
    QSignalSpy keyRead(m_store.get(), &ApiKeyStore::keyRead);
    combo->setCurrentIndex(index);
    // A provider seen for the first time has its key read; wait for it so the field is settled.
    if (provider != ApiEndpoint::Provider::Demo && ApiKeyStore::environmentVariable().isEmpty()
        && parts(dialog).keySource->text().contains(QLatin1String("Reading")))
        keyRead.wait(keychainTimeoutMs);
    QCoreApplication::processEvents();
    return dialog->selectedProvider() == provider;
}

void tst_SettingsDialog::typeKey(QLineEdit *edit, const QString &key)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, key);
}

QString tst_SettingsDialog::storedKey(const QString &providerKey, ApiKeyStore::Source *source)
{
    QSignalSpy keyRead(m_store.get(), &ApiKeyStore::keyRead);
    m_store->read(providerKey);
    if (!keyRead.wait(keychainTimeoutMs) && keyRead.isEmpty())
        return QStringLiteral("<no answer>");
    if (source)
        *source = keyRead.first().at(2).value<ApiKeyStore::Source>();
    return keyRead.first().at(1).toString();
}

bool tst_SettingsDialog::storeKey(const QString &providerKey, const QString &key)
{
    if (!m_keychainExpected) {
        m_settings->setInsecureKeyStorageAllowed(true);
        return m_store->writeUnencrypted(providerKey, key);
    }
    QSignalSpy written(m_store.get(), &ApiKeyStore::keyWritten);
    m_store->write(providerKey, key);
    return written.wait(keychainTimeoutMs) || !written.isEmpty();
}

QString tst_SettingsDialog::newKey()
{
    return QStringLiteral("r8_DialogTest%1%2")
        .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'))
        .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

void tst_SettingsDialog::providersAndRoots_data()
{
    QTest::addColumn<ApiEndpoint::Provider>("provider");
    QTest::addColumn<QString>("root");
    QTest::addColumn<bool>("editable");
    QTest::newRow("QuickRouter") << ApiEndpoint::Provider::QuickRouter
                                 << QStringLiteral("https://api.quickrouter.ai/replicate/v1") << false;
    QTest::newRow("AnyAPI") << ApiEndpoint::Provider::AnyApi << QStringLiteral("https://www.anyapi.vip/replicate/v1")
                            << false;
    QTest::newRow("Replicate") << ApiEndpoint::Provider::Replicate << QStringLiteral("https://api.replicate.com/v1")
                               << false;
    QTest::newRow("Custom") << ApiEndpoint::Provider::Custom << QStringLiteral("http://relay.example:8080/r/v1")
                            << true;
}

void tst_SettingsDialog::providersAndRoots()
{
    QFETCH(ApiEndpoint::Provider, provider);
    QFETCH(QString, root);
    QFETCH(bool, editable);
    m_settings->setCustomRoot(QStringLiteral("http://relay.example:8080/r/v1"));
    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);

    QCOMPARE(p.provider->count(), 4);
    QCOMPARE(dialog->selectedProvider(), ApiEndpoint::Provider::QuickRouter);
    QVERIFY(selectProvider(dialog, provider));
    QCOMPARE(p.provider->currentText(), ApiEndpoint::providerName(provider));
    QCOMPARE(p.root->text(), root);
    QCOMPARE(p.root->isReadOnly(), !editable);
    QVERIFY(p.rootError->isHidden());
    QVERIFY(p.ok->isEnabled());
    QVERIFY(p.test->isEnabled());
    QVERIFY(p.key->isEnabled());
    QCOMPARE(p.key->echoMode(), QLineEdit::Password);
}

void tst_SettingsDialog::demoOnlyWhenAvailable()
{
    {
        SettingsDialog *dialog = openDialog(false);
        QVERIFY(dialog);
        QCOMPARE(parts(dialog).provider->findData(int(ApiEndpoint::Provider::Demo)), -1);
    }
    SettingsDialog *dialog = openDialog(true);
    QVERIFY(dialog);
    const Parts p = parts(dialog);
    QCOMPARE(p.provider->count(), 5);
    QVERIFY(p.provider->findData(int(ApiEndpoint::Provider::Demo)) >= 0);

    // Until the demo server says where it is, Demo cannot be chosen.
    QVERIFY(selectProvider(dialog, ApiEndpoint::Provider::Demo));
    QVERIFY(!p.ok->isEnabled());
    dialog->setDemoRoot(m_sim.apiRoot());
    QCOMPARE(p.root->text(), m_sim.apiRoot().toString());
    QVERIFY(p.root->isReadOnly());
    QVERIFY(!p.key->isEnabled());
    QVERIFY(p.ok->isEnabled());

    // The sim wants a token, and the demo sends none: the test tells so rather than crash or hang.
    QTest::mouseClick(p.test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isTesting(), networkTimeoutMs);
    QVERIFY2(p.testResult->text().contains(QLatin1String("wants an API key")), qPrintable(p.testResult->text()));

    // Demo is this session's choice: applied, never saved.
    QSignalSpy applied(dialog, &SettingsDialog::applied);
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, keychainTimeoutMs);
    const auto changes = applied.first().first().value<SettingsDialog::Session>();
    QVERIFY(changes.endpoint.provider() != m_settings->provider());
    QCOMPARE(changes.endpoint.provider(), ApiEndpoint::Provider::Demo);
    QCOMPARE(changes.endpoint.root(), m_sim.apiRoot());
    QVERIFY(changes.key.isEmpty());
    QCOMPARE(m_settings->provider(), ApiEndpoint::Provider::QuickRouter);
}

void tst_SettingsDialog::customRootValidation_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<bool>("valid");
    QTest::newRow("https") << QStringLiteral("https://relay.example/replicate/v1") << true;
    QTest::newRow("http with port") << QStringLiteral("http://127.0.0.1:9000/v1/") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("no scheme") << QStringLiteral("relay.example/v1") << false;
    QTest::newRow("ftp") << QStringLiteral("ftp://relay.example/v1") << false;
    QTest::newRow("query") << QStringLiteral("https://relay.example/v1?x=1") << false;
    QTest::newRow("user info") << QStringLiteral("https://user:pw@relay.example/v1") << false;
    QTest::newRow("space in host") << QStringLiteral("https://relay example/v1") << false;
}

void tst_SettingsDialog::customRootValidation()
{
    QFETCH(QString, root);
    QFETCH(bool, valid);
    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);
    QVERIFY(selectProvider(dialog, ApiEndpoint::Provider::Custom));
    QVERIFY(!p.root->isReadOnly());

    p.root->setFocus();
    p.root->selectAll();
    QTest::keyClick(p.root, Qt::Key_Backspace);
    QTest::keyClicks(p.root, root);
    QCOMPARE(p.ok->isEnabled(), valid);
    QCOMPARE(p.test->isEnabled(), valid);
    QCOMPARE(p.rootError->isVisible(), !valid);
    if (!valid)
        QVERIFY(!p.rootError->text().isEmpty());

    // A preset needs no address: switching away from an invalid custom one enables OK again.
    QVERIFY(selectProvider(dialog, ApiEndpoint::Provider::Replicate));
    QVERIFY(p.ok->isEnabled());
    QVERIFY(!p.rootError->isVisible());
}

void tst_SettingsDialog::pastedKeyIsSanitized()
{
    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);
    const QString key = newKey();

    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->setText(QStringLiteral("  \"Bearer %1\"\n").arg(key));
    if (clipboard->text() != QStringLiteral("  \"Bearer %1\"\n").arg(key))
        QSKIP("This platform has no clipboard");
    p.key->setFocus();
    p.key->clear();
    p.key->paste();
    QVERIFY2(p.key->text() == key, "the pasted key was not cleaned as it was pasted");
    clipboard->clear();

    // Typed with stray spaces: cleaned when applied.
    typeKey(p.key, QStringLiteral(" %1 ").arg(key));
    QCOMPARE(p.key->text().size(), key.size() + 2);
    QSignalSpy applied(dialog, &SettingsDialog::applied);
    QuestionAnswerer answerer(QStringLiteral("sessionOnlyButton"));
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, keychainTimeoutMs);
    const auto changes = applied.first().first().value<SettingsDialog::Session>();
    QVERIFY(!changes.key.isEmpty()); // none before
    QVERIFY2(changes.key == key, "the applied key was not sanitized");
}

void tst_SettingsDialog::showHideToggle()
{
    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);
    typeKey(p.key, newKey());
    QCOMPARE(p.key->echoMode(), QLineEdit::Password);
    QTest::mouseClick(p.showKey, Qt::LeftButton);
    QCOMPARE(p.key->echoMode(), QLineEdit::Normal);
    QCOMPARE(p.showKey->text(), QStringLiteral("Hide"));
    QTest::mouseClick(p.showKey, Qt::LeftButton);
    QCOMPARE(p.key->echoMode(), QLineEdit::Password);
    QCOMPARE(p.showKey->text(), QStringLiteral("Show"));
}

void tst_SettingsDialog::environmentKeyIsReadOnly()
{
    const QString key = QStringLiteral("r8_EnvironmentKeyForDialog1234");
    qputenv("REPLIMON_API_KEY", QByteArray("  Bearer " + key.toLatin1()));
    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);

    QVERIFY(p.key->isReadOnly());
    QVERIFY(!p.removeKey->isEnabled());
    QVERIFY(!p.showKey->isEnabled());
    QCOMPARE(p.key->text(), ApiKeys::redacted(key));
    QVERIFY(!p.key->text().contains(key));
    QVERIFY2(
        p.keySource->text().contains(QLatin1String("from the environment (REPLIMON_API_KEY)"), Qt::CaseInsensitive),
        qPrintable(p.keySource->text()));
    // Every provider uses it.
    QVERIFY(selectProvider(dialog, ApiEndpoint::Provider::AnyApi));
    QCOMPARE(p.key->text(), ApiKeys::redacted(key));
    QVERIFY(p.key->isReadOnly());

    QSignalSpy applied(dialog, &SettingsDialog::applied);
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, keychainTimeoutMs);
    const auto changes = applied.first().first().value<SettingsDialog::Session>();
    QCOMPARE(changes.keySource, ApiKeyStore::Source::Environment);
    QVERIFY(changes.key == key);
    // Nothing was written for it.
    QVERIFY(!fileContents(m_settingsPath).contains(key.toLatin1()));
    QVERIFY(storedKey(QStringLiteral("anyapi")) == key); // the environment still answers reads
}

void tst_SettingsDialog::testConnection_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("expected");
    QTest::newRow("accepted") << QStringLiteral("accepted") << QStringLiteral("the key was accepted");
    QTest::newRow("rejected") << QStringLiteral("rejected")
                              << QStringLiteral("The key was rejected: You did not pass a valid authentication token");
    QTest::newRow("unreachable") << QStringLiteral("unreachable") << QStringLiteral("Could not reach the server");
    QTest::newRow("rate limited") << QStringLiteral("rate limited")
                                  << QStringLiteral("limiting requests right now; try again in 7 second");
    QTest::newRow("server error") << QStringLiteral("server error") << QStringLiteral("The server had a problem");
    QTest::newRow("not an API") << QStringLiteral("html") << QStringLiteral("Unexpected answer");
    QTest::newRow("environment key accepted")
        << QStringLiteral("environment") << QStringLiteral("the key was accepted");
}

void tst_SettingsDialog::testConnection()
{
    QFETCH(QString, scenario);
    QFETCH(QString, expected);

    QString key = m_sim.token();
    QUrl root = m_sim.apiRoot();
    if (scenario == u"rejected") {
        key = newKey();
    } else if (scenario == u"unreachable") {
        // A port that was just free and is closed again: the connection is refused.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        root = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(server.serverPort()));
        server.close();
    } else if (scenario == u"rate limited") {
        QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")},
                                                       {QStringLiteral("status"), 429},
                                                       {QStringLiteral("retry_after"), QStringLiteral("7")}}}));
    } else if (scenario == u"server error") {
        QVERIFY(m_sim.setFaults(QJsonArray{
            QJsonObject{{QStringLiteral("kind"), QStringLiteral("status")}, {QStringLiteral("status"), 503}}}));
    } else if (scenario == u"html") {
        QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("malformed")}}}));
    } else if (scenario == u"environment") {
        qputenv("REPLICATE_API_TOKEN", key.toUtf8());
    }
    m_settings->setProvider(ApiEndpoint::Provider::Custom);
    m_settings->setCustomRoot(root.toString());

    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);
    QCOMPARE(dialog->selectedProvider(), ApiEndpoint::Provider::Custom);
    QCOMPARE(p.root->text(), root.toString());
    if (scenario != u"environment")
        typeKey(p.key, key);

    QTest::mouseClick(p.test, Qt::LeftButton);
    QVERIFY(dialog->isTesting());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isTesting(), networkTimeoutMs);
    const QString result = p.testResult->text();
    QVERIFY2(result.contains(expected), qPrintable(result));
    QVERIFY2(!result.contains(key), "the result shows the key");

    if (scenario == u"accepted" || scenario == u"rejected") {
        // One harmless GET, with the key, to the id that cannot exist.
        const QJsonArray log = m_sim.requestLog();
        QCOMPARE(log.size(), 1);
        const QJsonObject entry = log.first().toObject();
        QCOMPARE(entry.value(QLatin1String("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(entry.value(QLatin1String("path")).toString(),
                 QStringLiteral("/v1/predictions/") + ConnectionTest::probeId());
        QVERIFY(entry.value(QLatin1String("authorization")).toBool());
    }
    // Editing the key makes an old result meaningless.
    if (scenario != u"environment") {
        QTest::keyClick(p.key, Qt::Key_X);
        QVERIFY(p.testResult->text().isEmpty());
    }
}

void tst_SettingsDialog::testConnectionCanBeInterrupted()
{
    // The server holds the answer back; Cancel must not leave a test running behind the dialog.
    QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("stall")},
                                                   {QStringLiteral("phase"), QStringLiteral("headers")}}}));
    m_settings->setProvider(ApiEndpoint::Provider::Custom);
    m_settings->setCustomRoot(m_sim.apiRoot().toString());
    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);
    typeKey(p.key, m_sim.token());
    QTest::mouseClick(p.test, Qt::LeftButton);
    QVERIFY(dialog->isTesting());
    QVERIFY(p.testResult->text().startsWith(QLatin1String("Testing")));
    QTest::mouseClick(p.cancel, Qt::LeftButton);
    QVERIFY(!dialog->isTesting());
    QCOMPARE(dialog->result(), int(QDialog::Rejected));
}

void tst_SettingsDialog::okAppliesEverything_data()
{
    QTest::addColumn<bool>("consent");
    QTest::newRow("keep unencrypted if asked") << true;
    QTest::newRow("session only if asked") << false;
}

void tst_SettingsDialog::okAppliesEverything()
{
    QFETCH(bool, consent);
    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);
    const QString key = newKey();
    const QString folder = m_dir->filePath(QStringLiteral("outputs"));

    QVERIFY(selectProvider(dialog, ApiEndpoint::Provider::AnyApi));
    typeKey(p.key, key);
    p.pollInterval->setValue(5.5);
    p.concurrency->setValue(8);
    p.downloadFolder->setText(folder);
    p.autoDownload->setChecked(false);
    p.notifications->setChecked(false);
    QVERIFY(!p.startAtLogin->isChecked()); // off until the user turns it on
    p.startAtLogin->setChecked(true);
    p.language->setCurrentIndex(p.language->findData(QStringLiteral("zh_CN")));
    QCOMPARE(p.language->currentText(), QString::fromUtf8("简体中文"));

    QSignalSpy applied(dialog, &SettingsDialog::applied);
    QSignalSpy settingsChanged(m_settings.get(), &Settings::changed);
    QuestionAnswerer answerer(consent ? QStringLiteral("keepUnencryptedButton") : QStringLiteral("sessionOnlyButton"));
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, keychainTimeoutMs);
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
    QVERIFY(!dialog->isVisible());

    const auto changes = applied.first().first().value<SettingsDialog::Session>();
    const QList<Settings::Key> changed = changedKeys(settingsChanged);
    QVERIFY(!changed.isEmpty());
    QVERIFY(changed.contains(Settings::Key::Provider));
    QCOMPARE(changes.endpoint.provider(), ApiEndpoint::Provider::AnyApi);
    QCOMPARE(changes.endpoint.root(), ApiEndpoint::preset(ApiEndpoint::Provider::AnyApi).root());
    QVERIFY(!changes.key.isEmpty()); // none before
    QVERIFY2(changes.key == key, "the applied key is not the one typed");
    QVERIFY(changed.contains(Settings::Key::PollInterval));
    QVERIFY(changed.contains(Settings::Key::MaxInFlight));
    QVERIFY(changed.contains(Settings::Key::DownloadFolder));
    QVERIFY(changed.contains(Settings::Key::AutoDownload));
    QVERIFY(changed.contains(Settings::Key::Notifications));
    QVERIFY(changed.contains(Settings::Key::StartAtLogin));
    QVERIFY(changed.contains(Settings::Key::Language));

    const Settings reread(m_settingsPath);
    QCOMPARE(reread.provider(), ApiEndpoint::Provider::AnyApi);
    QCOMPARE(reread.pollInterval(), 5500ms);
    QCOMPARE(reread.maxInFlight(), 8);
    QCOMPARE(reread.downloadFolder(), folder);
    QCOMPARE(reread.autoDownload(), false);
    QCOMPARE(reread.notifications(), false);
    QCOMPARE(reread.startAtLogin(), true);
    QCOMPARE(reread.language(), QStringLiteral("zh_CN"));

    const QByteArray contents = fileContents(m_settingsPath);
    ApiKeyStore::Source source = ApiKeyStore::Source::None;
    const QString stored = storedKey(QStringLiteral("anyapi"), &source);
    if (m_keychainExpected) {
        QCOMPARE(answerer.answered(), 0);
        QCOMPARE(changes.keySource, ApiKeyStore::Source::Keychain);
        QVERIFY(!changes.keySessionOnly);
        QCOMPARE(source, ApiKeyStore::Source::Keychain);
        QVERIFY(stored == key);
        QVERIFY2(!contents.contains(key.toLatin1()), "the key is in the settings file though a keychain took it");
        return;
    }
    // No keychain: the user was asked, and shown where the key would go.
    QCOMPARE(answerer.answered(), 1);
    QVERIFY(answerer.text().contains(QDir::toNativeSeparators(m_settingsPath)));
    QVERIFY(answerer.text().contains(QLatin1String("unencrypted")));
    if (consent) {
        QCOMPARE(changes.keySource, ApiKeyStore::Source::Unencrypted);
        QVERIFY(!changes.keySessionOnly);
        QVERIFY(reread.insecureKeyStorageAllowed());
        QVERIFY(contents.contains(key.toLatin1()));
        const QFileDevice::Permissions permissions = QFileInfo(m_settingsPath).permissions();
        QVERIFY(
            !(permissions
              & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther)));
        QCOMPARE(source, ApiKeyStore::Source::Unencrypted);
        QVERIFY(stored == key);
    } else {
        QVERIFY(changes.keySessionOnly);
        QVERIFY(!reread.insecureKeyStorageAllowed());
        QVERIFY2(!contents.contains(key.toLatin1()), "the key was stored although the user declined");
        QCOMPARE(source, ApiKeyStore::Source::None);
        QVERIFY(stored.isEmpty());
    }
}

void tst_SettingsDialog::cancelDiscards()
{
    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);
    const QString key = newKey();
    QVERIFY(selectProvider(dialog, ApiEndpoint::Provider::Replicate));
    typeKey(p.key, key);
    p.concurrency->setValue(12);
    p.language->setCurrentIndex(p.language->findData(QStringLiteral("en")));

    QSignalSpy applied(dialog, &SettingsDialog::applied);
    QTest::mouseClick(p.cancel, Qt::LeftButton);
    QCOMPARE(dialog->result(), int(QDialog::Rejected));
    QTest::qWait(100);
    QVERIFY(applied.isEmpty());
    QCOMPARE(m_settings->provider(), ApiEndpoint::Provider::QuickRouter);
    QCOMPARE(m_settings->maxInFlight(), 4);
    QCOMPARE(m_settings->language(), QStringLiteral("system"));
    QVERIFY(storedKey(QStringLiteral("replicate")).isEmpty());
    QVERIFY(!fileContents(m_settingsPath).contains(key.toLatin1()));
}

void tst_SettingsDialog::oneKeyPerProvider()
{
    const QString quickRouterKey = newKey();
    const QString replicateKey = newKey();
    QVERIFY(storeKey(QStringLiteral("quickrouter"), quickRouterKey));
    QVERIFY(storeKey(QStringLiteral("replicate"), replicateKey));

    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);
    QVERIFY2(p.key->text() == quickRouterKey, "QuickRouter's key was not loaded");
    QVERIFY(p.removeKey->isEnabled());
    QVERIFY(selectProvider(dialog, ApiEndpoint::Provider::Replicate));
    QVERIFY2(p.key->text() == replicateKey, "Replicate's key was not loaded");
    QVERIFY(selectProvider(dialog, ApiEndpoint::Provider::AnyApi));
    QVERIFY(p.key->text().isEmpty());
    QVERIFY(!p.removeKey->isEnabled());

    // An edit to one provider's key survives a visit to another.
    typeKey(p.key, QStringLiteral("r8_notYetSaved0000"));
    QVERIFY(selectProvider(dialog, ApiEndpoint::Provider::Replicate));
    QVERIFY(selectProvider(dialog, ApiEndpoint::Provider::AnyApi));
    QCOMPARE(p.key->text(), QStringLiteral("r8_notYetSaved0000"));

    // Switching provider alone hands the session that provider's key.
    QVERIFY(selectProvider(dialog, ApiEndpoint::Provider::Replicate));
    QSignalSpy applied(dialog, &SettingsDialog::applied);
    QSignalSpy settingsChanged(m_settings.get(), &Settings::changed);
    QuestionAnswerer answerer(QStringLiteral("keepUnencryptedButton"));
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, keychainTimeoutMs);
    const auto changes = applied.first().first().value<SettingsDialog::Session>();
    QVERIFY(changedKeys(settingsChanged).contains(Settings::Key::Provider));
    QVERIFY(changes.key != quickRouterKey); // the key before: QuickRouter's
    QVERIFY2(changes.key == replicateKey, "the session did not get Replicate's key");
    // The other edited provider's key was saved too, and nobody else's changed.
    QCOMPARE(storedKey(QStringLiteral("anyapi")), QStringLiteral("r8_notYetSaved0000"));
    QVERIFY(storedKey(QStringLiteral("quickrouter")) == quickRouterKey);
}

void tst_SettingsDialog::removeKey()
{
    const QString key = newKey();
    QVERIFY(storeKey(QStringLiteral("quickrouter"), key));
    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);
    QVERIFY2(p.key->text() == key, "the stored key was not loaded");
    QCOMPARE(p.key->echoMode(), QLineEdit::Password);
    QVERIFY(!p.keySource->text().contains(key));

    QTest::mouseClick(p.removeKey, Qt::LeftButton);
    QVERIFY(p.key->text().isEmpty());
    QVERIFY2(p.keySource->text().contains(QLatin1String("removed when you press OK")), qPrintable(p.keySource->text()));
    QSignalSpy applied(dialog, &SettingsDialog::applied);
    QSignalSpy settingsChanged(m_settings.get(), &Settings::changed);
    QTest::mouseClick(p.ok, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, keychainTimeoutMs);
    const auto changes = applied.first().first().value<SettingsDialog::Session>();
    QVERIFY(!changedKeys(settingsChanged).contains(Settings::Key::Provider));
    QVERIFY(!changedKeys(settingsChanged).contains(Settings::Key::CustomRoot));
    QVERIFY(changes.key != key); // the key before
    QVERIFY(changes.key.isEmpty());
    QVERIFY(storedKey(QStringLiteral("quickrouter")).isEmpty());
    QVERIFY(!fileContents(m_settingsPath).contains(key.toLatin1()));
}

void tst_SettingsDialog::capturePageWritesThroughSettings()
{
    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    dialog->showCapturePage();
    auto *enabled = child<QCheckBox>(dialog, "captureCheck");
    auto *port = child<QSpinBox>(dialog, "portSpin");
    auto *origins = child<QPlainTextEdit>(dialog, "originsEdit");
    auto *urls = child<QLabel>(dialog, "urlsValue");
    auto *state = child<QLabel>(dialog, "stateLabel");
    auto *connectButton = child<QPushButton>(dialog, "connectButton");
    QVERIFY(enabled && port && origins && urls && state && connectButton);
    QVERIFY(enabled->isVisible());

    // What Settings hold: off, the documented port, no origins; the URLs that port gives.
    QVERIFY(!enabled->isChecked());
    QCOMPARE(port->value(), 5088);
    QCOMPARE(port->minimum(), 1024);
    QCOMPARE(port->maximum(), 65535);
    QVERIFY(origins->toPlainText().isEmpty());
    QCOMPARE(urls->text(), QStringLiteral("http://127.0.0.1:5088/v1\nhttp://127.0.0.1:5088/replicate/v1"));
    // The URLs follow the port as it is typed, before OK.
    port->setValue(6123);
    QCOMPARE(urls->text(), QStringLiteral("http://127.0.0.1:6123/v1\nhttp://127.0.0.1:6123/replicate/v1"));

    QSignalSpy connectRequested(dialog, &SettingsDialog::connectCodeRequested);
    QTest::mouseClick(connectButton, Qt::LeftButton);
    QCOMPARE(connectRequested.size(), 1);

    // What the endpoint does is shown, the port taken with its fix.
    CaptureState taken;
    taken.enabled = true;
    taken.port = 5088;
    taken.problem = QStringLiteral("Port 5088 is in use by another program.");
    dialog->capturePage().setState(taken);
    QVERIFY2(state->text().contains(taken.problem), qPrintable(state->text()));

    // Turned on elsewhere (the Connect dialog) while the page is open: the page shows it.
    m_settings->setCaptureEnabled(true);
    QVERIFY(enabled->isChecked());
    m_settings->setCaptureEnabled(false);
    QVERIFY(!enabled->isChecked());

    enabled->setChecked(true);
    origins->setPlainText(QStringLiteral("http://localhost:3000/\n\n  https://app.example \nhttp://localhost:3000"));
    // Nothing is written before OK.
    QVERIFY(!m_settings->captureEnabled());
    QVERIFY(QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR)));
    QVERIFY(dialog->grab().save(QStringLiteral(REPLIMON_SCREENSHOT_DIR) + QStringLiteral("/settings-capture.png")));

    QSignalSpy applied(dialog, &SettingsDialog::applied);
    QSignalSpy settingsChanged(m_settings.get(), &Settings::changed);
    QTest::mouseClick(parts(dialog).ok, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, keychainTimeoutMs);
    const QList<Settings::Key> changed = changedKeys(settingsChanged);
    QVERIFY(changed.contains(Settings::Key::CaptureEnabled));
    QVERIFY(changed.contains(Settings::Key::CapturePort));
    QVERIFY(changed.contains(Settings::Key::CaptureAllowedOrigins));
    const Settings reread(m_settingsPath);
    QVERIFY(reread.captureEnabled());
    QCOMPARE(reread.capturePort(), 6123);
    QCOMPARE(reread.captureAllowedOrigins(),
             QStringList({QStringLiteral("http://localhost:3000"), QStringLiteral("https://app.example")}));
}

void tst_SettingsDialog::screenshot()
{
    m_settings->setProvider(ApiEndpoint::Provider::Custom);
    m_settings->setCustomRoot(m_sim.apiRoot().toString());
    SettingsDialog *dialog = openDialog();
    QVERIFY(dialog);
    const Parts p = parts(dialog);
    typeKey(p.key, m_sim.token());
    QTest::mouseClick(p.test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isTesting(), networkTimeoutMs);
    QVERIFY(p.testResult->text().contains(QLatin1String("accepted")));

    const QString folder = QStringLiteral(REPLIMON_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(dialog->grab().save(folder + QStringLiteral("/settings-dialog.png")));
    // No empty band above the buttons: the dialog is as tall as its content, not as the .ui's default.
    const auto *desktop = child<QWidget>(dialog, "desktopGroup");
    // (The groups are on the General page: measured in the dialog's coordinates.)
    const int gap = p.ok->mapTo(dialog, QPoint(0, 0)).y() - desktop->mapTo(dialog, QPoint(0, desktop->height())).y();
    QVERIFY2(gap < 40, qPrintable(QStringLiteral("%1 px between the last group and the buttons").arg(gap)));

    // A long rejection message and an invalid address: the wrapping cases.
    QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("status")},
        {QStringLiteral("status"), 401},
        {QStringLiteral("body"),
         QStringLiteral("{\"title\":\"Unauthenticated\",\"detail\":\"Your account has no remaining credit. Add a "
                        "payment method or top up your balance to keep using the API.\",\"status\":401}")}}}));
    QTest::mouseClick(p.test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isTesting(), networkTimeoutMs);
    QVERIFY2(p.testResult->text().contains(QLatin1String("no remaining credit")), qPrintable(p.testResult->text()));
    QVERIFY(dialog->grab().save(folder + QStringLiteral("/settings-dialog-rejected.png")));

    p.root->setText(QStringLiteral("relay.example/v1"));
    QVERIFY(p.rootError->isVisible());
    QVERIFY(dialog->grab().save(folder + QStringLiteral("/settings-dialog-invalid.png")));
}

QTEST_MAIN(tst_SettingsDialog)
#include "tst_settingsdialog.moc"
