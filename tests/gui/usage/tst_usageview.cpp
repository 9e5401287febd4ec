// The Usage window as a user meets it: the charts' bars hold the spend, images and outcomes of known tasks
// on their days, the window follows the table's filter and new tasks, Save as PNG… writes an image that
// reads back at the charts' size with the bars' colours in it (and says so when it cannot), nothing to
// chart says so, the words are Chinese under zh_CN, and View → Usage… opens it with Ctrl+U.
#include "MainWindow.h"
#include "PriceTable.h"
#include "Settings.h"
#include "TaskFilterModel.h"
#include "TaskStore.h"
#include "TaskTableModel.h"
#include "TestBackend.h"
#include "Translations.h"
#include "UsageActions.h"
#include "UsageCharting.h"
#include "UsageView.h"

#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace UsageCharting;

namespace {

const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");
const QString dev = QStringLiteral("black-forest-labs/flux-dev");
const QString mystery = QStringLiteral("someone/mystery-model");
const QDate today(2026, 12, 3);

} // namespace

class tst_UsageView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void chartsHoldTheTasks();
    void followsTheFilterAndTheTasks();
    void oneCurrencyAtATime();
    void savesPng();
    void saveFailureIsSaid();
    void emptyWhenNothingInThirtyDays();
    void chineseWords();
    void menuAndShortcut();
    void screenshots();

private:
    bool addKnownTasks();
    /// openView() over the known tasks, once it charts them; null when it does not.
    std::unique_ptr<UsageView> chartedView();
    /// A Usage window over the store and filter, pinned to today, waited for until it charts.
    std::unique_ptr<UsageView> openView();
    bool waitForCharts(UsageView &view);

    TestBackend m_backend{TestBackend::offline()};
    Translations m_english; ///< As the app installs it: plural forms, and an English locale
    std::unique_ptr<TaskTableModel> m_table;
    std::unique_ptr<TaskFilterModel> m_filter;
};

void tst_UsageView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(!m_english.install(QStringLiteral("en")).isEmpty());
    QVERIFY2(m_backend.start(), qPrintable(m_backend.errorString()));
    QDir().mkpath(QStringLiteral(REPLIMON_SCREENSHOT_DIR));
}

void tst_UsageView::init()
{
    QVERIFY2(m_backend.open(), qPrintable(m_backend.errorString()));
    m_table = std::make_unique<TaskTableModel>(m_backend.store());
    m_filter = std::make_unique<TaskFilterModel>();
    m_filter->setSourceModel(m_table.get());
}

void tst_UsageView::cleanup()
{
    m_filter.reset();
    m_table.reset();
    m_backend.close();
}

bool tst_UsageView::addKnownTasks()
{
    const QDate twoDaysAgo = today.addDays(-2);
    const QList<Prediction> predictions{
        prediction(QStringLiteral("s1"), schnell, QStringLiteral("succeeded"), today, 4, 1.5),
        prediction(QStringLiteral("s2"), schnell, QStringLiteral("succeeded"), today, 2, 2.5),
        prediction(QStringLiteral("s3"), schnell, QStringLiteral("failed"), today),
        prediction(QStringLiteral("s4"), schnell, QStringLiteral("canceled"), twoDaysAgo),
        prediction(QStringLiteral("d1"), dev, QStringLiteral("succeeded"), today, 1, 9),
        prediction(QStringLiteral("d2"), dev, QStringLiteral("succeeded"), twoDaysAgo, 2, 11),
        prediction(QStringLiteral("m1"), mystery, QStringLiteral("succeeded"), today, 1, 4),
        // Created 00:00:30 today: today, although it is still yesterday in UTC east of Greenwich.
        prediction(QStringLiteral("s5"), schnell, QStringLiteral("succeeded"), today, 1, 2, QTime(0, 0, 30)),
        prediction(QStringLiteral("old"), schnell, QStringLiteral("succeeded"), today.addDays(-30), 3),
    };
    return m_backend.store().addPredictions(QStringLiteral("replicate"), predictions).ok();
}

std::unique_ptr<UsageView> tst_UsageView::chartedView()
{
    std::unique_ptr<UsageView> view = addKnownTasks() ? openView() : nullptr;
    return view && waitForCharts(*view) ? std::move(view) : nullptr;
}

bool tst_UsageView::waitForCharts(UsageView &view)
{
    return QTest::qWaitFor([&] { return !view.model().isComputing() && !view.model().summary().isEmpty(); }, 5000)
        && !view.chart(QStringLiteral("spendChart"))->series().isEmpty();
}

