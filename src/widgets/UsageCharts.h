#pragma once

#include "UsageStats.h"

#include <QColor>
#include <QCoreApplication>
#include <QList>
#include <QLocale>
#include <QPalette>
#include <QString>

#include <functional>

class QChart;
class QValueAxis;

/// The Usage view's four charts, built from a UsageSummary: what each shows, its words and its axes.
/// Each chart is new and owned by the caller (a QChartView takes it). Series are named after the model's
/// name part ("flux-schnell"), days are the locale's short dates.
class UsageCharts final
{
    Q_DECLARE_TR_FUNCTIONS(UsageCharts)

public:
    UsageCharts(const UsageSummary &summary, const QLocale &locale, const QPalette &palette);

    /// Spend per day in @p currency, stacked by model.
    QChart *spend(const QString &currency) const;
    /// Images per day, stacked by model.
    QChart *images() const;
    /// Succeeded against failed, canceled or aborted, per day.
    QChart *outcomes() const;
    /// The median run time of each model's succeeded tasks, as horizontal bars.
    QChart *runTimes() const;

    /// The legend's name of @p model ("flux-schnell"; "owner/name" where two owners share it).
    QString legendName(const QString &model) const;

private:
    QChart *newChart(const QString &objectName, const QString &title) const;
    /// A stacked series of one set per model with any value in @p valueOf (day index, model), coloured by model.
    QChart *perModel(QChart *chart, const std::function<double(int, const QString &)> &valueOf,
                     const QString &valueTitle, bool integers) const;
    QStringList dayLabels() const;
    /// An axis from 0 to past @p maximum in round steps (whole ones for @p integers).
    QValueAxis *valueAxis(const QString &title, double maximum, bool integers) const;
    /// Adds a bottom axis of days and a left axis of values up to @p maximum to @p chart's one series.
    void addDayAxes(QChart *chart, const QString &valueTitle, double maximum, bool integers) const;

    const UsageSummary &m_summary;
    QLocale m_locale;
    QPalette m_palette;
    QStringList m_legendNames;
    QList<QColor> m_colours; ///< By model (the index in UsageSummary::models): the same in every chart.
};
