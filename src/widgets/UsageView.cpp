#include "UsageView.h"

#include "PriceTable.h"
#include "SafeWrite.h"
#include "Settings.h"
#include "UsageCharts.h"

#include <QBuffer>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImageWriter>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

UsageView::UsageView(const TaskStore &store, const QSortFilterProxyModel &filter, Settings &settings, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_model(store, filter)
    , m_currencyLabel(new QLabel(this))
    , m_currencyBox(new QComboBox(this))
    , m_saveButton(new QPushButton(this))
    , m_pages(new QStackedWidget(this))
    , m_emptyLabel(new QLabel(m_pages))
    , m_chartsArea(new QWidget(m_pages))
    , m_summaryLabel(new QLabel(m_chartsArea))
    , m_messageLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("usageView"));
    resize(1180, 820);
    auto *top = new QHBoxLayout;
    m_currencyLabel->setBuddy(m_currencyBox);
    top->addWidget(m_currencyLabel);
    top->addWidget(m_currencyBox);
    top->addStretch();
    top->addWidget(m_saveButton);

    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setObjectName(QStringLiteral("usageEmpty"));
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setObjectName(QStringLiteral("usageSummary"));
    // The charts area is what Save as PNG… writes: it has its own background so the image is never clear.
    m_chartsArea->setAutoFillBackground(true);
    m_chartsArea->setBackgroundRole(QPalette::Base);
    auto *charts = new QVBoxLayout(m_chartsArea);
    charts->addWidget(m_summaryLabel);
    auto *grid = new QGridLayout;
    for (size_t i = 0; i < m_views.size(); ++i) {
        m_views[i] = new QChartView(new QChart, m_chartsArea);
        m_views[i]->setRenderHint(QPainter::Antialiasing);
        m_views[i]->setMinimumSize(420, 300);
        grid->addWidget(m_views[i], int(i / 2), int(i % 2));
    }
    charts->addLayout(grid, 1);
    m_pages->addWidget(m_emptyLabel);
    m_pages->addWidget(m_chartsArea);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_messageLabel);
    m_messageLabel->setObjectName(QStringLiteral("usageMessage"));
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(&m_model, &UsageModel::summaryChanged, this, [this] {
        m_received = true;
        rebuild();
    });
    connect(m_currencyBox, &QComboBox::currentIndexChanged, this, [this] {
        if (m_received)
            rebuild();
    });
    connect(m_saveButton, &QPushButton::clicked, this, &UsageView::onSaveClicked);
    connect(&settings, &Settings::changed, this, [this, &settings](Settings::Key key) {
        if (key == Settings::Key::Prices)
            m_model.setPrices(settings.prices());
    });
    m_model.setPrices(settings.prices());
    retranslate();
    rebuild();
    m_model.refresh();
}

UsageView::~UsageView() = default;

QChart *UsageView::chart(const QString &objectName) const
{
    for (QChartView *view : m_views) {
        if (view->chart() && view->chart()->objectName() == objectName)
            return view->chart();
    }
    return nullptr;
}

QWidget *UsageView::chartsArea() const
{
    return m_chartsArea;
}

QString UsageView::summaryText() const
{
    return m_summaryLabel->text();
}

QString UsageView::emptyText() const
{
    return m_pages->currentWidget() == m_emptyLabel ? m_emptyLabel->text() : QString();
}

QString UsageView::currency() const
{
    return m_currencyBox->currentData().toString();
}

QString UsageView::message() const
{
    return m_messageLabel->text();
}

void UsageView::setFileChooser(std::function<QString(const QString &)> chooser)
{
    m_chooser = std::move(chooser);
}

void UsageView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        rebuild();
    } else if (event->type() == QEvent::PaletteChange && m_received) {
        rebuild();
    }
}

void UsageView::retranslate()
{
    setWindowTitle(tr("Usage"));
    m_currencyLabel->setText(tr("&Currency:"));
    m_saveButton->setText(tr("Save as PNG…"));
    m_saveButton->setToolTip(tr("Save the charts as they are shown as a PNG image"));
}

void UsageView::rebuild()
{
    const UsageSummary &summary = m_model.summary();
    const QLocale locale;
    const QString chosen = currency();
    {
        const QSignalBlocker blocker(m_currencyBox);
        m_currencyBox->clear();
        for (const QString &code : summary.currencies)
            m_currencyBox->addItem(code, code);
        const int index = m_currencyBox->findData(chosen);
        m_currencyBox->setCurrentIndex(index >= 0 ? index : 0);
    }
    m_currencyLabel->setVisible(summary.currencies.size() > 1);
    m_currencyBox->setVisible(summary.currencies.size() > 1);
    m_saveButton->setEnabled(!summary.isEmpty());

    if (summary.isEmpty()) {
        m_emptyLabel->setText(m_received ? tr("No predictions in the last %n day(s) among those the table shows.",
                                              nullptr, UsageStats::defaultDays)
                                         : tr("Counting…"));
        m_pages->setCurrentWidget(m_emptyLabel);
        Q_EMIT chartsUpdated();
        return;
    }

    QStringList parts;
    parts.append(tr("%1 to %2: %n prediction(s) that the table shows", nullptr, summary.taskCount)
                     .arg(locale.toString(summary.days.constFirst().date, QLocale::ShortFormat),
                          locale.toString(summary.days.constLast().date, QLocale::ShortFormat)));
    QStringList spent;
    for (const QString &code : summary.currencies)
        spent.append(PriceTable::formatMoney({summary.totalSpend(code), code}, locale));
    if (!spent.isEmpty())
        parts.append(tr("spent %1").arg(spent.join(QStringLiteral(" + "))));
    if (summary.unknownCost > 0)
        parts.append(tr("%n without a price (not in the spend)", nullptr, summary.unknownCost));
    if (summary.pendingCost > 0)
        parts.append(tr("%n not ended yet", nullptr, summary.pendingCost));
    m_summaryLabel->setText(parts.join(tr("; ")));

    const UsageCharts charts(summary, locale, palette());
    const std::array<QChart *, 4> built{charts.spend(currency()), charts.images(), charts.outcomes(),
                                        charts.runTimes()};
    for (size_t i = 0; i < m_views.size(); ++i) {
        QChart *old = m_views[i]->chart();
        m_views[i]->setChart(built[i]);
        delete old;
    }
    m_pages->setCurrentWidget(m_chartsArea);
    Q_EMIT chartsUpdated();
}

std::optional<QString> UsageView::saveImage(const QString &path) const
{
    const QImage image = m_chartsArea->grab().toImage();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    if (image.isNull() || !writer.write(image))
        return tr("The charts could not be made into a PNG image: %1").arg(writer.errorString());
    if (const std::optional<ApiError> failed = SafeWrite::writeFile(path, buffer.data()))
        return tr("The charts could not be saved: %1").arg(failed->message);
    return std::nullopt;
}

QString UsageView::chooseFile(const QString &suggested)
{
    if (m_chooser)
        return m_chooser(suggested);
    return QFileDialog::getSaveFileName(this, tr("Save Usage Charts"), suggested, tr("PNG images (*.png)"));
}

void UsageView::onSaveClicked()
{
    const QString suggested = QDir::home().filePath(
        QStringLiteral("replimon-usage-%1.png").arg(QDate::currentDate().toString(Qt::ISODate)));
    QString path = chooseFile(suggested);
    if (path.isEmpty())
        return;
    if (!path.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive))
        path += QStringLiteral(".png");
    if (const std::optional<QString> error = saveImage(path)) {
        m_messageLabel->setText(*error);
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Save as PNG"), *error, QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("usageSaveFailed"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    m_messageLabel->setText(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}
