// Every input the fuzzers are seeded with or ever broke something with, checked again by the ordinary
// suite (and so under the asan preset too): tests/fixtures/fuzz/<target>/ holds them, one per file.
#include <QDir>
#include <QFile>
#include <QTest>

#include "FuzzChecks.h"

#include <functional>

namespace {

using Check = std::function<QString(const QByteArray &)>;

QString fixturesDir()
{
    return QStringLiteral(REPLIMON_FIXTURES_DIR);
}

// The targets of tests/fuzz/CMakeLists.txt; a directory without a check here fails fixtureDirsHaveChecks().
const QList<std::pair<QString, Check>> &targets()
{
    static const QList<std::pair<QString, Check>> list{
        {QStringLiteral("prediction"), &FuzzChecks::prediction},
        {QStringLiteral("extract_ids"), &FuzzChecks::extractIds},
        {QStringLiteral("retry_after"), &FuzzChecks::retryAfter},
        {QStringLiteral("image_metadata"), &FuzzChecks::imageMetadata},
    };
    return list;
}

Check checkFor(const QString &target)
{
    for (const auto &entry : targets()) {
        if (entry.first == target)
            return entry.second;
    }
    return {};
}

QStringList filesIn(const QString &path)
{
    QStringList files;
    const QDir dir(path);
    for (const QString &name : dir.entryList(QDir::Files | QDir::Hidden, QDir::Name))
        files.append(dir.filePath(name));
    return files;
}

} // namespace

class tst_FuzzRegressions final : public QObject
{
    Q_OBJECT

private slots:
    void inputs_data();
    void inputs();
    void everyTargetHasInputs();
    void fixtureDirsHaveChecks();
    void wellFormedInputsPass();
};

void tst_FuzzRegressions::inputs_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("path");
    for (const auto &entry : targets()) {
        for (const QString &path : filesIn(fixturesDir() + QStringLiteral("/fuzz/") + entry.first)) {
            const QByteArray row = (entry.first + QLatin1Char('/') + QFileInfo(path).fileName()).toUtf8();
            QTest::newRow(row.constData()) << entry.first << path;
        }
    }
    // The parser fixtures seed the prediction and id fuzzers too (packaging/dev.sh fuzz).
    for (const QString &path : filesIn(fixturesDir())) {
        for (const QString &target : {QStringLiteral("prediction"), QStringLiteral("extract_ids")}) {
            const QByteArray row = (target + QStringLiteral("/../") + QFileInfo(path).fileName()).toUtf8();
            QTest::newRow(row.constData()) << target << path;
        }
    }
}

void tst_FuzzRegressions::inputs()
{
    QFETCH(QString, target);
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    const Check check = checkFor(target);
    QVERIFY(check);
    const QString problem = check(file.readAll());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_FuzzRegressions::everyTargetHasInputs()
{
    for (const auto &entry : targets()) {
        const QString dir = fixturesDir() + QStringLiteral("/fuzz/") + entry.first;
        QVERIFY2(!filesIn(dir).isEmpty(), qPrintable(dir));
    }
}

void tst_FuzzRegressions::fixtureDirsHaveChecks()
{
    const QDir fuzz(fixturesDir() + QStringLiteral("/fuzz"));
    for (const QString &name : fuzz.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        QVERIFY2(checkFor(name), qPrintable(name));
}

// Typical inputs of each kind pass, whatever the fixture directories hold.
void tst_FuzzRegressions::wellFormedInputsPass()
{
    QCOMPARE(FuzzChecks::retryAfter(QByteArrayLiteral("120")), QString());
    QCOMPARE(FuzzChecks::retryAfter(QByteArrayLiteral("Mon, 14 Jul 2025 09:02:00 GMT")), QString());
    QCOMPARE(FuzzChecks::extractIds(QByteArrayLiteral("https://replicate.com/p/w44zs9cet5rmc0cqzp49gpkhf8")),
             QString());
    QCOMPARE(FuzzChecks::prediction(QByteArrayLiteral(R"({"id":"abc","status":"starting"})")), QString());
}

QTEST_GUILESS_MAIN(tst_FuzzRegressions)
#include "tst_fuzzregressions.moc"
