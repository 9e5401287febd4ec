// WrappingLabel remembers its heights: it must still grow and shrink with what it shows exactly as a
// QLabel does, or a detail pane would cut text off or leave gaps after a click.
#include "WrappingLabel.h"

#include <QTest>
#include <QVBoxLayout>
#include <QWidget>

namespace {

const QString longText = QStringLiteral(
    "A photograph of a lighthouse on a cliff at dusk, waves breaking below, gulls in the wind, warm light in "
    "the lantern room, long exposure, 35 mm, soft film grain, the sea reflecting a pink and violet sky");

/// A window of fixed width holding @p label over a stretch, as the detail pane's sections do.
struct Column
{
    QWidget window;
    explicit Column(QLabel *label)
    {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *layout = new QVBoxLayout(&window);
        layout->addWidget(label);
        layout->addStretch(1);
        window.resize(260, 600);
        window.show();
    }
};

} // namespace

class TestWrappingLabel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsItsText();
};

void TestWrappingLabel::followsItsText()
{
    auto *wrapping = new WrappingLabel;
    auto *plain = new QLabel;
    Column ours(wrapping);
    Column reference(plain);
    QVERIFY(QTest::qWaitForWindowExposed(&ours.window));
    QVERIFY(QTest::qWaitForWindowExposed(&reference.window));

    const auto settle = [&] {
        ours.window.layout()->activate();
        reference.window.layout()->activate();
        QCoreApplication::processEvents();
    };
    const auto check = [&](const char *step) {
        settle();
        QVERIFY2(wrapping->height() == plain->height(),
                 qPrintable(QStringLiteral("%1: %2 px tall, a QLabel %3 px")
                                .arg(QLatin1String(step))
                                .arg(wrapping->height())
                                .arg(plain->height())));
    };

    wrapping->setText(QStringLiteral("Short"));
    plain->setText(QStringLiteral("Short"));
    check("one line");
    const int oneLine = wrapping->height();

    wrapping->setText(longText);
    plain->setText(longText);
    check("a long prompt");
    QVERIFY2(wrapping->height() > 3 * oneLine, "the long prompt takes several lines");

    wrapping->setText(QStringLiteral("Short again"));
    plain->setText(QStringLiteral("Short again"));
    check("short again");
    QCOMPARE(wrapping->height(), oneLine);

    wrapping->setText(longText);
    plain->setText(longText);
    check("the long prompt again");
    QFont big = wrapping->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    wrapping->setFont(big);
    plain->setFont(big);
    check("a larger font");

    wrapping->setStyleSheet(QStringLiteral("QLabel { padding: 20px; }"));
    plain->setStyleSheet(QStringLiteral("QLabel { padding: 20px; }"));
    check("padding from a style sheet");

    ours.window.resize(520, 600);
    reference.window.resize(520, 600);
    check("a wider window");
}

QTEST_MAIN(TestWrappingLabel)
#include "tst_wrappinglabel.moc"
