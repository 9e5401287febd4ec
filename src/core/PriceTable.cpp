#include "PriceTable.h"

#include "Task.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace {

const QString replicateKey = QStringLiteral("replicate");
const QString demoKey = QStringLiteral("demo");
const QString usd = QStringLiteral("USD");

QString modelWithoutVersion(const QString &model)
{
    const qsizetype colon = model.indexOf(u':');
    return colon < 0 ? model : model.left(colon);
}

PriceRule replicateImage(const char *model, double amount)
{
    return {replicateKey, QString::fromLatin1(model), PriceUnit::PerImage, {amount, usd}};
}

// Enough decimals to show the amount (a FLUX Schnell image is $0.003), never fewer than two.
int decimalsFor(double amount)
{
    for (int decimals = 2; decimals < 4; ++decimals) {
        const double scale = std::pow(10.0, decimals);
        if (std::abs(std::round(amount * scale) - amount * scale) < 1e-6)
            return decimals;
    }
    return 4;
}

QString currencySymbol(const QString &code)
{
    if (code == u"USD")
        return QStringLiteral("$");
    if (code == u"CNY")
        return QStringLiteral("¥");
    if (code == u"EUR")
        return QStringLiteral("€");
    return {};
}

} // namespace

void CostTotal::add(const TaskCost &cost)
{
    switch (cost.kind) {
    case TaskCost::Kind::Known:
        m_sums[cost.money.currency] += cost.money.amount;
        ++m_known;
        break;
    case TaskCost::Kind::Unknown:
        ++m_unknown;
        break;
    case TaskCost::Kind::Pending:
        ++m_pending;
        break;
    }
}

QString CostTotal::moneyText(const QLocale &locale) const
{
    QStringList parts;
    for (auto it = m_sums.cbegin(); it != m_sums.cend(); ++it)
        parts.append(PriceTable::formatMoney({it.value(), it.key()}, locale));
    return parts.join(QStringLiteral(" + "));
}

PriceTable::PriceTable(QList<PriceRule> rules)
    : m_rules(std::move(rules))
{}

PriceTable PriceTable::defaults()
{
    // Replicate's prices per output image (black-forest-labs' official models).
    return PriceTable({
        replicateImage("black-forest-labs/flux-schnell", 0.003),
        replicateImage("black-forest-labs/flux-dev", 0.025),
        replicateImage("black-forest-labs/flux-pro", 0.055),
        replicateImage("black-forest-labs/flux-1.1-pro", 0.04),
        replicateImage("black-forest-labs/flux-1.1-pro-ultra", 0.06),
        replicateImage("black-forest-labs/flux-kontext-pro", 0.04),
        replicateImage("black-forest-labs/flux-kontext-max", 0.08),
        replicateImage("black-forest-labs/flux-fill-pro", 0.05),
    });
}

QDate PriceTable::defaultsCheckedOn()
{
    return {2026, 12, 3};
}

const PriceRule *PriceTable::find(const QString &provider, const QString &model) const &
{
    const QString name = modelWithoutVersion(model);
    const QString &priceProvider = provider == demoKey ? replicateKey : provider;
    for (const PriceRule &rule : m_rules) {
        if (rule.provider == priceProvider && rule.model.compare(name, Qt::CaseInsensitive) == 0)
            return &rule;
    }
    return nullptr;
}

std::optional<int> PriceTable::imagesMade(const Task &task)
{
    if (task.status != PredictionStatus::Succeeded)
        return 0;
    const int images = std::max(task.imageCount.value_or(0), int(task.outputUrlTexts.size()));
    return images > 0 ? std::optional<int>(images) : std::nullopt;
}

