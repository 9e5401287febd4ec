// The translations: the catalogues load from the resources, every message is translated with its
// placeholders intact, the catalogues cover every string in the sources, and the main window under the
// zh_CN translation shows Chinese (screenshot: main-window-zh_CN.png).
#include "ApiKeyStore.h"
#include "CapturePage.h"
#include "CaptureState.h"
#include "ConnectCodeDialog.h"
#include "ImageCache.h"
#include "ImageViewer.h"
#include "MainWindow.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "TaskStore.h"
#include "TestBackend.h"
#include "Translations.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <QToolBar>
#include <QToolButton>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

const QString tsDir = QStringLiteral(REPLIMON_SOURCE_DIR "/resources/translations");

bool hasHan(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff)
            return true;
    }
    return false;
}

struct TsMessage
{
    QString context;
    QString source;
    bool numerus = false;
    bool unfinished = false;
    QStringList translations; ///< one, or one per numerus form
};

QList<TsMessage> readTs(const QString &path)
{
    QList<TsMessage> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement() && xml.name() == u"message") {
            messages.append(message);
            continue;
        }
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            message = TsMessage{context, {}, xml.attributes().value(QLatin1String("numerus")) == u"yes", false, {}};
        } else if (name == u"source") {
            message.source = xml.readElementText();
        } else if (name == u"translation") {
            const auto type = xml.attributes().value(QLatin1String("type"));
            message.unfinished = type == u"unfinished" || type == u"vanished" || type == u"obsolete";
            if (!message.numerus)
                message.translations.append(xml.readElementText());
        } else if (name == u"numerusform") {
            message.translations.append(xml.readElementText());
        } else if (name != u"TS" && name != u"context") {
            xml.skipCurrentElement(); // comments
        }
    }
    return messages;
}

// %1…%9 and %n: what a translation must keep.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%(?:[1-9]|n)"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found.append(it.next().captured());
    found.sort();
    found.removeDuplicates();
    return found;
}

/// The visible captions, buttons and tab names under @p root that have no Chinese in them; @p except:
/// object names of labels that show addresses or code, never words.
QStringList untranslatedTexts(const QWidget &root, const QStringList &except = {})
{
    static const QRegularExpression accelerator(QStringLiteral("\\(&\\w\\)|&"));
    QStringList english;
    const auto check = [&english](const QString &text) {
        const QString plain = QString(text).remove(accelerator);
        if (!plain.trimmed().isEmpty() && !hasHan(plain))
            english.append(plain);
    };
    check(root.windowTitle());
    for (const QLabel *label : root.findChildren<QLabel *>()) {
        if (label->isVisible() && !except.contains(label->objectName()))
            check(label->text());
    }
    for (const QAbstractButton *button : root.findChildren<QAbstractButton *>()) {
        // OK, Cancel and Close are Qt's own (qt6-translations-l10n), which may not be installed.
        if (button->isVisible() && !qobject_cast<const QDialogButtonBox *>(button->parentWidget()))
            check(button->text());
    }
    for (const QTabBar *tabs : root.findChildren<QTabBar *>()) {
        for (int i = 0; i < tabs->count(); ++i) {
            if (!except.contains(tabs->parentWidget()->objectName()))
                check(tabs->tabText(i));
        }
    }
    return english;
}

} // namespace

class tst_Translations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void catalogueLoadsFromTheResources();
    void installFollowsTheSetting_data();
    void installFollowsTheSetting();
    void qtsOwnStringsFollow();
    void englishHasPluralForms();
    void everyMessageIsTranslated_data();
    void everyMessageIsTranslated();
    void cataloguesCoverTheSources_data();
    void cataloguesCoverTheSources();
    void mainWindowSpeaksChinese();
    void languageChosenWhileRunning();
    void settingsDialogSpeaksChinese();
    void captureSpeaksChinese();

private:
    Translations m_translations;
};

void tst_Translations::cleanup()
{
    m_translations.remove();
    QLocale::setDefault(QLocale::c());
}

