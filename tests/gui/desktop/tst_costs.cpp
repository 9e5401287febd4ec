// What tasks cost, as the running application shows it: the status bar's total of the filtered or selected
// tasks, Settings → Prices changing the table's Cost column and the detail pane, a bad row refused with
// nothing written, and a header state saved before the Cost column existed.
#include "Application.h"
#include "MainWindow.h"
#include "PricesPage.h"
#include "Settings.h"
#include "SettingsDialog.h"
#include "StatusBarFields.h"
#include "TaskDetailPane.h"
#include "TaskFilterModel.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "TestTasks.h"
#include "Translations.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;

namespace {

const QString replicate = QStringLiteral("replicate");
const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");

Prediction prediction(const QString &id, const QString &model, const QString &status, int images)
{
    return TestTasks::make(TestTasks::withImages(id, model, status, images));
}

void saveScreenshot(QWidget &widget, const QString &name)
{
    const QString dir = QStringLiteral(REPLIMON_SCREENSHOT_DIR);
    QDir().mkpath(dir);
    QVERIFY(widget.grab().save(QDir(dir).filePath(name)));
}

} // namespace

class tst_Costs final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void statusBarTotalsFilteredOrSelectedTasks();
    void pricesPageChangesTheCostColumn();
    void badRowIsSaidAndNothingWritten();
    void headerSavedBeforeTheCostColumnRestores();
    void pricesInChinese();

private:
    void startApp();
    QLabel &costLabel() const;
    QTableView &table() const;
    /// The table's row of task @p id.
    int rowOf(const QString &id) const;
    SettingsDialog &openSettings() const;
    /// The Prices page's row of @p model.
    static int priceRow(const PricesPage &page, const QString &model);

    Translations m_translations;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Application> m_app;
    Application::Options m_options;
};

void tst_Costs::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(!m_translations.install(QStringLiteral("en")).isEmpty());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    // A key from the environment: OK in Settings needs no keychain. Nothing answers at the root.
    qputenv("REPLIMON_API_KEY", "r8_costs0000000000000000000000000000000000");
}

void tst_Costs::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_options = {};
    m_options.settingsPath = m_dir->filePath(QStringLiteral("replimon.ini"));
    m_options.databasePath = m_dir->filePath(QStringLiteral("tasks.sqlite"));
    m_options.autostartPath = m_dir->filePath(QStringLiteral("autostart/replimon.desktop"));
    Settings settings(m_options.settingsPath);
    settings.setProvider(ApiEndpoint::Provider::Custom);
    settings.setCustomRoot(QStringLiteral("http://127.0.0.1:9/v1"));
    settings.setAutoDownload(false);
    settings.setPollInterval(60s);
    settings.sync();

    TaskStore store;
    QVERIFY(store.open(m_options.databasePath).ok());
    const QList<Prediction> predictions{
        prediction(QStringLiteral("schnell4"), schnell, QStringLiteral("succeeded"), 4),
        prediction(QStringLiteral("other"), QStringLiteral("someone/else"), QStringLiteral("succeeded"), 1),
        prediction(QStringLiteral("dev1"), QStringLiteral("black-forest-labs/flux-dev"), QStringLiteral("succeeded"),
                   1),
        prediction(QStringLiteral("running"), schnell, QStringLiteral("processing"), 0),
        prediction(QStringLiteral("failed"), schnell, QStringLiteral("failed"), 0)};
    QStringList ids;
    for (const Prediction &each : predictions)
        ids.append(each.id());
    QVERIFY(store.add(replicate, ids).ok());
    QVERIFY(store.update(replicate, predictions).ok());
}

void tst_Costs::cleanup()
{
    m_app.reset();
    m_dir.reset();
}

void tst_Costs::startApp()
{
    m_app = std::make_unique<Application>(m_options, m_translations);
    QVERIFY(m_app->start());
    m_app->window().resize(1500, 600);
}

QLabel &tst_Costs::costLabel() const
{
    return *m_app->window().findChild<QLabel *>(QStringLiteral("costLabel"));
}

QTableView &tst_Costs::table() const
{
    return *m_app->window().findChild<QTableView *>(QStringLiteral("tableView"));
}

int tst_Costs::rowOf(const QString &id) const
{
    const QAbstractItemModel *model = table().model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, TaskTableModel::Id).data().toString() == id)
            return row;
    }
    return -1;
}

SettingsDialog &tst_Costs::openSettings() const
{
    Q_EMIT m_app->window().settingsRequested();
    return *m_app->window().findChild<SettingsDialog *>();
}

int tst_Costs::priceRow(const PricesPage &page, const QString &model)
{
    for (int row = 0; row < page.rows().rowCount(); ++row) {
        if (page.rows().item(row, PricesPage::ModelColumn)->text() == model)
            return row;
    }
    return -1;
}

