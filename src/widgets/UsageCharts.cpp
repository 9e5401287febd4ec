#include "UsageCharts.h"

#include "StatusIcons.h"

#include <QBarCategoryAxis>
#include <QCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QFontMetrics>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>
#include <memory>
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
{
    // The theme's colours in the order it gives them to sets, taken from a chart that is never shown: a
    // model keeps its colour in every chart, whichever models another chart leaves out.
    const std::unique_ptr<QChart> sample(newChart({}, {}));
    auto *series = new QStackedBarSeries;
    for (qsizetype i = 0; i < summary.models.size(); ++i)
        series->append(new QBarSet({}));
    sample->addSeries(series);
    for (QBarSet *set : series->barSets())
        m_colours.append(set->color());
}

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
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setLabelColor(m_palette.color(QPalette::Text));
    QFont legendFont = chart->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    chart->legend()->setFont(legendFont);
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
    // Today's date is centred on the last bar: half of it reaches past the plot, into the right margin.
    if (!labels.isEmpty())
        chart->setMargins(QMargins(4, 4, 4 + QFontMetrics(small).horizontalAdvance(labels.last()) / 2, 4));
    days->setLabelsColor(m_palette.color(QPalette::Text));
    days->setGridLineVisible(false);
    chart->addAxis(days, Qt::AlignBottom);
    series->attachAxis(days);

    QValueAxis *values = valueAxis(valueTitle, maximum, integers);
    values->setLabelsFont(small);
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(values);
}

QValueAxis *UsageCharts::valueAxis(const QString &title, double maximum, bool integers) const
{
    auto *axis = new QValueAxis;
    const double step = tickStep(maximum, integers);
    axis->setRange(0, std::max(step, std::ceil(maximum / step) * step));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(integers ? 0 : decimalsFor(step)));
    axis->setTitleText(title);
    axis->setLabelsColor(m_palette.color(QPalette::Text));
    axis->setTitleBrush(m_palette.color(QPalette::Text));
    return axis;
}

QChart *UsageCharts::perModel(QChart *chart, const std::function<double(int, const QString &)> &valueOf,
                              const QString &valueTitle, bool integers) const
{
    auto *series = new QStackedBarSeries;
    QList<double> totals(m_summary.days.size(), 0.0);
    QList<QBarSet *> sets;
    for (qsizetype m = 0; m < m_summary.models.size(); ++m) {
        const QString &model = m_summary.models.at(m);
        QList<qreal> values;
        bool any = false;
        for (int i = 0; i < m_summary.days.size(); ++i) {
            const double value = valueOf(i, model);
            values.append(value);
            totals[i] += value;
            any = any || value > 0;
        }
        if (!any)
            continue;
        auto *set = new QBarSet(legendName(model));
        set->append(values);
        series->append(set);
        sets.append(set);
        set->setProperty("modelIndex", int(m));
    }
    chart->addSeries(series); // gives the sets the theme's colours, in turn: ours replace them
    for (QBarSet *set : std::as_const(sets))
        set->setColor(m_colours.at(set->property("modelIndex").toInt()));
    addDayAxes(chart, valueTitle, totals.isEmpty() ? 0 : *std::max_element(totals.cbegin(), totals.cend()), integers);
    return chart;
}

QChart *UsageCharts::spend(const QString &currency) const
{
    QChart *chart = newChart(QStringLiteral("spendChart"),
                             currency.isEmpty() ? tr("Spend per day (no prices known)")
                                                : tr("Spend per day (%1)").arg(currency));
    return perModel(
        chart, [&](int day, const QString &model) { return m_summary.spendOn(day, currency, model); },
        currency.isEmpty() ? tr("Spend") : tr("Spend (%1)").arg(currency), false);
}

QChart *UsageCharts::images() const
{
    return perModel(
        newChart(QStringLiteral("imagesChart"), tr("Images per day")),
        [&](int day, const QString &model) { return double(m_summary.days.at(day).images.value(model)); }, tr("Images"),
        true);
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
    QValueAxis *seconds = valueAxis(tr("Seconds"), maximum, false);
    chart->addAxis(seconds, Qt::AlignBottom);
    series->attachAxis(seconds);
    return chart;
}
