#include "UsageModel.h"

#include "TaskStore.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QSortFilterProxyModel>
#include <QtConcurrent/QtConcurrentRun>

UsageModel::UsageModel(const TaskStore &store, const QSortFilterProxyModel &filter, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_filter(filter)
    , m_zone(QTimeZone::systemTimeZone())
{
    m_delay.setSingleShot(true);
    m_delay.setInterval(refreshDelayMs);
    connect(&m_delay, &QTimer::timeout, this, &UsageModel::refresh);
    // Every way the rows shown can change: a filter change arrives as rows removed and inserted, or as a
    // layout change or reset; a task's status or outputs as dataChanged.
    connect(&filter, &QAbstractItemModel::rowsInserted, this, &UsageModel::scheduleRefresh);
    connect(&filter, &QAbstractItemModel::rowsRemoved, this, &UsageModel::scheduleRefresh);
    connect(&filter, &QAbstractItemModel::modelReset, this, &UsageModel::scheduleRefresh);
    connect(&filter, &QAbstractItemModel::layoutChanged, this, &UsageModel::scheduleRefresh);
    connect(&filter, &QAbstractItemModel::dataChanged, this, &UsageModel::scheduleRefresh);
}

UsageModel::~UsageModel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void UsageModel::setPrices(const PriceTable &prices)
{
    if (prices == m_prices)
        return;
    m_prices = prices;
    scheduleRefresh();
}

void UsageModel::setFixedToday(const QDate &today, const QTimeZone &zone)
{
    m_fixedToday = today;
    m_zone = zone.isValid() ? zone : QTimeZone::systemTimeZone();
    scheduleRefresh();
}

void UsageModel::scheduleRefresh()
{
    if (!m_delay.isActive())
        m_delay.start();
}

void UsageModel::refresh()
{
    m_delay.stop();
    if (m_cancel)
        m_cancel->store(true);
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    const quint64 generation = ++m_generation;

    // The source rows are the store's indices (TaskTableModel lists the store in its order).
    const QList<Task> tasks = m_store.tasks();
    const QAbstractItemModel *source = m_filter.sourceModel();
    const int rows = m_filter.rowCount();
    QList<int> indices;
    indices.reserve(rows);
    for (int row = 0; row < rows && source; ++row) {
        const int index = m_filter.mapToSource(m_filter.index(row, 0)).row();
        if (index >= 0 && index < tasks.size())
            indices.append(index);
    }
    const QDate today = m_fixedToday.isValid() ? m_fixedToday : QDate::currentDate();

    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        const Outcome outcome = watcher->result();
        m_cancel.reset();
        m_summary = outcome.summary;
        m_lastMilliseconds = outcome.milliseconds;
        Q_EMIT summaryChanged();
    });
    watcher->setFuture(QtConcurrent::run([tasks, indices, prices = m_prices, today, zone = m_zone, cancel] {
        QElapsedTimer timer;
        timer.start();
        Outcome outcome{
            UsageStats::aggregate(tasks, indices, prices, today, zone, UsageStats::defaultDays, cancel.get()), 0};
        outcome.milliseconds = timer.elapsed();
        return outcome;
    }));
}
