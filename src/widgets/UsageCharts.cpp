#include "UsageCharts.h"

#include "StatusIcons.h"

#include <QBarCategoryAxis>
#include <QCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace {

constexpr int dayLabelEvery = 7;

// A round step giving about five ticks up to @p maximum; whole numbers for counts.
double tickStep(double maximum, bool integers)
{
    if (maximum <= 0)
        return 1;
    const double rough = maximum / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude;
    for (const double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = factor * magnitude;
        if (step >= rough)
            break;
    }
    return integers ? std::max(1.0, std::ceil(step)) : step;
}

// As many decimals as the step has (0.25 → 2), so that no two tick labels read the same.
int decimalsFor(double step)
{
    for (int decimals = 0; decimals < 4; ++decimals) {
        const double scaled = step * std::pow(10.0, decimals);
        if (std::abs(scaled - std::round(scaled)) < 1e-6)
            return decimals;
    }
    return 4;
}

} // namespace

UsageCharts::UsageCharts(const UsageSummary &summary, const QLocale &locale, const QPalette &palette)
    : m_summary(summary)
    , m_locale(locale)
    , m_palette(palette)
    , m_legendNames(UsageStats::legendNames(summary.models))
{}

QString UsageCharts::legendName(const QString &model) const
{
    const qsizetype index = m_summary.models.indexOf(model);
    const QString name = index < 0 ? UsageStats::shortModelName(model) : m_legendNames.at(index);
    return name.isEmpty() ? tr("(no model)") : name;
}

QChart *UsageCharts::newChart(const QString &objectName, const QString &title) const
{
    auto *chart = new QChart;
    chart->setObjectName(objectName);
    // The chart follows the window's colours: dark palettes get the dark theme.
    const bool dark = m_palette.color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(m_palette.color(QPalette::Base));
    chart->setTitleBrush(m_palette.color(QPalette::Text));
    QFont titleFont = chart->titleFont();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    chart->setTitleFont(titleFont);
    chart->setTitle(title);
    chart->setMargins(QMargins(4, 4, 20, 4)); // room on the right for the last date, centred on its bar
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setLabelColor(m_palette.color(QPalette::Text));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setLocalizeNumbers(true);
    chart->setLocale(m_locale);
    return chart;
}

QStringList UsageCharts::dayLabels() const
{
    QStringList labels;
    for (const UsageDay &day : m_summary.days)
        labels.append(m_locale.toString(day.date, QLocale::ShortFormat));
    return labels;
}

void UsageCharts::addDayAxes(QChart *chart, const QString &valueTitle, double maximum, bool integers) const
{
    QAbstractSeries *series = chart->series().constFirst();
    // Thirty dates side by side do not fit under thirty bars: a date every week, ending with today, on a
    // value axis whose values are the bars' indices.
    auto *days = new QCategoryAxis;
    days->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const QStringList labels = dayLabels();
    const int count = int(labels.size());
    for (int i = (count - 1) % dayLabelEvery; i < count; i += dayLabelEvery)
        days->append(labels.at(i), i);
    days->setRange(-0.5, count - 0.5);
    days->setStartValue(-0.5);
    QFont small = days->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    days->setLabelsFont(small);
    days->setLabelsColor(m_palette.color(QPalette::Text));
    days->setGridLineVisible(false);
    chart->addAxis(days, Qt::AlignBottom);
    series->attachAxis(days);

    auto *values = new QValueAxis;
    const double step = tickStep(maximum, integers);
    values->setRange(0, std::max(step, std::ceil(maximum / step) * step));
    values->setTickType(QValueAxis::TicksDynamic);
    values->setTickAnchor(0);
    values->setTickInterval(step);
    values->setLabelFormat(integers ? QStringLiteral("%.0f") : QStringLiteral("%.%1f").arg(decimalsFor(step)));
    values->setTitleText(valueTitle);
    values->setLabelsFont(small);
    values->setLabelsColor(m_palette.color(QPalette::Text));
    values->setTitleBrush(m_palette.color(QPalette::Text));
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(values);
}

