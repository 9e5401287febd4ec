// TaskFilterModel's sort on any source model: prepared keys order exactly as the SortRole values compare
// (text of every kind of case folding, numbers, nulls), each value is read once per sort, and the keys and
// ranks kept between sorts follow rows inserted, removed, changed and reset.
#include "TaskFilterModel.h"
#include "TaskTableModel.h"

#include <QAbstractItemModelTester>
#include <QStandardItemModel>
#include <QTest>

namespace {

constexpr int sortValueRole = TaskTableModel::SortRole;

/// Counts how often the proxy asks for a sort value.
class CountingModel final : public QStandardItemModel
{
public:
    using QStandardItemModel::QStandardItemModel;

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == sortValueRole)
            ++sortReads;
        return QStandardItemModel::data(index, role);
    }

    mutable int sortReads = 0;
};

// Deterministic text of varied case and length, so sorts do real work.
QString pseudoText(quint32 &state)
{
    static const QString letters = QStringLiteral("aAbBcCdDeEfF gG\u00e9\u00c9\u00df");
    QString text;
    state = state * 1664525u + 1013904223u;
    const int length = 1 + int((state >> 24) % 12);
    for (int i = 0; i < length; ++i) {
        state = state * 1664525u + 1013904223u;
        text.append(letters.at(qsizetype((state >> 16) % quint32(letters.size()))));
    }
    return text;
}

QStandardItem *itemWith(const QVariant &value)
{
    auto *item = new QStandardItem;
    item->setData(value, sortValueRole);
    return item;
}

/// Whether every neighbour in the proxy is in order: by compareSortValues, then by source row.
bool sortedAsValuesSay(const QSortFilterProxyModel &proxy, Qt::SortOrder order, QString *why)
{
    for (int row = 1; row < proxy.rowCount(); ++row) {
        const QModelIndex a = proxy.mapToSource(proxy.index(row - 1, 0));
        const QModelIndex b = proxy.mapToSource(proxy.index(row, 0));
        int c = TaskFilterModel::compareSortValues(a.data(sortValueRole), b.data(sortValueRole));
        if (order == Qt::DescendingOrder)
            c = -c;
        if (c > 0 || (c == 0 && (order == Qt::AscendingOrder) != (a.row() < b.row()))) {
            *why = QStringLiteral("rows %1 and %2: \"%3\" before \"%4\"")
                       .arg(row - 1)
                       .arg(row)
                       .arg(a.data(sortValueRole).toString(), b.data(sortValueRole).toString());
            return false;
        }
    }
    return true;
}

} // namespace

class tst_TaskFilterSort final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sortOrdersAsValuesCompare_data();
    void sortOrdersAsValuesCompare();
    void sortReadsEachValueOnce();
    void sortFollowsSourceChanges();
};

void tst_TaskFilterSort::sortOrdersAsValuesCompare_data()
{
    QTest::addColumn<QVariantList>("values");
    // Text whose case folding is not simple: Kelvin sign, long s, sharp s, final sigma, titlecase digraphs,
    // Deseret (surrogate pairs that fold), emoji, full-width letters, combining marks.
    QTest::newRow("text") << QVariantList{QStringLiteral("apple"),
                                          QStringLiteral("Apple"),
                                          QStringLiteral("APPLE"),
                                          QStringLiteral("apples"),
                                          QStringLiteral("\u00c4pfel"),
                                          QStringLiteral("\u00e4pfel"),
                                          QStringLiteral("stra\u00dfe"),
                                          QStringLiteral("STRASSE"),
                                          QStringLiteral("\u1e9e"),
                                          QStringLiteral("\u00df"),
                                          QStringLiteral("k"),
                                          QStringLiteral("K"),
                                          QStringLiteral("\u212a"),
                                          QStringLiteral("s"),
                                          QStringLiteral("\u017f"),
                                          QStringLiteral("\u03a3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2"),
                                          QStringLiteral("\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c3"),
                                          QStringLiteral("\u01c4"),
                                          QStringLiteral("\u01c5"),
                                          QStringLiteral("\u01c6"),
                                          QStringLiteral("\u0130stanbul"),
                                          QStringLiteral("istanbul"),
                                          QStringLiteral("\U00010400x"),
                                          QStringLiteral("\U00010428x"),
                                          QStringLiteral("\U00010428"),
                                          QStringLiteral("\U0001f600"),
                                          QStringLiteral("\uff21"),
                                          QStringLiteral("\uff41"),
                                          QStringLiteral("\ufffd"),
                                          QStringLiteral("a\u0301"),
                                          QStringLiteral("\u00e1"),
                                          QString(),
                                          QStringLiteral(""),
                                          QVariant(),
                                          QStringLiteral("apple"),
                                          QStringLiteral("Zebra"),
                                          QStringLiteral("zebra")};
    QTest::newRow("numbers") << QVariantList{
        3, 2.5, qint64(-7), QVariant(), 10, 2.5, 2, -0.5, qint64(1) << 40, QVariant(QMetaType::fromType<double>()),
        0, 3.0};
}

