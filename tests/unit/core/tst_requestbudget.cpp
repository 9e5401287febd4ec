// RequestBudget: how many routine requests may go, at given moments (times are the caller's, so nothing here
// waits).
#include "RequestBudget.h"

#include <QTest>

class tst_RequestBudget final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aSecondsWorthGoesAtOnce();
    void theRestSpreadOverTheMinute();
    void idleTimeIsNotSavedUpForABurst();
    void requestsBeyondTheBudgetAreRepaidFirst();
    void noBudgetLetsEverythingGo();
};

void tst_RequestBudget::aSecondsWorthGoesAtOnce()
{
    RequestBudget budget(600); // 10 a second
    int sent = 0;
    while (budget.canSpend(0)) {
        budget.spend(0);
        ++sent;
    }
    QCOMPARE(sent, 10);
    QCOMPARE(budget.waitMs(0), 100);
}

void tst_RequestBudget::theRestSpreadOverTheMinute()
{
    RequestBudget budget(600);
    int sent = 0;
    for (qint64 t = 0; t < 60000; t += 10) {
        while (budget.canSpend(t)) {
            budget.spend(t);
            ++sent;
        }
    }
    // The first second's worth at once, then one every 100 ms.
    QCOMPARE_GE(sent, 600);
    QCOMPARE_LE(sent, 610);
}

void tst_RequestBudget::idleTimeIsNotSavedUpForABurst()
{
    RequestBudget budget(60); // 1 a second
    QVERIFY(budget.canSpend(0));
    budget.spend(0);
    QVERIFY(!budget.canSpend(500));
    // A quiet minute buys one request, not sixty.
    QVERIFY(budget.canSpend(60000));
    budget.spend(60000);
    QVERIFY(!budget.canSpend(60000));
    QCOMPARE(budget.waitMs(60000), 1000);
}

void tst_RequestBudget::requestsBeyondTheBudgetAreRepaidFirst()
{
    RequestBudget budget(60);
    // Twenty requests the user asked for go at once (spend() without canSpend()).
    for (int i = 0; i < 20; ++i)
        budget.spend(0);
    QVERIFY(!budget.canSpend(0));
    QCOMPARE(budget.waitMs(0), 20000);
    QVERIFY(!budget.canSpend(19000));
    QVERIFY(budget.canSpend(20000));
}

void tst_RequestBudget::noBudgetLetsEverythingGo()
{
    RequestBudget budget(0);
    QVERIFY(!budget.isLimited());
    for (int i = 0; i < 10000; ++i)
        budget.spend(0);
    QVERIFY(budget.canSpend(0));
    QCOMPARE(budget.waitMs(0), 0);
}

QTEST_GUILESS_MAIN(tst_RequestBudget)
#include "tst_requestbudget.moc"
