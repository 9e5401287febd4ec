// ApiKeys: keys the way people paste them, the environment override, and the redacted hint.
#include "ApiKey.h"

#include <QTest>

namespace {

const char *const primaryVariable = "REPLIMON_API_KEY";
const char *const replicateVariable = "REPLICATE_API_TOKEN";

} // namespace

class tst_ApiKey final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void sanitize_data();
    void sanitize();
    void sanitizeIsIdempotent();

    void environmentNeitherSet();
    void environmentPrefersReplimon();
    void environmentFallsBackToReplicate();
    void environmentSkipsEmptyValues();

    void redacted_data();
    void redacted();

private:
    void restoreEnvironment();

    QByteArray m_savedPrimary;
    QByteArray m_savedReplicate;
    bool m_hadPrimary = false;
    bool m_hadReplicate = false;
};

void tst_ApiKey::initTestCase()
{
    m_hadPrimary = qEnvironmentVariableIsSet(primaryVariable);
    m_hadReplicate = qEnvironmentVariableIsSet(replicateVariable);
    m_savedPrimary = qgetenv(primaryVariable);
    m_savedReplicate = qgetenv(replicateVariable);
    qunsetenv(primaryVariable);
    qunsetenv(replicateVariable);
}

void tst_ApiKey::cleanup()
{
    qunsetenv(primaryVariable);
    qunsetenv(replicateVariable);
}

void tst_ApiKey::cleanupTestCase()
{
    restoreEnvironment();
}

void tst_ApiKey::restoreEnvironment()
{
    if (m_hadPrimary)
        qputenv(primaryVariable, m_savedPrimary);
    if (m_hadReplicate)
        qputenv(replicateVariable, m_savedReplicate);
}

void tst_ApiKey::sanitize_data()
{
    QTest::addColumn<QString>("pasted");
    QTest::addColumn<QString>("key");

    const QString k = QStringLiteral("r8_Ab12Cd34Ef56Gh78Ij90KlMnOpQrStUvWxYz");
    const auto u = [](const char *text) { return QString::fromUtf8(text); };

    QTest::newRow("clean") << k << k;
    QTest::newRow("spaces and newline") << u("  ") + k + u(" \n") << k;
    QTest::newRow("crlf") << k + u("\r\n") << k;
    QTest::newRow("double quotes") << u("\"") + k + u("\"") << k;
    QTest::newRow("single quotes") << u("'") + k + u("'") << k;
    QTest::newRow("backticks") << u("`") + k + u("`") << k;
    QTest::newRow("curly double") << u("“") + k + u("”") << k;
    QTest::newRow("curly single") << u("‘") + k + u("’") << k;
    QTest::newRow("quotes with spaces inside") << u("\"  ") + k + u(" \"") << k;
    QTest::newRow("nested quotes") << u("'\"") + k + u("\"'") << k;
    QTest::newRow("bearer") << u("Bearer ") + k << k;
    QTest::newRow("bearer lower case") << u("bearer ") + k << k;
    QTest::newRow("bearer upper case, many spaces") << u("BEARER   ") + k << k;
    QTest::newRow("bearer with tab") << u("Bearer\t") + k << k;
    QTest::newRow("quoted bearer") << u("\"Bearer ") + k + u("\"") << k;
    QTest::newRow("bearer then quotes") << u("Bearer '") + k + u("'") << k;
    QTest::newRow("whole header") << u("Authorization: Bearer ") + k << k;
    QTest::newRow("whole header, no space") << u("authorization:Bearer ") + k << k;
    QTest::newRow("inner spaces") << u("r8_Ab12 Cd34\nEf56\tGh78") << u("r8_Ab12Cd34Ef56Gh78");
    QTest::newRow("zero-width characters") << u("\xEF\xBB\xBF") + k + u("\xE2\x80\x8B") << k;
    QTest::newRow("non-breaking space") << u("\xC2\xA0") + k + u("\xC2\xA0") << k;
    QTest::newRow("bearer as part of the key") << u("Bearerabc123") << u("Bearerabc123");
    QTest::newRow("mismatched quotes kept") << u("\"") + k + u("'") << u("\"") + k + u("'");
    QTest::newRow("lone quote kept") << u("\"") + k << u("\"") + k;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("blank") << u(" \t\n ") << QString();
    QTest::newRow("only quotes") << u("\"\"") << QString();
    QTest::newRow("only bearer") << u("Bearer ") << QString();
    QTest::newRow("quoted bearer only") << u("'Bearer '") << QString();
}