std::unique_ptr<UsageView> tst_UsageView::openView()
{
    auto view = std::make_unique<UsageView>(m_backend.store(), *m_filter, m_backend.settings());
    view->model().setFixedToday(today, QTimeZone::systemTimeZone());
    view->model().refresh();
    view->show();
    if (!QTest::qWaitForWindowExposed(view.get()))
        return nullptr;
    return view;
}

void tst_UsageView::chartsHoldTheTasks()
{
    auto view = chartedView();
    QVERIFY(view);
    const int last = 29;

    QChart *spend = view->chart(QStringLiteral("spendChart"));
    QCOMPARE(spend->title(), QStringLiteral("Spend per day (USD)"));
    QCOMPARE(labelsOf(spend), (QStringList{QStringLiteral("flux-schnell"), QStringLiteral("flux-dev")}));
    QCOMPARE(valueOf(spend, QStringLiteral("flux-schnell"), last), 7 * 0.003);
    QCOMPARE(valueOf(spend, QStringLiteral("flux-dev"), last), 0.025);
    QCOMPARE(valueOf(spend, QStringLiteral("flux-dev"), last - 2), 2 * 0.025);
    QCOMPARE(valueOf(spend, QStringLiteral("flux-schnell"), last - 2), 0.0);
    // A date a week, ending with today.
    const QStringList days = daysOf(spend);
    QCOMPARE(days.size(), 5);
    QCOMPARE(days.last(), QLocale().toString(today, QLocale::ShortFormat));
    QCOMPARE(days.first(), QLocale().toString(today.addDays(-28), QLocale::ShortFormat));

    QChart *images = view->chart(QStringLiteral("imagesChart"));
    QCOMPARE(images->title(), QStringLiteral("Images per day"));
    QCOMPARE(valueOf(images, QStringLiteral("flux-schnell"), last), 7.0);
    QCOMPARE(valueOf(images, QStringLiteral("mystery-model"), last), 1.0);
    QCOMPARE(valueOf(images, QStringLiteral("flux-dev"), last - 2), 2.0);
    QCOMPARE(daysOf(images), days);

    QChart *outcomes = view->chart(QStringLiteral("outcomesChart"));
    QCOMPARE(valueOf(outcomes, QStringLiteral("Succeeded"), last), 5.0);
    QCOMPARE(valueOf(outcomes, QStringLiteral("Failed, canceled or aborted"), last), 1.0);
    QCOMPARE(valueOf(outcomes, QStringLiteral("Failed, canceled or aborted"), last - 2), 1.0);
    QCOMPARE(valueOf(outcomes, QStringLiteral("Succeeded"), last - 1), 0.0);

    QChart *runTimes = view->chart(QStringLiteral("runTimeChart"));
    QCOMPARE(runTimes->title(), QStringLiteral("Median run time per model"));
    // Slowest at the top, which a horizontal bar chart draws last.
    QCOMPARE(
        categoriesOf(runTimes, Qt::Vertical),
        (QStringList{QStringLiteral("flux-schnell"), QStringLiteral("mystery-model"), QStringLiteral("flux-dev")}));
    QCOMPARE(valueOf(runTimes, QStringLiteral("Median run time"), 2), 10.0);
    QCOMPARE(valueOf(runTimes, QStringLiteral("Median run time"), 0), 2.0);

    QVERIFY2(view->summaryText().contains(QStringLiteral("8 predictions that the table shows")),
             qPrintable(view->summaryText()));
    QVERIFY2(view->summaryText().contains(QStringLiteral("spent $0.096")), qPrintable(view->summaryText()));
    QVERIFY2(view->summaryText().contains(QStringLiteral("1 without a price (not in the spend)")),
             qPrintable(view->summaryText()));
    QVERIFY(view->currencyBox()->isHidden()); // one currency: nothing to choose
}

