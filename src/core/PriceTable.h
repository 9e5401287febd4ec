#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

class QLocale;
struct Task;

/// What a price is charged for.
enum class PriceUnit {
    PerImage,  ///< each output image (metrics.image_count, else the number of outputs)
    PerSecond, ///< each second of metrics.predict_time
    PerRun,    ///< each succeeded prediction
};

/// An amount of money in one currency (an ISO 4217 code: "USD", "CNY").
struct Money final
{
    double amount = 0;
    QString currency;

    friend bool operator==(const Money &a, const Money &b) { return a.amount == b.amount && a.currency == b.currency; }
    friend bool operator!=(const Money &a, const Money &b) { return !(a == b); }
};

/// The price of one model at one provider.
struct PriceRule final
{
    QString provider; ///< ApiEndpoint::providerKey(): "replicate", "quickrouter", …
    QString model;    ///< "owner/name", as predictions name it
    PriceUnit unit = PriceUnit::PerImage;
    Money price;

    friend bool operator==(const PriceRule &a, const PriceRule &b)
    {
        return a.provider == b.provider && a.model == b.model && a.unit == b.unit && a.price == b.price;
    }
    friend bool operator!=(const PriceRule &a, const PriceRule &b) { return !(a == b); }
};

/// What a task cost, as far as the price table and the prediction tell.
struct TaskCost final
{
    enum class Kind {
        Known,   ///< money holds it (0 for a failed per-image run, which made no image)
        Unknown, ///< no price for the model at this provider: never counted as 0
        Pending, ///< priced, but the prediction has not ended yet
    };
    Kind kind = Kind::Unknown;
    Money money;

    bool known() const { return kind == Kind::Known; }
};

/// The sums of many tasks' costs: one per currency, and how many could not be priced.
class CostTotal final
{
public:
    void add(const TaskCost &cost);
    /// Amount per currency, in code order.
    const QMap<QString, double> &sums() const { return m_sums; }
    int knownCount() const { return m_known; }
    int unknownCount() const { return m_unknown; }
    int pendingCount() const { return m_pending; }
    /// The sums: "$1.23", "¥4.50 + $1.23" (currencies in code order); "" when nothing is known.
    QString moneyText(const QLocale &locale) const;

private:
    QMap<QString, double> m_sums;
    int m_known = 0;
    int m_unknown = 0;
    int m_pending = 0;
};

/// The prices of models per provider: the one place a task's cost is worked out. Replicate's public FLUX
/// prices are the defaults (defaultsCheckedOn() says when they were last compared with the published
/// ones); a relay's rows are the user's own. Settings keeps the table the user edited.
class PriceTable final
{
    Q_DECLARE_TR_FUNCTIONS(PriceTable)

public:
    PriceTable() = default;
    explicit PriceTable(QList<PriceRule> rules);

    /// Replicate's public per-image prices of the FLUX family.
    static PriceTable defaults();
    /// When defaults() was last compared with the published prices.
    static QDate defaultsCheckedOn();

    const QList<PriceRule> &rules() const { return m_rules; }
    /// The rule for @p model at @p provider (model compared without case, a ":version" suffix ignored);
    /// the demo's simulator is priced as Replicate. nullptr when there is none.
    const PriceRule *find(const QString &provider, const QString &model) const &;
    /// A rule of a temporary table would be gone before it is read: keep the table first.
    const PriceRule *find(const QString &provider, const QString &model) const && = delete;
    /// The cost of @p task: Unknown without a rule, Pending until it ends, else what it was charged: per
    /// image for its images (a failed or canceled run made none), per second for its predict_time (charged
    /// whatever the ending), per run for a success.
    TaskCost costOf(const Task &task) const;
    /// The images a success made, as a per-image price counts them: the larger of the metrics' count and its
    /// outputs; nullopt when neither says (outputs gone, never counted). Another ending made none.
    static std::optional<int> imagesMade(const Task &task);

    /// The table as JSON (stored in the settings file); fromJson() reads it back, or says what is wrong.
    QByteArray toJson() const;
    static Result<PriceTable, QString> fromJson(const QByteArray &json);

    /// "$0.003", "¥0.20", "12.50 EUR": the amount with as many decimals as it has (2 to 4).
    static QString formatMoney(const Money &money, const QLocale &locale);
    /// "per image", "per second", "per run" (translated).
    static QString unitName(PriceUnit unit);
    static QString unitKey(PriceUnit unit); ///< "image", "second", "run": stored and exported
    static std::optional<PriceUnit> unitFromKey(const QString &key);

    friend bool operator==(const PriceTable &a, const PriceTable &b) { return a.m_rules == b.m_rules; }
    friend bool operator!=(const PriceTable &a, const PriceTable &b) { return !(a == b); }

private:
    QList<PriceRule> m_rules;
};
