#include "CostText.h"

#include "ApiEndpoint.h"
#include "Task.h"

#include <QLocale>

#include <cmath>

namespace {

QString unitsText(const PriceRule &rule, double units, const QLocale &locale)
{
    const int count = int(std::lround(units));
    switch (rule.unit) {
    case PriceUnit::PerImage:
        return CostText::tr("%n image(s)", nullptr, count);
    case PriceUnit::PerSecond:
        return CostText::tr("%1 s").arg(locale.toString(units, 'f', 1));
    case PriceUnit::PerRun:
        return CostText::tr("%n run(s)", nullptr, count);
    }
    return {};
}

} // namespace

QString CostText::cell(const TaskCost &cost, const QLocale &locale)
{
    switch (cost.kind) {
    case TaskCost::Kind::Known:
        return PriceTable::formatMoney(cost.money, locale);
    case TaskCost::Kind::Unknown:
        return tr("unknown");
    case TaskCost::Kind::Pending:
        break;
    }
    return {};
}

QString CostText::providerName(const QString &providerKey)
{
    const auto provider = ApiEndpoint::providerFromKey(providerKey);
    return provider ? ApiEndpoint::providerName(*provider) : providerKey;
}

QString CostText::origin(const PriceRule &rule, const QLocale &locale)
{
    if (PriceTable::defaults().rules().contains(rule)) {
        return tr("Replicate's price of %1").arg(locale.toString(PriceTable::defaultsCheckedOn(), QLocale::ShortFormat));
    }
    return tr("your price");
}

QString CostText::detail(const Task &task, const PriceTable &prices, const QLocale &locale)
{
    const PriceRule *rule = prices.find(task.key.provider, task.model);
    if (!rule) {
        return tr("Unknown: no price for %1 at %2 — set one in Settings → Prices")
            .arg(task.model.isEmpty() ? tr("this model") : task.model, providerName(task.key.provider));
    }
    const QString price = PriceTable::formatMoney(rule->price, locale) + u' ' + PriceTable::unitName(rule->unit);
    const TaskCost cost = prices.costOf(task);
    switch (cost.kind) {
    case TaskCost::Kind::Pending:
        return tr("When it ends: %1 (%2)").arg(price, origin(*rule, locale));
    case TaskCost::Kind::Unknown:
        return tr("Unknown: the prediction reports nothing to charge %1 for").arg(price);
    case TaskCost::Kind::Known:
        break;
    }
    // The units charged follow from the amount, so the count shown is the one the cost was worked out from.
    const double units = rule->price.amount > 0 ? cost.money.amount / rule->price.amount : 0;
    return tr("%1 (%2 × %3, %4)")
        .arg(PriceTable::formatMoney(cost.money, locale), unitsText(*rule, units, locale),
             PriceTable::formatMoney(rule->price, locale), origin(*rule, locale));
}

QString CostText::estimate(const PriceTable &prices, const QString &provider, const QString &model,
                           const QList<std::pair<QString, QJsonValue>> &inputs, const QLocale &locale)
{
    const PriceRule *rule = prices.find(provider, model);
    if (!rule) {
        return tr("unknown (no price for %1 at %2 — set one in Settings → Prices)")
            .arg(model.isEmpty() ? tr("this model") : model, providerName(provider));
    }
    const QString price = PriceTable::formatMoney(rule->price, locale);
    switch (rule->unit) {
    case PriceUnit::PerImage: {
        int images = 1;
        for (const auto &[name, value] : inputs) {
            if (name == u"num_outputs" && value.toInt() > 0)
                images = value.toInt();
        }
        const Money money{images * rule->price.amount, rule->price.currency};
        return tr("%1 (%2 × %3)").arg(PriceTable::formatMoney(money, locale), tr("%n image(s)", nullptr, images), price);
    }
    case PriceUnit::PerSecond:
    case PriceUnit::PerRun:
        break;
    }
    return price + u' ' + PriceTable::unitName(rule->unit);
}

QString CostText::total(const CostTotal &total, int tasks, bool selection, const QLocale &locale)
{
    const QString sums = total.moneyText(locale);
    QString money = sums;
    if (money.isEmpty())
        money = total.unknownCount() > 0 ? tr("unknown") : PriceTable::formatMoney({0, QStringLiteral("USD")}, locale);
    QString text = selection ? tr("Selected: %1 (%n task(s))", nullptr, tasks).arg(money)
                             : tr("Cost: %1 (%n task(s))", nullptr, tasks).arg(money);
    if (total.unknownCount() > 0 && !sums.isEmpty())
        text += tr(", %n unknown", nullptr, total.unknownCount());
    if (total.pendingCount() > 0)
        text += tr(", %n running", nullptr, total.pendingCount());
    return text;
}
