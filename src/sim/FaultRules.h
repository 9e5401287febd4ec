#pragma once

#include "FaultRule.h"

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>

#include <optional>

/// The active fault rules, in order; the first that matches a request applies. `rate` draws come from a
/// generator seeded with --random-seed, so which requests fail is repeatable.
class FaultRules final
{
public:
    explicit FaultRules(quint64 seed);

    /// Replaces the rules with those of a `{"rules": [...]}` document (or a bare array).
    bool setFromJson(const QByteArray &json, QString *error);
    void clear() { m_rules.clear(); }
    int size() const { return int(m_rules.size()); }

    /// The rule that applies to this request, if any; counts it against the rule's `count`.
    std::optional<FaultRule> take(const QByteArray &method, const QString &path,
                                  std::optional<FaultRule::Target> target, const QString &predictionId);

private:
    QList<FaultRule> m_rules;
    QRandomGenerator m_random;
};