void tst_UsageView::followsTheFilterAndTheTasks()
{
    auto view = chartedView();
    QVERIFY(view);
    QSignalSpy updated(view.get(), &UsageView::chartsUpdated);

    m_filter->setSearchText(QStringLiteral("flux-dev"));
    m_filter->applyNow();
    QTRY_COMPARE_WITH_TIMEOUT(labelsOf(view->chart(QStringLiteral("spendChart"))),
                              QStringList{QStringLiteral("flux-dev")}, 5000);
    QCOMPARE(updated.size(), 1); // the rows removed one span at a time made one refresh
    QVERIFY(view->summaryText().contains(QStringLiteral("2 predictions")));

    m_filter->setSearchText({});
    m_filter->setStatusFilter(TaskFilterModel::StatusFilter::CanceledOrAborted);
    m_filter->applyNow();
    QTRY_COMPARE_WITH_TIMEOUT(barSet(view->chart(QStringLiteral("outcomesChart")), QStringLiteral("Succeeded"))->sum(),
                              0.0, 5000);
    QCOMPARE(barSet(view->chart(QStringLiteral("outcomesChart")), QStringLiteral("Failed, canceled or aborted"))->sum(),
             1.0);

    m_filter->setStatusFilter(TaskFilterModel::StatusFilter::All);
    m_filter->applyNow();
    QTRY_COMPARE_WITH_TIMEOUT(valueOf(view->chart(QStringLiteral("imagesChart")), QStringLiteral("flux-schnell"), 29),
                              7.0, 5000);
    // A new task is charted without anything asked.
    QVERIFY(m_backend.store()
                .addPredictions(QStringLiteral("replicate"),
                                {prediction(QStringLiteral("s9"), schnell, QStringLiteral("succeeded"), today, 4)})
                .ok());
    QTRY_COMPARE_WITH_TIMEOUT(valueOf(view->chart(QStringLiteral("imagesChart")), QStringLiteral("flux-schnell"), 29),
                              11.0, 5000);
    // So is a new price: flux-schnell at ¥0.02 from a relay's table is a second currency, then the only one.
    PriceTable prices({{QStringLiteral("replicate"), schnell, PriceUnit::PerImage, {0.02, QStringLiteral("CNY")}}});
    m_backend.settings().setPrices(prices);
    QTRY_COMPARE_WITH_TIMEOUT(view->chart(QStringLiteral("spendChart"))->title(), QStringLiteral("Spend per day (CNY)"),
                              5000);
    QCOMPARE(valueOf(view->chart(QStringLiteral("spendChart")), QStringLiteral("flux-schnell"), 29), 11 * 0.02);
    QVERIFY2(view->summaryText().contains(QStringLiteral("3 without a price")), qPrintable(view->summaryText()));
}

void tst_UsageView::oneCurrencyAtATime()
{
    QList<PriceRule> rules = PriceTable::defaults().rules();
    rules.append({QStringLiteral("quickrouter"), schnell, PriceUnit::PerImage, {0.02, QStringLiteral("CNY")}});
    m_backend.settings().setPrices(PriceTable(rules));
    QVERIFY(m_backend.store()
                .addPredictions(QStringLiteral("quickrouter"),
                                {prediction(QStringLiteral("r1"), schnell, QStringLiteral("succeeded"), today, 3)})
                .ok());
    auto view = chartedView();
    QVERIFY(view);
    QVERIFY(view->currencyBox()->isVisible());
    QCOMPARE(view->currencyBox()->count(), 2);
    QCOMPARE(view->currency(), QStringLiteral("CNY")); // the first in code order
    QCOMPARE(valueOf(view->chart(QStringLiteral("spendChart")), QStringLiteral("flux-schnell"), 29), 3 * 0.02);
    QVERIFY2(view->summaryText().contains(QStringLiteral("spent ¥0.06 + $0.096")), qPrintable(view->summaryText()));

    view->currencyBox()->setCurrentIndex(view->currencyBox()->findData(QStringLiteral("USD")));
    QCOMPARE(view->chart(QStringLiteral("spendChart"))->title(), QStringLiteral("Spend per day (USD)"));
    QCOMPARE(valueOf(view->chart(QStringLiteral("spendChart")), QStringLiteral("flux-schnell"), 29), 7 * 0.003);
    // The choice outlives a refresh.
    view->model().refresh();
    QTRY_VERIFY(!view->model().isComputing());
    QCOMPARE(view->currency(), QStringLiteral("USD"));
}

