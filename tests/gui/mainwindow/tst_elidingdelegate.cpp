// The task table's cells are drawn from laid-out lines kept between paints (ElidingDelegate): they must look
// as the style draws them, text for text and pixel for pixel, whatever the text, alignment, colour,
// selection or elide mode, and follow a change of text or column width at once.
#include "ElidingDelegate.h"

#include <QDir>
#include <QHeaderView>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTest>

namespace {

const QString prompt = QStringLiteral(
    "A photograph of a lighthouse on a cliff at dusk, waves breaking below, gulls in the wind, warm light in "
    "the lantern room, long exposure, 35 mm, soft film grain, the sea reflecting a pink and violet sky");

/// The style's own drawing of a cell elided from its end.
class StyleElidingRight final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideRight;
    }
};

struct Table
{
    QStandardItemModel model{0, 4};
    QTableView view;
    Table()
    {
        const QList<QStringList> rows = {
            {QStringLiteral("Succeeded"), QStringLiteral("p4x1k2m9qrs7t3v8w5y6z0ab1c"), prompt,
             QStringLiteral("12.5 s")},
            {QStringLiteral("Failed"), QStringLiteral("black-forest-labs/flux-1.1-pro-ultra"), QStringLiteral("a cat"),
             QStringLiteral("3")},
            {QString(), QStringLiteral("短い"), QStringLiteral("一只猫坐在窗台上，阳光照进来，电影感，35毫米胶片"),
             QString()},
        };
        for (const QStringList &texts : rows) {
            QList<QStandardItem *> items;
            for (const QString &text : texts)
                items.append(new QStandardItem(text));
            items.at(3)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            model.appendRow(items);
        }
        model.item(1, 0)->setForeground(QColor(0xb0, 0x20, 0x20));
        view.setModel(&model);
        // As the task table: one line a row.
        view.setTextElideMode(Qt::ElideMiddle);
        view.setWordWrap(false);
        view.verticalHeader()->setDefaultSectionSize(view.fontMetrics().height() + 10);
        view.setColumnWidth(0, 90);
        view.setColumnWidth(1, 140);
        view.setColumnWidth(2, 260);
        view.setColumnWidth(3, 70);
        view.resize(620, 160);
        view.selectRow(1);
    }
    QImage shot() { return view.viewport()->grab().toImage(); }
};

} // namespace

class tst_ElidingDelegate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void looksAsTheStyleDrawsIt();
};

void tst_ElidingDelegate::looksAsTheStyleDrawsIt()
{
    Table ours;
    Table reference;
    ours.view.setItemDelegate(new ElidingDelegate(&ours.view));
    ours.view.setItemDelegateForColumn(2, new ElidingDelegate(Qt::ElideRight, &ours.view));
    // The reference: the style's own drawing, the prompt column elided from its end as ours is.
    reference.view.setItemDelegateForColumn(2, new StyleElidingRight(&reference.view));
    ours.view.show();
    reference.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ours.view));
    QVERIFY(QTest::qWaitForWindowExposed(&reference.view));

    const auto compare = [&](const char *step, const QImage &expected) {
        const QImage actual = ours.shot();
        QCOMPARE(actual.size(), expected.size());
        int differing = 0;
        for (int y = 0; y < actual.height(); ++y) {
            for (int x = 0; x < actual.width(); ++x)
                differing += actual.pixel(x, y) != expected.pixel(x, y);
        }
        if (differing > 0) {
            actual.save(QStringLiteral("%1/eliding-%2-ours.png").arg(QDir::tempPath(), QLatin1String(step)));
            expected.save(QStringLiteral("%1/eliding-%2-style.png").arg(QDir::tempPath(), QLatin1String(step)));
        }
        QVERIFY2(differing == 0,
                 qPrintable(QStringLiteral("%1: %2 pixels differ").arg(QLatin1String(step)).arg(differing)));
    };
    compare("first paint", reference.shot());

    // A poll changes a cell's text; the user narrows the prompt column and widens the id column.
    for (Table *table : {&ours, &reference}) {
        table->model.item(0, 0)->setText(QStringLiteral("Processing"));
        table->model.item(2, 2)->setText(prompt.left(40));
        table->view.setColumnWidth(2, 180);
        table->view.setColumnWidth(1, 230);
    }
    compare("after changes", reference.shot());

    // Another row selected, and the window no longer active: other colours.
    for (Table *table : {&ours, &reference})
        table->view.selectRow(0);
    compare("another selection", reference.shot());
}

QTEST_MAIN(tst_ElidingDelegate)
#include "tst_elidingdelegate.moc"