TaskCost PriceTable::costOf(const Task &task) const
{
    const PriceRule *rule = find(task.key.provider, task.model);
    if (!rule)
        return {TaskCost::Kind::Unknown, {}};
    if (!PredictionStatuses::isTerminal(task.status))
        return {TaskCost::Kind::Pending, {0, rule->price.currency}};
    const bool succeeded = task.status == PredictionStatus::Succeeded;
    double units = 0;
    switch (rule->unit) {
    case PriceUnit::PerImage:
        if (!succeeded)
            break;
        if (const std::optional<int> images = imagesMade(task))
            units = *images;
        else
            return {TaskCost::Kind::Unknown, {}};
        break;
    case PriceUnit::PerSecond:
        if (!task.predictTime && succeeded)
            return {TaskCost::Kind::Unknown, {}};
        units = task.predictTime.value_or(0);
        break;
    case PriceUnit::PerRun:
        units = succeeded ? 1 : 0;
        break;
    }
    return {TaskCost::Kind::Known, {units * rule->price.amount, rule->price.currency}};
}

QByteArray PriceTable::toJson() const
{
    QJsonArray rows;
    for (const PriceRule &rule : m_rules) {
        rows.append(QJsonObject{
            {QStringLiteral("provider"), rule.provider},
            {QStringLiteral("model"), rule.model},
            {QStringLiteral("unit"), unitKey(rule.unit)},
            {QStringLiteral("price"), rule.price.amount},
            {QStringLiteral("currency"), rule.price.currency},
        });
    }
    return QJsonDocument(rows).toJson(QJsonDocument::Compact);
}

Result<PriceTable, QString> PriceTable::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray())
        return tr("The price table is not a JSON array: %1").arg(parseError.errorString());
    QList<PriceRule> rules;
    const QJsonArray rows = document.array();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows.at(i).toObject();
        const std::optional<PriceUnit> unit = unitFromKey(row.value(QStringLiteral("unit")).toString());
        const QJsonValue price = row.value(QStringLiteral("price"));
        PriceRule rule{row.value(QStringLiteral("provider")).toString(),
                       row.value(QStringLiteral("model")).toString(),
                       unit.value_or(PriceUnit::PerImage),
                       {price.toDouble(), row.value(QStringLiteral("currency")).toString()}};
        if (rule.provider.isEmpty() || rule.model.isEmpty() || !unit || !price.isDouble() || rule.price.amount < 0
            || rule.price.currency.size() != 3)
            return tr("Row %1 of the price table is incomplete or invalid.").arg(i + 1);
        rules.append(rule);
    }
    return PriceTable(rules);
}

QString PriceTable::formatMoney(const Money &money, const QLocale &locale)
{
    const QString symbol = currencySymbol(money.currency);
    const int decimals = decimalsFor(money.amount);
    // The C locale (LANG=C, scripts, services) puts the symbol after the number: "0.40¥". Nobody writes
    // money that way; English puts it first, as most readers expect.
    if (!symbol.isEmpty() && locale.language() == QLocale::C)
        return QLocale(QLocale::English, QLocale::UnitedStates).toCurrencyString(money.amount, symbol, decimals);
    if (!symbol.isEmpty())
        return locale.toCurrencyString(money.amount, symbol, decimals);
    return QStringLiteral("%1 %2").arg(locale.toString(money.amount, 'f', decimals), money.currency);
}

QString PriceTable::unitName(PriceUnit unit)
{
    switch (unit) {
    case PriceUnit::PerImage:
        return tr("per image");
    case PriceUnit::PerSecond:
        return tr("per second");
    case PriceUnit::PerRun:
        return tr("per run");
    }
    return {};
}

QString PriceTable::unitKey(PriceUnit unit)
{
    switch (unit) {
    case PriceUnit::PerImage:
        return QStringLiteral("image");
    case PriceUnit::PerSecond:
        return QStringLiteral("second");
    case PriceUnit::PerRun:
        return QStringLiteral("run");
    }
    return {};
}

std::optional<PriceUnit> PriceTable::unitFromKey(const QString &key)
{
    for (PriceUnit unit : {PriceUnit::PerImage, PriceUnit::PerSecond, PriceUnit::PerRun}) {
        if (unitKey(unit) == key)
            return unit;
    }
    return std::nullopt;
}