void tst_UsageView::savesPng()
{
    auto view = chartedView();
    QVERIFY(view);
    QTemporaryDir dir;
    QString suggested;
    view->setFileChooser([&](const QString &name) {
        suggested = name;
        return dir.filePath(QStringLiteral("usage")); // no suffix: .png is added
    });
    view->saveButton()->click();
    QVERIFY(
        suggested.endsWith(QStringLiteral("replimon-usage-%1.png").arg(QDate::currentDate().toString(Qt::ISODate))));
    const QString path = dir.filePath(QStringLiteral("usage.png"));
    QCOMPARE(view->message(), QStringLiteral("Saved %1").arg(QDir::toNativeSeparators(path)));

    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.format() == QImage::Format_Invalid, false);
    QCOMPARE(image.size(), view->chartsArea()->size() * view->chartsArea()->devicePixelRatio());
    QVERIFY(image.width() >= 840 && image.height() >= 600);
    // Not blank: many colours, among them those of flux-schnell's bars in the spend chart and of the bars
    // of failures.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y) | 0xff000000);
    }
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    const QRgb schnellColour =
        barSet(view->chart(QStringLiteral("spendChart")), QStringLiteral("flux-schnell"))->color().rgb();
    const QRgb failedColour = barSet(view->chart(QStringLiteral("outcomesChart")),
                                     QStringLiteral("Failed, canceled or aborted"))
                                  ->color()
                                  .rgb();
    QVERIFY(colours.contains(schnellColour));
    QVERIFY(colours.contains(failedColour));
}

void tst_UsageView::saveFailureIsSaid()
{
    auto view = chartedView();
    QVERIFY(view);
    // The folder asked for is a file: nothing can be written under it.
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("charts")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString path = dir.filePath(QStringLiteral("charts/usage.png"));
    view->setFileChooser([&](const QString &) { return path; });
    view->saveButton()->click();
    QVERIFY(!QFile::exists(path));
    QVERIFY2(view->message().startsWith(QStringLiteral("The charts could not be saved: ")),
             qPrintable(view->message()));
    QVERIFY2(view->message().contains(QDir::toNativeSeparators(path))
                 || view->message().contains(QStringLiteral("charts")),
             qPrintable(view->message()));
    auto *box = view->findChild<QMessageBox *>(QStringLiteral("usageSaveFailed"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QCOMPARE(box->text(), view->message());
    box->close();
}

void tst_UsageView::emptyWhenNothingInThirtyDays()
{
    QVERIFY(m_backend.store()
                .addPredictions(
                    QStringLiteral("replicate"),
                    {prediction(QStringLiteral("old"), schnell, QStringLiteral("succeeded"), today.addDays(-30)),
                     prediction(QStringLiteral("older"), dev, QStringLiteral("failed"), today.addDays(-90))})
                .ok());
    auto view = openView();
    QVERIFY(view);
    QTRY_VERIFY_WITH_TIMEOUT(!view->model().isComputing() && view->emptyText().startsWith(QStringLiteral("No ")), 5000);
    QCOMPARE(view->emptyText(), QStringLiteral("No predictions in the last 30 days among those the table shows."));
    QVERIFY(!view->saveButton()->isEnabled());
    QVERIFY(!view->chartsArea()->isVisible());
}

void tst_UsageView::chineseWords()
{
    auto view = chartedView();
    QVERIFY(view);
    Translations translations;
    QCOMPARE(translations.install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QTRY_COMPARE(view->chart(QStringLiteral("spendChart"))->title(), QStringLiteral("每日花费（USD）"));
    QCOMPARE(view->windowTitle(), QStringLiteral("用量"));
    QCOMPARE(view->chart(QStringLiteral("imagesChart"))->title(), QStringLiteral("每日图片数"));
    QCOMPARE(view->chart(QStringLiteral("outcomesChart"))->title(), QStringLiteral("每日成功与失败"));
    QCOMPARE(view->chart(QStringLiteral("runTimeChart"))->title(), QStringLiteral("各模型运行时间中位数"));
    QCOMPARE(labelsOf(view->chart(QStringLiteral("outcomesChart"))),
             (QStringList{QStringLiteral("成功"), QStringLiteral("失败、已取消或已中止")}));
    QCOMPARE(view->saveButton()->text(), QStringLiteral("另存为 PNG…"));
    QVERIFY2(view->summaryText().contains(QStringLiteral("1 项没有价格（未计入花费）")),
             qPrintable(view->summaryText()));
    QCOMPARE(daysOf(view->chart(QStringLiteral("spendChart"))).last(), QLocale().toString(today, QLocale::ShortFormat));
    translations.remove();
    m_english.install(QStringLiteral("en"));
    QTRY_COMPARE(view->chart(QStringLiteral("spendChart"))->title(), QStringLiteral("Spend per day (USD)"));
}

void tst_UsageView::menuAndShortcut()
{
    QVERIFY(addKnownTasks());
    MainWindow window(m_backend.store(), m_backend.scheduler(), m_backend.settings());
    UsageActions actions(window, m_backend.store(), m_backend.settings());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // View sits before Help, and holds Usage….
    const QList<QAction *> menus = window.menuBar()->actions();
    const qsizetype view = menus.indexOf(actions.viewMenu()->menuAction());
    QVERIFY(view > 0);
    QCOMPARE(menus.at(view)->text(), QStringLiteral("&View"));
    QCOMPARE(menus.at(view + 1)->text(), QStringLiteral("&Help"));
    QCOMPARE(actions.usageAction()->text(), QStringLiteral("&Usage…"));
    QCOMPARE(actions.usageAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_U));
    // No other action of the window answers Ctrl+U.
    int holders = 0;
    for (const QAction *action : window.findChildren<QAction *>())
        holders += action->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_U)) ? 1 : 0;
    holders += actions.usageAction()->parent() != &window ? 1 : 0;
    QCOMPARE(holders, 1);

    // Also while typing in the search field, whose own Ctrl+U (delete the line) would otherwise take it.
    auto *search = window.findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    QVERIFY(search);
    search->setFocus();
    QTest::keyClick(search, Qt::Key_U, Qt::ControlModifier);
    QTRY_VERIFY(actions.view() && actions.view()->isVisible());
    UsageView *usage = actions.view();
    usage->model().setFixedToday(today, QTimeZone::systemTimeZone());
    // It follows the window's own filter.
    window.filterModel().setSearchText(QStringLiteral("mystery"));
    window.filterModel().applyNow();
    QTRY_COMPARE_WITH_TIMEOUT(labelsOf(usage->chart(QStringLiteral("imagesChart"))),
                              QStringList{QStringLiteral("mystery-model")}, 5000);
    // Asked again, the same window comes up.
    actions.usageAction()->trigger();
    QCOMPARE(actions.view(), usage);
}