void tst_Costs::statusBarTotalsFilteredOrSelectedTasks()
{
    startApp();
    // $0.012 + $0.025 + $0.00; the unpriced model and the running task are never counted as 0.
    QTRY_COMPARE(costLabel().text(), QStringLiteral("Cost: $0.037 (5 tasks), 1 unknown, 1 running"));

    m_app->window().filterModel().setStatusFilter(TaskFilterModel::StatusFilter::Failed);
    m_app->window().filterModel().applyNow();
    QTRY_COMPARE(costLabel().text(), QStringLiteral("Cost: $0.00 (1 task)"));
    m_app->window().filterModel().setStatusFilter(TaskFilterModel::StatusFilter::Succeeded);
    m_app->window().filterModel().applyNow();
    QTRY_COMPARE(costLabel().text(), QStringLiteral("Cost: $0.037 (3 tasks), 1 unknown"));

    // Two or more selected: their total. One: the filtered tasks' again.
    QItemSelectionModel *selection = table().selectionModel();
    const auto select = [&](const QString &id) {
        selection->select(table().model()->index(rowOf(id), 0),
                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    };
    select(QStringLiteral("schnell4"));
    QTest::qWait(2 * StatusBarFields::costDelayMs);
    QCOMPARE(costLabel().text(), QStringLiteral("Cost: $0.037 (3 tasks), 1 unknown"));
    select(QStringLiteral("other"));
    QTRY_COMPARE(costLabel().text(), QStringLiteral("Selected: $0.012 (2 tasks), 1 unknown"));
    select(QStringLiteral("dev1"));
    QTRY_COMPARE(costLabel().text(), QStringLiteral("Selected: $0.037 (3 tasks), 1 unknown"));
    selection->clearSelection();
    QTRY_COMPARE(costLabel().text(), QStringLiteral("Cost: $0.037 (3 tasks), 1 unknown"));
}

void tst_Costs::pricesPageChangesTheCostColumn()
{
    startApp();
    m_app->window().show();
    m_app->window().selectTask({replicate, QStringLiteral("schnell4")});
    const QModelIndex schnell4 = table().model()->index(rowOf(QStringLiteral("schnell4")), TaskTableModel::Cost);
    QCOMPARE(schnell4.data().toString(), QStringLiteral("$0.012"));
    auto *paneCost = m_app->window().detailPane()->findChild<QLabel *>(QStringLiteral("costValue"));
    QCOMPARE(paneCost->text(), QStringLiteral("$0.012 (4 images × $0.003, Replicate's price of 12/3/26)"));

    SettingsDialog &dialog = openSettings();
    PricesPage &page = dialog.pricesPage();
    QCOMPARE(page.findChild<QLabel *>(QStringLiteral("pricesChecked"))->text(),
             QStringLiteral("Replicate's prices as checked on Thursday, December 3, 2026. A relay's prices are its "
                            "own: add them here."));
    const int row = priceRow(page, schnell);
    QVERIFY(row >= 0);
    dialog.resize(760, 520);
    dialog.show();
    qobject_cast<QTabWidget *>(page.parentWidget()->parentWidget())->setCurrentWidget(&page);
    saveScreenshot(dialog, QStringLiteral("prices-en.png"));
    page.rows().item(row, PricesPage::PriceColumn)->setText(QStringLiteral("0.005"));
    QPointer<SettingsDialog> open(&dialog);
    dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(!open);

    const PriceTable prices = m_app->settings().prices();
    const PriceRule *rule = prices.find(replicate, schnell);
    QVERIFY(rule);
    QCOMPARE(rule->price.amount, 0.005);
    QCOMPARE(Settings(m_options.settingsPath).prices(), m_app->settings().prices());
    QCOMPARE(schnell4.data().toString(), QStringLiteral("$0.02"));
    QCOMPARE(paneCost->text(), QStringLiteral("$0.02 (4 images × $0.005, your price)"));
    QTRY_COMPARE(costLabel().text(), QStringLiteral("Cost: $0.045 (5 tasks), 1 unknown, 1 running"));
    saveScreenshot(m_app->window(), QStringLiteral("cost-column-en.png"));
}

void tst_Costs::badRowIsSaidAndNothingWritten()
{
    startApp();
    SettingsDialog &dialog = openSettings();
    PricesPage &page = dialog.pricesPage();
    QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    const int defaults = int(PriceTable::defaults().rules().size());
    for (QPushButton *button : page.findChildren<QPushButton *>()) {
        if (button->text() == u"Add")
            button->click();
    }
    QCOMPARE(page.rows().rowCount(), defaults + 1);
    const int row = defaults;
    const QString number = QString::number(row + 1);

    ok->click();
    QVERIFY(dialog.isVisible());
    QCOMPARE(page.message(),
             QStringLiteral("Row %1 has no model: enter it as predictions name it (owner/name), or "
                            "remove the row.")
                 .arg(number));
    page.rows().item(row, PricesPage::ModelColumn)->setText(QStringLiteral("acme/relay-model"));
    QCOMPARE(page.message(), QString());
    page.rows().item(row, PricesPage::PriceColumn)->setText(QStringLiteral("-0.5"));
    ok->click();
    QCOMPARE(page.message(),
             QStringLiteral("Row %1 (acme/relay-model): the price must be a number of 0 or more.").arg(number));
    page.rows().item(row, PricesPage::PriceColumn)->setText(QStringLiteral("0.2"));
    page.rows().item(row, PricesPage::CurrencyColumn)->setText(QStringLiteral("RMB1"));
    ok->click();
    QCOMPARE(page.message(),
             QStringLiteral("Row %1 (acme/relay-model): the currency must be a three-letter code such as USD or CNY.")
                 .arg(number));
    QVERIFY(dialog.isVisible());
    // Nothing was written: not the prices, not the other pages' settings.
    QCOMPARE(m_app->settings().prices(), PriceTable::defaults());
    {
        QFile file(m_options.settingsPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("prices"));
    }

    // Fixed, it is kept with the others.
    page.rows().item(row, PricesPage::CurrencyColumn)->setText(QStringLiteral("cny"));
    QPointer<SettingsDialog> open(&dialog);
    ok->click();
    QTRY_VERIFY(!open);
    const PriceTable prices = m_app->settings().prices();
    const PriceRule *rule = prices.find(ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom),
                                        QStringLiteral("acme/relay-model"));
    QVERIFY(rule);
    QCOMPARE(rule->price, (Money{0.2, QStringLiteral("CNY")}));
    QCOMPARE(m_app->settings().prices().rules().size(), defaults + 1);
}