void tst_TaskFilterSort::sortOrdersAsValuesCompare()
{
    // The proxy compares prepared keys; they must order exactly as the values themselves compare.
    QFETCH(QVariantList, values);
    QStandardItemModel source;
    for (const QVariant &value : std::as_const(values))
        source.appendRow(itemWith(value));
    TaskFilterModel proxy;
    proxy.setSourceModel(&source);
    QString why;
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        proxy.sort(0, order);
        QCOMPARE(proxy.rowCount(), int(values.size()));
        QVERIFY2(sortedAsValuesSay(proxy, order, &why), qPrintable(why));
    }
}

void tst_TaskFilterSort::sortReadsEachValueOnce()
{
    // Sorting n rows takes about n·log2(n) comparisons; each row's value is read once, not per comparison.
    CountingModel source;
    quint32 seed = 7;
    const int rows = 2000;
    for (int row = 0; row < rows; ++row)
        source.appendRow(itemWith(pseudoText(seed)));
    TaskFilterModel proxy;
    proxy.setSourceModel(&source);

    source.sortReads = 0;
    proxy.sort(0, Qt::AscendingOrder);
    QVERIFY2(source.sortReads <= rows, qPrintable(QString::number(source.sortReads)));
    QString why;
    QVERIFY2(sortedAsValuesSay(proxy, Qt::AscendingOrder, &why), qPrintable(why));

    // A change moves its row into place reading only that row's new value.
    source.sortReads = 0;
    source.item(1234)->setData(QStringLiteral("AAAA"), sortValueRole);
    QVERIFY2(source.sortReads <= 1, qPrintable(QString::number(source.sortReads)));
    QVERIFY2(sortedAsValuesSay(proxy, Qt::AscendingOrder, &why), qPrintable(why));

    // Another column re-reads: the keys are per column.
    source.setColumnCount(2);
    for (int row = 0; row < rows; ++row)
        source.setItem(row, 1, itemWith(rows - row));
    source.sortReads = 0;
    proxy.sort(1, Qt::AscendingOrder);
    QVERIFY(source.sortReads >= rows);
    QCOMPARE(proxy.index(0, 1).data(sortValueRole).toInt(), 1);
}

void tst_TaskFilterSort::sortFollowsSourceChanges()
{
    // Rows inserted, removed, changed and reset after a sort: the kept keys follow every change.
    QStandardItemModel source;
    quint32 seed = 11;
    for (int row = 0; row < 300; ++row)
        source.appendRow(itemWith(pseudoText(seed)));
    TaskFilterModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&source);
    QString why;
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        proxy.sort(0, order);
        QVERIFY2(sortedAsValuesSay(proxy, order, &why), qPrintable(why));

        const int before = source.rowCount();
        for (int round = 0; round < 20; ++round) {
            auto anyRow = [&] { return int(seed % quint32(source.rowCount())); };
            source.insertRow(anyRow(), itemWith(pseudoText(seed)));
            QVERIFY2(sortedAsValuesSay(proxy, order, &why), qPrintable(why));
            source.removeRows(std::min(anyRow(), source.rowCount() - 3), 3);
            QVERIFY2(sortedAsValuesSay(proxy, order, &why), qPrintable(why));
            const QString text = pseudoText(seed);
            source.item(anyRow())->setData(text, sortValueRole);
            QVERIFY2(sortedAsValuesSay(proxy, order, &why), qPrintable(why));
            // Another role changing leaves the order alone.
            source.item(anyRow())->setData(QStringLiteral("shown"), Qt::DisplayRole);
            QVERIFY2(sortedAsValuesSay(proxy, order, &why), qPrintable(why));
        }
        QCOMPARE(proxy.rowCount(), before + 20 - 60);
    }

    source.clear();
    for (int row = 0; row < 50; ++row)
        source.appendRow(itemWith(pseudoText(seed)));
    QCOMPARE(proxy.rowCount(), 50);
    QVERIFY2(sortedAsValuesSay(proxy, Qt::DescendingOrder, &why), qPrintable(why));
}

QTEST_MAIN(tst_TaskFilterSort)
#include "tst_taskfiltersort.moc"