QChart *UsageCharts::spend(const QString &currency) const
{
    QChart *chart = newChart(QStringLiteral("spendChart"), currency.isEmpty()
                                                               ? tr("Spend per day (no prices known)")
                                                               : tr("Spend per day (%1)").arg(currency));
    auto *series = new QStackedBarSeries;
    QList<double> totals(m_summary.days.size(), 0.0);
    for (const QString &model : m_summary.models) {
        QList<qreal> values;
        bool any = false;
        for (int i = 0; i < m_summary.days.size(); ++i) {
            const double amount = m_summary.spendOn(i, currency, model);
            values.append(amount);
            totals[i] += amount;
            any = any || amount > 0;
        }
        if (!any)
            continue;
        auto *set = new QBarSet(legendName(model));
        set->append(values);
        series->append(set);
    }
    chart->addSeries(series);
    addDayAxes(chart, currency.isEmpty() ? tr("Spend") : tr("Spend (%1)").arg(currency), *std::max_element(totals.cbegin(), totals.cend()), false);
    return chart;
}

QChart *UsageCharts::images() const
{
    QChart *chart = newChart(QStringLiteral("imagesChart"), tr("Images per day"));
    auto *series = new QStackedBarSeries;
    QList<double> totals(m_summary.days.size(), 0.0);
    for (const QString &model : m_summary.models) {
        QList<qreal> values;
        bool any = false;
        for (int i = 0; i < m_summary.days.size(); ++i) {
            const int images = m_summary.days.at(i).images.value(model);
            values.append(images);
            totals[i] += images;
            any = any || images > 0;
        }
        if (!any)
            continue;
        auto *set = new QBarSet(legendName(model));
        set->append(values);
        series->append(set);
    }
    chart->addSeries(series);
    addDayAxes(chart, tr("Images"), *std::max_element(totals.cbegin(), totals.cend()), true);
    return chart;
}

QChart *UsageCharts::outcomes() const
{
    QChart *chart = newChart(QStringLiteral("outcomesChart"), tr("Succeeded and failed per day"));
    auto *succeeded = new QBarSet(tr("Succeeded"));
    auto *failed = new QBarSet(tr("Failed, canceled or aborted"));
    double maximum = 0;
    for (const UsageDay &day : m_summary.days) {
        succeeded->append(day.succeeded);
        failed->append(day.failed);
        maximum = std::max(maximum, double(day.succeeded + day.failed));
    }
    succeeded->setColor(StatusIcons::colour(PredictionStatus::Succeeded));
    failed->setColor(StatusIcons::colour(PredictionStatus::Failed));
    auto *series = new QStackedBarSeries;
    series->append(succeeded);
    series->append(failed);
    chart->addSeries(series);
    addDayAxes(chart, tr("Predictions"), maximum, true);
    return chart;
}

QChart *UsageCharts::runTimes() const
{
    QChart *chart = newChart(QStringLiteral("runTimeChart"), tr("Median run time per model"));
    auto *set = new QBarSet(tr("Median run time"));
    QStringList models;
    double maximum = 0;
    // Horizontal bars are drawn bottom-up: the slowest model goes last so that it is at the top.
    for (auto it = m_summary.runTimes.crbegin(); it != m_summary.runTimes.crend(); ++it) {
        set->append(it->medianSeconds);
        models.append(legendName(it->model));
        maximum = std::max(maximum, it->medianSeconds);
    }
    auto *series = new QHorizontalBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
    series->setLabelsPrecision(3);
    series->setLabelsFormat(tr("@value s"));
    chart->addSeries(series);
    chart->legend()->setVisible(false);

    auto *names = new QBarCategoryAxis;
    names->setCategories(models);
    names->setLabelsColor(m_palette.color(QPalette::Text));
    names->setGridLineVisible(false);
    chart->addAxis(names, Qt::AlignLeft);
    series->attachAxis(names);
    auto *seconds = new QValueAxis;
    const double step = tickStep(maximum, false);
    seconds->setRange(0, std::max(step, std::ceil(maximum / step) * step));
    seconds->setTickType(QValueAxis::TicksDynamic);
    seconds->setTickAnchor(0);
    seconds->setTickInterval(step);
    seconds->setLabelFormat(QStringLiteral("%.%1f").arg(decimalsFor(step)));
    seconds->setTitleText(tr("Seconds"));
    seconds->setLabelsColor(m_palette.color(QPalette::Text));
    seconds->setTitleBrush(m_palette.color(QPalette::Text));
    chart->addAxis(seconds, Qt::AlignBottom);
    series->attachAxis(seconds);
    return chart;
}
