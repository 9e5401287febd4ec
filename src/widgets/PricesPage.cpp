#include "PricesPage.h"

#include "ApiEndpoint.h"
#include "LabelTone.h"
#include "Settings.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace {

constexpr PriceUnit units[] = {PriceUnit::PerImage, PriceUnit::PerSecond, PriceUnit::PerRun};

QComboBox *providerCombo(const QString &providerKey)
{
    auto *combo = new QComboBox;
    for (const ApiEndpoint::Provider provider : ApiEndpoint::selectableProviders())
        combo->addItem(ApiEndpoint::providerName(provider), ApiEndpoint::providerKey(provider));
    // A key this build does not know (a newer Replimon's) stays as it is.
    if (combo->findData(providerKey) < 0)
        combo->addItem(providerKey, providerKey);
    combo->setCurrentIndex(combo->findData(providerKey));
    return combo;
}

QComboBox *unitCombo(PriceUnit unit)
{
    auto *combo = new QComboBox;
    for (const PriceUnit each : units)
        combo->addItem(PriceTable::unitName(each), PriceTable::unitKey(each));
    combo->setCurrentIndex(combo->findData(PriceTable::unitKey(unit)));
    return combo;
}

QString cellText(const QTableWidget &table, int row, int column)
{
    const QTableWidgetItem *item = table.item(row, column);
    return item ? item->text().trimmed() : QString();
}

QString comboKey(const QTableWidget &table, int row, int column)
{
    const auto *combo = qobject_cast<const QComboBox *>(table.cellWidget(row, column));
    return combo ? combo->currentData().toString() : QString();
}

} // namespace

PricesPage::PricesPage(Settings &settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_checkedLabel(new QLabel(this))
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_addButton(new QPushButton(this))
    , m_removeButton(new QPushButton(this))
    , m_defaultsButton(new QPushButton(this))
    , m_message(new QLabel(this))
{
    m_checkedLabel->setObjectName(QStringLiteral("pricesChecked"));
    m_checkedLabel->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("pricesTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
    m_message->setObjectName(QStringLiteral("pricesMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch(1);
    buttons->addWidget(m_defaultsButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_checkedLabel);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);

    connect(m_addButton, &QPushButton::clicked, this, [this] {
        // A relay's model is usually one of Replicate's: the new row starts at the custom provider, in dollars.
        addRow({ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom),
                QString(),
                PriceUnit::PerImage,
                {0, QStringLiteral("USD")}});
        m_table->setCurrentCell(m_table->rowCount() - 1, ModelColumn);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, ModelColumn));
    });
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0)
            m_table->removeRow(row);
        showMessage({});
    });
    connect(m_defaultsButton, &QPushButton::clicked, this, [this] {
        load(PriceTable::defaults());
        showMessage({});
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this] { showMessage({}); });

    retranslate();
    load(m_settings.prices());
    // As wide as the lists, the header's words (translated) and a price of four decimals need.
    const int priceWidth = fontMetrics().horizontalAdvance(QLocale().toString(0.0125, 'f', 4)) * 3 / 2;
    for (const int column : {ProviderColumn, UnitColumn, PriceColumn, CurrencyColumn})
        m_table->resizeColumnToContents(column);
    m_table->setColumnWidth(PriceColumn, std::max(m_table->columnWidth(PriceColumn), priceWidth));
    // An empty table too: its first added row's lists must fit.
    const std::unique_ptr<QComboBox> provider(providerCombo(QString()));
    const std::unique_ptr<QComboBox> unit(unitCombo(PriceUnit::PerSecond));
    m_table->setColumnWidth(ProviderColumn,
                            std::max(m_table->columnWidth(ProviderColumn), provider->sizeHint().width()));
    m_table->setColumnWidth(UnitColumn, std::max(m_table->columnWidth(UnitColumn), unit->sizeHint().width()));
}

void PricesPage::retranslate()
{
    m_checkedLabel->setText(tr("Replicate's prices as checked on %1. A relay's prices are its own: add them here.")
                                .arg(QLocale().toString(PriceTable::defaultsCheckedOn(), QLocale::LongFormat)));
    m_table->setHorizontalHeaderLabels({tr("Provider"), tr("Model"), tr("Unit"), tr("Price"), tr("Currency")});
    m_table->horizontalHeaderItem(ModelColumn)->setToolTip(tr("As predictions name it: owner/name"));
    m_table->horizontalHeaderItem(CurrencyColumn)->setToolTip(tr("A three-letter code: USD, CNY, EUR…"));
    m_addButton->setText(tr("Add"));
    m_removeButton->setText(tr("Remove"));
    m_defaultsButton->setText(tr("Restore Replimon's Defaults"));
}

void PricesPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void PricesPage::load(const PriceTable &prices)
{
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    for (const PriceRule &rule : prices.rules())
        addRow(rule);
}

void PricesPage::addRow(const PriceRule &rule)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setCellWidget(row, ProviderColumn, providerCombo(rule.provider));
    m_table->setItem(row, ModelColumn, new QTableWidgetItem(rule.model));
    m_table->setCellWidget(row, UnitColumn, unitCombo(rule.unit));
    // As many decimals as the price has, in the user's locale, as the table of tasks shows it.
    auto *price = new QTableWidgetItem(QLocale().toString(rule.price.amount, 'f', QLocale::FloatingPointShortest));
    price->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->setItem(row, PriceColumn, price);
    m_table->setItem(row, CurrencyColumn, new QTableWidgetItem(rule.price.currency));
}

Result<PriceTable, QString> PricesPage::table() const
{
    QList<PriceRule> rules;
    const QLocale locale;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        PriceRule rule;
        rule.provider = comboKey(*m_table, row, ProviderColumn);
        rule.model = cellText(*m_table, row, ModelColumn);
        rule.unit = PriceTable::unitFromKey(comboKey(*m_table, row, UnitColumn)).value_or(PriceUnit::PerImage);
        const QString priceText = cellText(*m_table, row, PriceColumn);
        bool number = false;
        rule.price.amount = locale.toDouble(priceText, &number);
        if (!number) // "0.003" reads in every locale, whatever its decimal separator
            rule.price.amount = priceText.toDouble(&number);
        rule.price.currency = cellText(*m_table, row, CurrencyColumn).toUpper();

        const int shown = row + 1;
        if (rule.model.isEmpty())
            return tr("Row %1 has no model: enter it as predictions name it (owner/name), or remove the row.")
                .arg(shown);
        if (!number || rule.price.amount < 0)
            return tr("Row %1 (%2): the price must be a number of 0 or more.").arg(shown).arg(rule.model);
        const bool letters = std::all_of(rule.price.currency.cbegin(), rule.price.currency.cend(),
                                         [](QChar c) { return c >= u'A' && c <= u'Z'; });
        if (rule.price.currency.size() != 3 || !letters)
            return tr("Row %1 (%2): the currency must be a three-letter code such as USD or CNY.")
                .arg(shown)
                .arg(rule.model);
        rules.append(rule);
    }
    return PriceTable(rules);
}

bool PricesPage::validate()
{
    const auto prices = table();
    if (prices) {
        showMessage({});
        return true;
    }
    showMessage(prices.error());
    return false;
}

void PricesPage::save()
{
    const auto prices = table();
    if (prices)
        m_settings.setPrices(prices.value());
}

QString PricesPage::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void PricesPage::showMessage(const QString &text)
{
    LabelTone::set(*m_message, true);
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}