void tst_Costs::headerSavedBeforeTheCostColumnRestores()
{
    // A header saved by a Replimon whose table ended at Source: Images hidden, the prompt sized by hand.
    QByteArray oldState;
    {
        QStandardItemModel model(1, TaskTableModel::Source + 1);
        QTableView view;
        view.setModel(&model);
        view.horizontalHeader()->setSectionHidden(TaskTableModel::Images, true);
        view.horizontalHeader()->resizeSection(TaskTableModel::Prompt, 333);
        oldState = view.horizontalHeader()->saveState();
    }
    {
        Settings settings(m_options.settingsPath);
        settings.setTableHeaderState(oldState);
        settings.sync();
    }
    startApp();
    QHeaderView *header = table().horizontalHeader();
    QCOMPARE(header->count(), int(TaskTableModel::ColumnCount));
    QVERIFY(header->isSectionHidden(TaskTableModel::Images));
    QCOMPARE(header->sectionSize(TaskTableModel::Prompt), 333);
    QVERIFY(!header->isSectionHidden(TaskTableModel::Cost));
    QVERIFY(header->sectionSize(TaskTableModel::Cost) > 0);
    QCOMPARE(table().model()->index(rowOf(QStringLiteral("dev1")), TaskTableModel::Cost).data().toString(),
             QStringLiteral("$0.025"));

    // The Cost column's own width and visibility are saved and restored like the others'.
    header->resizeSection(TaskTableModel::Cost, 91);
    m_app->window().close();
    m_app.reset();
    startApp();
    header = table().horizontalHeader();
    QCOMPARE(header->sectionSize(TaskTableModel::Cost), 91);
    header->setSectionHidden(TaskTableModel::Cost, true);
    m_app->window().close();
    m_app.reset();
    startApp();
    QVERIFY(table().horizontalHeader()->isSectionHidden(TaskTableModel::Cost));
    QVERIFY(table().horizontalHeader()->isSectionHidden(TaskTableModel::Images));
}

void tst_Costs::pricesInChinese()
{
    QVERIFY(!m_translations.install(QStringLiteral("zh_CN")).isEmpty());
    startApp();
    m_app->window().show();
    m_app->window().selectTask({replicate, QStringLiteral("schnell4")});
    QTRY_COMPARE(costLabel().text(), QStringLiteral("费用：$0.037（5 个任务），1 个未知，1 个运行中"));
    QCOMPARE(m_app->window().detailPane()->findChild<QLabel *>(QStringLiteral("costValue"))->text(),
             QStringLiteral("$0.012（4 张图片 × $0.003，Replicate 2026/12/3 的价格）"));
    saveScreenshot(m_app->window(), QStringLiteral("cost-column-zh.png"));
    SettingsDialog &dialog = openSettings();
    dialog.resize(760, 520);
    dialog.show();
    qobject_cast<QTabWidget *>(dialog.pricesPage().parentWidget()->parentWidget())
        ->setCurrentWidget(&dialog.pricesPage());
    saveScreenshot(dialog, QStringLiteral("prices-zh.png"));
    dialog.reject();
    QVERIFY(!m_translations.install(QStringLiteral("en")).isEmpty());
}

QTEST_MAIN(tst_Costs)
#include "tst_costs.moc"