void tst_Translations::catalogueLoadsFromTheResources()
{
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/replimon_zh_CN.qm")));
    QCOMPARE(translator.language(), QStringLiteral("zh_CN"));
    QVERIFY(!translator.isEmpty());
    const QString text = translator.translate("MainWindow", "No predictions yet");
    QVERIFY2(hasHan(text), qPrintable(text));

    QVERIFY(Translations::availableLanguages().contains(QStringLiteral("zh_CN")));
    QVERIFY(Translations::availableLanguages().contains(QStringLiteral("en")));
}

void tst_Translations::installFollowsTheSetting_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("catalogue");
    QTest::addColumn<bool>("chinese");
    QTest::addColumn<QLocale::Language>("defaultLanguage");

    QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << QStringLiteral("zh_CN") << true << QLocale::Chinese;
    QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("en_US") << false << QLocale::English;
}

void tst_Translations::installFollowsTheSetting()
{
    QFETCH(QString, setting);
    QFETCH(QString, catalogue);
    QFETCH(bool, chinese);
    QFETCH(QLocale::Language, defaultLanguage);
    QCOMPARE(m_translations.install(setting), catalogue);
    const QString text = QCoreApplication::translate("MainWindow", "No predictions yet");
    QCOMPARE(hasHan(text), chinese);
    // Numbers and dates follow an explicit choice.
    QCOMPARE(QLocale().language(), defaultLanguage);

    m_translations.remove();
    QCOMPARE(QCoreApplication::translate("MainWindow", "No predictions yet"), QStringLiteral("No predictions yet"));
}

