#pragma once

// What the Usage window's tests read: predictions made on a given local day, and the bars and axes of
// its charts.

#include "TestTasks.h"

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QDateTime>
#include <QStringList>

namespace UsageCharting {

inline QString quoted(const QDateTime &at)
{
    return u'"' + at.toUTC().toString(Qt::ISODateWithMs) + u'"';
}

/// A prediction created on @p day at @p time local time, taking @p seconds.
inline Prediction prediction(const QString &id, const QString &model, const QString &status, const QDate &day,
                             int images = 1, double seconds = 2, QTime time = QTime(12, 0))
{
    const QDateTime created(day, time);
    TestTasks::Spec spec;
    spec.id = id;
    spec.model = model;
    spec.status = status;
    spec.created = quoted(created);
    spec.started = quoted(created.addSecs(1));
    spec.completed = status == u"processing" ? QStringLiteral("null")
                                             : quoted(created.addSecs(1).addMSecs(qint64(seconds * 1000)));
    if (status == u"succeeded") {
        QStringList urls;
        for (int i = 0; i < images; ++i)
            urls.append(QStringLiteral("\"https://replicate.delivery/%1/out-%2.webp\"").arg(id).arg(i));
        spec.output = u'[' + urls.join(u',') + u']';
        spec.metrics = QStringLiteral("{\"predict_time\":%1,\"image_count\":%2}").arg(seconds).arg(images);
    }
    return TestTasks::make(spec);
}

inline QAbstractBarSeries *barsOf(QChart *chart)
{
    return chart && !chart->series().isEmpty() ? qobject_cast<QAbstractBarSeries *>(chart->series().first()) : nullptr;
}

inline QBarSet *barSet(QChart *chart, const QString &label)
{
    if (QAbstractBarSeries *series = barsOf(chart)) {
        for (QBarSet *set : series->barSets()) {
            if (set->label() == label)
                return set;
        }
    }
    return nullptr;
}

// The value of the bar of set @p label at @p index; -1 when the chart has no such set (yet).
inline double valueOf(QChart *chart, const QString &label, int index)
{
    const QBarSet *set = barSet(chart, label);
    return set ? set->at(index) : -1;
}

inline QStringList labelsOf(QChart *chart)
{
    QStringList labels;
    if (QAbstractBarSeries *series = barsOf(chart)) {
        for (QBarSet *set : series->barSets())
            labels.append(set->label());
    }
    return labels;
}

inline QStringList categoriesOf(QChart *chart, Qt::Orientation orientation)
{
    const QList<QAbstractAxis *> axes = chart->axes(orientation);
    for (QAbstractAxis *axis : axes) {
        if (auto *categories = qobject_cast<QBarCategoryAxis *>(axis))
            return categories->categories();
    }
    return {};
}

// The dates under the bars of a chart of days.
inline QStringList daysOf(QChart *chart)
{
    const QList<QAbstractAxis *> axes = chart->axes(Qt::Horizontal);
    for (QAbstractAxis *axis : axes) {
        if (auto *days = qobject_cast<QCategoryAxis *>(axis))
            return days->categoriesLabels();
    }
    return {};
}

} // namespace UsageCharting