void tst_ApiKey::sanitize()
{
    QFETCH(QString, pasted);
    QFETCH(QString, key);
    QCOMPARE(ApiKeys::sanitize(pasted), key);
}

void tst_ApiKey::sanitizeIsIdempotent()
{
    const QString once = ApiKeys::sanitize(QStringLiteral(" \"Bearer r8_abc def\" "));
    QCOMPARE(once, QStringLiteral("r8_abcdef"));
    QCOMPARE(ApiKeys::sanitize(once), once);
}

void tst_ApiKey::environmentNeitherSet()
{
    QString variable = QStringLiteral("stale");
    QCOMPARE(ApiKeys::fromEnvironment(&variable), QString());
    QVERIFY(variable.isEmpty());
    QCOMPARE(ApiKeys::fromEnvironment(), QString());
}

void tst_ApiKey::environmentPrefersReplimon()
{
    qputenv(primaryVariable, "  r8_fromReplimon1234 ");
    qputenv(replicateVariable, "r8_fromReplicate5678");
    QString variable;
    QCOMPARE(ApiKeys::fromEnvironment(&variable), QStringLiteral("r8_fromReplimon1234"));
    QCOMPARE(variable, QStringLiteral("REPLIMON_API_KEY"));
}

void tst_ApiKey::environmentFallsBackToReplicate()
{
    qputenv(replicateVariable, "'Bearer r8_fromReplicate5678'\n");
    QString variable;
    QCOMPARE(ApiKeys::fromEnvironment(&variable), QStringLiteral("r8_fromReplicate5678"));
    QCOMPARE(variable, QStringLiteral("REPLICATE_API_TOKEN"));
}

void tst_ApiKey::environmentSkipsEmptyValues()
{
    qputenv(primaryVariable, " \"\" ");
    qputenv(replicateVariable, "r8_fromReplicate5678");
    QString variable;
    QCOMPARE(ApiKeys::fromEnvironment(&variable), QStringLiteral("r8_fromReplicate5678"));
    QCOMPARE(variable, QStringLiteral("REPLICATE_API_TOKEN"));

    qputenv(replicateVariable, "   ");
    QCOMPARE(ApiKeys::fromEnvironment(&variable), QString());
    QVERIFY(variable.isEmpty());
}

void tst_ApiKey::redacted_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("hint");

    const QString ellipsis(QChar(0x2026));
    QTest::newRow("replicate token") << "r8_0123456789abcdefghija1b2"
                                     << QStringLiteral("r8_") + ellipsis + QStringLiteral("a1b2");
    QTest::newRow("twelve characters") << "abcdefghijkl" << QStringLiteral("abc") + ellipsis + QStringLiteral("ijkl");
    QTest::newRow("eleven characters") << "abcdefghijk" << ellipsis;
    QTest::newRow("short") << "abc" << ellipsis;
    QTest::newRow("empty") << ""
                           << "";
}

void tst_ApiKey::redacted()
{
    QFETCH(QString, key);
    QFETCH(QString, hint);
    const QString shown = ApiKeys::redacted(key);
    QCOMPARE(shown, hint);
    if (key.size() >= 12)
        QVERIFY(!shown.contains(key.mid(3, key.size() - 7)));
}

QTEST_GUILESS_MAIN(tst_ApiKey)
#include "tst_apikey.moc"