void tst_Translations::qtsOwnStringsFollow()
{
    // Standard buttons come from Qt's catalogue (qtbase_zh_CN.qm, part of the Qt installation).
    const QString qtCatalogue =
        QDir(QLibraryInfo::path(QLibraryInfo::TranslationsPath)).filePath(QStringLiteral("qtbase_zh_CN.qm"));
    if (!QFile::exists(qtCatalogue))
        QSKIP("qtbase_zh_CN.qm is not installed");
    QCOMPARE(m_translations.install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QVERIFY(hasHan(QCoreApplication::translate("QPlatformTheme", "Cancel")));

    // English does not install Qt's catalogue of another language.
    m_translations.install(QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
}

void tst_Translations::englishHasPluralForms()
{
    QCOMPARE(m_translations.install(QStringLiteral("en")), QStringLiteral("en_US"));
    QCOMPARE(QCoreApplication::translate("MainWindow", "%n prediction(s) added", nullptr, 1),
             QStringLiteral("1 prediction added"));
    QCOMPARE(QCoreApplication::translate("MainWindow", "%n prediction(s) added", nullptr, 3),
             QStringLiteral("3 predictions added"));
}

void tst_Translations::everyMessageIsTranslated_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("zh_CN") << QStringLiteral("replimon_zh_CN.ts");
    QTest::newRow("en (plurals)") << QStringLiteral("replimon_en.ts");
}

void tst_Translations::everyMessageIsTranslated()
{
    QFETCH(QString, file);
    const QList<TsMessage> messages = readTs(QDir(tsDir).filePath(file));
    QVERIFY(!messages.isEmpty());
    QStringList problems;
    for (const TsMessage &message : messages) {
        const QString where = message.context + QStringLiteral(": ") + message.source;
        if (message.unfinished)
            problems.append(QStringLiteral("unfinished: ") + where);
        if (message.translations.isEmpty() || message.translations.contains(QString()))
            problems.append(QStringLiteral("empty: ") + where);
        // A numerus message must keep %n in every form; Chinese has one form, English two.
        QStringList expected = placeholders(message.source);
        for (const QString &translation : message.translations) {
            QStringList got = placeholders(translation);
            if (got != expected && !translation.isEmpty())
                problems.append(
                    QStringLiteral("placeholders %1 instead of %2: ").arg(got.join(u' '), expected.join(u' ')) + where);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void tst_Translations::cataloguesCoverTheSources_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("zh_CN") << QStringLiteral("replimon_zh_CN.ts") << QStringList();
    QTest::newRow("en (plurals)") << QStringLiteral("replimon_en.ts") << QStringList{QStringLiteral("-pluralonly")};
}

void tst_Translations::cataloguesCoverTheSources()
{
    // lupdate over the sources into a copy of the catalogue: a string added to the code and missing from
    // the catalogue shows up as unfinished. (`cmake --build … --target update_translations` updates them.)
    QFETCH(QString, file);
    QFETCH(QStringList, options);
    QTemporaryDir dir;
    const QString copy = dir.filePath(file);
    QVERIFY(QFile::copy(QDir(tsDir).filePath(file), copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    QStringList args;
    for (const char *sub :
         {"src/api", "src/provenance", "src/core", "src/capture", "src/models", "src/widgets", "src/app", "ui"})
        args.append(QStringLiteral(REPLIMON_SOURCE_DIR "/") + QLatin1String(sub));
    args << QStringLiteral("-locations") << QStringLiteral("none") << QStringLiteral("-no-obsolete") << options
         << QStringLiteral("-ts") << copy;
    QProcess lupdate;
    lupdate.start(QStringLiteral(REPLIMON_LUPDATE), args);
    QVERIFY(lupdate.waitForFinished(120000));
    QCOMPARE(lupdate.exitCode(), 0);

    QStringList missing;
    for (const TsMessage &message : readTs(copy)) {
        if (message.unfinished)
            missing.append(message.context + QStringLiteral(": ") + message.source);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in %1:\n").arg(file) + missing.join(u'\n')));
}

void tst_Translations::mainWindowSpeaksChinese()
{
    QCOMPARE(m_translations.install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));

    TestBackend backend(TestBackend::offline());
    QVERIFY2(backend.open(), qPrintable(backend.errorString()));
    TaskStore &store = backend.store();
    // A few tasks in different states, so that the table shows its headers, statuses and icons.
    const QString provider = QStringLiteral("quickrouter");
    const struct
    {
        const char *id;
        const char *status;
        const char *prompt;
    } rows[] = {
        {"w44zs9cet5rmc0cqzp49gpkhf8", "succeeded", "一只戴着小皇冠的猫，水彩风格"},
        {"qh5yfvd6ksrm80cqzpa9kq5ks4", "failed", "a neon sign that says OPEN"},
        {"8xv2k1m3d5rmc0cqzp4bqvnt2c", "canceled", "a lighthouse at dusk, film photo"},
        {"zq7h3fy0xnrmc0cqzp4c1ve8d4", "succeeded", "山间小屋，清晨薄雾，35mm 胶片"},
    };
    for (const auto &row : rows) {
        const QString id = QString::fromLatin1(row.id);
        QVERIFY(store.add(provider, {id}));
        const QJsonObject object{
            {QStringLiteral("id"), id},
            {QStringLiteral("model"), QStringLiteral("black-forest-labs/flux-schnell")},
            {QStringLiteral("status"), QString::fromLatin1(row.status)},
            {QStringLiteral("created_at"), QStringLiteral("2026-11-22T02:10:00.000Z")},
            {QStringLiteral("input"), QJsonObject{{QStringLiteral("prompt"), QString::fromUtf8(row.prompt)}}}};
        const auto prediction = Prediction::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact));
        QVERIFY(prediction);
        QVERIFY(store.update(provider, QList<Prediction>{prediction.value()}));
    }
    QVERIFY(store.add(provider, {QStringLiteral("a7d0fw3jqsrmc0cqzp4d2kgm1c")})); // not fetched yet

    MainWindow window(store, backend.scheduler(), backend.settings());
    window.setProviderLabel(QStringLiteral("QuickRouter"));
    window.setHasApiKey(true);
    window.resize(1100, 560);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Menus, buttons, labels and the table's headers: everything the user reads is in Chinese.
    QStringList english;
    for (const QMenu *menu : window.menuBar()->findChildren<QMenu *>()) {
        if (!menu->title().isEmpty() && !hasHan(menu->title()))
            english.append(menu->title());
    }
    QAbstractItemModel *table = nullptr;
    for (QAbstractItemView *view : window.findChildren<QAbstractItemView *>()) {
        if (view->isVisible() && view->model() && view->model()->columnCount() > 5)
            table = view->model();
    }
    QVERIFY(table);
    for (int column = 0; column < table->columnCount(); ++column) {
        const QString header = table->headerData(column, Qt::Horizontal).toString();
        // "ID" is what Chinese tables call it too; a symbol ("★") has no language.
        const bool hasLetters = std::any_of(header.cbegin(), header.cend(), [](QChar c) { return c.isLetter(); });
        if (header != u"ID" && hasLetters && !hasHan(header))
            english.append(header);
    }
    QVERIFY2(english.isEmpty(), qPrintable(english.join(u", ")));
    int chineseTexts = 0;
    for (const QLabel *label : window.findChildren<QLabel *>())
        chineseTexts += label->isVisible() && hasHan(label->text()) ? 1 : 0;
    QVERIFY(chineseTexts > 0);

    QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
    const QString path =
        QDir(QStringLiteral(REPLIMON_SCREENSHOT_DIR)).filePath(QStringLiteral("main-window-zh_CN.png"));
    QVERIFY(window.grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

void tst_Translations::languageChosenWhileRunning()
{
    // Settings → Language takes effect at once: the open window speaks the new language, no restart.
    QCOMPARE(m_translations.install(QStringLiteral("en")), QStringLiteral("en_US"));
    TestBackend backend(TestBackend::offline());
    QVERIFY2(backend.open(), qPrintable(backend.errorString()));
    MainWindow window(backend.store(), backend.scheduler(), backend.settings());
    window.setHasApiKey(true);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // A full-size image viewer left open (a window of its own, a child of the window's detail pane).
    ImageCache images(backend.nam(), backend.filePath(QStringLiteral("cache")));
    auto *viewer = new ImageViewer(images, &window);
    viewer->show();
    const auto *fit = viewer->findChild<QToolButton *>(QStringLiteral("fitButton"));
    QCOMPARE(fit->text(), QStringLiteral("Fit"));

    const auto texts = [&window] {
        QStringList all;
        for (const QMenu *menu : window.menuBar()->findChildren<QMenu *>())
            all.append(menu->title());
        for (const QString &name : {QStringLiteral("emptyTitle"), QStringLiteral("emptyText")})
            all.append(window.findChild<QLabel *>(name)->text());
        all.append(window.findChild<QPushButton *>(QStringLiteral("emptyPrimaryButton"))->text());
        const auto *filter = window.findChild<QComboBox *>(QStringLiteral("statusFilter"));
        for (int i = 0; i < filter->count(); ++i)
            all.append(filter->itemText(i));
        for (const QAction *action : window.findChild<QToolBar *>()->actions()) {
            if (!action->isSeparator())
                all.append(action->iconText());
        }
        all.removeAll(QString());
        return all;
    };
    const auto notChinese = [](const QStringList &all) {
        QStringList english;
        for (const QString &text : all) {
            if (!hasHan(text))
                english.append(text);
        }
        return english;
    };
    QVERIFY(notChinese(texts()).size() == texts().size());
    QVERIFY(texts().join(u' ').contains(QStringLiteral("No predictions yet")));

    QCOMPARE(m_translations.install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QTRY_COMPARE(notChinese(texts()), QStringList());
    QTRY_VERIFY2(hasHan(fit->text()), qPrintable(fit->text()));

    QCOMPARE(m_translations.install(QStringLiteral("en")), QStringLiteral("en_US"));
    QTRY_VERIFY(texts().join(u' ').contains(QStringLiteral("No predictions yet")));
    QCOMPARE(notChinese(texts()).size(), texts().size());
}

void tst_Translations::settingsDialogSpeaksChinese()
{
    // Never the user's keyring: the dialog's key read fails fast and says so.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/replimon-test-bus");
    QCOMPARE(m_translations.install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("replimon.ini")));
    settings.setDownloadFolder(QStringLiteral("/home/user/Pictures/Replimon"));
    ApiKeyStore keys(settings);
    keys.setServiceName(QStringLiteral("replimon-translations-test"));
    QNetworkAccessManager nam;
    SettingsDialog dialog(settings, keys, nam, true);
    dialog.setDemoRoot(QUrl(QStringLiteral("http://127.0.0.1:8080/v1")));
    dialog.setCurrentProvider(ApiEndpoint::Provider::Demo);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    // Every caption, title and button the user reads; the language names are each in their own language.
    QStringList english;
    const auto check = [&english](const QString &text) {
        QString plain = text;
        plain.remove(QRegularExpression(QStringLiteral("\\(&\\w\\)|&")));
        if (!plain.trimmed().isEmpty() && !hasHan(plain))
            english.append(plain);
    };
    check(dialog.windowTitle());
    for (const QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->isVisible() && label->objectName() != u"rootErrorLabel")
            check(label->text());
    }
    for (const QGroupBox *group : dialog.findChildren<QGroupBox *>())
        check(group->title());
    // OK and Cancel come from Qt's own catalogue (qt6-translations-l10n), when it is installed.
    const bool qtCatalogue = QFile::exists(
        QDir(QLibraryInfo::path(QLibraryInfo::TranslationsPath)).filePath(QStringLiteral("qtbase_zh_CN.qm")));
    for (const QAbstractButton *button : dialog.findChildren<QAbstractButton *>()) {
        const bool standard = qobject_cast<const QDialogButtonBox *>(button->parentWidget());
        if (button->isVisible() && (qtCatalogue || !standard))
            check(button->text());
    }
    const auto *provider = dialog.findChild<QComboBox *>(QStringLiteral("providerCombo"));
    check(provider->currentText()); // Demo
    english.removeAll(QStringLiteral("English"));
    QVERIFY2(english.isEmpty(), qPrintable(english.join(u" | ")));

    QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
    const QString path =
        QDir(QStringLiteral(REPLIMON_SCREENSHOT_DIR)).filePath(QStringLiteral("settings-dialog-zh_CN.png"));
    QVERIFY(dialog.grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

void tst_Translations::captureSpeaksChinese()
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/replimon-test-bus");
    QCOMPARE(m_translations.install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("replimon.ini")));
    settings.setCaptureAllowedOrigins({QStringLiteral("http://localhost:3000")});
    ApiKeyStore keys(settings);
    keys.setServiceName(QStringLiteral("replimon-translations-test"));
    QNetworkAccessManager nam;
    const QString folder = QStringLiteral(REPLIMON_SCREENSHOT_DIR);
    QDir().mkpath(folder);

    // Settings → Capture with the port taken: the message from the endpoint is Chinese too.
    CaptureState state;
    state.enabled = true;
    state.port = 5088;
    state.problem = QCoreApplication::translate("CaptureServer",
                                                "Port %1 is in use by another program. Choose another port in "
                                                "Settings → Capture, or close the program using it.")
                        .arg(5088);
    SettingsDialog dialog(settings, keys, nam, false);
    dialog.capturePage().setState(state);
    dialog.showCapturePage();
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QStringList english = untranslatedTexts(dialog, {QStringLiteral("urlsValue")});
    QVERIFY2(english.isEmpty(), qPrintable(english.join(u" | ")));
    QVERIFY(dialog.grab().save(QDir(folder).filePath(QStringLiteral("settings-capture-zh_CN.png"))));

    // The Connect dialog while capture listens; the snippet tabs are named after languages and tools.
    state.listening = true;
    state.problem.clear();
    state.upstream = QStringLiteral("https://api.replicate.com/v1");
    ConnectCodeDialog connectDialog(settings);
    connectDialog.setState(state);
    connectDialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&connectDialog));
    english = untranslatedTexts(connectDialog, {QStringLiteral("snippetTabs")});
    QVERIFY2(english.isEmpty(), qPrintable(english.join(u" | ")));
    QVERIFY(connectDialog.grab().save(QDir(folder).filePath(QStringLiteral("connect-code-zh_CN.png"))));
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