void tst_UsageView::screenshots()
{
    // A month of a user's runs, as the demo makes them: mostly FLUX schnell, some dev and pro, a few
    // failures, and a model without a price.
    QRandomGenerator random(17);
    const QStringList models{schnell,
                             schnell,
                             schnell,
                             dev,
                             dev,
                             QStringLiteral("black-forest-labs/flux-1.1-pro"),
                             QStringLiteral("black-forest-labs/flux-kontext-pro"),
                             QStringLiteral("bytedance/sdxl-lightning-4step")};
    QList<Prediction> predictions;
    for (int day = 0; day < 30; ++day) {
        const int count = 2 + int(random.bounded(8)) + (day % 7 < 5 ? 4 : 0);
        for (int i = 0; i < count; ++i) {
            const QString model = models.at(int(random.bounded(int(models.size()))));
            const QString status = random.bounded(12) == 0
                ? QStringLiteral("failed")
                : (random.bounded(30) == 0 ? QStringLiteral("canceled") : QStringLiteral("succeeded"));
            const double seconds = (model == schnell ? 1.2 : model == dev ? 6.0 : 4.0) + random.bounded(3.0);
            predictions.append(prediction(QStringLiteral("p%1-%2").arg(day).arg(i), model, status,
                                          today.addDays(day - 29), 1 + int(random.bounded(4)), seconds,
                                          QTime(8 + int(random.bounded(14)), 0)));
        }
    }
    QVERIFY(m_backend.store().addPredictions(QStringLiteral("replicate"), predictions).ok());
    auto view = openView();
    QVERIFY(view);
    view->resize(1180, 820);
    QVERIFY(waitForCharts(*view));
    // A model has one colour in both charts, though the unpriced one has no bars of spend.
    QChart *spend = view->chart(QStringLiteral("spendChart"));
    QChart *images = view->chart(QStringLiteral("imagesChart"));
    QCOMPARE(labelsOf(images).size(), labelsOf(spend).size() + 1);
    for (const QString &label : labelsOf(spend))
        QCOMPARE(barSet(spend, label)->color(), barSet(images, label)->color());
    for (const QString &language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        Translations translations;
        QVERIFY(!translations.install(language).isEmpty());
        QTest::qWait(50);
        const QString path = QStringLiteral(REPLIMON_SCREENSHOT_DIR "/usage-%1.png")
                                 .arg(language == u"en" ? QStringLiteral("en") : QStringLiteral("zh"));
        const std::optional<QString> error = view->saveImage(path);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        qInfo("screenshot: %s", qPrintable(path));
        translations.remove();
    }
    m_english.install(QStringLiteral("en"));
}

QTEST_MAIN(tst_UsageView)
#include "tst_usageview.moc"
